import { dateIn } from './agency-day';

/**
 * Where services read the time of an act, and the agency's date of it. The law's clocks are dated
 * with the day each act happens, in the agency's time zone; a test that replays a request's
 * history sets that day here instead of faking the process's Date (which would also expire tokens
 * and confuse timers).
 */
export abstract class Clock {
  abstract now(): Date;
  /** The agency's IANA time zone, in which every day the law counts begins and ends. */
  abstract readonly timeZone: string;

  /** The agency's date now. */
  today(): string {
    return dateIn(this.now(), this.timeZone);
  }
}
