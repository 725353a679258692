import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Job, JobsOptions, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { AppConfig, QueueBackend } from '../src/config/config';
import { deadlineJobOptions } from '../src/deadlines/jobs/deadline-sweeper';
import { openQueueStore, type QueueStore } from '../src/jobs/queue-store';
import { QUEUE_CONCURRENCY, QUEUES, type QueueName } from '../src/jobs/queues';
import {
  benchSettings,
  databaseUrlOf,
  dropDatabase,
  dropPrefix,
  optionReader,
  prefixKeys,
  quoteIdent,
} from './support/bench-setup';
import { idleCheck } from './support/cpu';
import { round, summarize, type LatencySummary } from './support/stats';

/**
 * `npm run bench:queues`: the two queue backends side by side, as the product uses them — the
 * QueueStore of src/jobs/queue-store.ts (Redis at REDIS_URL, default redis://127.0.0.1:6379; or
 * BullMQ's PostgreSQL backend in a fresh database `declass_bench_queues` on the bench's PostgreSQL,
 * DATABASE_URL, default 127.0.0.1:5432), the outbox relay's job options and batch size, the
 * deadline sweeper's job ids, options and batch size, and the workers' concurrency.
 *
 *   node dist/bench/queues.bench.js [--jobs 20000] [--delayed 2000] [--window 10] [--lead 3]
 *                                   [--backends redis,postgres] [--runs 1] [--timeout 300]
 *
 * Each backend runs in a child process of its own (this file with `--child <backend>`), so that
 * its peak RSS is its own; with `--runs R` the backends alternate (redis first in odd runs). The
 * database is dropped and the Redis keys under `bench_queues:` are deleted (SCAN + DEL) at the
 * start and at the end of each child, and again by the parent after it. See bench/README.md.
 */

const DATABASE_NAME = 'declass_bench_queues';
const QUEUE_PREFIX = 'bench_queues';
/** The outbox relay's batch (src/outbox/outbox.relay.ts, BATCH). */
const RELAY_BATCH = 200;
/** The deadline sweeper's batch (src/deadlines/jobs/deadline-sweeper.ts, ADD_BATCH). */
const SWEEP_BATCH = 1000;
const RESULT_MARK = '@@queues-bench-result ';
const BACKENDS: readonly QueueBackend[] = ['redis', 'postgres'];

interface Options {
  jobs: number;
  delayed: number;
  windowS: number;
  leadS: number;
  backends: QueueBackend[];
  runs: number;
  timeoutS: number;
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const { flag, int } = optionReader(argv, env);
  const backends = (flag('backends') ?? env.BENCH_BACKENDS ?? BACKENDS.join(','))
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  for (const b of backends) {
    if (!BACKENDS.includes(b as QueueBackend)) {
      throw new Error(`--backends takes redis and/or postgres, comma-separated (got "${b}")`);
    }
  }
  return {
    jobs: int('jobs', 'BENCH_JOBS', 20_000, 1, 1_000_000),
    delayed: int('delayed', 'BENCH_DELAYED', 2_000, 1, 200_000),
    windowS: int('window', 'BENCH_WINDOW_S', 10, 1, 600),
    leadS: int('lead', 'BENCH_LEAD_S', 3, 1, 600),
    backends: backends as QueueBackend[],
    runs: int('runs', 'BENCH_RUNS', 1, 1, 10),
    timeoutS: int('timeout', 'BENCH_TIMEOUT_S', 300, 30, 7200),
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** Where the cores went during one phase, in cores (1.0 = one core busy all along). */
interface PhaseCpu {
  /** This (the bench's) process: producers, workers, the clients of the store. */
  node: number;
  /** The store: the `redis-server` process, or the Postgres backends of the bench's database. */
  store: number;
  /** Busy cores used by neither: other work on the shared machine (and Postgres' own helpers). */
  rest: number;
}

/**
 * CPU ticks (1/100 s) of each of the store's processes, by pid, from /proc: `redis-server`, or the
 * Postgres backends of the bench's database. null where /proc cannot be read.
 */
function storeTicks(backend: QueueBackend): Map<string, number> | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const ticks = new Map<string, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (backend === 'redis' ? comm !== 'redis-server' : comm !== 'postgres') continue;
      if (backend === 'postgres') {
        const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!title.includes(` ${DATABASE_NAME} `)) continue;
      }
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while we looked.
    }
  }
  return ticks;
}

function machineBusy(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times: t } of cpus()) {
    const all = t.user + t.nice + t.sys + t.idle + t.irq;
    total += all;
    busy += all - t.idle;
  }
  return { busy, total };
}

/**
 * Starts measuring; the function it returns stops and reports. The store's processes are sampled
 * every 200 ms as well: a Postgres backend whose pool connection closes during the phase takes
 * its counters with it, so only its last sample counts it.
 */
function cpuMeter(backend: QueueBackend): () => PhaseCpu {
  const wall = process.hrtime.bigint();
  const proc = process.cpuUsage();
  const machine = machineBusy();
  const first = storeTicks(backend);
  const last = new Map(first);
  const sample = () => {
    for (const [pid, ticks] of storeTicks(backend) ?? []) last.set(pid, ticks);
  };
  const sampler = setInterval(sample, 200);
  return () => {
    clearInterval(sampler);
    sample();
    const wallMs = Number(process.hrtime.bigint() - wall) / 1e6;
    const used = process.cpuUsage(proc);
    const m = machineBusy();
    const node = (used.user + used.system) / 1000 / wallMs;
    let ticks = 0;
    // A process first seen during the phase started during it: all its ticks are the phase's.
    for (const [pid, now] of last) ticks += now - (first?.get(pid) ?? 0);
    const store = first === null ? 0 : (ticks * 10) / wallMs;
    const busyCores =
      m.total > machine.total
        ? ((m.busy - machine.busy) / (m.total - machine.total)) * cpus().length
        : 0;
    return { node, store, rest: Math.max(0, busyCores - node - store) };
  };
}

/** How much room the store takes: Redis memory, or the size of BullMQ's tables. */
interface Footprint {
  /** Redis: `used_memory` minus the baseline; PostgreSQL: pg_total_relation_size minus it. */
  deltaBytes: number;
  /** Redis: the sum of MEMORY USAGE over the prefix's keys; PostgreSQL: all of BullMQ's tables. */
  totalBytes: number;
  /** Redis: keys under the prefix; PostgreSQL: rows of BullMQ's `job` table. */
  items: number;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 'NaN');
}

interface StoreProbe {
  /** Bytes the store holds now (used_memory; the schema's relations). */
  raw(): Promise<number>;
  footprint(baseline: number): Promise<Footprint>;
  close(): Promise<void>;
}

function redisProbe(url: string): StoreProbe {
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  return {
    raw: () => usedMemory(redis),
    async footprint(baseline) {
      const keys = await prefixKeys(redis, QUEUE_PREFIX);
      let bytes = 0;
      for (let i = 0; i < keys.length; i += 1000) {
        const pipeline = redis.pipeline();
        for (const key of keys.slice(i, i + 1000)) pipeline.memory('USAGE', key, 'SAMPLES', '0');
        for (const [err, size] of (await pipeline.exec()) ?? []) if (!err) bytes += Number(size);
      }
      return {
        deltaBytes: (await usedMemory(redis)) - baseline,
        totalBytes: bytes,
        items: keys.length,
      };
    },
    close: () => {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}

async function postgresProbe(databaseUrl: string): Promise<StoreProbe> {
  const db = new Client({ connectionString: databaseUrl, application_name: 'declass-bench' });
  await db.connect();
  const size = async () =>
    (
      await db.query<{ bytes: string }>(
        `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm')`,
        [QUEUE_PREFIX],
      )
    ).rows[0]!.bytes;
  return {
    raw: async () => Number(await size()),
    async footprint(baseline) {
      const total = Number(await size());
      const rows = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${quoteIdent(QUEUE_PREFIX)}.job`,
      );
      return { deltaBytes: total - baseline, totalBytes: total, items: rows.rows[0]!.n };
    },
    close: () => db.end(),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `count()` reaches `target`; rejects after `timeoutMs`, saying how far it got. */
async function until(
  what: string,
  count: () => number,
  target: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (count() < target) {
    if (Date.now() > deadline) {
      throw new Error(`${what}: ${count()} of ${target} after ${round(timeoutMs / 1000, 0)} s`);
    }
    await sleep(5);
  }
}

// ---------------------------------------------------------------------------------------------
// One backend (the child process)

interface BackendResult {
  backend: QueueBackend;
  /** openQueueStore until it can take jobs (PostgreSQL: BullMQ's migrations on an empty schema). */
  storeReadyMs: number;
  delayed: {
    jobs: number;
    addPerS: number;
    /** Jobs whose due time had passed when the batch that added them came back. */
    addedLate: number;
    /** getDelayedCount() right after the adds, before the window opens. */
    delayedCount: number;
    footprint: Footprint;
    /** Processor start − due time. */
    lagMs: LatencySummary;
    /** Jobs of the queue in any state once every one has run (removeOnComplete: true: 0). */
    leftAfter: number;
    cpu: PhaseCpu;
  };
  bulk: { addPerS: number; drainPerS: number; addCpu: PhaseCpu; drainCpu: PhaseCpu };
  single: { addPerS: number; drainPerS: number; addCpu: PhaseCpu; drainCpu: PhaseCpu };
  /** What the store holds after the throughput phases: 2 × jobs completed, kept 24 h. */
  afterThroughput: Footprint;
  /** process.resourceUsage().maxRSS at the start (modules loaded) and at the end. */
  rssMb: { start: number; peak: number };
  errors: string[];
  cpuBefore: { machineBusyPct: number };
}

const rssMb = () => round(process.resourceUsage().maxRSS / 1024, 0);

/** The outbox relay's job options (src/outbox/outbox.relay.ts; inline there, copied here). */
const relayJobOptions = (id: string): JobsOptions => ({
  jobId: `relay-${id}`,
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
});

/** A notify job's data as the relay sends it, sized like the real one. */
const notifyData = (i: number) => ({
  reviewId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
  documentId: `00000000-0000-4000-9000-${i.toString(16).padStart(12, '0')}`,
  recipient: 'assignee' as const,
  reason: 'ASSIGNED',
  userId: `00000000-0000-4000-a000-${(i % 64).toString(16).padStart(12, '0')}`,
  outboxId: String(1_000_000 + i),
});

/** Deterministic deadline ids, in the shape of the real ones (uuids). */
const deadlineId = (i: number) => `00000000-0000-4000-b000-${i.toString(16).padStart(12, '0')}`;

function configFor(backend: QueueBackend): AppConfig {
  const base = benchSettings();
  return {
    ...base,
    databaseUrl: databaseUrlOf(base.databaseUrl, DATABASE_NAME),
    redisUrl: backend === 'redis' ? base.redisUrl : null,
    queuePrefix: QUEUE_PREFIX,
  };
}

/** Removes what any run left: the database, and the keys under the prefix. Safe to repeat. */
async function cleanUp(): Promise<void> {
  const base = benchSettings();
  await dropDatabase(databaseUrlOf(base.databaseUrl, DATABASE_NAME));
  const redis = new Redis(base.redisUrl, { maxRetriesPerRequest: 3 });
  try {
    await dropPrefix(redis, QUEUE_PREFIX);
  } finally {
    redis.disconnect();
  }
}

async function createDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(DATABASE_NAME)}`);
  } finally {
    await admin.end();
  }
}

async function runBackend(backend: QueueBackend, options: Options): Promise<BackendResult> {
  const startRss = rssMb();
  const log = (msg: string) => console.error(`[${backend}] ${msg}`);
  const errors: string[] = [];
  const noteError = (where: string) => (err: Error) => {
    if (errors.length < 20) errors.push(`${where}: ${err.message}`);
  };
  const config = configFor(backend);
  await cleanUp();
  if (backend === 'postgres') await createDatabase(config.databaseUrl);
  const idle = await idleCheck(DATABASE_NAME);

  let t = process.hrtime.bigint();
  const store: QueueStore = await openQueueStore(config);
  const probe =
    backend === 'redis' ? redisProbe(config.redisUrl!) : await postgresProbe(config.databaseUrl);
  const workers: Worker[] = [];
  const startWorker = (name: QueueName, processor: (job: Job) => Promise<void>, c: number) => {
    const worker = store.worker(name, processor, c);
    worker.on('error', noteError(`worker ${name}`));
    worker.on('failed', (job, err) => noteError(`job ${job?.id}`)(err));
    workers.push(worker);
    return worker;
  };
  const stopWorker = async (worker: Worker) => {
    await worker.close();
    workers.splice(workers.indexOf(worker), 1);
  };
  try {
    const deadlines = store.queues.get(QUEUES.deadlines)!;
    const notifications = store.queues.get(QUEUES.notifications)!;
    for (const q of [deadlines, notifications]) q.on('error', noteError(`queue ${q.name}`));
    await Promise.all([deadlines.waitUntilReady(), notifications.waitUntilReady()]);
    const storeReadyMs = Number(process.hrtime.bigint() - t) / 1e6;
    const baseline = await probe.raw();

    // (b) + (c): delayed jobs as the sweeper makes them, due evenly over the window; the worker
    // of the deadlines queue runs all along, as in a worker process.
    const lags: number[] = [];
    const deadlineWorker = startWorker(
      QUEUES.deadlines,
      (job: Job) => {
        lags.push(Date.now() - (job.data as { dueAt: number }).dueAt);
        return Promise.resolve();
      },
      QUEUE_CONCURRENCY[QUEUES.deadlines],
    );
    await deadlineWorker.waitUntilReady();
    log(`store ready in ${round(storeReadyMs, 0)} ms; adding ${options.delayed} delayed jobs`);
    const firstDue = Date.now() + options.leadS * 1000;
    const dueAt = (i: number) =>
      firstDue + Math.floor((i * options.windowS * 1000) / options.delayed);
    let addedLate = 0;
    t = process.hrtime.bigint();
    for (let i = 0; i < options.delayed; i += SWEEP_BATCH) {
      const now = Date.now();
      const batch = Array.from({ length: Math.min(SWEEP_BATCH, options.delayed - i) }, (_, k) => {
        const id = deadlineId(i + k);
        const due = dueAt(i + k);
        return {
          name: 'fire-deadline',
          data: { deadlineId: id, dueAt: due },
          opts: deadlineJobOptions(id, Math.max(0, due - now)),
        };
      });
      await deadlines.addBulk(batch);
      const back = Date.now();
      addedLate += batch.filter((j) => j.data.dueAt < back).length;
    }
    const delayedAddPerS = options.delayed / (Number(process.hrtime.bigint() - t) / 1e9);
    const delayedCount = await deadlines.getDelayedCount();
    const delayedFootprint = await probe.footprint(baseline);
    log(
      `${delayedCount} delayed, ${round(delayedFootprint.deltaBytes / 2 ** 20, 2)} MB; waiting for the window (${options.windowS} s)`,
    );
    const delayedCpuStop = cpuMeter(backend);
    const lastDue = dueAt(options.delayed - 1);
    await until(
      'delayed jobs run',
      () => lags.length,
      options.delayed,
      Math.max(0, lastDue - Date.now()) + 60_000,
    );
    const delayedCpu = delayedCpuStop();
    // removeOnComplete: true — give the last completions a moment to land.
    await sleep(500);
    const counts = await deadlines.getJobCounts();
    const leftAfter = Object.values(counts).reduce((sum, n) => sum + n, 0);
    await stopWorker(deadlineWorker);
    log(
      `delayed: lag p99 ${round(summarize(lags).p99Ms, 0)} ms; now ${options.jobs} jobs with addBulk`,
    );

    // (a) throughput on the notifications queue, with the relay's options: adds with no worker
    // running, then a worker at the product's concurrency drains the backlog.
    const concurrency = QUEUE_CONCURRENCY[QUEUES.notifications];
    const drain = async (total: number): Promise<{ perS: number; cpu: PhaseCpu }> => {
      let done = 0;
      const stopCpu = cpuMeter(backend);
      const started = process.hrtime.bigint();
      const worker = startWorker(QUEUES.notifications, () => Promise.resolve(), concurrency);
      worker.on('completed', () => void (done += 1));
      await until('drain', () => done, total, 120_000);
      const perS = total / (Number(process.hrtime.bigint() - started) / 1e9);
      const cpu = stopCpu();
      await stopWorker(worker);
      return { perS, cpu };
    };

    let stopCpu = cpuMeter(backend);
    t = process.hrtime.bigint();
    for (let i = 0; i < options.jobs; i += RELAY_BATCH) {
      await notifications.addBulk(
        Array.from({ length: Math.min(RELAY_BATCH, options.jobs - i) }, (_, k) => ({
          name: 'notify',
          data: notifyData(i + k),
          opts: relayJobOptions(String(i + k)),
        })),
      );
    }
    const bulkAddPerS = options.jobs / (Number(process.hrtime.bigint() - t) / 1e9);
    const bulkAddCpu = stopCpu();
    const bulkDrain = await drain(options.jobs);
    log(
      `addBulk ${round(bulkAddPerS, 0)}/s, drain ${round(bulkDrain.perS, 0)}/s; now one at a time`,
    );

    stopCpu = cpuMeter(backend);
    t = process.hrtime.bigint();
    for (let i = 0; i < options.jobs; i++) {
      const n = options.jobs + i;
      await notifications.add('notify', notifyData(n), relayJobOptions(String(n)));
    }
    const singleAddPerS = options.jobs / (Number(process.hrtime.bigint() - t) / 1e9);
    const singleAddCpu = stopCpu();
    const singleDrain = await drain(options.jobs);
    log(`add ${round(singleAddPerS, 0)}/s, drain ${round(singleDrain.perS, 0)}/s`);
    const afterThroughput = await probe.footprint(baseline);

    return {
      backend,
      storeReadyMs,
      delayed: {
        jobs: options.delayed,
        addPerS: delayedAddPerS,
        addedLate,
        delayedCount,
        footprint: delayedFootprint,
        lagMs: summarize(lags),
        leftAfter,
        cpu: delayedCpu,
      },
      bulk: {
        addPerS: bulkAddPerS,
        drainPerS: bulkDrain.perS,
        addCpu: bulkAddCpu,
        drainCpu: bulkDrain.cpu,
      },
      single: {
        addPerS: singleAddPerS,
        drainPerS: singleDrain.perS,
        addCpu: singleAddCpu,
        drainCpu: singleDrain.cpu,
      },
      afterThroughput,
      rssMb: { start: startRss, peak: rssMb() },
      errors,
      cpuBefore: { machineBusyPct: idle.machineBusyPct },
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await store.close();
    await probe.close();
    await cleanUp();
  }
}

// ---------------------------------------------------------------------------------------------
// The parent: one child per backend and run, then the table

/** Runs one backend in a child process; its result, or why there is none. */
function runChild(
  backend: QueueBackend,
  argv: string[],
  timeoutMs: number,
): Promise<BackendResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, ...argv, '--child', backend], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let result: BackendResult | null = null;
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(RESULT_MARK)) {
          result = JSON.parse(line.slice(RESULT_MARK.length)) as BackendResult;
        } else if (line.trim()) {
          process.stderr.write(`[${backend}] ${line}\n`);
        }
      }
    });
    const timer = setTimeout(() => {
      console.error(`[bench] ${backend} still running after ${timeoutMs / 1000} s: stopping it`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (result && code === 0) resolve(result);
      else
        reject(
          new Error(
            `${backend}: the run ${signal ? `was killed (${signal})` : `exited with ${code}`}`,
          ),
        );
    });
  });
}

const fmt = (v: number, digits = 0) =>
  Number.isFinite(v)
    ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';

/** One figure over the runs: the value, or the median with the range. */
function cell(values: number[], digits = 0): string {
  if (values.length === 0) return '—';
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  if (sorted.length === 1) return fmt(median, digits);
  return `${fmt(median, digits)} (${fmt(sorted[0]!, digits)}–${fmt(sorted[sorted.length - 1]!, digits)})`;
}

const cpuCell = (cpus: PhaseCpu[]) => {
  const avg = (f: (c: PhaseCpu) => number) => cpus.reduce((s, c) => s + f(c), 0) / cpus.length;
  return cpus.length
    ? `${fmt(
        avg((c) => c.node),
        2,
      )} / ${fmt(
        avg((c) => c.store),
        2,
      )} / ${fmt(
        avg((c) => c.rest),
        2,
      )}`
    : '—';
};

function table(options: Options, results: BackendResult[]): string {
  const by = (b: QueueBackend) => results.filter((r) => r.backend === b);
  const columns = options.backends;
  const rows: [string, (rs: BackendResult[]) => string][] = [
    ['store ready (ms)', (rs) => cell(rs.map((r) => r.storeReadyMs))],
    [`addBulk ×${RELAY_BATCH}, no worker (jobs/s)`, (rs) => cell(rs.map((r) => r.bulk.addPerS))],
    [
      `  then drain, concurrency ${QUEUE_CONCURRENCY[QUEUES.notifications]} (jobs/s)`,
      (rs) => cell(rs.map((r) => r.bulk.drainPerS)),
    ],
    ['add one at a time, no worker (jobs/s)', (rs) => cell(rs.map((r) => r.single.addPerS))],
    [
      `  then drain, concurrency ${QUEUE_CONCURRENCY[QUEUES.notifications]} (jobs/s)`,
      (rs) => cell(rs.map((r) => r.single.drainPerS)),
    ],
    [`delayed: addBulk ×${SWEEP_BATCH} (jobs/s)`, (rs) => cell(rs.map((r) => r.delayed.addPerS))],
    ['delayed lag p50 (ms)', (rs) => cell(rs.map((r) => r.delayed.lagMs.p50Ms))],
    ['delayed lag p95 (ms)', (rs) => cell(rs.map((r) => r.delayed.lagMs.p95Ms))],
    ['delayed lag p99 (ms)', (rs) => cell(rs.map((r) => r.delayed.lagMs.p99Ms))],
    ['delayed lag max (ms)', (rs) => cell(rs.map((r) => r.delayed.lagMs.maxMs))],
    [
      `store growth, ${fmt(options.delayed)} delayed (MB)`,
      (rs) =>
        cell(
          rs.map((r) => r.delayed.footprint.deltaBytes / 2 ** 20),
          2,
        ),
    ],
    [
      '  per delayed job (bytes)',
      (rs) => cell(rs.map((r) => r.delayed.footprint.deltaBytes / r.delayed.jobs)),
    ],
    [
      '  store total (MB; Redis: MEMORY USAGE)',
      (rs) =>
        cell(
          rs.map((r) => r.delayed.footprint.totalBytes / 2 ** 20),
          2,
        ),
    ],
    [
      `store after ${fmt(2 * options.jobs)} completed (MB)`,
      (rs) =>
        cell(
          rs.map((r) => r.afterThroughput.deltaBytes / 2 ** 20),
          1,
        ),
    ],
    ['bench process peak RSS (MB)', (rs) => cell(rs.map((r) => r.rssMb.peak))],
    ['  at start, before the store (MB)', (rs) => cell(rs.map((r) => r.rssMb.start))],
    ['cpu, drain: node / store / rest', (rs) => cpuCell(rs.map((r) => r.bulk.drainCpu))],
    [
      'cpu, add one at a time: node / store / rest',
      (rs) => cpuCell(rs.map((r) => r.single.addCpu)),
    ],
    ['cpu, delayed window: node / store / rest', (rs) => cpuCell(rs.map((r) => r.delayed.cpu))],
    ['machine busy before start (%)', (rs) => cell(rs.map((r) => r.cpuBefore.machineBusyPct))],
    ['delayed added after their due time', (rs) => cell(rs.map((r) => r.delayed.addedLate))],
    ['jobs left after the delayed ran', (rs) => cell(rs.map((r) => r.delayed.leftAfter))],
    ['errors (worker/queue/failed jobs)', (rs) => cell(rs.map((r) => r.errors.length))],
  ];
  const cells = rows.map(([label, f]) => [label, ...columns.map((b) => f(by(b)))]);
  const header = ['', ...columns];
  const widths = header.map((_, i) => Math.max(...[header, ...cells].map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ');
  return [line(header), ...cells.map(line)].join('\n');
}

async function parent(options: Options, argv: string[]): Promise<number> {
  const started = Date.now();
  const results: BackendResult[] = [];
  const failures: string[] = [];
  for (let run = 1; run <= options.runs; run++) {
    const order = run % 2 === 1 ? options.backends : [...options.backends].reverse();
    for (const backend of order) {
      const left = options.timeoutS * 1000 - (Date.now() - started);
      if (left <= 0) {
        failures.push(`${backend} run ${run}: not started, --timeout ${options.timeoutS} s spent`);
        continue;
      }
      console.error(`[bench] run ${run}/${options.runs}: ${backend}`);
      try {
        results.push(await runChild(backend, argv, left));
      } catch (err) {
        failures.push(`run ${run}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        await cleanUp(); // what a killed child could not remove
      }
    }
  }
  console.log(
    `queues bench — ${fmt(options.jobs)} jobs per add mode, ${fmt(options.delayed)} delayed due over ${options.windowS} s from +${options.leadS} s; ` +
      `${cpus().length} cores; ${options.runs} run(s)${options.runs > 1 ? ': median (min–max)' : ''}; cpu in cores`,
  );
  console.log(table(options, results));
  for (const r of results) {
    for (const e of r.errors) console.log(`error (${r.backend}): ${e}`);
  }
  for (const f of failures) console.log(`FAILED ${f}`);
  console.log(JSON.stringify({ bench: 'queues', options, results, failures }));
  return failures.length > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const childAt = argv.indexOf('--child');
  const options = parseOptions(argv, process.env);
  if (childAt >= 0) {
    const backend = argv[childAt + 1] as QueueBackend;
    if (!BACKENDS.includes(backend)) throw new Error(`--child takes redis or postgres`);
    const result = await runBackend(backend, options);
    console.log(RESULT_MARK + JSON.stringify(result));
    return 0;
  }
  return parent(options, argv);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
