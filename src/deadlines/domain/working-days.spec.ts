import { addCalendarDays, addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days';

describe(isWorkingDay.name, () => {
  it.each([
    ['2026-11-26', false, 'Thanksgiving'],
    ['2026-11-27', true, 'the Friday after Thanksgiving'],
    ['2026-11-21', false, 'a Saturday'],
    ['2026-11-22', false, 'a Sunday'],
    ['2021-12-31', false, 'New Year’s Day 2022 observed'],
    ['2022-01-03', true, 'the first Monday of 2022'],
  ])('%s is %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('rejects a date that does not exist', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay('20261120')).toThrow(RangeError);
  });
});

describe(addWorkingDays.name, () => {
  it('counts 20 working days across Thanksgiving: received Fri 2026-11-20, due Mon 2026-12-21', () => {
    // Day 1 is Mon 23 Nov; 26 Nov is Thanksgiving; day 20 is Mon 21 Dec.
    expect(addWorkingDays('2026-11-20', 20)).toEqual({
      dueDate: '2026-12-21',
      skipped: [
        { date: '2026-11-21', reason: 'Saturday' },
        { date: '2026-11-22', reason: 'Sunday' },
        { date: '2026-11-26', reason: 'Thanksgiving Day' },
        { date: '2026-11-28', reason: 'Saturday' },
        { date: '2026-11-29', reason: 'Sunday' },
        { date: '2026-12-05', reason: 'Saturday' },
        { date: '2026-12-06', reason: 'Sunday' },
        { date: '2026-12-12', reason: 'Saturday' },
        { date: '2026-12-13', reason: 'Sunday' },
        { date: '2026-12-19', reason: 'Saturday' },
        { date: '2026-12-20', reason: 'Sunday' },
      ],
    });
  });

  it('counts 20 working days across Christmas and New Year: received Mon 2025-12-15, due Wed 2026-01-14', () => {
    // Days 1–7: 16–19, 22–24 Dec; 25 Dec Christmas; day 8: 26 Dec; days 9–11: 29–31 Dec;
    // 1 Jan New Year; day 12: 2 Jan; days 13–17: 5–9 Jan; days 18–20: 12–14 Jan.
    expect(addWorkingDays('2025-12-15', 20)).toEqual({
      dueDate: '2026-01-14',
      skipped: [
        { date: '2025-12-20', reason: 'Saturday' },
        { date: '2025-12-21', reason: 'Sunday' },
        { date: '2025-12-25', reason: 'Christmas Day' },
        { date: '2025-12-27', reason: 'Saturday' },
        { date: '2025-12-28', reason: 'Sunday' },
        { date: '2026-01-01', reason: "New Year's Day" },
        { date: '2026-01-03', reason: 'Saturday' },
        { date: '2026-01-04', reason: 'Sunday' },
        { date: '2026-01-10', reason: 'Saturday' },
        { date: '2026-01-11', reason: 'Sunday' },
      ],
    });
  });

  it('skips an observed holiday by its name: Fri 2021-12-31 is New Year’s Day', () => {
    expect(addWorkingDays('2021-12-30', 1)).toEqual({
      dueDate: '2022-01-03',
      skipped: [
        { date: '2021-12-31', reason: "New Year's Day" },
        { date: '2022-01-01', reason: 'Saturday' },
        { date: '2022-01-02', reason: 'Sunday' },
      ],
    });
  });

  it('never counts or lists the start day, even when it is a weekend', () => {
    expect(addWorkingDays('2026-11-21', 1)).toEqual({
      dueDate: '2026-11-23',
      skipped: [{ date: '2026-11-22', reason: 'Sunday' }],
    });
  });

  it('returns the start day for zero days', () => {
    expect(addWorkingDays('2026-11-22', 0)).toEqual({ dueDate: '2026-11-22', skipped: [] });
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-11-20', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-20', 1.5)).toThrow(RangeError);
  });
});

describe(addCalendarDays.name, () => {
  it('counts weekends and holidays like any day: 180 days after 2026-11-20 is 2027-05-19', () => {
    expect(addCalendarDays('2026-11-20', 180)).toEqual({ dueDate: '2027-05-19', skipped: [] });
  });

  it('knows leap years', () => {
    expect(addCalendarDays('2028-02-28', 1).dueDate).toBe('2028-02-29');
    expect(addCalendarDays('2027-02-28', 1).dueDate).toBe('2027-03-01');
  });
});

describe(workingDaysBetween.name, () => {
  it('counts the working days after the first date up to and including the second', () => {
    expect(workingDaysBetween('2026-11-20', '2026-12-21')).toBe(20);
    expect(workingDaysBetween('2026-11-25', '2026-11-27')).toBe(1);
    expect(workingDaysBetween('2026-11-20', '2026-11-20')).toBe(0);
  });

  it('is negative when the second date comes first', () => {
    expect(workingDaysBetween('2026-12-21', '2026-11-20')).toBe(-20);
  });
});
