import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { JsonClient, sleep } from '../soak/support/client';
import {
  databaseUrl,
  freePort,
  freshDatabase,
  query,
  start,
  until,
  waitForApi,
  type Managed,
  type StackEnv,
} from '../soak/support/stack';
import {
  cleanup,
  crewOf,
  finalChecks,
  log,
  report,
  smallTeam,
  startLoad,
  type Verdict,
} from './fault-kit';

/**
 * The worker killed (SIGKILL) again and again while it relays the outbox and runs notification
 * jobs, under load. Afterwards every outbox row is relayed, every BullMQ job ran once
 * (`relay-<outbox id>`), and every notification exists exactly once: nothing lost, nothing doubled.
 *
 *   node dist/test/faults/worker-kill.fault.js [--kills 10] [--seconds 60]
 *
 * Uses the machine's PostgreSQL and Redis with a database and a queue prefix of its own.
 */
export async function workerKill(argv: string[] = []): Promise<Verdict> {
  const { values } = parseArgs({
    args: argv,
    options: {
      kills: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '60' },
    },
  });
  const kills = Number(values.kills);
  const problems: string[] = [];
  const figures: Record<string, unknown> = {};
  const logDir = mkdtempSync(join(tmpdir(), 'declass-fault-'));
  const env: StackEnv = {
    databaseUrl: databaseUrl('declass_fault_worker'),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: 'fault_worker',
    port: await freePort(),
  };
  await freshDatabase(env.databaseUrl);
  const api = start('api', env, logDir);
  const client = new JsonClient(env.port, undefined, 15_000);
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  let worker: Managed | undefined;
  try {
    await waitForApi(env.port);
    const crew = await crewOf(client, env, smallTeam('wk', 8, 3));
    const { load, done } = startLoad(crew);
    // A backlog first, so the first workers have plenty to relay when they die.
    await sleep(4_000);
    const queue = `${env.queuePrefix}:{notifications}`;
    const relayed = async () =>
      (
        await query<{ n: number }>(
          env.databaseUrl,
          `SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NOT NULL`,
        )
      )[0]!.n;
    const pendingRows = async () =>
      (
        await query<{ n: number }>(
          env.databaseUrl,
          `SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`,
        )
      )[0]!.n;
    /** What the worker was in the middle of when it died. */
    const killedWith: { pendingRows: number; jobsWaiting: number; jobsActive: number }[] = [];
    const deadline = Date.now() + Number(values.seconds) * 1000;
    for (let i = 0; i < kills && Date.now() < deadline; i++) {
      const relayedBefore = await relayed();
      worker = start('worker', env, logDir);
      // Kill it once it is at work: rows relayed since it started, then a random moment later.
      await until(
        'the new worker relaying',
        async () => (await relayed()) > relayedBefore,
        30_000,
        20,
      );
      await sleep(Math.random() * 300);
      const [pending, jobsWaiting, jobsActive] = await Promise.all([
        pendingRows(),
        redis.llen(`${queue}:wait`),
        redis.llen(`${queue}:active`),
      ]);
      await worker.kill();
      killedWith.push({ pendingRows: pending, jobsWaiting, jobsActive });
      // Let the backlog grow again before the next worker.
      await sleep(500 + Math.random() * 1_000);
    }
    load.stop();
    await done;
    log('worker: killed', { times: killedWith.length });

    worker = start('worker', env, logDir);
    const extra = await finalChecks(env, crew.auditors[0]!, problems);
    await until(
      'the notification queue idle',
      async () => {
        const [waiting, active, delayed] = await Promise.all([
          redis.llen(`${queue}:wait`),
          redis.llen(`${queue}:active`),
          redis.zcard(`${queue}:delayed`),
        ]);
        return waiting + active + delayed === 0;
      },
      60_000,
    ).catch((err: Error) => problems.push(err.message));

    const rows = await query<{ id: string; recipient: string; user_id: string | null }>(
      env.databaseUrl,
      `SELECT id, payload->>'recipient' AS recipient, payload->>'userId' AS user_id FROM outbox ORDER BY id`,
    );
    const supervisors = (
      await query<{ n: number }>(
        env.databaseUrl,
        `SELECT count(*)::int AS n FROM users WHERE active AND 'supervisor' = ANY(roles)`,
      )
    )[0]!.n;
    const delivered = await query<{ source: string; users: string[] }>(
      env.databaseUrl,
      `SELECT source_outbox_id::text AS source, array_agg(user_id::text) AS users FROM notifications GROUP BY 1`,
    );
    const bySource = new Map(delivered.map((d) => [d.source, d.users]));
    let lost = 0;
    let wrong = 0;
    for (const row of rows) {
      const users = bySource.get(row.id) ?? [];
      if (users.length === 0) lost += 1;
      else if (
        row.recipient === 'assignee' ? users.join() !== row.user_id : users.length !== supervisors
      )
        wrong += 1;
      bySource.delete(row.id);
    }
    if (lost > 0) problems.push(`${lost} outbox rows were never delivered`);
    if (wrong > 0) problems.push(`${wrong} outbox rows reached the wrong number of people`);
    if (bySource.size > 0) problems.push(`${bySource.size} notifications come from no outbox row`);
    const twice = (
      await query<{ n: number }>(
        env.databaseUrl,
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM notifications GROUP BY source_outbox_id, user_id HAVING count(*) > 1) d`,
      )
    )[0]!.n;
    if (twice > 0) problems.push(`${twice} notifications delivered twice`);
    const [completed, failed] = await Promise.all([
      redis.zcard(`${queue}:completed`),
      redis.zcard(`${queue}:failed`),
    ]);
    if (completed !== rows.length)
      problems.push(`${completed} completed jobs for ${rows.length} outbox rows`);
    if (failed > 0) problems.push(`${failed} jobs failed for good`);
    const midWork = killedWith.filter((k) => k.pendingRows + k.jobsWaiting + k.jobsActive > 0);
    if (midWork.length < Math.ceil(killedWith.length / 2))
      problems.push(
        `only ${midWork.length} of ${killedWith.length} kills caught the worker with work in hand`,
      );
    if (!api.alive) problems.push('the API process died');
    for (const [k, n] of load.figures.unexpected) problems.push(`unexpected answer: ${k} ×${n}`);

    Object.assign(figures, {
      kills: killedWith.length,
      killsWithWorkInHand: midWork.length,
      atEachKill: killedWith.map(
        (k) => `${k.pendingRows} rows / ${k.jobsWaiting} waiting / ${k.jobsActive} active jobs`,
      ),
      outboxRows: rows.length,
      jobsCompleted: completed,
      jobsFailed: failed,
      notifications: delivered.reduce((n, d) => n + d.users.length, 0),
      lost,
      doubled: twice,
      transitions: load.figures.transitions,
      ...extra,
    });
  } catch (err) {
    problems.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
  } finally {
    client.close();
    redis.disconnect();
    await Promise.all([api.stop(), worker?.stop()]);
    await cleanup(env);
  }
  figures.logs = logDir;
  return { name: 'worker killed mid-relay', problems, figures };
}

if (require.main === module) {
  workerKill(process.argv.slice(2)).then(
    (verdict) => process.exit(report(verdict)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
