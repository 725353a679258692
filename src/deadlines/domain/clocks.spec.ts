import { automaticDeclassificationDate, initialDueDate, referralDueDate } from './clocks';

// Every expected date below was counted by hand on a calendar; the comments show the count.

const CABLE_1977 = '1977-06-16';

describe(automaticDeclassificationDate.name, () => {
  it('declassifies a 1977 cable on 31 December 2002', () => {
    expect(automaticDeclassificationDate({ documentDate: CABLE_1977, restrictedData: false })).toBe(
      '2002-12-31',
    );
  });

  it('counts from the year of origin, not the day: a cable of 31 December 1977 also goes on 2002-12-31', () => {
    expect(
      automaticDeclassificationDate({ documentDate: '1977-12-31', restrictedData: false }),
    ).toBe('2002-12-31');
  });

  it('adds an approved delay', () => {
    expect(
      automaticDeclassificationDate({
        documentDate: CABLE_1977,
        restrictedData: false,
        delayYears: 5,
      }),
    ).toBe('2007-12-31');
  });

  it('never declassifies Restricted Data automatically', () => {
    expect(
      automaticDeclassificationDate({ documentDate: CABLE_1977, restrictedData: true }),
    ).toBeNull();
  });

  it('refuses a delay longer than five years', () => {
    expect(() =>
      automaticDeclassificationDate({
        documentDate: CABLE_1977,
        restrictedData: false,
        delayYears: 6,
      }),
    ).toThrow(RangeError);
  });
});

describe(initialDueDate.name, () => {
  const base = { documentDate: CABLE_1977 };

  it('gives a FOIA request 20 working days and names the statute', () => {
    const due = initialDueDate({ ...base, kind: 'FOIA', receivedOn: '2026-11-20' });
    expect(due.dueDate).toBe('2026-12-21');
    expect(due.rule).toBe('FOIA: 20 working days after receipt (5 U.S.C. 552(a)(6)(A)(i))');
    expect(due.skipped).toContainEqual({ date: '2026-11-26', reason: 'Thanksgiving Day' });
  });

  it('gives a FOIA appeal 20 working days', () => {
    const due = initialDueDate({ ...base, kind: 'APPEAL', receivedOn: '2025-12-15' });
    expect(due.dueDate).toBe('2026-01-14');
    expect(due.rule).toContain('5 U.S.C. 552(a)(6)(A)(ii)');
  });

  it('gives an MDR appeal 60 working days, across Memorial Day', () => {
    // From Mon 2 Mar 2026: 21 in March, 22 in April (43), 1 May (44), 4–22 May (59),
    // 25 May Memorial Day, day 60 on Tue 26 May.
    const due = initialDueDate({
      ...base,
      kind: 'APPEAL',
      appealOf: 'MDR',
      receivedOn: '2026-03-02',
    });
    expect(due.dueDate).toBe('2026-05-26');
    expect(due.skipped).toHaveLength(25);
    expect(due.skipped).toContainEqual({ date: '2026-05-25', reason: 'Memorial Day' });
    expect(due.rule).toContain('32 CFR 2001.33');
  });

  it('gives an MDR request one year, to the same date', () => {
    const due = initialDueDate({ ...base, kind: 'MDR', receivedOn: '2026-11-20' });
    expect(due).toEqual({
      dueDate: '2027-11-20',
      skipped: [],
      rule: 'MDR: a final determination within 1 year of receipt (E.O. 13526 §3.5; 32 CFR 2001.33(a)(2))',
    });
  });

  it('ends an MDR year begun on 29 February on 28 February', () => {
    expect(initialDueDate({ ...base, kind: 'MDR', receivedOn: '2024-02-29' }).dueDate).toBe(
      '2025-02-28',
    );
  });

  it('gives an MDR request forwarded by NARA 180 calendar days', () => {
    // 10 days to 30 Nov, 31 Dec (41), 31 Jan (72), 28 Feb (100), 31 Mar (131), 30 Apr (161), 19 May (180).
    const due = initialDueDate({
      ...base,
      kind: 'MDR',
      receivedOn: '2026-11-20',
      forwardedByNara: true,
    });
    expect(due.dueDate).toBe('2027-05-19');
    expect(due.rule).toContain('36 CFR 1260.52(a)');
  });

  it('makes a 25-year review due the day before the automatic declassification date', () => {
    const due = initialDueDate({
      kind: 'AUTOMATIC_25',
      documentDate: '2005-03-14',
      receivedOn: '2026-03-02',
    });
    expect(due.dueDate).toBe('2030-12-30');
    expect(due.rule).toContain('E.O. 13526 §3.3(a); 32 CFR 2001.30');
  });

  it('makes a review opened after the 25-year date due on the day it opens, and says why', () => {
    const due = initialDueDate({ ...base, kind: 'SYSTEMATIC', receivedOn: '2026-03-02' });
    expect(due.dueDate).toBe('2026-03-02');
    expect(due.rule).toContain('2002-12-31 had already come');
  });

  it('gives a Restricted Data record no 25-year due date', () => {
    const due = initialDueDate({
      ...base,
      kind: 'AUTOMATIC_25',
      receivedOn: '2001-03-01',
      restrictedData: true,
    });
    expect(due.dueDate).toBeNull();
    expect(due.rule).toContain('Department of Energy');
  });

  it('makes a re-review due the day before the exemption ends, or never for an exemption without one', () => {
    expect(
      initialDueDate({
        ...base,
        kind: 'RE_REVIEW',
        receivedOn: '2026-03-02',
        exemptionExpiry: '2027-12-31',
      }).dueDate,
    ).toBe('2027-12-30');
    expect(
      initialDueDate({
        ...base,
        kind: 'RE_REVIEW',
        receivedOn: '2026-03-02',
        exemptionExpiry: null,
      }).dueDate,
    ).toBeNull();
  });
});

describe(referralDueDate.name, () => {
  it('gives the referred agency one year', () => {
    const due = referralDueDate('2026-11-20');
    expect(due.dueDate).toBe('2027-11-20');
    expect(due.rule).toContain('E.O. 13526 §3.3(d)(3)');
  });
});
