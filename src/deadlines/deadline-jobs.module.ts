import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { ReviewModule } from '../review/review.module';
import { DeadlineStore } from './application/deadline.ports';
import { DeadlineService } from './application/deadline.service';
import { DeadlineProcessor } from './jobs/deadline.processor';
import { DeadlineScheduler } from './jobs/deadline-scheduler';
import { DeadlineSweeper } from './jobs/deadline-sweeper';
import { TypeOrmDeadlineStore } from './persistence/typeorm-deadline.store';

/** The worker side of deadlines: the sweep scheduler, the sweeper and the firing of each row. */
@Module({
  imports: [ReviewModule, DocumentsModule],
  providers: [
    DeadlineService,
    DeadlineSweeper,
    DeadlineScheduler,
    DeadlineProcessor,
    { provide: DeadlineStore, useClass: TypeOrmDeadlineStore },
  ],
  exports: [DeadlineService, DeadlineSweeper, DeadlineScheduler, DeadlineProcessor],
})
export class DeadlineJobsModule {}
