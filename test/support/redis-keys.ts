import { Redis } from 'ioredis';

/** Where a suite's (or a soak run's) BullMQ keys live. */
export interface QueueSpace {
  redisUrl: string;
  queuePrefix: string;
}

async function withRedis<T>(space: QueueSpace, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(space.redisUrl, { maxRetriesPerRequest: 1 });
  // A Redis that is down fails the command below; its connection errors need no second report.
  redis.on('error', () => undefined);
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

async function scanKeys(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** Keys BullMQ left in Redis under a suite's queue prefix. */
export function queueKeys(space: QueueSpace): Promise<string[]> {
  return withRedis(space, (redis) => scanKeys(redis, space.queuePrefix));
}

/**
 * Removes every key under a suite's queue prefix (SCAN + DEL), so a suite leaves nothing behind
 * in Redis and touches nothing of the suites beside it. Returns the keys it removed.
 */
export function dropQueueKeys(space: QueueSpace): Promise<string[]> {
  return withRedis(space, async (redis) => {
    const keys = await scanKeys(redis, space.queuePrefix);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    return keys;
  });
}
