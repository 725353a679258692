import {
  decideAutomaticDeclassification,
  exemptionInForce,
  type AutomaticDeclassificationFacts,
} from './automatic-declassification';

const NOW = '2026-11-27T10:00:00.000Z';
const facts = (
  over: Partial<AutomaticDeclassificationFacts> = {},
): AutomaticDeclassificationFacts => ({
  now: NOW,
  currentClassification: 'SECRET',
  restrictedData: false,
  openReview: null,
  withheld: [],
  ...over,
});

describe(decideAutomaticDeclassification.name, () => {
  it('declassifies a record nobody reviewed, naming E.O. 13526 §3.3', () => {
    const decision = decideAutomaticDeclassification(facts());
    expect(decision).toEqual({
      declassify: true,
      rule: expect.stringContaining('E.O. 13526 §3.3(a)') as string,
    });
  });

  it('never declassifies Restricted Data', () => {
    expect(decideAutomaticDeclassification(facts({ restrictedData: true }))).toMatchObject({
      declassify: false,
      reason: 'RESTRICTED_DATA',
      recheckAt: null,
    });
  });

  it.each(['UNCLASSIFIED', 'LIMITED OFFICIAL USE'])(
    'has nothing to do for a record already %s',
    (level) => {
      expect(
        decideAutomaticDeclassification(facts({ currentClassification: level })),
      ).toMatchObject({
        declassify: false,
        reason: 'NOT_CLASSIFIED',
      });
    },
  );

  it('leaves a record under review to the review, and looks again a week later', () => {
    const decision = decideAutomaticDeclassification(
      facts({ openReview: { id: 'rev-1', kind: 'SYSTEMATIC', dueAt: null } }),
    );
    expect(decision).toMatchObject({
      declassify: false,
      reason: 'REVIEW_IN_PROGRESS',
      recheckAt: '2026-12-04T10:00:00.000Z',
    });
    expect(!decision.declassify && decision.message).toContain('rev-1');
  });

  it('looks again when the open review is due, if that comes sooner', () => {
    const decision = decideAutomaticDeclassification(
      facts({ openReview: { id: 'rev-1', kind: 'FOIA', dueAt: '2026-11-30T23:59:59.999Z' } }),
    );
    expect(decision).toMatchObject({ recheckAt: '2026-11-30T23:59:59.999Z' });
  });

  it('keeps a record whose withheld portion is exempt until a later date', () => {
    const decision = decideAutomaticDeclassification(
      facts({
        withheld: [
          {
            seq: 2,
            exemptions: [{ code: '50X1-HUM', family: '50X-HUM-WMD', expiresOn: '2030-12-31' }],
          },
        ],
      }),
    );
    expect(decision).toMatchObject({ declassify: false, reason: 'EXEMPTED', recheckAt: null });
    expect(!decision.declassify && decision.message).toContain(
      'portion #2 under 50X1-HUM until 2030-12-31',
    );
  });

  it('declassifies once every withheld portion’s exemption has expired', () => {
    const decision = decideAutomaticDeclassification(
      facts({
        withheld: [
          { seq: 1, exemptions: [{ code: '25X6', family: '25X', expiresOn: '2026-11-27' }] },
          { seq: 2, exemptions: [{ code: 'b(6)', family: 'FOIA', expiresOn: null }] },
        ],
      }),
    );
    expect(decision.declassify).toBe(true);
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
