import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { QUEUES, type QueueName } from './queues';

export const REDIS = Symbol('REDIS');
export const QUEUE_MAP = Symbol('QUEUE_MAP');
export type QueueMap = ReadonlyMap<QueueName, Queue>;

const redisLogger = new Logger('Redis');

/** One Redis connection factory and the producers of every queue, shared by API and worker. */
export function redisConnection(config: AppConfig): Redis {
  // BullMQ's blocking commands need unlimited retries per request; reconnects back off to 2 s.
  const client = new Redis(config.redisUrl, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  // Redis going away is an outage to log and wait out (ioredis reconnects), never a crash.
  client.on('error', (err: Error) => redisLogger.warn({ msg: 'redis error', error: err.message }));
  return client;
}

@Global()
@Module({
  providers: [
    { provide: REDIS, inject: [APP_CONFIG], useFactory: redisConnection },
    {
      provide: QUEUE_MAP,
      inject: [REDIS, APP_CONFIG],
      useFactory: (connection: Redis, config: AppConfig): QueueMap =>
        new Map(
          Object.values(QUEUES).map((name) => {
            const queue = new Queue(name, { connection, prefix: config.queuePrefix });
            queue.on('error', (err: Error) =>
              redisLogger.warn({ msg: 'queue error', queue: name, error: err.message }),
            );
            return [name, queue];
          }),
        ),
    },
  ],
  exports: [REDIS, QUEUE_MAP],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(QUEUE_MAP) private readonly queues: QueueMap,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.redis.disconnect();
  }
}
