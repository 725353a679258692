import {
  decideAutomaticDeclassification,
  exemptionInForce,
  type AutomaticDeclassificationFacts,
  type WithheldPortion,
} from './automatic-declassification';

const TODAY = '2026-11-27';
const facts = (
  over: Partial<AutomaticDeclassificationFacts> = {},
): AutomaticDeclassificationFacts => ({
  today: TODAY,
  currentClassification: 'SECRET',
  restrictedData: false,
  withheld: [],
  ...over,
});

const portion = (
  seq: number,
  classification: WithheldPortion['classification'],
  ...exemptions: WithheldPortion['exemptions']
): WithheldPortion => ({ seq, classification, exemptions });

describe(decideAutomaticDeclassification.name, () => {
  it('declassifies a record nobody reviewed, naming E.O. 13526 §3.3', () => {
    expect(decideAutomaticDeclassification(facts())).toEqual({
      declassify: true,
      to: 'UNCLASSIFIED',
      rule: expect.stringContaining('E.O. 13526 §3.3(a)') as string,
      nextCheckOn: null,
    });
  });

  it('never declassifies Restricted Data', () => {
    expect(decideAutomaticDeclassification(facts({ restrictedData: true }))).toMatchObject({
      declassify: false,
      reason: 'RESTRICTED_DATA',
      nextCheckOn: null,
    });
  });

  it.each(['UNCLASSIFIED', 'LIMITED OFFICIAL USE'] as const)(
    'has nothing to do for a record already %s',
    (level) => {
      expect(
        decideAutomaticDeclassification(facts({ currentClassification: level })),
      ).toMatchObject({ declassify: false, reason: 'NOT_CLASSIFIED' });
    },
  );

  it('keeps a record whose withheld portion is exempt until a later date, and looks again then', () => {
    const decision = decideAutomaticDeclassification(
      facts({
        withheld: [
          portion(2, 'SECRET', {
            code: '50X1-HUM',
            family: '50X-HUM-WMD',
            expiresOn: '2030-12-31',
          }),
        ],
      }),
    );
    expect(decision).toMatchObject({
      declassify: false,
      reason: 'EXEMPTED',
      nextCheckOn: '2030-12-31',
    });
    expect(!decision.declassify && decision.message).toContain(
      'portion #2 under 50X1-HUM until 2030-12-31',
    );
  });

  it('declassifies once every withheld portion’s exemption has ended, naming the expiry', () => {
    const decision = decideAutomaticDeclassification(
      facts({
        withheld: [
          portion(1, 'SECRET', { code: '25X6', family: '25X', expiresOn: '2026-11-27' }),
          portion(2, 'CONFIDENTIAL', { code: 'b(6)', family: 'FOIA', expiresOn: null }),
        ],
      }),
    );
    expect(decision).toMatchObject({ declassify: true, to: 'UNCLASSIFIED', nextCheckOn: null });
    expect(decision.declassify && decision.rule).toContain('§1.5(a)');
  });

  it('lowers the record to what stays exempted when one of two exemptions ends', () => {
    const decision = decideAutomaticDeclassification(
      facts({
        currentClassification: 'TOP SECRET',
        withheld: [
          portion(1, 'TOP SECRET', { code: '25X1', family: '25X', expiresOn: '2026-11-27' }),
          portion(3, 'CONFIDENTIAL', { code: '25X6', family: '25X', expiresOn: '2031-12-31' }),
        ],
      }),
    );
    expect(decision).toMatchObject({
      declassify: true,
      to: 'CONFIDENTIAL',
      nextCheckOn: '2031-12-31',
    });
  });

  it('keeps a portion withheld as Restricted Data at its level, with no date to look again', () => {
    const decision = decideAutomaticDeclassification(
      facts({
        withheld: [portion(1, 'SECRET', { code: 'FRD', family: 'ATOMIC', expiresOn: null })],
      }),
    );
    expect(decision).toMatchObject({ declassify: false, reason: 'EXEMPTED', nextCheckOn: null });
  });

  it('declassifies a record whose only withheld portion is FOIA-exempt: b-codes do not classify', () => {
    const decision = decideAutomaticDeclassification(
      facts({
        withheld: [portion(2, 'SECRET', { code: 'b(6)', family: 'FOIA', expiresOn: null })],
      }),
    );
    expect(decision).toMatchObject({ declassify: true, to: 'UNCLASSIFIED' });
  });
});

describe(exemptionInForce.name, () => {
  it.each([
    [{ code: '25X6', family: '25X', expiresOn: '2027-12-31' }, true],
    [{ code: '25X6', family: '25X', expiresOn: '2026-11-27' }, false],
    [{ code: '1.4(d)', family: '1.4', expiresOn: '2002-12-31' }, false],
    [{ code: 'RD', family: 'ATOMIC', expiresOn: null }, true],
    [{ code: 'b(7)(C)', family: 'FOIA', expiresOn: null }, false],
  ] as const)('%j in force on 2026-11-27: %s', (exemption, expected) => {
    expect(exemptionInForce(exemption, '2026-11-27')).toBe(expected);
  });
});
