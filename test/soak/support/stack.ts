import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../../src/database/migrate';
import { JsonClient, Session, sleep } from './client';

/**
 * The pieces a soak or fault script runs against: its own database, the API and the worker as
 * real processes (`node dist/src/main.js`, `node dist/src/worker.js`), users made through the
 * CLI and the admin API. Everything listens on loopback only.
 */

/** dist/src, seen from dist/test/soak/support. */
const DIST_SRC = resolve(__dirname, '../../../src');

export interface StackEnv {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  port: number;
}

export const log = (msg: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ at: new Date().toISOString().slice(11, 23), msg, ...extra }));

export function databaseUrl(name: string, base = process.env.DATABASE_URL): string {
  const url = new URL(base ?? `postgres://${process.env.USER ?? 'root'}@127.0.0.1:5432/postgres`);
  if (!url.username) url.username = process.env.PGUSER ?? process.env.USER ?? 'root';
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the database if it exists, creates it and runs every migration. */
export async function freshDatabase(url: string): Promise<void> {
  await dropDatabase(url);
  await migrate(url);
}

export async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The API and the workers of a stack share one secret, as a deployment's processes must. */
const STACK_SECRET = process.env.JWT_SECRET || randomBytes(48).toString('base64url');

function processEnv(env: StackEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    QUEUE_PREFIX: env.queuePrefix,
    JWT_SECRET: STACK_SECRET,
    // The API verifies against the checkpoints the workers write: one directory for the stack.
    AUDIT_CHECKPOINT_DIR: join(tmpdir(), `declass-soak-${env.queuePrefix}`, 'audit-checkpoints'),
    PORT: String(env.port),
    LOG_LEVEL: 'warn',
    OUTBOX_POLL_MS: '100',
    ...extra,
  };
}

/** A running API or worker process, its log in a file, its end observable. */
export class Managed {
  readonly exited: Promise<number | null>;
  private code: number | null | undefined;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => {
        this.code = code ?? (signal ? -1 : null);
        done(this.code);
      }),
    );
  }

  get alive(): boolean {
    return this.code === undefined;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

export function start(
  what: 'api' | 'worker',
  env: StackEnv,
  logDir: string,
  extra?: Record<string, string>,
): Managed {
  const script = join(DIST_SRC, what === 'api' ? 'main.js' : 'worker.js');
  const logFile = join(logDir, `${what}-${Date.now()}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, [script], {
    env: processEnv(env, extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return new Managed(what, child, logFile);
}

/** Waits until the API answers on its port (any status: a 503 from /api/health is an answer). */
export async function waitForApi(port: number, timeoutMs = 30_000): Promise<void> {
  const client = new JsonClient(port, undefined, 2_000, 2);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send('GET', '/api/health');
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`The API did not answer on port ${port}`);
        await sleep(200);
      }
    }
  } finally {
    client.close();
  }
}

/** `declass users:add` through the built CLI, as an operator would. */
export function cliAddUser(
  env: StackEnv,
  user: { username: string; password: string; roles: string[]; clearance: string },
): void {
  const result = spawnSync(
    process.execPath,
    [
      join(DIST_SRC, 'cli.js'),
      'users:add',
      '--username',
      user.username,
      '--password',
      user.password,
      '--roles',
      user.roles.join(','),
      '--clearance',
      user.clearance,
    ],
    { env: processEnv(env), encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`users:add ${user.username}: ${result.stderr}`);
}

export interface PersonSpec {
  username: string;
  roles: string[];
  clearance?: string;
}

/** Creates the people through the admin API (as an administrator made by the CLI) and logs them in. */
export async function people(
  client: JsonClient,
  env: StackEnv,
  specs: PersonSpec[],
): Promise<Map<string, Session>> {
  const adminPassword = `admin-${Math.random().toString(36).slice(2)}`;
  cliAddUser(env, {
    username: 'soak-admin',
    password: adminPassword,
    roles: ['admin'],
    clearance: 'TOP SECRET',
  });
  const admin = await Session.login(client, 'soak-admin', adminPassword);
  const sessions = new Map<string, Session>([['soak-admin', admin]]);
  for (const spec of specs) {
    const password = `pw-${spec.username}-${Math.random().toString(36).slice(2)}`;
    const created = await admin.request('POST', '/api/users', {
      username: spec.username,
      password,
      roles: spec.roles,
      clearance: spec.clearance ?? 'SECRET',
    });
    if (created.status !== 201)
      throw new Error(`create ${spec.username}: ${created.status} ${JSON.stringify(created.body)}`);
    sessions.set(spec.username, await Session.login(client, spec.username, password));
  }
  return sessions;
}

/** Polls until `probe` is truthy; throws after `timeoutMs`, naming what it waited for. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** One query on the script's own connection. */
export async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
