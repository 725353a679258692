import { Logger } from '@nestjs/common';
import {
  Queue,
  Worker,
  createPostgresBackend,
  runMigrations,
  type Processor,
  type QueueOptions,
  type WorkerOptions,
} from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { queueBackendOf, type AppConfig, type QueueBackend } from '../config/config';
import { QUEUES, type QueueName } from './queues';

export type QueueMap = ReadonlyMap<QueueName, Queue>;

const logger = new Logger('Queues');

/**
 * Where BullMQ keeps the jobs: Redis when REDIS_URL is set (the production default), otherwise
 * PostgreSQL through BullMQ's own backend, in a schema named by QUEUE_PREFIX inside the project's
 * database. Queues, workers and job schedulers behave the same on both; what differs is how the
 * store is reached, checked and put back after it lost its data, and that is all this class says.
 */
export abstract class QueueStore {
  abstract readonly backend: QueueBackend;
  /** The producer of every queue. */
  abstract queues: QueueMap;

  /** A worker for one queue, on a connection of its own. */
  abstract worker(name: QueueName, processor: Processor, concurrency: number): Worker;

  /** Answers when the store can take jobs; throws, quickly, saying why not. */
  abstract ping(): Promise<void>;

  /** Whether the store is reachable right now, as far as the client knows without asking. */
  abstract connected(): boolean;

  /**
   * Makes the store ready to hold jobs: nothing on Redis; on PostgreSQL BullMQ's schema, created
   * (or created again, after someone dropped it) by its own migrations.
   */
  abstract prepare(): Promise<void>;

  /** Calls `listener` whenever the connection comes back (Redis only: PostgreSQL has no event). */
  abstract onReconnect(listener: () => void): () => void;

  abstract close(): Promise<void>;

  protected producers(options: (name: QueueName) => Queue): QueueMap {
    return new Map(
      Object.values(QUEUES).map((name) => {
        const queue = options(name);
        queue.on('error', (err: Error) =>
          logger.warn({ msg: 'queue error', queue: name, error: err.message }),
        );
        return [name, queue];
      }),
    );
  }
}

/**
 * Opens the store of the configured backend. On PostgreSQL BullMQ's schema is migrated before any
 * queue is made: a queue that first connects to a schema not there yet stays broken.
 */
export async function openQueueStore(config: AppConfig): Promise<QueueStore> {
  if (queueBackendOf(config) === 'redis') return new RedisQueueStore(config);
  const admin = new Pool({
    connectionString: config.databaseUrl,
    max: 1,
    application_name: 'declass-queues',
  });
  admin.on('error', (err: Error) => logger.warn({ msg: 'queue store error', error: err.message }));
  const store = new PostgresQueueStore(config, admin);
  try {
    await store.prepare();
  } catch (err) {
    await admin.end();
    throw err;
  }
  store.open();
  return store;
}

/** One Redis connection for the producers, a duplicate of it for each worker. */
class RedisQueueStore extends QueueStore {
  readonly backend = 'redis';
  readonly queues: QueueMap;
  private readonly redis: Redis;
  private readonly connections: Redis[] = [];

  constructor(private readonly config: AppConfig) {
    super();
    // BullMQ's blocking commands need unlimited retries per request; reconnects back off to 2 s.
    this.redis = new Redis(config.redisUrl!, {
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
    // Redis going away is an outage to log and wait out (ioredis reconnects), never a crash.
    this.redis.on('error', (err: Error) => logger.warn({ msg: 'redis error', error: err.message }));
    const options: QueueOptions = { connection: this.redis, prefix: config.queuePrefix };
    this.queues = this.producers((name) => new Queue(name, options));
  }

  worker(name: QueueName, processor: Processor, concurrency: number): Worker {
    // BullMQ leaves a connection it was given open: it is ours to close.
    const connection = this.redis.duplicate();
    this.connections.push(connection);
    const options: WorkerOptions = { connection, prefix: this.config.queuePrefix, concurrency };
    return new Worker(name, processor, options);
  }

  async ping(): Promise<void> {
    // The connection queues commands while it reconnects; do not wait on that.
    if (this.redis.status !== 'ready') throw new Error(`connection ${this.redis.status}`);
    await this.redis.ping();
  }

  connected(): boolean {
    return this.redis.status === 'ready';
  }

  async prepare(): Promise<void> {}

  onReconnect(listener: () => void): () => void {
    this.redis.on('ready', listener);
    return () => this.redis.off('ready', listener);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connections.forEach((c) => c.disconnect());
    this.redis.disconnect();
  }
}

/**
 * BullMQ's PostgreSQL backend. Each queue and worker owns a small pool (BullMQ closes it); one
 * more connection of ours checks the store and runs BullMQ's migrations.
 */
class PostgresQueueStore extends QueueStore {
  readonly backend = 'postgres';
  queues: QueueMap = new Map();

  constructor(
    private readonly config: AppConfig,
    private readonly admin: Pool,
  ) {
    super();
  }

  open(): void {
    this.queues = this.producers(
      (name) =>
        new Queue(
          name,
          { connection: this.connection(2) },
          createPostgresBackend,
        ) as unknown as Queue,
    );
  }

  private connection(max: number) {
    return {
      connectionString: this.config.databaseUrl,
      schema: this.config.queuePrefix,
      max,
      application_name: 'declass-queues',
    };
  }

  worker(name: QueueName, processor: Processor, concurrency: number): Worker {
    return new Worker(
      name,
      processor,
      { connection: this.connection(concurrency + 2), concurrency },
      createPostgresBackend,
    ) as unknown as Worker;
  }

  async ping(): Promise<void> {
    const found = await this.admin.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [
      this.config.queuePrefix,
    ]);
    if (found.rowCount === 0) throw new Error(`schema ${this.config.queuePrefix} is missing`);
  }

  connected(): boolean {
    return true;
  }

  async prepare(): Promise<void> {
    const client = await this.admin.connect();
    try {
      await runMigrations(client, this.config.queuePrefix);
    } finally {
      client.release();
    }
  }

  onReconnect(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.admin.end();
  }
}
