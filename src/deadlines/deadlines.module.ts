import { Module } from '@nestjs/common';
import { CalendarService } from './application/calendar.service';
import { DeadlineStore } from './application/deadline.ports';
import { CalendarController } from './http/calendar.controller';
import { TypeOrmDeadlineStore } from './persistence/typeorm-deadline.store';

/** The API side of deadlines: the calendar, and the rows for the metrics. */
@Module({
  controllers: [CalendarController],
  providers: [CalendarService, { provide: DeadlineStore, useClass: TypeOrmDeadlineStore }],
  exports: [DeadlineStore],
})
export class DeadlinesModule {}
