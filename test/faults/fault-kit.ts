import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Load } from '../soak/support/actors';
import { checkDatabase } from '../soak/support/checks';
import { JsonClient, type Answer, type Session } from '../soak/support/client';
import {
  dropDatabase,
  log,
  people,
  query,
  until,
  type PersonSpec,
  type StackEnv,
} from '../soak/support/stack';
import { wipeQueueSpace } from '../support/queue-space';

/**
 * Shared by the fault scripts: a throwaway PostgreSQL cluster or Redis server of their own (so
 * that restarting it disturbs nobody else's tests), a small team under load, and the verdict.
 */

export interface Verdict {
  name: string;
  problems: string[];
  figures: Record<string, unknown>;
}

export function run(cmd: string, args: string[], options: { asPostgres?: boolean } = {}) {
  const [file, argv] =
    options.asPostgres && process.getuid?.() === 0
      ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]]
      : [cmd, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')}: exit ${result.status}\n${result.stderr}${result.stdout}`,
    );
  return result.stdout;
}

function postgresBin(): string {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return `/usr/lib/postgresql/${versions[0]}/bin`;
  return run('pg_config', ['--bindir']).trim();
}

/** How a fault script reaches, stops and starts its PostgreSQL. */
export interface PostgresServer {
  baseUrl: string;
  stop(): void;
  start(): void;
  dispose(): void;
}

/**
 * A PostgreSQL cluster of the script's own, in a temporary directory, listening on 127.0.0.1 at
 * `port`: stopping it harms no one else.
 */
export function privatePostgres(port: number): PostgresServer {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'declass-fault-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(run('id', ['-u', 'postgres']).trim());
    const gid = Number(run('id', ['-g', 'postgres']).trim());
    chownSync(dir, uid, gid);
  }
  const pg = (cmd: string, args: string[]) => run(join(bin, cmd), args, { asPostgres: true });
  pg('initdb', ['-D', data, '-U', 'root', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=200`;
  const server: PostgresServer = {
    baseUrl: `postgres://root@127.0.0.1:${port}/postgres`,
    start: () =>
      void pg('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', 'start']),
    stop: () => void pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    dispose: () => {
      try {
        server.stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  server.start();
  return server;
}

/**
 * The machine's shared cluster (`pg_ctlcluster <version> main`): other people's tests connected
 * to it fail while it is down. Only with --cluster main.
 */
export function sharedPostgres(): PostgresServer {
  const version = postgresBin().split('/').at(-2) ?? '15';
  const ctl = (action: string) =>
    run('pg_ctlcluster', [
      '--skip-systemctl-redirect',
      version,
      'main',
      action,
      ...(action === 'stop' ? ['-m', 'fast'] : []),
    ]);
  return {
    baseUrl: process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
    stop: () => void ctl('stop'),
    start: () => void ctl('start'),
    dispose: () => undefined,
  };
}

/** How a fault script stops and starts its Redis. */
export interface RedisServer {
  url: string;
  stop(): void;
  start(): void;
  dispose(): void;
}

/** A Redis of the script's own on `port` (default), or the machine's on 6379 with `shared`. */
export function redisServer(port: number, shared: boolean): RedisServer {
  const p = shared ? 6379 : port;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${p}`,
    stop: () => void run('redis-cli', ['-p', String(p), 'shutdown', 'nosave']),
    start: () =>
      void run('redis-server', [
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '--port',
        String(p),
        '--save',
        '',
        '--appendonly',
        'no',
      ]),
    dispose: () => {
      if (shared) return;
      try {
        server.stop();
      } catch {
        // already stopped
      }
    },
  };
  if (!shared) server.start();
  return server;
}

/** A small team: supervisors (one also a reviewer), reviewers, an auditor. */
export function smallTeam(prefix: string, reviewers = 8, supervisors = 3): PersonSpec[] {
  return [
    { username: `${prefix}-auditor`, roles: ['auditor'] },
    ...Array.from({ length: supervisors }, (_, i) => ({
      username: `${prefix}-sup${i}`,
      roles: i === 0 ? ['supervisor', 'reviewer'] : ['supervisor'],
    })),
    ...Array.from({ length: reviewers }, (_, i) => ({
      username: `${prefix}-rev${i}`,
      roles: ['reviewer'],
    })),
  ];
}

export async function crewOf(client: JsonClient, env: StackEnv, specs: PersonSpec[]) {
  const sessions = await people(client, env, specs);
  const of = (s: PersonSpec) => sessions.get(s.username)!;
  return {
    supervisors: specs.filter((s) => s.roles.includes('supervisor')).map(of),
    reviewers: specs.filter((s) => s.roles.includes('reviewer')).map(of),
    auditors: specs.filter((s) => s.roles.includes('auditor')).map(of),
  };
}

export function startLoad(
  crew: { supervisors: Session[]; reviewers: Session[]; auditors: Session[] },
  tolerate?: (a: Answer) => boolean,
) {
  const load = new Load(crew, { tolerate, inFlight: crew.reviewers.length * 2 });
  const done = load.run();
  return { load, done };
}

/** Waits for the outbox to empty, then checks the database and the audit trail through the API. */
export async function finalChecks(
  env: StackEnv,
  auditor: Session,
  problems: string[],
): Promise<Record<string, unknown>> {
  await until(
    'every outbox row relayed',
    async () =>
      (
        await query<{ n: number }>(
          env.databaseUrl,
          `SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`,
        )
      )[0]!.n === 0,
    120_000,
  ).catch((err: Error) => problems.push(err.message));
  const report = await checkDatabase(env.databaseUrl);
  problems.push(...report.problems);
  const verify = await auditor.request<{ ok: boolean }>('GET', '/api/audit/verify');
  if (verify.status !== 200 || !verify.body.ok)
    problems.push(`GET /api/audit/verify: ${verify.status} ${JSON.stringify(verify.body)}`);
  return {
    reviews: report.reviews,
    finished: report.finished,
    auditEvents: report.events,
    chains: report.chains,
  };
}

export async function cleanup(env: StackEnv): Promise<void> {
  await dropDatabase(env.databaseUrl).catch(() => undefined);
  await wipeQueueSpace(env).catch(() => undefined);
}

/** Prints the verdict; the exit code is 1 when anything went wrong. */
export function report(verdict: Verdict): number {
  const failed = verdict.problems.length > 0;
  console.log(
    JSON.stringify(
      {
        fault: verdict.name,
        result: failed ? 'FAILED' : 'passed',
        ...verdict.figures,
        problems: verdict.problems,
      },
      null,
      2,
    ),
  );
  return failed ? 1 : 0;
}

export { log };
