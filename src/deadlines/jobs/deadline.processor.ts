import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { JobData } from '../../jobs/job-handlers';
import { DeadlineService } from '../application/deadline.service';
import { DeadlineSweeper } from './deadline-sweeper';

/** The deadline queue's job handlers; the job only names its row, the row says what to do. */
@Injectable()
export class DeadlineProcessor {
  constructor(
    private readonly deadlines: DeadlineService,
    private readonly sweeper: DeadlineSweeper,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async fire(job: Job<JobData<'fire-deadline'>>, token?: string): Promise<void> {
    const result = await this.deadlines.fire(job.data.deadlineId);
    if (result.fired || result.reason !== 'NOT_DUE') return;
    // Early (the row was moved later since the job was queued): wait for it, if it is near.
    // A date beyond the horizon gets a new job from a later sweep instead.
    const dueAt = result.dueAt.getTime();
    if (token && dueAt - Date.now() <= this.config.deadlineHorizonMs) {
      await job.moveToDelayed(dueAt, token);
      throw new DelayedError();
    }
  }

  async sweep(): Promise<void> {
    await this.sweeper.sweep();
  }
}
