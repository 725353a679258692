import { parseExemption, validateExemption, type Exemption } from './exemptions';
import { AUTHORITY, outcomeOf, releaseCopy, stampDate, struck } from './markings';
import type {
  Determination,
  DocumentFacts,
  PortionDecision,
  ReviewContext,
  ReviewKind,
} from './review.types';
import type { Actor } from '../../kernel/actor';

const APPROVED_AT = '2026-03-02T14:05:00.000Z';
const approver: Actor = {
  id: 'u-sue',
  username: 'jonesk',
  roles: ['supervisor'],
  clearance: 'TOP SECRET',
  caveats: [],
};

const CABLE_1977: DocumentFacts = {
  documentNumber: '1977STATE139375',
  documentDate: '1977-06-16',
  classification: 'SECRET',
  captions: [],
  portions: [
    { id: 'p1', seq: 1, classification: 'CONFIDENTIAL' },
    { id: 'p2', seq: 2, classification: 'SECRET' },
    { id: 'p3', seq: 3, classification: 'UNCLASSIFIED' },
    { id: 'p4', seq: 4, classification: 'CONFIDENTIAL' },
  ],
};

const TEXTS = new Map([
  ['p1', 'THE AMBASSADOR MET PRIVATELY WITH A SOURCE IN THE MINISTRY.'],
  ['p2', 'COUNTRY ACTION PLANS ON HUMAN RIGHTS ARE BEING PREPARED BY ALL COUNTRY OFFICES.'],
  ['p3', 'FULL COPY BEING POUCHED TO EMBASSY POLITICAL SECTION.'],
  ['p4', 'THE SOURCE REPORTS THAT THE MINISTER WILL RESIGN IN JULY.'],
]);

function cite(raw: string, reviewKind: ReviewKind = 'SYSTEMATIC'): Exemption {
  const parsed = parseExemption(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  const valid = validateExemption(parsed.exemption, {
    documentDate: CABLE_1977.documentDate,
    on: '2026-03-01',
    reviewKind,
  });
  if (!valid.ok) throw new Error(valid.message);
  return valid.exemption;
}

const releaseIt: PortionDecision = {
  action: 'RELEASE',
  exemptions: [],
  justification: null,
  agency: null,
  decidedBy: 'u-rita',
  decidedAt: '2026-03-01T10:00:00.000Z',
};
const withhold = (...codes: string[]): PortionDecision => ({
  ...releaseIt,
  action: 'EXEMPT',
  exemptions: codes.map((c) => cite(c)),
  justification: 'Names a human source whose identity is still protected',
});

function review(
  determination: Determination,
  decisions: Record<string, PortionDecision>,
  kind: ReviewKind = 'SYSTEMATIC',
): ReviewContext {
  return {
    reviewId: 'rev-0001',
    documentId: 'doc-0001',
    kind,
    document: CABLE_1977,
    assigneeId: 'u-rita',
    proposerId: 'u-rita',
    participants: ['u-rita'],
    determination,
    decisions,
    referrals: [],
    approverId: null,
    outcome: null,
    returnComment: null,
    closedReason: null,
    clock: null,
    overdue: false,
  };
}

const releasedInFull = () =>
  review('RELEASE_IN_FULL', { p1: releaseIt, p2: releaseIt, p3: releaseIt, p4: releaseIt });
/** p1 (C) and p4 (C) withheld; p2 (S) and p3 (U) released; p4's 25X1 lapses first. */
const releasedInPart = () =>
  review('RELEASE_IN_PART', {
    p1: withhold('25X6, 20271231'),
    p2: releaseIt,
    p3: releaseIt,
    p4: withhold('25X1, 20270630', '50X1-HUM'),
  });
const deniedInFull = () =>
  review('DENY_IN_FULL', {
    p1: withhold('25X6, 20271231'),
    p2: withhold('25X6, 20271231'),
    p3: withhold('50X1-HUM'),
    p4: withhold('25X1, 20270630'),
  });

describe(stampDate.name, () => {
  it.each([
    ['2009-05-22', '22 May 2009'],
    ['2002-12-31', '31 Dec 2002'],
    ['2026-03-02T14:05:00.000Z', '2 Mar 2026'],
  ])('writes %s as the State Department stamp does: %s', (iso, stamped) => {
    expect(stampDate(iso)).toBe(stamped);
  });
});

describe(outcomeOf.name, () => {
  describe('release in full', () => {
    const outcome = outcomeOf(releasedInFull(), approver, APPROVED_AT);

    it('makes the document UNCLASSIFIED with nothing left to re-review', () => {
      expect(outcome).toMatchObject({
        currentClassification: 'UNCLASSIFIED',
        reReviewOn: null,
        withheldCodes: [],
      });
    });

    it('stamps "Declassified/Released" with the authority, the date, the approver and the old level struck through', () => {
      expect(outcome.marking).toBe(
        `Declassified/Released E.O. 13526 §3.4 Systematic Review 2 Mar 2026 by jonesk; formerly ${struck('SECRET')}`,
      );
    });

    it('names the authority of the review programme', () => {
      const foia = outcomeOf(
        review('RELEASE_IN_FULL', releasedInFull().decisions, 'FOIA'),
        approver,
        APPROVED_AT,
      );
      expect(foia.marking).toContain(AUTHORITY.FOIA);
      expect(foia.marking).toContain('5 U.S.C. 552 Freedom of Information Act Review');
    });
  });

  describe('release in part', () => {
    const outcome = outcomeOf(releasedInPart(), approver, APPROVED_AT);

    it('keeps the highest level among the withheld portions, not the document level', () => {
      expect(outcome.currentClassification).toBe('CONFIDENTIAL');
    });

    it('keeps SECRET when a SECRET portion is withheld', () => {
      const secretWithheld = review('RELEASE_IN_PART', {
        p1: releaseIt,
        p2: withhold('25X6, 20271231'),
        p3: releaseIt,
        p4: releaseIt,
      });
      expect(outcomeOf(secretWithheld, approver, APPROVED_AT).currentClassification).toBe('SECRET');
    });

    it('sets the re-review at the earliest expiry among the withheld codes', () => {
      expect(outcome.reReviewOn).toBe('2027-06-30');
    });

    it('lists the codes of the withheld portions as written in markings', () => {
      expect(outcome.withheldCodes).toEqual([
        '25X6, 20271231',
        '25X1, 20270630',
        '50X1-HUM, 20521231',
      ]);
    });

    it('stamps "Declassified/Released in Part" and names the withholding codes', () => {
      expect(outcome.marking).toBe(
        `Declassified/Released in Part E.O. 13526 §3.4 Systematic Review 2 Mar 2026 by jonesk; formerly ${struck('SECRET')}; ` +
          'withheld under 25X6, 20271231; 25X1, 20270630; 50X1-HUM, 20521231',
      );
    });
  });

  describe('deny in full', () => {
    const outcome = outcomeOf(deniedInFull(), approver, APPROVED_AT);

    it('leaves the document at its classification', () => {
      expect(outcome.currentClassification).toBe('SECRET');
    });

    it('writes a withdrawal record with the document number, each code once, and the date', () => {
      expect(outcome.marking).toBe(
        'Withdrawn: 1977STATE139375 denied in full under 25X6, 20271231; 50X1-HUM, 20521231; 25X1, 20270630, ' +
          'E.O. 13526 §3.4 Systematic Review 2 Mar 2026 by jonesk',
      );
      expect(outcome.marking).not.toContain('Declassified');
    });

    it('sets the re-review at the earliest expiry', () => {
      expect(outcome.reReviewOn).toBe('2027-06-30');
    });
  });
});

describe('what stays classified after an approval', () => {
  const foiaWithhold = (...codes: string[]): PortionDecision => ({
    ...releaseIt,
    action: 'EXEMPT',
    exemptions: codes.map((c) => cite(c, 'FOIA')),
    justification: 'Names a private person',
  });
  const inFoia = (determination: Determination, decisions: Record<string, PortionDecision>) =>
    review(determination, decisions, 'FOIA');

  it('makes a record whose only withheld portion is FOIA-exempt UNCLASSIFIED: b-codes do not classify', () => {
    const outcome = outcomeOf(
      inFoia('RELEASE_IN_PART', {
        p1: releaseIt,
        p2: foiaWithhold('b(6)'),
        p3: releaseIt,
        p4: releaseIt,
      }),
      approver,
      APPROVED_AT,
    );
    expect(outcome.currentClassification).toBe('UNCLASSIFIED');
    expect(outcome.reReviewOn).toBeNull();
  });

  it('keeps the level of the portions withheld as classified, not of those withheld under FOIA alone', () => {
    const outcome = outcomeOf(
      inFoia('RELEASE_IN_PART', {
        p1: foiaWithhold('b(1)', '25X6, 20271231'),
        p2: foiaWithhold('b(6)'),
        p3: releaseIt,
        p4: releaseIt,
      }),
      approver,
      APPROVED_AT,
    );
    expect(outcome.currentClassification).toBe('CONFIDENTIAL');
  });

  it('makes a record denied in full under FOIA codes alone UNCLASSIFIED, still withheld', () => {
    const outcome = outcomeOf(
      inFoia('DENY_IN_FULL', {
        p1: foiaWithhold('b(6)'),
        p2: foiaWithhold('b(7)(C)'),
        p3: foiaWithhold('b(6)'),
        p4: foiaWithhold('b(6)'),
      }),
      approver,
      APPROVED_AT,
    );
    expect(outcome.currentClassification).toBe('UNCLASSIFIED');
    expect(outcome.marking).toMatch(/^Withdrawn: /);
  });

  it('decaptions a record released in full and keeps the old captions in the outcome', () => {
    const ctx = releasedInFull();
    ctx.document = { ...CABLE_1977, captions: ['NODIS'] };
    const outcome = outcomeOf(ctx, approver, APPROVED_AT);
    expect(outcome.decaptioned).toEqual(['NODIS']);
    expect(outcome.marking).toContain(`decaptioned, formerly ${struck('NODIS')}`);
  });

  it('keeps the captions of a record released only in part', () => {
    const ctx = releasedInPart();
    ctx.document = { ...CABLE_1977, captions: ['EXDIS'] };
    expect(outcomeOf(ctx, approver, APPROVED_AT).decaptioned).toBeUndefined();
  });

  it('flags the record for the Department of Energy when a withheld portion cites FRD', () => {
    const outcome = outcomeOf(
      review('RELEASE_IN_PART', {
        p1: withhold('FRD'),
        p2: releaseIt,
        p3: releaseIt,
        p4: releaseIt,
      }),
      approver,
      APPROVED_AT,
    );
    expect(outcome.restrictedData).toBe(true);
    expect(outcome.currentClassification).toBe('CONFIDENTIAL');
  });

  it('stamps a record that was never classified "Released", not "Declassified"', () => {
    const ctx = inFoia('RELEASE_IN_FULL', releasedInFull().decisions);
    ctx.document = {
      ...CABLE_1977,
      classification: 'UNCLASSIFIED',
      portions: CABLE_1977.portions.map((p) => ({ ...p, classification: 'UNCLASSIFIED' as const })),
    };
    const marking = outcomeOf(ctx, approver, APPROVED_AT).marking;
    expect(marking).toMatch(/^Released 5 U\.S\.C\. 552/);
    expect(marking).not.toContain('Declassified');
  });
});

describe(releaseCopy.name, () => {
  const outcome = outcomeOf(releasedInPart(), approver, APPROVED_AT);
  const copy = releaseCopy(releasedInPart(), outcome.marking, TEXTS);

  it('is an UNCLASSIFIED copy under the release marking', () => {
    expect(copy).toMatchObject({
      documentNumber: '1977STATE139375',
      classification: 'UNCLASSIFIED',
      marking: outcome.marking,
    });
    expect(copy.text.split('\n').slice(0, 2)).toEqual(['UNCLASSIFIED', outcome.marking]);
  });

  it('keeps released portions with their text and replaces withheld ones by their codes', () => {
    expect(copy.portions).toEqual([
      { seq: 1, status: 'WITHHELD', formerMarking: '(C)', text: null, codes: ['25X6, 20271231'] },
      { seq: 2, status: 'RELEASED', formerMarking: '(S)', text: TEXTS.get('p2'), codes: [] },
      { seq: 3, status: 'RELEASED', formerMarking: '(U)', text: TEXTS.get('p3'), codes: [] },
      {
        seq: 4,
        status: 'WITHHELD',
        formerMarking: '(C)',
        text: null,
        codes: ['25X1, 20270630', '50X1-HUM, 20521231'],
      },
    ]);
  });

  it('never prints the text of a withheld portion', () => {
    expect(copy.text).not.toContain(TEXTS.get('p1'));
    expect(copy.text).not.toContain(TEXTS.get('p4'));
    expect(copy.text).not.toContain('SOURCE');
  });

  it('boxes each withheld portion with the codes that justify it', () => {
    expect(copy.text).toContain('│ WITHHELD: 25X6, 20271231 │');
    expect(copy.text).toContain('│ WITHHELD: 25X1, 20270630; 50X1-HUM, 20521231 │');
    expect(copy.text.match(/┌─+┐/g)).toHaveLength(2);
  });

  it('prints released text after its former portion marking struck through, in document order', () => {
    const p2 = copy.text.indexOf(`${struck('(S)')} ${TEXTS.get('p2')}`);
    const p3 = copy.text.indexOf(`${struck('(U)')} ${TEXTS.get('p3')}`);
    const box1 = copy.text.indexOf('WITHHELD: 25X6');
    const box4 = copy.text.indexOf('WITHHELD: 25X1');
    expect([box1, p2, p3, box4].every((i) => i >= 0)).toBe(true);
    expect(box1).toBeLessThan(p2);
    expect(p2).toBeLessThan(p3);
    expect(p3).toBeLessThan(box4);
  });

  it('prints a released portion with no stored text as empty rather than failing', () => {
    const partial = releaseCopy(
      releasedInPart(),
      outcome.marking,
      new Map([['p2', TEXTS.get('p2') ?? '']]),
    );
    expect(partial.portions.find((p) => p.seq === 3)?.text).toBe('');
  });
});
