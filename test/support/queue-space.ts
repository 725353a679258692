import { Redis } from 'ioredis';
import { Client } from 'pg';

/**
 * Where a suite's (or a soak run's) BullMQ jobs live: keys under a prefix in Redis, or BullMQ's
 * schema of that name in the suite's own PostgreSQL database.
 */
export interface QueueSpace {
  redisUrl: string | null;
  databaseUrl: string;
  queuePrefix: string;
}

export const onRedis = (space: Pick<QueueSpace, 'redisUrl'>): boolean => space.redisUrl !== null;

async function withRedis<T>(url: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  // A Redis that is down fails the command below; its connection errors need no second report.
  redis.on('error', () => undefined);
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

async function withPostgres<T>(url: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
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

const quoted = (schema: string) => `"${schema.replace(/"/g, '""')}"`;

/**
 * What the store holds for a suite: on Redis every key under its prefix but the queues' meta keys
 * (which even a queue that never ran a job leaves); on PostgreSQL `queue:id` of every job row.
 */
export function storedJobs(space: QueueSpace): Promise<string[]> {
  if (space.redisUrl !== null) {
    return withRedis(space.redisUrl, async (redis) =>
      (await scanKeys(redis, space.queuePrefix)).filter((k) => !k.endsWith(':meta')),
    );
  }
  return withPostgres(space.databaseUrl, async (db) => {
    const exists = await db.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [
      space.queuePrefix,
    ]);
    if (exists.rowCount === 0) return [];
    const rows = await db.query<{ key: string }>(
      `SELECT queue || ':' || id AS key FROM ${quoted(space.queuePrefix)}.job ORDER BY 1`,
    );
    return rows.rows.map((r) => r.key);
  });
}

/**
 * Loses everything the store holds for a suite, as a Redis FLUSHALL or a dropped BullMQ schema
 * would, without touching the suites beside it (SCAN + DEL of its prefix; DROP SCHEMA in its own
 * database). Returns what was there: the Redis keys, or `queue:id` of the job rows.
 */
export async function wipeQueueSpace(space: QueueSpace): Promise<string[]> {
  if (space.redisUrl !== null) {
    return withRedis(space.redisUrl, async (redis) => {
      const keys = await scanKeys(redis, space.queuePrefix);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      return keys;
    });
  }
  const jobs = await storedJobs(space);
  await withPostgres(space.databaseUrl, (db) =>
    db.query(`DROP SCHEMA IF EXISTS ${quoted(space.queuePrefix)} CASCADE`),
  );
  return jobs;
}
