import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * What a bench uses when DATABASE_URL / REDIS_URL are unset. The service itself then starts an
 * embedded PostgreSQL and keeps its queues in PostgreSQL; the benches instead measure against this
 * machine's own services (PostgreSQL on 5432, Redis on 6379), as every recorded figure was taken,
 * so that their numbers stay comparable across runs. See bench/README.md.
 */
export const LOCAL_DATABASE_URL = 'postgres://127.0.0.1:5432/postgres';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

/** A bench's settings: always a database and a Redis, given or the local defaults above. */
export interface BenchConfig extends AppConfig {
  redisUrl: string;
}

/** `loadConfig` with the benches' defaults for DATABASE_URL and REDIS_URL. */
export function benchSettings(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const settings = loadConfig({
    ...env,
    DATABASE_URL: env.DATABASE_URL?.trim() || LOCAL_DATABASE_URL,
    REDIS_URL: env.REDIS_URL?.trim() || LOCAL_REDIS_URL,
    LOG_LEVEL: 'warn',
  });
  const { databaseUrl, redisUrl } = settings;
  // Both were given above, so loadConfig returned both; this only tells the compiler.
  if (databaseUrl === null || redisUrl === null) throw new Error('bench: no database or Redis URL');
  const jwtSecret = settings.jwtSecret ?? randomBytes(48).toString('base64url');
  // A bench's trail is dropped with its database; its checkpoints go with it, not to the demo's.
  const auditCheckpointDir = env.AUDIT_CHECKPOINT_DIR?.trim()
    ? settings.auditCheckpointDir
    : join(tmpdir(), `declass-bench-${process.pid}`, 'audit-checkpoints');
  return { ...settings, databaseUrl, redisUrl, jwtSecret, auditCheckpointDir };
}

/** The URL of another database on the same server, by name; `localhost` becomes 127.0.0.1. */
export function databaseUrlOf(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  return url.toString();
}

/** The configuration of a bench: its own database and queue prefix, on loopback. */
export function benchConfig(databaseName: string, queuePrefix: string): BenchConfig {
  const base = benchSettings();
  return { ...base, databaseUrl: databaseUrlOf(base.databaseUrl, databaseName), queuePrefix };
}

/**
 * The environment of a service process (API, worker, CLI) a bench starts: ours, with the bench's
 * database and queue prefix. With no Redis (`redisUrl` null) REDIS_URL is left out, inherited
 * value included, so the child keeps its queues in PostgreSQL; never the string "null".
 */
export function serviceEnv(
  config: Pick<AppConfig, 'databaseUrl' | 'redisUrl' | 'queuePrefix' | 'jwtSecret'>,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    QUEUE_PREFIX: config.queuePrefix,
    JWT_SECRET: config.jwtSecret,
    ...extra,
  };
  if (config.redisUrl === null) delete env.REDIS_URL;
  else env.REDIS_URL = config.redisUrl;
  return env;
}

/** The SQL spelling of an identifier (a database or schema name). */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Drops a bench's database, if it is there (FORCE: connections left over are ended). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Drops the bench's database left by the previous run and migrates a fresh one. */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  await dropDatabase(databaseUrl);
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

/**
 * Removes what the bench's queues left: the keys under its prefix on Redis (SCAN + DEL, on a
 * connection of its own), or BullMQ's schema of that name in its database without Redis.
 */
export async function dropQueueKeys(config: AppConfig): Promise<void> {
  if (config.redisUrl === null) {
    const db = new Client({ connectionString: config.databaseUrl });
    await db.connect();
    try {
      await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(config.queuePrefix)} CASCADE`);
    } finally {
      await db.end();
    }
    return;
  }
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
  try {
    await dropPrefix(redis, config.queuePrefix);
  } finally {
    redis.disconnect();
  }
}
