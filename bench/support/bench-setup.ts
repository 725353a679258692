import { Redis } from 'ioredis';
import { Client } from 'pg';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { migrate } from '../../src/database/migrate';

/** Reads `--name value`, `--name=value` or an environment variable, with bounds checked. */
export function optionReader(argv: string[], env: NodeJS.ProcessEnv) {
  const flag = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    const arg = argv[i]!;
    return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[i + 1] ?? '');
  };
  const int = (name: string, envName: string, fallback: number, min: number, max: number) => {
    const raw = flag(name) ?? env[envName];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(
        `--${name} / ${envName} must be a whole number from ${min} to ${max} (got "${raw}")`,
      );
    }
    return value;
  };
  return { flag, int };
}

/** The configuration of a bench: its own database and queue prefix, on loopback. */
export function benchConfig(databaseName: string, queuePrefix: string): AppConfig {
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const url = new URL(base.databaseUrl);
  url.pathname = `/${databaseName}`;
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  return { ...base, databaseUrl: url.toString(), queuePrefix };
}

/** Drops the bench's database left by the previous run and migrates a fresh one. */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await migrate(databaseUrl);
}

/** The keys under a bench's BullMQ prefix. */
export async function prefixKeys(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** Deletes every key under a bench's BullMQ prefix, so a run starts and ends clean. */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  const keys = await prefixKeys(redis, prefix);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
}

/** `dropPrefix` on a connection of its own. */
export async function dropQueueKeys(config: AppConfig): Promise<void> {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
  try {
    await dropPrefix(redis, config.queuePrefix);
  } finally {
    redis.disconnect();
  }
}
