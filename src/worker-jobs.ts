import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { markOutboxDelivered } from './outbox/outbox.relay';
import { DeadlineProcessor } from './deadlines/jobs/deadline.processor';
import { NotificationsService } from './notifications/notifications.service';
import { checkHandlers, type JobData, type JobHandlers } from './jobs/job-handlers';
import { QueueStore } from './jobs/queue-store';
import { JOB_QUEUE, QUEUE_CONCURRENCY, type JobName, type QueueName } from './jobs/queues';

/**
 * The worker process's job dispatch: one BullMQ worker per queue, each job handed to the feature
 * that handles it. It sits beside the worker's module because it wires features to the queues.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobWorkers.name);
  private workers: Worker[] = [];
  readonly handlers: JobHandlers;

  constructor(
    private readonly store: QueueStore,
    private readonly dataSource: DataSource,
    notifications: NotificationsService,
    deadlines: DeadlineProcessor,
  ) {
    this.handlers = {
      notify: async (job: Job<JobData<'notify'>>) => {
        await notifications.deliver(job.data);
      },
      'fire-deadline': (job, token) => deadlines.fire(job, token),
      'sweep-deadlines': () => deadlines.sweep(),
    };
    checkHandlers(this.handlers);
  }

  onApplicationBootstrap(): void {
    const queues = new Set<QueueName>(Object.values(JOB_QUEUE));
    this.workers = [...queues].map((queue) => {
      const worker = this.store.worker(
        queue,
        async (job: Job, token?: string) => {
          const handler = this.handlers[job.name as JobName] as
            ((job: Job, token?: string) => Promise<void>) | undefined;
          if (!handler) throw new Error(`No handler for job ${job.name} on ${queue}`);
          await handler(job, token);
          const outboxId = (job.data as { outboxId?: unknown } | undefined)?.outboxId;
          if (typeof outboxId === 'string') await markOutboxDelivered(this.dataSource, outboxId);
        },
        QUEUE_CONCURRENCY[queue],
      );
      worker.on('failed', (job, err) =>
        this.logger.warn({
          msg: 'job failed',
          queue,
          job: job?.name,
          jobId: job?.id,
          attempts: job?.attemptsMade,
          error: err.message,
        }),
      );
      worker.on('error', (err) =>
        this.logger.warn({ msg: 'worker error', queue, error: err.message }),
      );
      return worker;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
