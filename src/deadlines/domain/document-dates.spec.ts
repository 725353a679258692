import {
  autoDeclassifyDeadline,
  documentDates,
  importedWithholding,
  readDeclassifyOn,
} from './document-dates';

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
  it('falls due at the start of 31 December in the agency’s zone, the day the order declassifies the record', () => {
    const dates = documentDates({ documentDate: '1977-06-16', originalClassification: 'SECRET' });
    expect(autoDeclassifyDeadline('doc-1', dates, 'America/New_York')).toEqual({
      kind: 'AUTO_DECLASSIFY',
      subjectType: 'DOCUMENT',
      subjectId: 'doc-1',
      // Midnight in Washington, not 19:00 there on 30 December.
      dueAt: '2002-12-31T05:00:00.000Z',
      rule: dates.rule,
    });
    expect(autoDeclassifyDeadline('doc-1', dates, 'UTC')?.dueAt).toBe('2002-12-31T00:00:00.000Z');
  });

  it('writes no row for a record that is never declassified automatically', () => {
    const dates = documentDates({
      documentDate: '1977-06-16',
      originalClassification: 'SECRET',
      restrictedData: true,
    });
    expect(autoDeclassifyDeadline('doc-1', dates, 'America/New_York')).toBeNull();
  });
});

describe(readDeclassifyOn.name, () => {
  const read = (line: string, documentDate = '2015-04-01') => readDeclassifyOn(line, documentDate);

  it.each([
    ['20250301', { kind: 'DATE', date: '2025-03-01' }],
    ['2025-03-01', { kind: 'DATE', date: '2025-03-01' }],
    [
      'Event: the treaty enters into force',
      { kind: 'EVENT', event: 'Event: the treaty enters into force' },
    ],
    [
      'Upon ratification of the treaty',
      { kind: 'EVENT', event: 'Upon ratification of the treaty' },
    ],
    ['25X1, 20651231', { kind: 'EXEMPTED', code: '25X1', date: '2065-12-31' }],
    ['50X1-HUM', { kind: 'EXEMPTED', code: '50X1-HUM', date: '2090-12-31' }],
    ['25X1-human', { kind: 'EXEMPTED', code: '50X1-HUM', date: '2090-12-31' }],
    ['GDS', { kind: 'LEGACY', marking: 'GDS' }],
    ['11652 XGDS-1', { kind: 'LEGACY', marking: '11652 XGDS-1' }],
    ['x4', { kind: 'LEGACY', marking: 'X4' }],
    ['OADR', { kind: 'LEGACY', marking: 'OADR' }],
    ['MR', { kind: 'LEGACY', marking: 'MR' }],
  ])('reads "%s"', (line, value) => {
    expect(read(line)).toEqual({ ok: true, value });
  });

  it.each(['', '  ', 'N/A', 'n/a'])('reads "%s" as no line at all', (line) => {
    expect(read(line)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['20500101', 'later than 2040-12-31, 25 years from origin'],
    ['20140101', 'is not after the record'],
    ['20250231', 'write a date YYYYMMDD no later than 20401231'],
    ['25X6', '25X6 needs its date, e.g. "25X6, 20651231"'],
    ['25X6, 20701231', 'until 2065-12-31 at the latest'],
    ['25X6, 20301231', 'for 2030-12-31 write the date alone'],
    ['50X1-HUM, 21001231', 'until 2090-12-31 at the latest'],
    ['whenever', 'an event ("Event: …")'],
  ])('refuses "%s", saying what to write', (line, says) => {
    const result = read(line);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(says);
  });
});

describe("documentDates with the originator's line", () => {
  const base = { documentDate: '2015-04-01', originalClassification: 'SECRET' };

  it('declassifies on the date the originator set, before the 25-year date', () => {
    const dates = documentDates({ ...base, declassifyOn: { kind: 'DATE', date: '2025-03-01' } });
    expect(dates.autoDeclassifyOn).toBe('2025-03-01');
    expect(dates.rule).toContain('the date its originator set (E.O. 13526 §1.5(a))');
  });

  it('keeps an exempted record until its exemption ends', () => {
    const dates = documentDates({
      ...base,
      declassifyOn: { kind: 'EXEMPTED', code: '25X1', date: '2065-12-31' },
    });
    expect(dates.autoDeclassifyOn).toBe('2065-12-31');
  });

  it.each([
    [{ kind: 'EVENT', event: 'Event: ratification' } as const, 'Event: ratification'],
    [{ kind: 'LEGACY', marking: 'OADR' } as const, 'counts as 25 years from origin'],
  ])('declassifies on the 25-year date with an event or a legacy marking', (declassifyOn, says) => {
    const dates = documentDates({ ...base, declassifyOn });
    expect(dates.autoDeclassifyOn).toBe('2040-12-31');
    expect(dates.rule).toContain(says);
  });

  it('lets Restricted Data win over any date', () => {
    const dates = documentDates({
      ...base,
      restrictedData: true,
      declassifyOn: { kind: 'DATE', date: '2025-03-01' },
    });
    expect(dates.autoDeclassifyOn).toBeNull();
  });
});

describe(importedWithholding.name, () => {
  it.each([
    [['1.4D', '25X1', '25X6'], '2026-12-31'],
    [['25X1'], '2026-12-31'],
    [['25X6', '50X1-HUM'], '2051-12-31'],
    [['1.5D'], '2001-12-31'],
  ])('ends %j of a 1976 cable on %s', (codes, date) => {
    expect(importedWithholding('1976-03-05', codes)).toMatchObject({ kind: 'UNTIL', date });
  });

  it('names §3.3(h) for the 50-year end of a 25X exemption', () => {
    const ends = importedWithholding('1976-03-05', ['25X6']);
    expect(ends.kind === 'UNTIL' && ends.rule).toContain('E.O. 13526 §3.3(h)');
  });

  it.each([[['75X1']], [['25X1', 'RD']]])('gives %j no end: a re-review decides it', (codes) => {
    expect(importedWithholding('1940-01-01', codes).kind).toBe('INDEFINITE');
  });

  it('keeps nothing classified under FOIA codes alone', () => {
    expect(importedWithholding('1976-03-05', ['b(6)'])).toEqual({ kind: 'NONE' });
  });
});
