import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import {
  DeadlineStore,
  type DeadlineMetricsSnapshot,
} from '../../deadlines/application/deadline.ports';
import { QUEUE_MAP, type QueueMap } from '../../jobs/queue.module';

/** Firing lag and counts are taken over this window. */
export const METRICS_WINDOW_MS = 60 * 60 * 1000;

const JOB_STATES = ['waiting', 'delayed', 'active', 'failed', 'completed', 'prioritized'] as const;

export interface Metrics {
  deadlines: DeadlineMetricsSnapshot;
  windowSeconds: number;
  /** Job counts per queue and state; null for a queue Redis did not answer for. */
  queues: { queue: string; counts: Record<string, number> | null }[];
}

/** What an operator watches: deadlines owed, late and fired, how late, and the queues. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly deadlines: DeadlineStore,
    @Inject(QUEUE_MAP) private readonly queues: QueueMap,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async collect(): Promise<Metrics> {
    const [deadlines, queues] = await Promise.all([
      this.deadlines.metrics(METRICS_WINDOW_MS, this.config.deadlineHorizonMs),
      Promise.all(
        [...this.queues.entries()].map(async ([name, queue]) => ({
          queue: name,
          // Redis down must not hide the Postgres figures, which are the ones that matter.
          counts: await withTimeout(queue.getJobCounts(...JOB_STATES), 1000).catch(() => null),
        })),
      ),
    ]);
    return { deadlines, windowSeconds: METRICS_WINDOW_MS / 1000, queues };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
