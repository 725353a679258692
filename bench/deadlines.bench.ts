import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import {
  benchConfig,
  dropPrefix,
  serviceEnv,
  type BenchConfig,
  optionReader,
  prefixKeys,
  recreateDatabase,
} from './support/bench-setup';
import { CpuMeter, idleCheck, type CpuReport } from './support/cpu';
import { round, summarize, type LatencySummary } from './support/stats';

/**
 * `npm run bench:deadlines`: a million deadlines spread over 30 years and ten thousand due in the
 * next minute, then the real worker (`dist/src/worker.js`, as `npm run start:worker` runs it).
 * Reports what the queue costs Redis, what the rows cost Postgres, and how late each due deadline
 * took effect. See bench/README.md.
 *
 *   node dist/bench/deadlines.bench.js [--far 1000000] [--due 10000] [--window 60] [--lead 20]
 *                                      [--workers 1] [--timeout 300]
 *
 * Options also read from the environment: BENCH_FAR, BENCH_DUE, BENCH_WINDOW_S, BENCH_LEAD_S,
 * BENCH_WORKERS, BENCH_TIMEOUT_S. The database is `declass_bench_deadlines` on the server of
 * DATABASE_URL (unset: the local PostgreSQL, 127.0.0.1:5432; dropped and recreated at start, left
 * for inspection); BullMQ keys use the prefix `bench_deadlines` in REDIS_URL (unset: the local
 * Redis, 127.0.0.1:6379), deleted at start and at the end.
 */

const DATABASE_NAME = 'declass_bench_deadlines';
const QUEUE_PREFIX = 'bench_deadlines';
const TARGET_REDIS_MB = 50;
const TARGET_P99_MS = 2000;
const FAR_YEARS = 30;

interface Options {
  far: number;
  due: number;
  windowS: number;
  leadS: number;
  workers: number;
  timeoutS: number;
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const { int } = optionReader(argv, env);
  return {
    far: int('far', 'BENCH_FAR', 1_000_000, 0, 20_000_000),
    due: int('due', 'BENCH_DUE', 10_000, 1, 200_000),
    windowS: int('window', 'BENCH_WINDOW_S', 60, 1, 3600),
    leadS: int('lead', 'BENCH_LEAD_S', 20, 2, 600),
    workers: int('workers', 'BENCH_WORKERS', 1, 1, 16),
    timeoutS: int('timeout', 'BENCH_TIMEOUT_S', 300, 30, 7200),
  };
}

interface RedisFootprint {
  keys: number;
  /** Sum of MEMORY USAGE over every key of the prefix, in MB. */
  memoryUsageMb: number;
  /** INFO memory used_memory minus the same figure before the bench, in MB. */
  usedMemoryDeltaMb: number;
  delayedJobs: number;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 'NaN');
}

async function footprint(redis: Redis, baseline: number): Promise<RedisFootprint> {
  const keys = await prefixKeys(redis, QUEUE_PREFIX);
  let bytes = 0;
  for (let i = 0; i < keys.length; i += 1000) {
    const pipeline = redis.pipeline();
    for (const key of keys.slice(i, i + 1000)) pipeline.memory('USAGE', key, 'SAMPLES', '0');
    for (const [err, size] of (await pipeline.exec()) ?? []) if (!err) bytes += Number(size ?? 0);
  }
  const delayedJobs = await redis.zcard(`${QUEUE_PREFIX}:{deadlines}:delayed`);
  return {
    keys: keys.length,
    memoryUsageMb: round(bytes / 2 ** 20, 2),
    usedMemoryDeltaMb: round(((await usedMemory(redis)) - baseline) / 2 ** 20, 2),
    delayedJobs,
  };
}

function startWorkers(n: number, config: BenchConfig): ChildProcess[] {
  const script = join(__dirname, '..', 'src', 'worker.js');
  return Array.from({ length: n }, (_, i) => {
    const child = spawn(process.execPath, [script], {
      env: serviceEnv(config, { LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // At LOG_LEVEL=warn only warnings and errors come out: a failed job, a deadline without effect.
    const relay = (chunk: Buffer) => process.stderr.write(`[worker ${i + 1}] ${chunk.toString()}`);
    child.stdout?.on('data', relay);
    child.stderr?.on('data', relay);
    return child;
  });
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time of the worker processes so far, in ms (Linux /proc; 0 elsewhere). */
function childrenCpuMs(children: ChildProcess[]): number {
  let ticks = 0;
  for (const child of children) {
    try {
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone, or not Linux
    }
  }
  return ticks * 10;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const config = benchConfig(DATABASE_NAME, QUEUE_PREFIX);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
  let children: ChildProcess[] = [];
  try {
    console.error(`bench:deadlines: recreating ${DATABASE_NAME}, clearing ${QUEUE_PREFIX}:*`);
    await recreateDatabase(config.databaseUrl);
    const db = new Pool({ connectionString: config.databaseUrl, max: 4 });
    try {
      await dropPrefix(redis, QUEUE_PREFIX);
      const baseline = await usedMemory(redis);
      const idle = await idleCheck(DATABASE_NAME);

      // 1. A million deadlines, one a day or so from tomorrow for 30 years (documents not needed:
      //    none of them falls due while the bench runs).
      let t0 = Date.now();
      await db.query(
        `INSERT INTO deadlines (id, kind, subject_type, subject_id, due_at, rule)
         SELECT gen_random_uuid(), 'AUTO_DECLASSIFY', 'DOCUMENT', gen_random_uuid(),
                now() + interval '1 day' + (i::float8 / $1) * interval '${FAR_YEARS} years', 'bench: far'
           FROM generate_series(1, $1::int) i`,
        [options.far],
      );
      const farInsertS = (Date.now() - t0) / 1000;

      // 2. Ten thousand 1977 SECRET cables nobody reviewed, each due to be declassified within
      //    the window that opens `lead` seconds from now: an AUTO_DECLASSIFY with a real effect.
      t0 = Date.now();
      await db.query(
        `INSERT INTO documents (id, collection, document_number, title, document_date, original_classification,
           current_classification, classification_rank, content_hash, auto_declassify_on)
         SELECT gen_random_uuid(), 'bench', 'BENCH' || lpad(i::text, 7, '0'), 'Bench cable ' || i, '1977-06-16',
                'SECRET', 'SECRET', 2, 'bench', '2002-12-31'
           FROM generate_series(1, $1::int) i`,
        [options.due],
      );
      await db.query(
        `INSERT INTO portions (id, document_id, seq, classification, text)
         SELECT gen_random_uuid(), id, 1, 'SECRET', 'Bench paragraph.' FROM documents WHERE collection = 'bench'`,
      );
      const dueRows = await db.query<{ n: number }>(
        `WITH docs AS (SELECT id, row_number() OVER (ORDER BY document_number) - 1 AS k FROM documents WHERE collection = 'bench')
         INSERT INTO deadlines (id, kind, subject_type, subject_id, due_at, rule)
         SELECT gen_random_uuid(), 'AUTO_DECLASSIFY', 'DOCUMENT', id,
                now() + make_interval(secs => $1::float8 + k * $2::float8 / $3::float8), 'bench: due'
           FROM docs`,
        [options.leadS, options.windowS, options.due],
      );
      const dueInsertS = (Date.now() - t0) / 1000;
      // In service the million rows are years old: vacuumed, analysed, checkpointed. Settle them
      // so that the write burst of the inserts does not land on the workers' first commits.
      await db.query('VACUUM ANALYZE deadlines');
      await db.query('VACUUM ANALYZE documents');
      await db.query('CHECKPOINT').catch(() => undefined); // needs pg_checkpoint; fine without

      // The sweeper's query against a million pending rows.
      const plan = await db.query<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) SELECT id, due_at FROM deadlines
          WHERE status = 'PENDING' AND due_at < now() + interval '24 hours' ORDER BY due_at LIMIT 20000`,
      );
      const sweepQueryMs = (
        plan.rows[0]!['QUERY PLAN'] as [{ 'Execution Time': number; Plan: { 'Node Type': string } }]
      )[0]['Execution Time'];

      // 3. The workers: each sweeps at start and runs the jobs.
      console.error(
        `bench:deadlines: ${options.far} far + ${dueRows.rowCount} due rows in; starting ${options.workers} worker(s)`,
      );
      const started = Date.now();
      children = startWorkers(options.workers, config);

      // Peak Redis cost: once the sweep has queued the due ones and before any falls due.
      let peak: RedisFootprint | null = null;
      while (Date.now() - started < (options.leadS - 1) * 1000) {
        const delayed = await redis.zcard(`${QUEUE_PREFIX}:{deadlines}:delayed`);
        if (delayed >= options.due) {
          peak = await footprint(redis, baseline);
          break;
        }
        await sleep(200);
      }
      peak ??= await footprint(redis, baseline);
      const sweptInS = (Date.now() - started) / 1000;

      // 4. Wait for every due one to take effect, and see where the CPU goes meanwhile.
      const meter = new CpuMeter(DATABASE_NAME).start();
      const workersCpuBefore = childrenCpuMs(children);
      const meterStarted = Date.now();
      const deadline = Date.now() + options.timeoutS * 1000;
      let fired = 0;
      while (Date.now() < deadline) {
        // Through deadlines_fired_idx: a scan of the million rows every poll would steal a core.
        const res = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM deadlines WHERE status = 'FIRED' AND fired_at >= $1`,
          [new Date(started)],
        );
        fired = res.rows[0]!.n;
        if (fired >= options.due) break;
        await sleep(1000);
      }
      const cpu: CpuReport & { workersCores: number } = {
        ...meter.stop(),
        workersCores: (childrenCpuMs(children) - workersCpuBefore) / (Date.now() - meterStarted),
      };
      const after = await footprint(redis, baseline);

      // 5. Lag, effects, rows.
      const lags = (
        await db.query<{ ms: number }>(
          `SELECT extract(epoch FROM fired_at - due_at)::float8 * 1000 AS ms FROM deadlines WHERE rule = 'bench: due' AND status = 'FIRED'`,
        )
      ).rows.map((r) => r.ms);
      const lag: LatencySummary = summarize(lags);
      const effects = (
        await db.query<{
          declassified: number;
          audited: number;
          far_pending: number;
          rows: number;
        }>(
          `SELECT (SELECT count(*)::int FROM documents WHERE collection = 'bench' AND current_classification = 'UNCLASSIFIED') AS declassified,
                  (SELECT count(*)::int FROM audit_events WHERE action = 'DOCUMENT_AUTO_DECLASSIFIED') AS audited,
                  (SELECT count(*)::int FROM deadlines WHERE rule = 'bench: far' AND status = 'PENDING') AS far_pending,
                  (SELECT count(*)::int FROM deadlines) AS rows`,
        )
      ).rows[0]!;
      const sizes = (
        await db.query<{ table_mb: number; indexes_mb: number }>(
          `SELECT round(pg_table_size('deadlines') / 1048576.0, 1)::float8 AS table_mb,
                  round(pg_indexes_size('deadlines') / 1048576.0, 1)::float8 AS indexes_mb`,
        )
      ).rows[0]!;

      const redisMet =
        peak.memoryUsageMb < TARGET_REDIS_MB && peak.usedMemoryDeltaMb < TARGET_REDIS_MB;
      const lagMet = lag.count === options.due && lag.p99Ms < TARGET_P99_MS;
      const exactlyOnce = effects.declassified === options.due && effects.audited === options.due;
      const ms = (v: number) => round(v, 0);
      console.log(
        [
          `deadlines bench — ${options.far.toLocaleString('en-US')} far (${FAR_YEARS} years), ${options.due.toLocaleString('en-US')} due within ${options.windowS} s from +${options.leadS} s, ${options.workers} worker process(es), ${cpus().length} cores`,
          `postgres: ${effects.rows.toLocaleString('en-US')} deadline rows, table ${sizes.table_mb} MB + indexes ${sizes.indexes_mb} MB; inserts ${round(farInsertS, 1)} s (far) + ${round(dueInsertS, 1)} s (due); sweep query ${round(sweepQueryMs, 1)} ms`,
          `redis at peak (all due ones queued, ${round(sweptInS, 1)} s after start): ${peak.keys} keys, ${peak.delayedJobs} delayed jobs, MEMORY USAGE ${peak.memoryUsageMb} MB, used_memory +${peak.usedMemoryDeltaMb} MB (target < ${TARGET_REDIS_MB} MB: ${redisMet ? 'met' : 'NOT met'})`,
          `redis after: ${after.keys} keys, MEMORY USAGE ${after.memoryUsageMb} MB`,
          `lag due → effect over ${lag.count} deadlines: p50 ${ms(lag.p50Ms)} ms, p95 ${ms(lag.p95Ms)} ms, p99 ${ms(lag.p99Ms)} ms, max ${ms(lag.maxMs)} ms (target p99 < ${TARGET_P99_MS} ms: ${lagMet ? 'met' : 'NOT met'})`,
          `cpu while firing (${cpus().length} cores): machine ${round(cpu.machineBusyPct, 0)}% busy; workers ${round(cpu.workersCores, 2)} cores, postgres ${round(cpu.postgresCores ?? Number.NaN, 2)} (bench db ${round(cpu.benchBackendCores ?? Number.NaN, 2)}), everything else ${round(Math.max(0, cpu.otherCores - cpu.workersCores), 2)}; before the run the machine was ${round(idle.machineBusyPct, 0)}% busy`,
          `effects: ${effects.declassified} declassified, ${effects.audited} audit events (exactly once: ${exactlyOnce ? 'yes' : 'NO'}); far ones still pending: ${effects.far_pending}`,
        ].join('\n'),
      );
      console.log(
        JSON.stringify({
          bench: 'deadlines',
          options,
          postgres: { rows: effects.rows, ...sizes, farInsertS, dueInsertS, sweepQueryMs },
          redis: { peak, after, targetMb: TARGET_REDIS_MB, met: redisMet },
          lagMs: { ...lag, targetP99Ms: TARGET_P99_MS, met: lagMet },
          effects: { ...effects, exactlyOnce },
          cpu,
          idle,
        }),
      );
      return fired >= options.due && exactlyOnce ? 0 : 1;
    } finally {
      await stopWorkers(children);
      await dropPrefix(redis, QUEUE_PREFIX);
      await db.end();
    }
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
