import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { QUEUE_MAP, type QueueMap } from '../../jobs/queue.module';
import { QUEUES } from '../../jobs/queues';
import { DeadlineStore } from '../application/deadline.ports';

/**
 * At most this many rows become jobs per sweep, earliest first: an import of a million records
 * past their 25-year date is worked through sweep after sweep instead of filling Redis at once.
 * A delayed deadline job costs about 1 KB of Redis (bench/deadlines.bench.ts), so about 20 MB.
 */
export const MAX_JOBS_PER_SWEEP = 20_000;
const ADD_BATCH = 1_000;

/** BullMQ job ids may not contain ':'; this one is deterministic, so a double sweep is one job. */
export const deadlineJobId = (deadlineId: string) => `deadline-${deadlineId}`;

/**
 * Turns the deadline rows due within the horizon into delayed jobs, and the overdue ones into jobs
 * that run at once. Postgres holds every deadline; Redis only the next day's, so a million 25-year
 * dates cost rows, and a Redis that lost everything is refilled by the next sweep.
 */
@Injectable()
export class DeadlineSweeper {
  private readonly logger = new Logger(DeadlineSweeper.name);

  constructor(
    private readonly store: DeadlineStore,
    @Inject(QUEUE_MAP) private readonly queues: QueueMap,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sweep(): Promise<{ queued: number; overdue: number }> {
    const queue = this.queue();
    const now = Date.now();
    const rows = await this.store.pendingDueBefore(
      new Date(now + this.config.deadlineHorizonMs),
      MAX_JOBS_PER_SWEEP,
    );
    let overdue = 0;
    for (let i = 0; i < rows.length; i += ADD_BATCH) {
      // A job that already exists under its id (waiting, delayed, running) is left as it is.
      await queue.addBulk(
        rows.slice(i, i + ADD_BATCH).map((row) => {
          const delay = Math.max(0, row.dueAt.getTime() - now);
          if (delay === 0) overdue += 1;
          return {
            name: 'fire-deadline' as const,
            data: { deadlineId: row.id },
            opts: deadlineJobOptions(row.id, delay),
          };
        }),
      );
    }
    // A job that failed every attempt (the database was down, say) stays visible in the board
    // until the next sweep, which tries it again: its row is still pending, so it is still owed.
    await queue.retryJobs({ state: 'failed', count: ADD_BATCH });
    this.logger.debug({ msg: 'deadlines swept', queued: rows.length, overdue });
    return { queued: rows.length, overdue };
  }

  private queue(): Queue {
    const queue = this.queues.get(QUEUES.deadlines);
    if (!queue) throw new Error(`No producer for queue ${QUEUES.deadlines}`);
    return queue;
  }
}

export function deadlineJobOptions(deadlineId: string, delay: number): JobsOptions {
  return {
    jobId: deadlineJobId(deadlineId),
    delay,
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
    // A finished job must not keep its id: the row is the record of what happened, and a row
    // still pending (moved later, say) must be able to get a job again.
    removeOnComplete: true,
    removeOnFail: false,
  };
}
