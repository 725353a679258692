import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { QUEUE_MAP, REDIS, type QueueMap } from '../../jobs/queue.module';
import { QUEUES } from '../../jobs/queues';
import { DeadlineSweeper } from './deadline-sweeper';

export const SWEEP_SCHEDULER_ID = 'deadline-sweep';

/** How often the worker checks that Redis still has the sweep scheduler, at most. */
const WATCH_MAX_MS = 5_000;

/**
 * Keeps the BullMQ job scheduler that sweeps deadlines alive. Redis may lose it — FLUSHALL, a
 * restart without persistence, a failover — and nothing in Redis would bring it back, so the
 * worker re-creates it: at start, whenever its connection becomes ready again, and whenever a
 * periodic check finds it gone. Each time it also sweeps at once, so what Redis lost is re-queued
 * without waiting for the next interval. Several workers doing this at once is harmless: the
 * scheduler is upserted under one id and every deadline job has a deterministic id.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineScheduler.name);
  private watch: NodeJS.Timeout | null = null;
  private restoring: Promise<void> | null = null;
  private stopped = false;
  private readonly onReady = () => this.restore('redis connection ready');

  constructor(
    private readonly sweeper: DeadlineSweeper,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(QUEUE_MAP) private readonly queues: QueueMap,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.restore('worker start');
    this.redis.on('ready', this.onReady);
    const every = Math.min(this.config.deadlineSweepIntervalMs, WATCH_MAX_MS);
    this.watch = setInterval(() => void this.check(), every);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.redis.off('ready', this.onReady);
    if (this.watch) clearInterval(this.watch);
    await this.restoring;
  }

  /** Creates the scheduler, or updates it to this worker's interval, then sweeps. */
  async ensure(): Promise<void> {
    await this.queue().upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.config.deadlineSweepIntervalMs },
      {
        name: 'sweep-deadlines',
        data: {},
        opts: { removeOnComplete: true, removeOnFail: { count: 100 } },
      },
    );
    await this.sweeper.sweep();
  }

  private async check(): Promise<void> {
    if (this.stopped || this.restoring || this.redis.status !== 'ready') return;
    try {
      const scheduler = await this.queue().getJobScheduler(SWEEP_SCHEDULER_ID);
      if (!scheduler) {
        this.restore('sweep scheduler missing from Redis');
      }
    } catch (err) {
      this.logger.warn({ msg: 'cannot check the sweep scheduler', error: errorText(err) });
    }
  }

  private restore(why: string): void {
    if (this.stopped || this.restoring) return;
    this.restoring = this.ensure()
      .then(() => this.logger.log({ msg: 'deadline sweep scheduler in place', why }))
      .catch((err: unknown) =>
        // The periodic check tries again; the rows wait in Postgres meanwhile.
        this.logger.warn({ msg: 'cannot restore the sweep scheduler', why, error: errorText(err) }),
      )
      .finally(() => {
        this.restoring = null;
      });
  }

  private queue() {
    const queue = this.queues.get(QUEUES.deadlines);
    if (!queue) throw new Error(`No producer for queue ${QUEUES.deadlines}`);
    return queue;
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
