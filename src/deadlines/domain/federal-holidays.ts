import {
  dayNumberOf,
  fromDayNumber,
  MONDAY,
  SATURDAY,
  SUNDAY,
  THURSDAY,
  toDayNumber,
  weekdayOf,
  yearOfDay,
  type IsoDate,
  type Weekday,
} from '../../kernel/calendar-date';

/** Names as OPM publishes them; they appear in due-date explanations that reviewers read. */
export type HolidayName =
  | "New Year's Day"
  | 'Birthday of Martin Luther King, Jr.'
  | "Washington's Birthday"
  | 'Memorial Day'
  | 'Juneteenth National Independence Day'
  | 'Independence Day'
  | 'Labor Day'
  | 'Columbus Day'
  | 'Veterans Day'
  | 'Thanksgiving Day'
  | 'Christmas Day';

/** A legal public holiday (5 U.S.C. 6103(a)) and the day federal offices close for it. */
export interface FederalHoliday {
  /** The holiday itself. */
  readonly date: IsoDate;
  /** The day off: Saturday moves to Friday, Sunday to Monday (5 U.S.C. 6103(b); E.O. 11582). */
  readonly observed: IsoDate;
  readonly name: HolidayName;
}

/**
 * The Uniform Monday Holiday Act moved three holidays to Mondays from 1971; earlier years follow
 * other rules that no clock in this engine can reach, so they are refused rather than guessed.
 */
export const FIRST_SUPPORTED_YEAR = 1971;

interface YearCalendar {
  readonly holidays: readonly FederalHoliday[];
  /** Observed day number → holiday, for the working-day loop. */
  readonly byObservedDay: ReadonlyMap<number, FederalHoliday>;
}

const calendars = new Map<number, YearCalendar>();

/**
 * The federal holidays observed in `year`, in date order, as OPM lists them: a New Year's Day that
 * falls on a Saturday is observed on 31 December and so belongs to the year before (OPM's 2021
 * list ends with "Friday, December 31: New Year's Day"; its 2022 list has no New Year's Day).
 */
export function federalHolidays(year: number): readonly FederalHoliday[] {
  return calendarOf(year).holidays;
}

/** The federal holiday observed on `date`, if any. */
export function holidayOn(date: IsoDate): FederalHoliday | undefined {
  return holidayOnDay(toDayNumber(date));
}

/** Whether federal offices are closed for a holiday on `date` (weekends are not holidays). */
export function isHoliday(date: IsoDate): boolean {
  return holidayOn(date) !== undefined;
}

/** @internal The fast path for loops that already count in day numbers. */
export function holidayOnDay(dayNumber: number): FederalHoliday | undefined {
  return calendarOf(yearOfDay(dayNumber)).byObservedDay.get(dayNumber);
}

function calendarOf(year: number): YearCalendar {
  const cached = calendars.get(year);
  if (cached) return cached;
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > 9998) {
    throw new RangeError(
      `Federal holidays are computed for ${FIRST_SUPPORTED_YEAR} to 9998, not for ${year}.`,
    );
  }
  // The next year's New Year's Day may be observed on this year's 31 December.
  const holidays = [...holidaysOf(year), ...holidaysOf(year + 1)]
    .filter((holiday) => holiday.observed.startsWith(`${year}-`))
    .sort((a, b) => (a.observed < b.observed ? -1 : 1));
  Object.freeze(holidays);
  holidays.forEach((holiday) => Object.freeze(holiday));
  const calendar: YearCalendar = {
    holidays,
    byObservedDay: new Map(holidays.map((holiday) => [toDayNumber(holiday.observed), holiday])),
  };
  calendars.set(year, calendar);
  return calendar;
}

/** The legal public holidays whose actual date falls in `year`. */
function holidaysOf(year: number): FederalHoliday[] {
  const days: Array<[HolidayName, number]> = [
    ["New Year's Day", dayNumberOf(year, 1, 1)],
    ['Birthday of Martin Luther King, Jr.', nthWeekday(year, 1, MONDAY, 3)],
    ["Washington's Birthday", nthWeekday(year, 2, MONDAY, 3)],
    ['Memorial Day', lastWeekday(year, 5, MONDAY)],
    ['Juneteenth National Independence Day', dayNumberOf(year, 6, 19)],
    ['Independence Day', dayNumberOf(year, 7, 4)],
    ['Labor Day', nthWeekday(year, 9, MONDAY, 1)],
    ['Columbus Day', nthWeekday(year, 10, MONDAY, 2)],
    // Pub. L. 94-97 returned Veterans Day to 11 November from 1978; 1971–77 used October's 4th Monday.
    ['Veterans Day', year < 1978 ? nthWeekday(year, 10, MONDAY, 4) : dayNumberOf(year, 11, 11)],
    ['Thanksgiving Day', nthWeekday(year, 11, THURSDAY, 4)],
    ['Christmas Day', dayNumberOf(year, 12, 25)],
  ];
  return days
    .filter(([name]) => isEnacted(name, year))
    .map(([name, day]) => ({
      date: fromDayNumber(day),
      observed: fromDayNumber(observedDay(day)),
      name,
    }));
}

function isEnacted(name: HolidayName, year: number): boolean {
  if (name === 'Birthday of Martin Luther King, Jr.') return year >= 1986; // Pub. L. 98-144
  if (name === 'Juneteenth National Independence Day') return year >= 2021; // Pub. L. 117-17
  return true;
}

function observedDay(day: number): number {
  const weekday = weekdayOf(day);
  if (weekday === SATURDAY) return day - 1;
  if (weekday === SUNDAY) return day + 1;
  return day;
}

function nthWeekday(year: number, month: number, weekday: Weekday, n: number): number {
  const first = dayNumberOf(year, month, 1);
  return first + ((weekday - weekdayOf(first) + 7) % 7) + 7 * (n - 1);
}

function lastWeekday(year: number, month: number, weekday: Weekday): number {
  const last = dayNumberOf(year, month + 1, 0);
  return last - ((weekdayOf(last) - weekday + 7) % 7);
}
