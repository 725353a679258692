import { Injectable } from '@nestjs/common';

/**
 * Where services read the time of an act. The law's clocks are dated with the day each act
 * happens; a test that replays a request's history sets that day here instead of faking the
 * process's Date (which would also expire tokens and confuse timers).
 */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
