import { addYears, endOfYear, isIsoDate } from './calendar-date';

describe(isIsoDate.name, () => {
  it.each(['2026-11-20', '2028-02-29', '1977-06-16'])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each(['2027-02-29', '2026-13-01', '2026-1-5', '20271231', '0077-06-16', '2026-11-20T00:00'])(
    'rejects %s',
    (value) => {
      expect(isIsoDate(value)).toBe(false);
    },
  );
});

describe(addYears.name, () => {
  it('keeps the month and day', () => {
    expect(addYears('2026-11-20', 1)).toBe('2027-11-20');
  });

  it('moves 29 February to 28 February in a common year, so a year never runs long', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });
});

describe(endOfYear.name, () => {
  it('is 31 December', () => {
    expect(endOfYear(2002)).toBe('2002-12-31');
  });
});
