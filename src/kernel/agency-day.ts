import { fromDayNumber, isIsoDate, toDayNumber, type IsoDate } from './calendar-date';

/**
 * The agency's day. A record "is declassified on 31 December", a request "is received on 20
 * November", a review "is due on 18 December": each such date is a day in the agency's own time
 * zone (an IANA name such as `America/New_York`), not in UTC, or 31 December would begin at 19:00
 * on 30 December in Washington. These functions are the only place where an instant becomes a
 * date, or a date becomes the instant it begins or ends.
 */

/** Whether `timeZone` is an IANA time zone name this runtime knows (`America/New_York`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

function partsIn(instant: number, timeZone: string): Record<string, number> {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(instant))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return parts;
}

/** The agency's date at an instant: `2026-12-31T03:00:00Z` is 30 December in New York. */
export function dateIn(instant: Date | string | number, timeZone: string): IsoDate {
  const p = partsIn(new Date(instant).getTime(), timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** A date as written (`2027-01-15`), or the agency's date of an instant (`2027-01-15T03:00Z`). */
export function dateOf(value: string, timeZone: string): IsoDate {
  return isIsoDate(value) ? value : dateIn(value, timeZone);
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant the agency's day `date` begins, as an ISO timestamp: midnight there, or the first
 * instant of the day where a change of offset skips midnight.
 */
export function startOfDay(date: IsoDate, timeZone: string): string {
  const key = `${timeZone} ${date}`;
  let start = starts.get(key);
  if (start === undefined) {
    // An import asks for the same few dates (31 December of a year) once per record.
    if (starts.size >= MAX_REMEMBERED_STARTS) starts.clear();
    start = computeStartOfDay(date, timeZone);
    starts.set(key, start);
  }
  return start;
}

const MAX_REMEMBERED_STARTS = 10_000;
const starts = new Map<string, string>();

function computeStartOfDay(date: IsoDate, timeZone: string): string {
  const midnight = Date.parse(`${date}T00:00:00.000Z`);
  // Two corrections settle on the offset in force at that midnight, across a change of offset.
  let guess = midnight - offsetAt(midnight, timeZone);
  guess = midnight - offsetAt(guess, timeZone);
  // Where midnight does not exist (the clock jumps over it), the day begins when the jump lands.
  while (dateIn(guess, timeZone) < date) guess += 60_000 * 15;
  return new Date(guess).toISOString();
}

/** The last millisecond of the agency's day `date`: a due date is met by acting on that day. */
export function endOfDay(date: IsoDate, timeZone: string): string {
  return new Date(
    Date.parse(startOfDay(fromDayNumber(toDayNumber(date) + 1), timeZone)) - 1,
  ).toISOString();
}
