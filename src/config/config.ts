import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { jwtSecretProblem } from './secret-strength';
import { isTimeZone } from '../kernel/agency-day';

/**
 * The only place that reads process.env: every setting is validated once, at boot, into a typed
 * object, and a bad value stops the process with a message that says what to fix.
 */
export interface Settings {
  nodeEnv: string;
  /** The PostgreSQL to use; null: start the embedded one under `dataDir`. */
  databaseUrl: string | null;
  /** Where the embedded PostgreSQL keeps its data (DECLASS_DATA_DIR, default ./.declass). */
  dataDir: string;
  /** The Redis that holds the queues; null: the queues live in PostgreSQL (BullMQ's backend). */
  redisUrl: string | null;
  port: number;
  /** Signs tokens and board cookies; null when JWT_SECRET is unset (only the demo may run so). */
  jwtSecret: string | null;
  accessTokenTtlSeconds: number;
  queuePrefix: string;
  outboxPollMs: number;
  /** How often the deadline sweeper looks for deadlines falling due within the horizon. */
  deadlineSweepIntervalMs: number;
  /** How far ahead the sweeper turns deadline rows into delayed jobs. */
  deadlineHorizonMs: number;
  /**
   * How long before an exemption ends its re-review opens, in days: the review must be decided
   * before the date, or the information is declassified on it.
   */
  reReviewLeadDays: number;
  /**
   * The agency's IANA time zone (AGENCY_TIME_ZONE, default America/New_York): every date the law
   * counts (received on, due on, declassified on) is a day there.
   */
  agencyTimeZone: string;
  /** The office that signs letters to requesters (AGENCY_OFFICE_NAME). */
  officeName: string;
  /** How requesters reach the FOIA Public Liaison, as letters print it (FOIA_PUBLIC_LIAISON). */
  publicLiaison: string;
  /**
   * Where the worker appends signed copies of the audit anchors, outside the database
   * (AUDIT_CHECKPOINT_DIR, default <dataDir>/audit-checkpoints).
   */
  auditCheckpointDir: string;
  /** Signs them (AUDIT_CHECKPOINT_KEY); null: a key derived from JWT_SECRET. */
  auditCheckpointKey: string | null;
  /** The worker anchors and checkpoints the trail this often when it moved… */
  auditCheckpointIntervalMs: number;
  /** …and sooner once this many events were written since the last anchor. */
  auditCheckpointEveryEvents: number;
  /** A static bearer token for Prometheus scrapes of GET /api/metrics; null: administrators only. */
  metricsToken: string | null;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
}

/** The settings of a running process: by then there is always a database to connect to. */
export interface AppConfig extends Settings {
  databaseUrl: string;
  jwtSecret: string;
}

export type QueueBackend = 'redis' | 'postgres';

export const queueBackendOf = (config: Pick<Settings, 'redisUrl'>): QueueBackend =>
  config.redisUrl === null ? 'postgres' : 'redis';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `declass cannot start; fix the environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Settings {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV?.trim() || 'development';

  /** An optional URL: unset means the embedded default. */
  const url = (name: string, example: string, protocols: string[]): string | null => {
    const value = env[name]?.trim();
    if (!value) return null;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(
          `${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got ${parsed.protocol}//…)`,
        );
      }
    } catch {
      problems.push(`${name} is not a URL: expected something like ${example}, or leave it unset`);
    }
    return value;
  };

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };

  const givenDatabaseUrl = url('DATABASE_URL', 'postgres://localhost:5432/declass', [
    'postgres:',
    'postgresql:',
  ]);
  const databaseUrl =
    givenDatabaseUrl &&
    withDefaultUser(givenDatabaseUrl, env.PGUSER?.trim() || userInfo().username);
  const dataDir = resolve(env.DECLASS_DATA_DIR?.trim() || '.declass');
  const redisUrl = url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']);
  const port = int('PORT', 3000, 0, 65535);
  const accessTokenTtlSeconds = int('ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86400);
  const outboxPollMs = int('OUTBOX_POLL_MS', 200, 10, 60000);
  const deadlineSweepIntervalMs = int('DEADLINE_SWEEP_INTERVAL_MS', 60_000, 100, 3_600_000);
  const deadlineHorizonMs = int('DEADLINE_HORIZON_MS', 86_400_000, 1000, 7 * 86_400_000);
  if (deadlineHorizonMs < deadlineSweepIntervalMs) {
    problems.push(
      `DEADLINE_HORIZON_MS (${deadlineHorizonMs}) must be at least DEADLINE_SWEEP_INTERVAL_MS (${deadlineSweepIntervalMs}), or a deadline could fall due between two sweeps without a job`,
    );
  }

  const reReviewLeadDays = int('RE_REVIEW_LEAD_DAYS', 365, 0, 3650);
  const agencyTimeZone = env.AGENCY_TIME_ZONE?.trim() || 'America/New_York';
  if (!isTimeZone(agencyTimeZone)) {
    problems.push(
      `AGENCY_TIME_ZONE (${agencyTimeZone}) is not an IANA time zone name; use one such as America/New_York or UTC`,
    );
  }

  const officeName = env.AGENCY_OFFICE_NAME?.trim() || 'Declassification and FOIA Office';
  const publicLiaison = env.FOIA_PUBLIC_LIAISON?.trim() || 'the FOIA Public Liaison of this office';

  // One directory per database by default, so that two trails never share checkpoints.
  const auditCheckpointDir = resolve(
    env.AUDIT_CHECKPOINT_DIR?.trim() ||
      resolve(dataDir, 'audit-checkpoints', databaseUrl ? trailName(databaseUrl) : 'embedded'),
  );
  const auditCheckpointKey = env.AUDIT_CHECKPOINT_KEY || null;
  const keyProblem =
    auditCheckpointKey === null
      ? null
      : jwtSecretProblem(auditCheckpointKey, 'AUDIT_CHECKPOINT_KEY');
  if (keyProblem) problems.push(keyProblem);
  const auditCheckpointIntervalMs = int('AUDIT_CHECKPOINT_INTERVAL_MS', 300_000, 100, 86_400_000);
  const auditCheckpointEveryEvents = int('AUDIT_CHECKPOINT_EVERY_EVENTS', 10_000, 1, 10_000_000);

  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && !/^[A-Za-z0-9._~-]{32,200}$/.test(metricsToken)) {
    problems.push(
      'METRICS_TOKEN must be 32 to 200 characters: letters, digits, ".", "_", "~" or "-"',
    );
  }

  const jwtSecret = env.JWT_SECRET || null;
  const secretProblem = jwtSecret === null ? null : jwtSecretProblem(jwtSecret);
  if (secretProblem) problems.push(secretProblem);

  const queuePrefix = env.QUEUE_PREFIX?.trim() || 'declass';
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(queuePrefix)) {
    problems.push(
      'QUEUE_PREFIX may hold only letters, digits, "-" and "_" (it names the Redis keys or the PostgreSQL schema of the queues)',
    );
  }

  const logLevel = (env.LOG_LEVEL?.trim() || 'log') as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) {
    problems.push('LOG_LEVEL must be one of error, warn, log, debug');
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv,
    databaseUrl,
    dataDir,
    redisUrl,
    port,
    jwtSecret,
    accessTokenTtlSeconds,
    queuePrefix,
    outboxPollMs,
    deadlineSweepIntervalMs,
    deadlineHorizonMs,
    reReviewLeadDays,
    agencyTimeZone,
    officeName,
    publicLiaison,
    auditCheckpointDir,
    auditCheckpointKey,
    auditCheckpointIntervalMs,
    auditCheckpointEveryEvents,
    metricsToken,
    logLevel,
  };
}

/** `host-port-database` of a PostgreSQL URL, as a directory name. */
function trailName(databaseUrl: string): string {
  try {
    const { hostname, port, pathname } = new URL(databaseUrl);
    const name = `${hostname}-${port || '5432'}-${decodeURIComponent(pathname.slice(1)) || 'postgres'}`;
    return name.replace(/[^A-Za-z0-9._-]/g, '_');
  } catch {
    return 'database';
  }
}

/** Like libpq, connect as the operating-system user when the URL names nobody. */
function withDefaultUser(databaseUrl: string, user: string): string {
  try {
    const parsed = new URL(databaseUrl);
    if (!parsed.username) parsed.username = user;
    return parsed.toString();
  } catch {
    return databaseUrl;
  }
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
