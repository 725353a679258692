import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { QUEUE_MAP, QueueStore, type QueueMap } from '../../jobs/queue.module';
import { QUEUES } from '../../jobs/queues';
import { DeadlineSweeper } from './deadline-sweeper';

export const SWEEP_SCHEDULER_ID = 'deadline-sweep';

/** How often the worker checks that the queue store still has the sweep scheduler, at most. */
const WATCH_MAX_MS = 5_000;

/**
 * Keeps the BullMQ job scheduler that sweeps deadlines alive. The queue store may lose it — Redis
 * FLUSHALL, a restart without persistence, a failover; BullMQ's schema dropped from PostgreSQL —
 * and nothing in the store would bring it back, so the worker re-creates it (and the store's
 * schema, where it has one): at start, whenever the connection becomes ready again, and whenever
 * a periodic check finds the scheduler gone or cannot read it. Each time it also sweeps at once,
 * so what the store lost is re-queued without waiting for the next interval. Several workers
 * doing this at once is harmless: migrations take a lock, the scheduler is upserted under one id
 * and every deadline job has a deterministic id.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineScheduler.name);
  private watch: NodeJS.Timeout | null = null;
  private restoring: Promise<void> | null = null;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly sweeper: DeadlineSweeper,
    private readonly store: QueueStore,
    @Inject(QUEUE_MAP) private readonly queues: QueueMap,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.restore('worker start');
    this.unsubscribe = this.store.onReconnect(() => this.restore('queue store connection ready'));
    const every = Math.min(this.config.deadlineSweepIntervalMs, WATCH_MAX_MS);
    this.watch = setInterval(() => void this.check(), every);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.watch) clearInterval(this.watch);
    await this.restoring;
  }

  /** Creates the scheduler, or updates it to this worker's interval, then sweeps. */
  async ensure(): Promise<void> {
    await this.store.prepare();
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
    if (this.stopped || this.restoring || !this.store.connected()) return;
    try {
      const scheduler = await this.queue().getJobScheduler(SWEEP_SCHEDULER_ID);
      if (!scheduler) this.restore('sweep scheduler missing from the queue store');
    } catch (err) {
      // A store that answers but cannot read its own tables lost them: put them back.
      this.restore(`cannot read the sweep scheduler: ${errorText(err)}`);
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
