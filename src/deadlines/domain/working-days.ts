import {
  fromDayNumber,
  SATURDAY,
  SUNDAY,
  toDayNumber,
  weekdayOf,
  type IsoDate,
} from '../../kernel/calendar-date';
import { holidayOnDay, type HolidayName } from './federal-holidays';

/** Why a day did not count: a weekend day, or the federal holiday observed on it. */
export type SkipReason = 'Saturday' | 'Sunday' | HolidayName;

export interface SkippedDay {
  readonly date: IsoDate;
  readonly reason: SkipReason;
}

/**
 * A computed due date and the days passed over on the way, so that a reviewer can check the
 * count by hand ("20 working days: Thanksgiving and six weekend days skipped").
 */
export interface DueDate {
  readonly dueDate: IsoDate;
  readonly skipped: readonly SkippedDay[];
}

/**
 * A working day in the FOIA sense: not a Saturday, a Sunday or a legal public holiday
 * (5 U.S.C. 552(a)(6)(A); 5 U.S.C. 6103). Ad hoc closures by executive order (e.g. an extra day
 * given at Christmas) are not legal public holidays and are not modelled; record them on a clock
 * as a SET_DUE_DATE adjustment if the agency honours them.
 */
export function isWorkingDay(date: IsoDate): boolean {
  return skipReasonOf(toDayNumber(date)) === undefined;
}

/**
 * The `n`th working day after `from`. `from` itself never counts, as FOIA's 20 days run from the
 * day after receipt; `n = 0` returns `from` unchanged. `skipped` lists every weekend day and
 * holiday strictly between `from` and the due date.
 */
export function addWorkingDays(from: IsoDate, n: number): DueDate {
  assertCount(n);
  let day = toDayNumber(from);
  const skipped: SkippedDay[] = [];
  let counted = 0;
  while (counted < n) {
    day += 1;
    const reason = skipReasonOf(day);
    if (reason === undefined) counted += 1;
    else skipped.push({ date: fromDayNumber(day), reason });
  }
  return { dueDate: fromDayNumber(day), skipped };
}

/** `n` calendar days after `from`: weekends and holidays count like any other day. */
export function addCalendarDays(from: IsoDate, n: number): DueDate {
  assertCount(n);
  return { dueDate: fromDayNumber(toDayNumber(from) + n), skipped: [] };
}

/**
 * The working days after `a` up to and including `b`, the inverse of `addWorkingDays`:
 * `workingDaysBetween(a, addWorkingDays(a, n).dueDate) === n`. Negative when `b` is before `a`.
 */
export function workingDaysBetween(a: IsoDate, b: IsoDate): number {
  const start = toDayNumber(a);
  const end = toDayNumber(b);
  const [low, high, sign] = start <= end ? [start, end, 1] : [end, start, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day += 1) {
    if (skipReasonOf(day) === undefined) count += 1;
  }
  return sign * count;
}

/** @internal The reason a day does not count, or undefined for a working day. */
export function skipReasonOf(dayNumber: number): SkipReason | undefined {
  const weekday = weekdayOf(dayNumber);
  if (weekday === SATURDAY) return 'Saturday';
  if (weekday === SUNDAY) return 'Sunday';
  return holidayOnDay(dayNumber)?.name;
}

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`A number of days must be a whole number of 0 or more, not ${n}.`);
  }
}
