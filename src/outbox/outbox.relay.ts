import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { QUEUE_MAP, type QueueMap } from '../jobs/queue.module';
import type { QueueName } from '../jobs/queues';

interface OutboxRow {
  id: string;
  queue: QueueName;
  job: string;
  payload: Record<string, unknown>;
}

const BATCH = 200;
/** How long a relayed row may wait for its job to report back before it is relayed again. */
const REDELIVER_AFTER_S = 120;
/** While Redis is down, give up the batch (and its row locks) rather than wait for it. */
const ADD_TIMEOUT_MS = 5000;

function withTimeout<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The handler of a relayed job ran: the outbox row is done. */
export async function markOutboxDelivered(dataSource: DataSource, outboxId: string): Promise<void> {
  await dataSource.query(
    `UPDATE outbox SET delivered_at = now() WHERE id = $1 AND delivered_at IS NULL`,
    [outboxId],
  );
}

/**
 * Moves committed outbox rows into BullMQ. Rows are locked with SKIP LOCKED so several relays
 * share the work; job ids are `relay-<outbox id>`, so a row relayed twice (a crash between the
 * add and the commit) is one job. While Redis is down the transaction rolls back and the rows
 * wait for the next round.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(QUEUE_MAP) private readonly queues: QueueMap,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Relays one batch: rows never relayed, then rows relayed a while ago whose job never reported
   * back (Redis lost it, or it is still retrying: the same job id makes the second add a no-op).
   * Returns how many rows went out.
   */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const fresh = await m.query<OutboxRow[]>(
        `SELECT id, queue, job, payload FROM outbox WHERE relayed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      const stale =
        fresh.length < BATCH
          ? await m.query<OutboxRow[]>(
              `SELECT id, queue, job, payload FROM outbox
                WHERE delivered_at IS NULL AND relayed_at < now() - make_interval(secs => $2)
                ORDER BY relayed_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
              [BATCH - fresh.length, REDELIVER_AFTER_S],
            )
          : [];
      const rows = [...fresh, ...stale];
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [name, group] of byQueue) {
        const queue = this.queues.get(name);
        if (!queue) throw new Error(`Outbox row ${group[0]!.id} names unknown queue ${name}`);
        await withTimeout(
          ADD_TIMEOUT_MS,
          `adding ${group.length} jobs to ${name}`,
          queue.addBulk(
            group.map((row) => ({
              name: row.job,
              data: { ...row.payload, outboxId: row.id },
              opts: {
                jobId: `relay-${row.id}`,
                attempts: 5,
                backoff: { type: 'exponential', delay: 1000 },
                removeOnComplete: { age: 24 * 3600 },
                removeOnFail: { age: 7 * 24 * 3600 },
              },
            })),
          ),
        );
      }
      await m.query(`UPDATE outbox SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayOnce()
        .then((n) => this.schedule(n === BATCH ? 0 : this.config.outboxPollMs))
        .catch((err: unknown) => {
          this.logger.warn({
            msg: 'outbox relay failed; retrying',
            error: err instanceof Error ? err.message : String(err),
          });
          this.schedule(Math.max(this.config.outboxPollMs, 1000));
        });
    }, delay);
  }
}
