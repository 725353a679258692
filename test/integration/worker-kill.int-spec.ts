import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { deadlineJobId } from '../../src/deadlines/jobs/deadline-sweeper';
import { QUEUE_MAP, type QueueMap } from '../../src/jobs/queue.module';
import { QUEUES } from '../../src/jobs/queues';
import { openDataSource, startTestApp, type TestApp } from '../support/harness';
import { auditCount, bringForward, deadlineById, FAST_DEADLINES } from '../support/deadlines';
import {
  accept,
  eventually,
  openReview,
  person,
  registerDocument,
  type Person,
  type ReviewBody,
} from '../support/review-api';

// A job whose worker died while it ran is taken back once its lock lapses (BullMQ's stalled
// check, every 30 s): the last case may wait for that.
jest.setTimeout(120_000);

const WORKER = resolve(__dirname, '../../dist/src/worker.js');

/**
 * The worker process is killed (SIGKILL, as an OOM killer or a lost machine would) while a
 * deadline waits as a delayed job, and again the moment it falls due, when its job may be running.
 * Whatever the queue store (Redis, or BullMQ on PostgreSQL), the next worker fires each deadline
 * exactly once: nothing lost, nothing doubled.
 */
describe('deadlines through a killed worker', () => {
  let t: TestApp;
  let ds: DataSource;
  let registrar: Person;
  let reviewer: Person;
  const running = new Set<ChildProcess>();

  /** `npm run start:worker`, in a process of its own, on the suite's database and queues. */
  const startWorker = (): ChildProcess => {
    const { config } = t.env;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      DATABASE_URL: config.databaseUrl,
      QUEUE_PREFIX: config.queuePrefix,
      JWT_SECRET: config.jwtSecret,
      AUDIT_CHECKPOINT_DIR: config.auditCheckpointDir,
      DEADLINE_SWEEP_INTERVAL_MS: String(config.deadlineSweepIntervalMs),
      DEADLINE_HORIZON_MS: String(config.deadlineHorizonMs),
    };
    if (config.redisUrl) env.REDIS_URL = config.redisUrl;
    else delete env.REDIS_URL;
    const child = spawn(process.execPath, [WORKER], { env, stdio: 'ignore' });
    running.add(child);
    child.once('exit', () => running.delete(child));
    return child;
  };

  const kill = async (child: ChildProcess): Promise<void> => {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  };

  const deadlines = () => {
    const queue = t.app.get<QueueMap>(QUEUE_MAP).get(QUEUES.deadlines);
    if (!queue) throw new Error('no deadlines queue');
    return queue;
  };

  const assignedReview = async (): Promise<ReviewBody> => {
    const document = await registerDocument(t, registrar);
    const review = await openReview(t, registrar, document.id, 'FOIA');
    return accept(t, registrar, review.id, { type: 'ASSIGN', assigneeId: reviewer.id });
  };

  const firedOnce = async (reviewId: string, deadlineId: string, timeoutMs: number) => {
    const fired = await eventually(
      'the deadline to fire',
      async () => {
        const row = await deadlineById(ds, deadlineId);
        return row.status === 'FIRED' ? row : undefined;
      },
      timeoutMs,
    );
    expect(fired.outcome).toMatch(/^REVIEW_OVERDUE: /);
    // A few more sweeps, and whatever the dead worker left behind, change nothing.
    await new Promise((done) => setTimeout(done, 1500));
    expect(await auditCount(ds, 'DEADLINE_ELAPSED', { reviewId })).toBe(1);
  };

  beforeAll(async () => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: npm run build first`);
    t = await startTestApp('worker_kill', FAST_DEADLINES);
    ds = await openDataSource(t.env);
    [registrar, reviewer] = await Promise.all([
      person(t, 'registrar', ['supervisor']),
      person(t, 'reviewer', ['reviewer']),
    ]);
  });

  afterAll(async () => {
    await Promise.all([...running].map(kill));
    await ds?.destroy();
    await t?.close();
  });

  it('fires once a deadline whose delayed job outlived the worker that queued it', async () => {
    const review = await assignedReview();
    const first = startWorker();
    const due = await bringForward(ds, review.id, 'REVIEW_DUE', 6000);
    await eventually(
      'the delayed job',
      async () => deadlines().getJob(deadlineJobId(due.id)),
      15_000,
    );
    await kill(first);
    expect((await deadlineById(ds, due.id)).status).toBe('PENDING');

    startWorker();
    await firedOnce(review.id, due.id, 20_000);
  });

  it('fires once a deadline whose worker was killed the moment it fell due', async () => {
    const review = await assignedReview();
    const first = startWorker();
    const due = await bringForward(ds, review.id, 'REVIEW_DUE', 5000);
    await eventually(
      'the delayed job',
      async () => deadlines().getJob(deadlineJobId(due.id)),
      15_000,
    );
    // Kill it as the job becomes due: before, during or just after its run.
    await new Promise((done) => setTimeout(done, Math.max(0, due.dueAt.getTime() - Date.now())));
    await kill(first);

    startWorker();
    await firedOnce(review.id, due.id, 90_000);
  });
});
