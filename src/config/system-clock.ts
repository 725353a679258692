import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../kernel/clock';
import { APP_CONFIG, type AppConfig } from './config';

/** The machine's time, and the agency's time zone as configured. */
@Injectable()
export class SystemClock extends Clock {
  readonly timeZone: string;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'agencyTimeZone'>) {
    super();
    this.timeZone = config.agencyTimeZone;
  }

  now(): Date {
    return new Date();
  }
}
