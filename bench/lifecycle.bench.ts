import 'reflect-metadata';
import { cpus, platform, release } from 'node:os';
import { Pool } from 'pg';
import type { AppConfig } from '../src/config/config';
import {
  addUserWithCli,
  ApiBootFailure,
  startApiInProcess,
  startApiProcess,
  type Api,
} from './support/api';
import { benchConfig, dropQueueKeys, optionReader, recreateDatabase } from './support/bench-setup';
import { CpuMeter, idleCheck, type ContextSwitches, type CpuReport } from './support/cpu';
import { CpuProfiler, type CpuProfileSummary } from './support/cpu-profile';
import { JsonClient, type ClientKind, type JsonResponse } from './support/http-client';
import {
  copyReviews,
  runRawLifecycles,
  type RawActor,
  type RawPhaseResult,
} from './support/raw-sql';
import { SqlProfiler, type SqlProfile } from './support/sql-profile';
import { elapsedMs, round, summarize, type LatencySummary } from './support/stats';

/**
 * `npm run bench`: drives review lifecycles through the HTTP API with concurrent clients, then the
 * same transaction shape as raw SQL on the same database, and compares the two. The two kinds
 * alternate in rounds, so that both see the same (shared, drifting) machine. See bench/README.md.
 * The API runs in a process of its own, as `npm start` runs it; this process holds the clients
 * and the raw-SQL loops. `--in-process` boots the API in this process instead (the profilers,
 * which look inside the API, need that and imply it).
 *
 *   node dist/bench/lifecycle.bench.js [--reviews 400] [--rounds 4] [--clients 16] [--warmup 32]
 *                                      [--client http|fetch] [--in-process] [--profile]
 *                                      [--cpu-profile FILE] [--api-log] [--timeout 600]
 *
 * Every option also reads from the environment: BENCH_REVIEWS, BENCH_ROUNDS, BENCH_CLIENTS,
 * BENCH_WARMUP, BENCH_CLIENT, BENCH_IN_PROCESS=1, BENCH_PROFILE=1, BENCH_CPU_PROFILE=FILE,
 * BENCH_API_LOG=1, BENCH_TIMEOUT_S.
 * The database is `declass_bench` on the server of DATABASE_URL (dropped and recreated at
 * start); BullMQ keys use the prefix `bench`.
 */

const DATABASE_NAME = 'declass_bench';
const QUEUE_PREFIX = 'bench';
const REVIEWERS = 16;
const TRANSITIONS_PER_REVIEW = 7;
const TARGET_RATIO = 0.4;
const TARGET_P99_MS = 100;
const EXEMPTION = '25X6, 20271231';
const JUSTIFICATION =
  'Reveals a liaison relationship with a foreign government that remains in force (E.O. 13526 §3.3(b)(6)).';

interface Options {
  reviews: number;
  /** The timed reviews are split into this many rounds of HTTP, then raw SQL. */
  rounds: number;
  clients: number;
  warmup: number;
  client: ClientKind;
  /** The API in this process: asked for, or implied by a profiler. */
  inProcess: boolean;
  profile: boolean;
  cpuProfile: string | null;
  apiLog: boolean;
  timeoutS: number;
}

interface Person {
  id: string;
  username: string;
  token: string;
}

interface ReviewBody {
  id: string;
  state: string;
  version: number;
  portions: { id: string; seq: number }[];
  message?: string;
}

/** A status the bench does not expect: the service or the bench is broken, so the run stops. */
class BenchAbort extends Error {
  override name = 'BenchAbort';
}

/** A transition refused with 409 (a conflict): counted, its review abandoned, the run goes on. */
class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const { flag, int } = optionReader(argv, env);
  const client = (flag('client') ?? env.BENCH_CLIENT ?? 'http') as ClientKind;
  if (client !== 'http' && client !== 'fetch') {
    throw new Error(`--client / BENCH_CLIENT must be http or fetch (got "${String(client)}")`);
  }
  const profile = argv.includes('--profile') || env.BENCH_PROFILE === '1';
  const cpuProfile = flag('cpu-profile') || env.BENCH_CPU_PROFILE || null;
  const reviews = int('reviews', 'BENCH_REVIEWS', 400, 1, 100_000);
  const rounds = int('rounds', 'BENCH_ROUNDS', 4, 1, 100_000);
  if (reviews < rounds) {
    throw new Error(`--reviews (${reviews}) must be at least --rounds (${rounds})`);
  }
  return {
    reviews,
    rounds,
    clients: int('clients', 'BENCH_CLIENTS', 16, 1, 64),
    warmup: int('warmup', 'BENCH_WARMUP', 32, 0, 10_000),
    client,
    inProcess:
      argv.includes('--in-process') ||
      env.BENCH_IN_PROCESS === '1' ||
      profile ||
      cpuProfile !== null,
    profile,
    cpuProfile,
    apiLog: argv.includes('--api-log') || env.BENCH_API_LOG === '1',
    timeoutS: int('timeout', 'BENCH_TIMEOUT_S', 600, 10, 3600),
  };
}

/** Runs `work` for items 0..count-1 with `concurrency` workers; each worker knows its number. */
async function pooled(
  count: number,
  concurrency: number,
  work: (index: number, worker: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async (_, worker) => {
      for (let i = next++; i < count; i = next++) await work(i, worker);
    }),
  );
}

const explain = (res: JsonResponse): string => {
  const body = res.body as { message?: unknown } | string | undefined;
  const message = typeof body === 'string' ? body : body?.message;
  return `${res.status}${message ? `: ${typeof message === 'string' ? message : JSON.stringify(message)}` : ''}`;
};

function expectStatus(res: JsonResponse, expected: number, what: string): void {
  if (res.status === expected) return;
  throw new BenchAbort(`${what} answered ${explain(res)} (expected ${expected})`);
}

interface Recorder {
  /** Latency of every POST /api/reviews/:id/events, in ms. */
  transitions: number[];
  byType: Map<string, number[]>;
  opens: number[];
  failures: Map<number, number>;
  failureSamples: string[];
}

const newRecorder = (): Recorder => ({
  transitions: [],
  byType: new Map(),
  opens: [],
  failures: new Map(),
  failureSamples: [],
});

/** What one review's decisions are: every fourth in full, every fourth denied, the rest in part. */
function plan(index: number): { exempt: boolean[]; determination: string; finalState: string } {
  switch (index % 4) {
    case 0:
      return {
        exempt: [false, false, false, false],
        determination: 'RELEASE_IN_FULL',
        finalState: 'released',
      };
    case 1:
      return {
        exempt: [true, true, true, true],
        determination: 'DENY_IN_FULL',
        finalState: 'withheld',
      };
    case 2:
      return {
        exempt: [true, false, false, false],
        determination: 'RELEASE_IN_PART',
        finalState: 'released',
      };
    default:
      return {
        exempt: [false, true, false, true],
        determination: 'RELEASE_IN_PART',
        finalState: 'released',
      };
  }
}

interface Cast {
  supervisors: [Person, Person];
  reviewers: Person[];
}

/** One review from open to approval: open, ASSIGN, 4 × DECIDE_PORTION, PROPOSE, APPROVE. */
async function lifecycle(
  http: JsonClient,
  cast: Cast,
  documentId: string,
  index: number,
  worker: number,
  rec: Recorder | null,
): Promise<string | null> {
  const [opener, approver] =
    index % 2 === 0 ? cast.supervisors : ([cast.supervisors[1], cast.supervisors[0]] as const);
  const reviewer = cast.reviewers[worker % cast.reviewers.length]!;

  const opened = await http.send<ReviewBody>(
    'POST',
    `/api/documents/${documentId}/reviews`,
    { kind: 'SYSTEMATIC' },
    opener.token,
  );
  expectStatus(opened, 201, `POST /api/documents/${documentId}/reviews`);
  rec?.opens.push(opened.ms);
  const review = opened.body;
  if (review.portions.length !== 4) {
    throw new BenchAbort(`review ${review.id} has ${review.portions.length} portions, expected 4`);
  }

  const p = plan(index);
  const events: { actor: Person; body: Record<string, unknown> }[] = [
    { actor: opener, body: { type: 'ASSIGN', assigneeId: reviewer.id } },
    ...review.portions.map((portion, i) => ({
      actor: reviewer,
      body: p.exempt[i]
        ? {
            type: 'DECIDE_PORTION',
            portionId: portion.id,
            action: 'EXEMPT',
            exemptions: [EXEMPTION],
            justification: JUSTIFICATION,
          }
        : { type: 'DECIDE_PORTION', portionId: portion.id, action: 'RELEASE' },
    })),
    { actor: reviewer, body: { type: 'PROPOSE', determination: p.determination } },
    { actor: approver, body: { type: 'APPROVE' } },
  ];

  let version = review.version;
  let state = review.state;
  for (const { actor, body } of events) {
    const path = `/api/reviews/${review.id}/events`;
    const res = await http.send<ReviewBody>(
      'POST',
      path,
      { ...body, expectedVersion: version },
      actor.token,
    );
    if (res.status !== 200) {
      if (rec) {
        rec.failures.set(res.status, (rec.failures.get(res.status) ?? 0) + 1);
        if (rec.failureSamples.length < 5) {
          rec.failureSamples.push(`${String(body.type)} on ${review.id}: ${explain(res)}`);
        }
      }
      if (res.status === 409) throw new Refused(res.status, explain(res));
      throw new BenchAbort(
        `POST ${path} ${String(body.type)} by ${actor.username} answered ${explain(res)} (expected 200)`,
      );
    }
    if (rec) {
      rec.transitions.push(res.ms);
      const type = String(body.type);
      const list = rec.byType.get(type) ?? [];
      list.push(res.ms);
      rec.byType.set(type, list);
    }
    if (res.body.version !== version + 1) {
      throw new BenchAbort(
        `${String(body.type)} on review ${review.id} answered version ${res.body.version}, expected ${version + 1}`,
      );
    }
    version = res.body.version;
    state = res.body.state;
  }
  if (state !== p.finalState) {
    throw new BenchAbort(`review ${review.id} ended ${state}, expected ${p.finalState}`);
  }
  return review.id;
}

/**
 * One lifecycle per document, `clients` at a time; `first` is the first document's index in its
 * set (which plan it follows). Records into `rec` when given one.
 */
async function runHttpLifecycles(
  http: JsonClient,
  cast: Cast,
  documentIds: readonly string[],
  first: number,
  clients: number,
  rec: Recorder | null,
): Promise<{ wallMs: number; reviewIds: string[] }> {
  const reviewIds: string[] = [];
  const start = process.hrtime.bigint();
  await pooled(documentIds.length, clients, async (i, worker) => {
    try {
      const id = await lifecycle(http, cast, documentIds[i]!, first + i, worker, rec);
      if (id) reviewIds.push(id);
    } catch (err) {
      if (err instanceof Refused) return;
      throw err;
    }
  });
  return { wallMs: elapsedMs(start), reviewIds };
}

/** One round: HTTP lifecycles, then raw SQL on copies of the reviews they created. */
interface Round {
  httpTransitions: number;
  httpWallMs: number;
  reviewIds: string[];
  copies: string[];
  raw: RawPhaseResult;
}

const perS = (count: number, wallMs: number): string => ((1000 * count) / wallMs).toFixed(0);

/** HTTP transitions/s ÷ raw transactions/s within one round. */
const roundRatio = (r: Round): number =>
  r.httpTransitions / r.httpWallMs / (r.raw.transitions / r.raw.wallMs);

async function login(http: JsonClient, username: string, password: string): Promise<string> {
  const res = await http.send<{ accessToken: string }>('POST', '/api/auth/login', {
    username,
    password,
  });
  expectStatus(res, 200, `POST /api/auth/login as ${username}`);
  return res.body.accessToken;
}

/** One admin from the CLI, the others created by that admin over HTTP, then all logged in. */
async function setUp(
  config: AppConfig,
  http: JsonClient,
  documents: number,
): Promise<{ cast: Cast; documentIds: string[] }> {
  const password = 'bench-password-1977';
  const clearance = 'SECRET';
  await addUserWithCli(config, { username: 'bench-admin', password, roles: ['admin'], clearance });
  const admin = await login(http, 'bench-admin', password);
  const person = async (username: string, roles: string[]): Promise<Person> => {
    const res = await http.send<{ id: string }>(
      'POST',
      '/api/users',
      { username, password, roles, clearance },
      admin,
    );
    expectStatus(res, 201, `POST /api/users ${username}`);
    return { id: res.body.id, username, token: await login(http, username, password) };
  };
  const supervisors: [Person, Person] = [
    await person('bench-supervisor-1', ['supervisor']),
    await person('bench-supervisor-2', ['supervisor']),
  ];
  const reviewers = await Promise.all(
    Array.from({ length: REVIEWERS }, (_, i) =>
      person(`bench-reviewer-${String(i + 1).padStart(2, '0')}`, ['reviewer']),
    ),
  );
  const documentIds: string[] = new Array<string>(documents);
  await pooled(documents, 16, async (i) => {
    const number = `1977BENCH${String(i + 1).padStart(6, '0')}`;
    const res = await http.send<{ id: string }>(
      'POST',
      '/api/documents',
      {
        documentNumber: number,
        title: `Bench cable ${i + 1}: consultations on the SALT TWO verification annex`,
        documentDate: '1977-06-16',
        originalClassification: 'SECRET',
        originator: 'STATE/EUR/SOV',
        tags: ['PFOR', 'PARM', 'UR'],
        portions: [
          {
            classification: 'SECRET',
            text: `1. (S) Summary of the ${number} exchange on telemetry encryption.`,
          },
          {
            classification: 'CONFIDENTIAL',
            text: '2. (C) The delegation will not table the draft before Thursday.',
          },
          {
            classification: 'SECRET',
            text: '3. (S) Liaison reporting confirms the Soviet position on cruise-missile range.',
          },
          {
            classification: 'CONFIDENTIAL',
            text: '4. (C) Embassy requests guidance by close of business.',
          },
        ],
      },
      supervisors[0].token,
    );
    expectStatus(res, 201, `POST /api/documents ${number}`);
    documentIds[i] = res.body.id;
  });
  return { cast: { supervisors, reviewers }, documentIds };
}

/** Sanity of what the phases wrote, straight from the tables. */
async function verifyDatabase(
  pool: Pool,
  httpReviewIds: string[],
  rawReviewIds: string[],
): Promise<{ httpAuditEvents: number; rawAuditEvents: number; outboxRows: number }> {
  const check = async (ids: string[], what: string) => {
    const { rows } = await pool.query<{ ok: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM reviews WHERE id = ANY($1::uuid[])
                 AND state IN ('released', 'withheld') AND version = $2) AS ok,
              (SELECT count(*)::int FROM audit_events WHERE review_id = ANY($1::uuid[])) AS events`,
      [ids, TRANSITIONS_PER_REVIEW + 1],
    );
    const r = rows[0]!;
    if (r.ok !== ids.length) {
      throw new BenchAbort(
        `${what}: ${r.ok} of ${ids.length} reviews finished at version ${TRANSITIONS_PER_REVIEW + 1}`,
      );
    }
    return r.events;
  };
  const httpAuditEvents = await check(httpReviewIds, 'HTTP phase');
  const rawAuditEvents = await check(rawReviewIds, 'raw SQL phase');
  const outbox = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
  return { httpAuditEvents, rawAuditEvents, outboxRows: outbox.rows[0]!.n };
}

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '–');
const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);

function latencyRow(label: string, rate: string, s: LatencySummary): string {
  return `${pad(label, 34)}${lpad(rate, 10)}${lpad(ms(s.p50Ms), 9)}${lpad(ms(s.p95Ms), 9)}${lpad(ms(s.p99Ms), 9)}${lpad(ms(s.maxMs), 9)}`;
}

const cores = (v: number | null): string => (v === null ? '?' : v.toFixed(2));
/** With the API in its own process: it, then this one (the bench); else this one holds both. */
function cpuLine(c: CpuReport): string {
  const postgres =
    `Postgres bench backends ${cores(c.benchBackendCores)} + other Postgres ` +
    `${cores(c.postgresCores === null || c.benchBackendCores === null ? null : c.postgresCores - c.benchBackendCores)}`;
  const busy = `machine ${c.machineBusyPct.toFixed(0)}% busy`;
  const loop = c.eventLoopPct.toFixed(0);
  return c.api
    ? `${busy} = API ${cores(c.api.cores)} (main thread ${c.api.mainThreadPct.toFixed(0)}% on CPU) + ` +
        `bench ${cores(c.nodeCores)} (event loop ${loop}%) + ${postgres} + rest ${cores(c.otherCores)} cores`
    : `${busy} = node ${cores(c.nodeCores)} + ${postgres} + rest ${cores(c.otherCores)} cores; event loop ${loop}%`;
}

function profileLines(profile: SqlProfile, reviews: number, requests: number): string[] {
  const lines = [
    `SQL seen from the API (--profile): ${profile.queries} statements for ${requests} requests ` +
      `(${(profile.queries / requests).toFixed(1)} per request, ${(profile.queries / reviews).toFixed(1)} per review), ` +
      `${(profile.queryMs / requests).toFixed(2)} ms of statement time per request, ` +
      `${profile.poolCheckouts} pool checkouts (${(profile.poolCheckouts / requests).toFixed(1)} per request, ` +
      `${(profile.poolWaitMs / Math.max(1, profile.poolCheckouts)).toFixed(2)} ms wait each)`,
    `  ${pad('per review', 12)}${pad('mean ms', 9)}statement`,
  ];
  for (const s of profile.statements.slice(0, 20)) {
    lines.push(
      `  ${pad((s.count / reviews).toFixed(2), 12)}${pad((s.totalMs / s.count).toFixed(2), 9)}${s.statement}`,
    );
  }
  return lines;
}

function cpuProfileLines(p: CpuProfileSummary, reviews: number): string[] {
  const lines = [
    `V8 CPU profile of the first HTTP round only (--cpu-profile, ${reviews} reviews): ` +
      `${(p.totalMs / 1000).toFixed(1)} s sampled, written to ${p.file}`,
    '  self time by area:',
  ];
  for (const a of p.byArea)
    if (a.pct >= 0.5) lines.push(`    ${lpad(a.pct.toFixed(1), 5)}%  ${a.area}`);
  lines.push('  self time by function:');
  for (const f of p.byFunction.slice(0, 15))
    lines.push(`    ${lpad(f.pct.toFixed(1), 5)}%  ${f.fn}`);
  return lines;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  let api: Api | null = null;
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${options.timeoutS} s; giving up (raise --timeout)`);
    // Stop the API's process (SIGKILL after 5 s), but do not wait on an in-process app that hangs.
    void Promise.race([api?.stop(), new Promise((resolve) => setTimeout(resolve, 6_000))]).finally(
      () => process.exit(2),
    );
  }, options.timeoutS * 1000);
  watchdog.unref();

  const config = benchConfig(DATABASE_NAME, QUEUE_PREFIX);
  const log = (msg: string) => console.error(`[bench] ${msg}`);
  const idle = await idleCheck(DATABASE_NAME);
  log(`before start: ${cpuLine(idle)}`);
  log(`recreating database ${DATABASE_NAME} and running migrations`);
  await recreateDatabase(config.databaseUrl);

  const profiler = options.profile ? new SqlProfiler() : null;
  profiler?.install();

  let http: JsonClient | null = null;
  let pool: Pool | null = null;
  try {
    api = options.inProcess
      ? await startApiInProcess(config, options.apiLog)
      : await startApiProcess(config, options.apiLog);
    http = new JsonClient('127.0.0.1', api.port, options.client, options.clients);
    log(
      `API ${options.inProcess ? 'in this process' : `in its own process (pid ${api.pid})`} listening on ` +
        `127.0.0.1:${api.port}; creating users and ${options.warmup + options.reviews} documents`,
    );

    const { cast, documentIds } = await setUp(config, http, options.warmup + options.reviews);
    const warmupDocs = documentIds.slice(0, options.warmup);
    const timedDocs = documentIds.slice(options.warmup);
    pool = new Pool({
      connectionString: config.databaseUrl,
      max: options.clients,
      application_name: 'declass-bench-raw',
    });
    const reviewer = cast.reviewers[0]!;
    const rawActor: RawActor = {
      id: reviewer.id,
      username: reviewer.username,
      roles: ['reviewer'],
    };

    log(
      `warm-up: ${warmupDocs.length} lifecycles over HTTP, then raw SQL on copies (not measured)`,
    );
    const warm = await runHttpLifecycles(http, cast, warmupDocs, 0, options.clients, null);
    const warmCopies = await copyReviews(pool, warm.reviewIds);
    await runRawLifecycles(pool, warmCopies, options.clients, rawActor);

    // Rounds: the HTTP lifecycles of a share of the documents, then raw SQL on fresh copies of
    // the reviews they created (copying untimed). Each kind's meters run only during its parts.
    const perRound = Math.floor(timedDocs.length / options.rounds);
    log(
      `${options.rounds} rounds, each: its share of the ${timedDocs.length} lifecycles over HTTP ` +
        `(${options.clients} clients), then as raw SQL on copies of its reviews (${options.clients} loops)`,
    );
    const rec = newRecorder();
    const httpCpu = new CpuMeter(DATABASE_NAME, api.pid);
    const rawCpu = new CpuMeter(DATABASE_NAME, api.pid);
    const v8 = options.cpuProfile ? new CpuProfiler() : null;
    let v8Summary: CpuProfileSummary | null = null;
    const rounds: Round[] = [];
    for (let r = 0; r < options.rounds; r++) {
      const first = r * perRound;
      const docs = timedDocs.slice(first, r === options.rounds - 1 ? undefined : first + perRound);
      const transitionsBefore = rec.transitions.length;
      profiler?.start();
      if (r === 0) await v8?.start();
      httpCpu.start();
      const httpPart = await runHttpLifecycles(http, cast, docs, first, options.clients, rec);
      httpCpu.pause();
      if (r === 0 && v8 && options.cpuProfile) v8Summary = await v8.stop(options.cpuProfile);
      profiler?.pause();
      const copies = await copyReviews(pool, httpPart.reviewIds);
      rawCpu.start();
      const rawPart = await runRawLifecycles(pool, copies, options.clients, rawActor);
      rawCpu.pause();
      const thisRound: Round = {
        httpTransitions: rec.transitions.length - transitionsBefore,
        httpWallMs: httpPart.wallMs,
        reviewIds: httpPart.reviewIds,
        copies,
        raw: rawPart,
      };
      rounds.push(thisRound);
      log(
        `round ${r + 1}/${options.rounds}: ${docs.length} lifecycles, HTTP ${perS(thisRound.httpTransitions, thisRound.httpWallMs)}/s, ` +
          `raw ${perS(rawPart.transitions, rawPart.wallMs)}/s, ratio ${(100 * roundRatio(thisRound)).toFixed(1)}%`,
      );
    }
    const httpCpuReport = httpCpu.stop();
    const rawCpuReport = rawCpu.stop();
    const sqlProfile = profiler?.stop() ?? null;
    profiler?.uninstall();
    const httpWallMs = sum(rounds.map((r) => r.httpWallMs));
    const raw: RawPhaseResult = {
      transitions: sum(rounds.map((r) => r.raw.transitions)),
      wallMs: sum(rounds.map((r) => r.raw.wallMs)),
      latenciesMs: rounds.flatMap((r) => r.raw.latenciesMs),
    };
    const ratioByRound = rounds.map(roundRatio);

    const written = await verifyDatabase(
      pool,
      rounds.flatMap((r) => r.reviewIds),
      rounds.flatMap((r) => r.copies),
    );
    const pgVersion = (
      await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    ).rows[0]!.v;
    const syncCommit = (
      await pool.query<{ v: string }>("SELECT current_setting('synchronous_commit') AS v")
    ).rows[0]!.v;

    // Figures.
    const httpLat = summarize(rec.transitions);
    const rawLat = summarize(raw.latenciesMs);
    const openLat = summarize(rec.opens);
    const httpRate = rec.transitions.length / (httpWallMs / 1000);
    const httpRequestRate = (rec.transitions.length + rec.opens.length) / (httpWallMs / 1000);
    const rawRate = raw.transitions / (raw.wallMs / 1000);
    const ratio = httpRate / rawRate;
    const failures = sum([...rec.failures.values()]);
    const ratioMet = ratio >= TARGET_RATIO;
    const httpCost = cpuCost(httpCpuReport, httpWallMs, rec.transitions.length);
    const rawCost = cpuCost(rawCpuReport, raw.wallMs, raw.transitions);
    const p99Met = httpLat.p99Ms < TARGET_P99_MS;
    const cpu = cpus();
    const machine = {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model.trim() ?? 'unknown',
      node: process.version,
      platform: `${platform()} ${release()}`,
      postgres: pgVersion,
      synchronousCommit: syncCommit,
    };

    const out: string[] = [];
    out.push('');
    const implied = options.profile ? '--profile' : options.cpuProfile ? '--cpu-profile' : null;
    out.push(
      `declass lifecycle bench: ${timedDocs.length} reviews × ${TRANSITIONS_PER_REVIEW} transitions ` +
        `in ${options.rounds} rounds of HTTP then raw SQL, ` +
        `${options.clients} concurrent clients, ${options.client === 'http' ? 'node:http' : 'fetch'} keep-alive, ` +
        `warm-up ${options.warmup}${options.profile ? ', SQL profiling ON (figures inflated)' : ''}` +
        `${options.cpuProfile ? ', CPU profiling ON (figures inflated)' : ''}`,
    );
    out.push(
      options.inProcess
        ? `API: in the bench process, sharing the clients' event loop (--in-process${implied ? `, implied by ${implied}` : ''})`
        : `API: its own process, as \`npm start\` runs it (node dist/src/main.js, pid ${api.pid}); ` +
            'the bench process holds the clients',
    );
    out.push(
      `machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.platform}, ` +
        `PostgreSQL ${machine.postgres} (synchronous_commit=${machine.synchronousCommit})`,
    );
    out.push('');
    out.push(
      `${pad('', 34)}${lpad('per s', 10)}${lpad('p50', 9)}${lpad('p95', 9)}${lpad('p99', 9)}${lpad('max', 9)}  (ms)`,
    );
    out.push(latencyRow('HTTP transitions (POST …/events)', httpRate.toFixed(0), httpLat));
    for (const type of ['ASSIGN', 'DECIDE_PORTION', 'PROPOSE', 'APPROVE']) {
      const samples = rec.byType.get(type) ?? [];
      out.push(latencyRow(`  ${type}`, '', summarize(samples)));
    }
    out.push(latencyRow('HTTP open review (not a transition)', '', openLat));
    out.push(latencyRow('raw SQL transaction (pg.Pool)', rawRate.toFixed(0), rawLat));
    out.push('');
    out.push(
      `HTTP ${rec.transitions.length} transitions + ${rec.opens.length} opens in ${(httpWallMs / 1000).toFixed(2)} s ` +
        `(${httpRequestRate.toFixed(0)} requests/s); failures: ${failures}` +
        (failures ? ` [${[...rec.failures].map(([s, n]) => `${n}×${s}`).join(', ')}]` : ''),
    );
    out.push(`raw SQL ${raw.transitions} transactions in ${(raw.wallMs / 1000).toFixed(2)} s`);
    out.push(
      `ratio HTTP/raw: ${(ratio * 100).toFixed(1)}% (target ≥ ${TARGET_RATIO * 100}%: ${ratioMet ? 'met' : 'NOT met'}); ` +
        `HTTP p99 ${ms(httpLat.p99Ms)} ms (target < ${TARGET_P99_MS} ms: ${p99Met ? 'met' : 'NOT met'})`,
    );
    out.push(`ratio by round: ${ratioByRound.map((r) => `${(r * 100).toFixed(1)}%`).join(' ')}`);
    out.push(`CPU before start:      ${cpuLine(idle)}`);
    out.push(`CPU during HTTP phase: ${cpuLine(httpCpuReport)}`);
    out.push(`CPU during raw phase:  ${cpuLine(rawCpuReport)}`);
    const perOp = (c: ContextSwitches | null, ops: number) =>
      c
        ? `${(c.involuntary / ops).toFixed(1)} involuntary + ${(c.voluntary / ops).toFixed(1)} voluntary`
        : '?';
    const requests = rec.transitions.length + rec.opens.length;
    out.push(
      options.inProcess
        ? `context switches of the event-loop thread: HTTP ${perOp(httpCpuReport.contextSwitches, requests)} per request; ` +
            `raw ${perOp(rawCpuReport.contextSwitches, raw.transitions)} per transaction`
        : `context switches of the event-loop threads: HTTP (the API's) ${perOp(httpCpuReport.api?.contextSwitches ?? null, requests)} per request; ` +
            `raw (the bench's) ${perOp(rawCpuReport.contextSwitches, raw.transitions)} per transaction`,
    );
    const httpNode =
      httpCost.apiMs === null
        ? `node ${ms2(httpCost.nodeMs)}`
        : `API ${ms2(httpCost.apiMs)} (main thread ${ms2(httpCost.apiMainThreadMs ?? Number.NaN)}) + clients ${ms2(httpCost.nodeMs)}`;
    out.push(
      `CPU per transition (less sensitive to other load): HTTP ${httpNode} + Postgres ${ms2(httpCost.postgresMs)} ms ` +
        `(opens' share included); raw node ${ms2(rawCost.nodeMs)} + Postgres ${ms2(rawCost.postgresMs)} ms`,
    );
    // The API's main thread is its event loop (in-process, the clients' part runs on it too).
    const httpCeiling = ceiling(
      httpCost.apiMainThreadMs ?? httpCost.nodeMs,
      (httpCost.apiMs ?? 0) + httpCost.nodeMs + httpCost.postgresMs,
      cpus().length,
    );
    const rawCeiling = ceiling(rawCost.nodeMs, rawCost.nodeMs + rawCost.postgresMs, cpus().length);
    out.push(
      `CPU-bound ceiling on ${cpus().length} idle cores (one event loop): HTTP ≈ ${httpCeiling.toFixed(0)}/s, ` +
        `raw ≈ ${rawCeiling.toFixed(0)}/s, ratio ≈ ${((100 * httpCeiling) / rawCeiling).toFixed(0)}% (an estimate, not a measurement)`,
    );
    out.push(
      `written: ${written.httpAuditEvents} audit events for the HTTP reviews, ${written.rawAuditEvents} for the raw copies, ` +
        `${written.outboxRows} outbox rows in all`,
    );
    if (sqlProfile) {
      out.push('');
      out.push(...profileLines(sqlProfile, timedDocs.length, requests));
    }
    if (v8Summary) out.push('', ...cpuProfileLines(v8Summary, perRound));
    for (const sample of rec.failureSamples) out.push(`failure: ${sample}`);
    out.push('');
    console.log(out.join('\n'));

    const lat = (s: LatencySummary) => ({
      p50: round(s.p50Ms, 2),
      p95: round(s.p95Ms, 2),
      p99: round(s.p99Ms, 2),
      max: round(s.maxMs, 2),
      mean: round(s.meanMs, 2),
    });
    const json = {
      bench: 'lifecycle',
      at: new Date().toISOString(),
      reviews: timedDocs.length,
      rounds: options.rounds,
      clients: options.clients,
      warmup: options.warmup,
      client: options.client,
      apiMode: options.inProcess ? 'in-process' : 'process',
      profiled: options.profile || options.cpuProfile !== null,
      http: {
        transitions: rec.transitions.length,
        opens: rec.opens.length,
        failures,
        wallS: round(httpWallMs / 1000, 3),
        transitionsPerS: round(httpRate, 1),
        requestsPerS: round(httpRequestRate, 1),
        latencyMs: lat(httpLat),
        byTypeMs: Object.fromEntries([...rec.byType].map(([t, s]) => [t, lat(summarize(s))])),
        openLatencyMs: lat(openLat),
        cpu: roundCpu(httpCpuReport),
        cpuMsPerTransition: {
          api: httpCost.apiMs === null ? null : round(httpCost.apiMs, 3),
          apiMainThread:
            httpCost.apiMainThreadMs === null ? null : round(httpCost.apiMainThreadMs, 3),
          node: round(httpCost.nodeMs, 3),
          postgres: round(httpCost.postgresMs, 3),
        },
        ...(sqlProfile
          ? {
              sqlPerRequest: round(sqlProfile.queries / requests, 2),
              sqlMsPerRequest: round(sqlProfile.queryMs / requests, 2),
            }
          : {}),
      },
      raw: {
        transitions: raw.transitions,
        wallS: round(raw.wallMs / 1000, 3),
        transitionsPerS: round(rawRate, 1),
        latencyMs: lat(rawLat),
        cpu: roundCpu(rawCpuReport),
        cpuMsPerTransition: {
          node: round(rawCost.nodeMs, 3),
          postgres: round(rawCost.postgresMs, 3),
        },
      },
      ratio: round(ratio, 4),
      ratioByRound: ratioByRound.map((r) => round(r, 4)),
      cpuBoundCeiling: {
        httpPerS: round(httpCeiling, 0),
        rawPerS: round(rawCeiling, 0),
        ratio: round(httpCeiling / rawCeiling, 4),
      },
      cpuBeforeStart: roundCpu(idle),
      targets: { ratioMin: TARGET_RATIO, ratioMet, p99MaxMs: TARGET_P99_MS, p99Met },
      machine,
    };
    console.log(JSON.stringify(json));
    return failures > 0 ? 1 : 0;
  } finally {
    http?.close();
    await pool?.end();
    await api?.stop();
    // The database stays for inspection; the queues' keys are of no use once the API is gone.
    await dropQueueKeys(config);
    clearTimeout(watchdog);
  }
}

/**
 * CPU time per transition, from process counters: unlike rates, barely moved by other load. `api`
 * is the API's own process and `apiMainThread` its event loop (both null in-process), `node` this
 * process.
 */
function cpuCost(c: CpuReport, wallMs: number, transitions: number) {
  const perTransition = (cores: number) => (cores * wallMs) / transitions;
  return {
    apiMs: c.api ? perTransition(c.api.cores) : null,
    apiMainThreadMs: c.api ? perTransition(c.api.mainThreadPct / 100) : null,
    nodeMs: perTransition(c.nodeCores),
    postgresMs: perTransition(c.benchBackendCores ?? Number.NaN),
  };
}

/**
 * The rate the CPU alone would allow on an otherwise idle machine: `loopMs` per transition on one
 * event loop (so at most one core), and `totalMs` (that, the rest of Node and Postgres) sharing
 * every core.
 */
function ceiling(loopMs: number, totalMs: number, cores: number): number {
  return Math.min(1000 / loopMs, (cores * 1000) / totalMs);
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

const ms2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '?');

function roundCpu(c: CpuReport) {
  return {
    machineBusyPct: round(c.machineBusyPct, 1),
    nodeCores: round(c.nodeCores, 2),
    api: c.api && {
      cores: round(c.api.cores, 2),
      mainThreadPct: round(c.api.mainThreadPct, 1),
      contextSwitches: c.api.contextSwitches,
    },
    postgresCores: c.postgresCores === null ? null : round(c.postgresCores, 2),
    benchBackendCores: c.benchBackendCores === null ? null : round(c.benchBackendCores, 2),
    otherCores: round(c.otherCores, 2),
    eventLoopPct: round(c.eventLoopPct, 1),
    contextSwitches: c.contextSwitches,
  };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    console.error(`bench failed: ${message}`);
    const explained = err instanceof BenchAbort || err instanceof ApiBootFailure;
    if (err instanceof Error && !explained && err.stack) console.error(err.stack);
    process.exit(1);
  },
);
