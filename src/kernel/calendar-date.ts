/**
 * Calendar dates for statutory clocks.
 *
 * The law counts whole days, not instants: a FOIA request "received on 20 November" is received
 * on that date wherever the server runs. So dates cross the API of this module as `YYYY-MM-DD`
 * strings with no time and no zone, and are counted internally as whole days since 1970-01-01
 * (UTC is used only as a zone-free proleptic Gregorian calendar, never as a clock).
 */

/** A calendar date written `YYYY-MM-DD`, e.g. `2026-11-20`. */
export type IsoDate = string;

/** Day of the week, 0 = Sunday … 6 = Saturday, as in `Date#getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const SUNDAY = 0;
export const MONDAY = 1;
export const THURSDAY = 4;
export const SATURDAY = 6;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whole days since 1970-01-01, or undefined when `value` is not a real `YYYY-MM-DD` date
 * (`2026-02-30`, `20271231` and `2026-1-5` are all rejected).
 */
export function tryDayNumber(value: string): number | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Date.UTC maps years 0–99 to 1900–1999; no statutory clock runs before year 1000.
  if (year < 1000) return undefined;
  const dayNumber = Date.UTC(year, month - 1, day) / MS_PER_DAY;
  // Date.UTC silently rolls 30 February into March; a round trip catches it.
  return fromDayNumber(dayNumber) === value ? dayNumber : undefined;
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  return tryDayNumber(value) !== undefined;
}

/**
 * Whole days since 1970-01-01. Throws a RangeError for a malformed date: callers validate input
 * at the edge (DTOs) or use the result-returning functions in `clocks.ts`.
 */
export function toDayNumber(value: IsoDate): number {
  const dayNumber = tryDayNumber(value);
  if (dayNumber === undefined) {
    throw new RangeError(`"${value}" is not a calendar date written YYYY-MM-DD.`);
  }
  return dayNumber;
}

export function fromDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOfDay(dayNumber: number): number {
  return new Date(dayNumber * MS_PER_DAY).getUTCFullYear();
}

export function dayNumberOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function weekdayOf(dayNumber: number): Weekday {
  // 1970-01-01 was a Thursday.
  return ((((dayNumber + THURSDAY) % 7) + 7) % 7) as Weekday;
}

export function yearOf(date: IsoDate): number {
  toDayNumber(date);
  return Number(date.slice(0, 4));
}

/** 31 December of `year`, the date on which E.O. 13526 §3.3 counts years to end. */
export function endOfYear(year: number): IsoDate {
  return fromDayNumber(dayNumberOf(year, 12, 31));
}

/**
 * The same month and day `years` later. 29 February lands on 28 February in a common year, so a
 * one-year clock never runs longer than a year.
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  toDayNumber(date);
  const year = Number(date.slice(0, 4)) + years;
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const lastOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return fromDayNumber(dayNumberOf(year, month, Math.min(day, lastOfMonth)));
}
