import { federalHolidays, holidayOn, isHoliday } from './federal-holidays';

// Observed days off copied from OPM's published federal holiday schedules, not computed.
const OPM_OBSERVED: Record<number, string> = {
  2020: '01-01 01-20 02-17 05-25 07-03 09-07 10-12 11-11 11-26 12-25',
  2021: '01-01 01-18 02-15 05-31 06-18 07-05 09-06 10-11 11-11 11-25 12-24 12-31',
  2022: '01-17 02-21 05-30 06-20 07-04 09-05 10-10 11-11 11-24 12-26',
  2023: '01-02 01-16 02-20 05-29 06-19 07-04 09-04 10-09 11-10 11-23 12-25',
  2024: '01-01 01-15 02-19 05-27 06-19 07-04 09-02 10-14 11-11 11-28 12-25',
  2025: '01-01 01-20 02-17 05-26 06-19 07-04 09-01 10-13 11-11 11-27 12-25',
  2026: '01-01 01-19 02-16 05-25 06-19 07-03 09-07 10-12 11-11 11-26 12-25',
  2027: '01-01 01-18 02-15 05-31 06-18 07-05 09-06 10-11 11-11 11-25 12-24 12-31',
};

describe(federalHolidays.name, () => {
  it.each(Object.entries(OPM_OBSERVED))('matches OPM’s observed days off for %s', (year, days) => {
    const observed = federalHolidays(Number(year)).map((holiday) => holiday.observed);
    expect(observed).toEqual(days.split(' ').map((day) => `${year}-${day}`));
  });

  it('lists 2021 with each holiday’s own date, its day off and its name', () => {
    expect(federalHolidays(2021)).toEqual([
      { date: '2021-01-01', observed: '2021-01-01', name: "New Year's Day" },
      { date: '2021-01-18', observed: '2021-01-18', name: 'Birthday of Martin Luther King, Jr.' },
      { date: '2021-02-15', observed: '2021-02-15', name: "Washington's Birthday" },
      { date: '2021-05-31', observed: '2021-05-31', name: 'Memorial Day' },
      { date: '2021-06-19', observed: '2021-06-18', name: 'Juneteenth National Independence Day' },
      { date: '2021-07-04', observed: '2021-07-05', name: 'Independence Day' },
      { date: '2021-09-06', observed: '2021-09-06', name: 'Labor Day' },
      { date: '2021-10-11', observed: '2021-10-11', name: 'Columbus Day' },
      { date: '2021-11-11', observed: '2021-11-11', name: 'Veterans Day' },
      { date: '2021-11-25', observed: '2021-11-25', name: 'Thanksgiving Day' },
      { date: '2021-12-25', observed: '2021-12-24', name: 'Christmas Day' },
      { date: '2022-01-01', observed: '2021-12-31', name: "New Year's Day" },
    ]);
  });

  it('has no Juneteenth before 2021 and no Martin Luther King Jr. Day before 1986', () => {
    expect(federalHolidays(2020).map((holiday) => holiday.name)).not.toContain(
      'Juneteenth National Independence Day',
    );
    expect(federalHolidays(1985).map((holiday) => holiday.name)).not.toContain(
      'Birthday of Martin Luther King, Jr.',
    );
    expect(federalHolidays(1986)[1]).toEqual({
      date: '1986-01-20',
      observed: '1986-01-20',
      name: 'Birthday of Martin Luther King, Jr.',
    });
  });

  it('keeps Veterans Day on the fourth Monday of October from 1971 to 1977', () => {
    expect(federalHolidays(1975).find((holiday) => holiday.name === 'Veterans Day')).toEqual({
      date: '1975-10-27',
      observed: '1975-10-27',
      name: 'Veterans Day',
    });
    expect(federalHolidays(1978).find((holiday) => holiday.name === 'Veterans Day')?.date).toBe(
      '1978-11-11',
    );
  });

  it('refuses years before the Monday holidays of 1971 instead of guessing', () => {
    expect(() => federalHolidays(1970)).toThrow(RangeError);
  });

  it('computes a year once and hands out a list nobody can change', () => {
    const first = federalHolidays(2030);
    expect(federalHolidays(2030)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});

describe(isHoliday.name, () => {
  it.each([
    '2020-07-03',
    '2021-06-18',
    '2021-12-24',
    '2021-12-31',
    '2022-12-26',
    '2023-01-02',
    '2026-07-03',
    '2027-06-18',
    '2024-11-28',
    '2025-11-27',
    '2026-11-26',
  ])('is true on the observed day off %s', (date) => {
    expect(isHoliday(date)).toBe(true);
  });

  it.each(['2020-07-04', '2022-01-01', '2023-11-11', '2026-11-27', '2026-12-24'])(
    'is false on %s, a weekend holiday’s own date or an ordinary day',
    (date) => {
      expect(isHoliday(date)).toBe(false);
    },
  );
});

describe(holidayOn.name, () => {
  it('names New Year’s Day 2022 on Friday 31 December 2021', () => {
    expect(holidayOn('2021-12-31')).toEqual({
      date: '2022-01-01',
      observed: '2021-12-31',
      name: "New Year's Day",
    });
  });

  it('finds nothing on an ordinary working day', () => {
    expect(holidayOn('2026-11-25')).toBeUndefined();
  });
});
