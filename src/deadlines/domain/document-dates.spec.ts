import { autoDeclassifyDeadline, documentDates } from './document-dates';

describe(documentDates.name, () => {
  it.each([
    ['1977-06-16', 'SECRET', '2002-12-31'],
    ['1977-01-01', 'CONFIDENTIAL', '2002-12-31'],
    ['1977-12-31', 'TOP SECRET', '2002-12-31'],
    ['1955-03-02', 'SECRET', '1980-12-31'],
    ['2001-09-12', 'SECRET', '2026-12-31'],
  ])(
    'declassifies a %s %s record on %s, 31 December of origin + 25',
    (documentDate, level, expected) => {
      const dates = documentDates({ documentDate, originalClassification: level });
      expect(dates.autoDeclassifyOn).toBe(expected);
      expect(dates.rule).toContain('E.O. 13526 §3.3(a)');
      expect(dates.rule).toContain(`declassified on ${expected}`);
    },
  );

  it('never declassifies Restricted Data automatically, and says where it goes instead', () => {
    const dates = documentDates({
      documentDate: '1955-03-02',
      originalClassification: 'SECRET',
      restrictedData: true,
    });
    expect(dates).toEqual({
      autoDeclassifyOn: null,
      rule: expect.stringContaining('Department of Energy') as string,
    });
  });

  it.each(['UNCLASSIFIED', 'LIMITED OFFICIAL USE'])(
    'gives a %s record no date: there is nothing to declassify',
    (level) => {
      const dates = documentDates({ documentDate: '1978-09-01', originalClassification: level });
      expect(dates.autoDeclassifyOn).toBeNull();
      expect(dates.rule).toContain('not a classification level');
    },
  );

  it('refuses a malformed date rather than guessing', () => {
    expect(() =>
      documentDates({ documentDate: '16-Jun-1977', originalClassification: 'SECRET' }),
    ).toThrow(RangeError);
  });
});

describe(autoDeclassifyDeadline.name, () => {
  it('falls due at the start of 31 December, the day the order declassifies the record', () => {
    const dates = documentDates({ documentDate: '1977-06-16', originalClassification: 'SECRET' });
    expect(autoDeclassifyDeadline('doc-1', dates)).toEqual({
      kind: 'AUTO_DECLASSIFY',
      subjectType: 'DOCUMENT',
      subjectId: 'doc-1',
      dueAt: '2002-12-31T00:00:00.000Z',
      rule: dates.rule,
    });
  });

  it('writes no row for a record that is never declassified automatically', () => {
    const dates = documentDates({
      documentDate: '1977-06-16',
      originalClassification: 'SECRET',
      restrictedData: true,
    });
    expect(autoDeclassifyDeadline('doc-1', dates)).toBeNull();
  });
});
