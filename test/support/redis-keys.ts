import { Redis } from 'ioredis';
import type { AppConfig } from '../../src/config/config';

/** Keys BullMQ left in Redis under a suite's queue prefix. */
export async function queueKeys(config: AppConfig): Promise<string[]> {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(
        cursor,
        'MATCH',
        `${config.queuePrefix}:*`,
        'COUNT',
        1000,
      );
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys;
  } finally {
    await redis.quit();
  }
}

/** Removes every key under a suite's queue prefix, so a suite leaves nothing behind in Redis. */
export async function dropQueueKeys(config: AppConfig): Promise<void> {
  const keys = await queueKeys(config);
  if (keys.length === 0) return;
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    await redis.quit();
  }
}
