import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { NotificationsService } from '../notifications/notifications.service';
import { checkHandlers, type JobData, type JobHandlers } from './job-handlers';
import { REDIS } from './queue.module';
import { JOB_QUEUE, type JobName, type QueueName } from './queues';

/** One BullMQ worker per queue, dispatching each job to its handler. */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobWorkers.name);
  private workers: Worker[] = [];
  readonly handlers: JobHandlers;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    notifications: NotificationsService,
  ) {
    this.handlers = {
      notify: async (job: Job<JobData<'notify'>>) => {
        await notifications.deliver(job.data);
      },
    };
    checkHandlers(this.handlers);
  }

  onApplicationBootstrap(): void {
    const queues = new Set<QueueName>(Object.values(JOB_QUEUE));
    this.workers = [...queues].map((queue) => {
      const worker = new Worker(
        queue,
        async (job: Job) => {
          const handler = this.handlers[job.name as JobName] as
            ((job: Job) => Promise<void>) | undefined;
          if (!handler) throw new Error(`No handler for job ${job.name} on ${queue}`);
          await handler(job);
        },
        { connection: this.redis.duplicate(), prefix: this.config.queuePrefix, concurrency: 8 },
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
