import 'reflect-metadata';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cableBody } from '../soak/support/actors';
import { JsonClient, sleep, type Session } from '../soak/support/client';
import {
  databaseUrl,
  freePort,
  freshDatabase,
  query,
  start,
  until,
  waitForApi,
  type StackEnv,
} from '../soak/support/stack';
import {
  cleanup,
  crewOf,
  finalChecks,
  log,
  redisServer,
  report,
  smallTeam,
  type Verdict,
} from './fault-kit';

/**
 * Redis down. Reads and transitions keep working (a transition only writes its outbox rows), the
 * API and the worker survive the lost connections, and when Redis returns every notification
 * committed during the outage is delivered, once.
 *
 *   node dist/test/faults/redis-outage.fault.js [--shared] [--down-seconds 10]
 *
 * By default the script runs its own redis-server on a free loopback port. `--shared` stops the
 * machine's Redis on 6379 (`redis-cli shutdown nosave`) and starts it again with
 * `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`:
 * other people's queues on it are lost.
 */

interface OutboxRow {
  id: string;
  payload: { recipient: 'assignee' | 'supervisors'; userId: string | null };
}

/** Registers a cable, opens its review and assigns it: three writes, one notification. */
async function assignOne(sup: Session, reviewer: Session): Promise<string[]> {
  const statuses: string[] = [];
  const doc = await sup.request<{ id: string }>('POST', '/api/documents', cableBody());
  statuses.push(`register ${doc.status}`);
  const review = await sup.request<{ id: string }>(
    'POST',
    `/api/documents/${doc.body.id}/reviews`,
    { kind: 'SYSTEMATIC' },
  );
  statuses.push(`open ${review.status}`);
  const assigned = await sup.request('POST', `/api/reviews/${review.body.id}/events`, {
    type: 'ASSIGN',
    assigneeId: reviewer.id,
  });
  statuses.push(`assign ${assigned.status}`);
  return statuses;
}

/** Decides and proposes the reviewer's first review in their queue, if any. */
async function proposeOne(reviewer: Session): Promise<string[]> {
  const queue = await reviewer.request<{ items: { id: string }[] }>(
    'GET',
    `/api/reviews?assigneeId=${reviewer.id}&state=inReview`,
  );
  const statuses = [`queue ${queue.status}`];
  const row = queue.body.items?.[0];
  if (!row) return statuses;
  // The list holds rows; the review's portions come with the review itself.
  const detail = await reviewer.request<{ id: string; portions: { id: string; seq: number }[] }>(
    'GET',
    `/api/reviews/${row.id}`,
  );
  statuses.push(`review ${detail.status}`);
  const review = detail.body;
  if (detail.status !== 200) return statuses;
  for (const p of review.portions) {
    const decided = await reviewer.request('POST', `/api/reviews/${review.id}/events`, {
      type: 'DECIDE_PORTION',
      portionId: p.id,
      ...(p.seq === 2
        ? { action: 'EXEMPT', exemptions: ['25X6, 20271231'], justification: 'Protected liaison.' }
        : { action: 'RELEASE' }),
    });
    statuses.push(`decide ${decided.status}`);
  }
  const proposed = await reviewer.request('POST', `/api/reviews/${review.id}/events`, {
    type: 'PROPOSE',
    determination: 'RELEASE_IN_PART',
  });
  statuses.push(`propose ${proposed.status}`);
  return statuses;
}

export async function redisOutage(argv: string[] = []): Promise<Verdict> {
  const { values } = parseArgs({
    args: argv,
    options: {
      shared: { type: 'boolean', default: false },
      'down-seconds': { type: 'string', default: '10' },
    },
  });
  const downMs = Number(values['down-seconds']) * 1000;
  const problems: string[] = [];
  const figures: Record<string, unknown> = { redis: values.shared ? 'shared (6379)' : 'private' };
  const logDir = mkdtempSync(join(tmpdir(), 'declass-fault-'));
  const redis = redisServer(await freePort(), values.shared ?? false);
  const env: StackEnv = {
    databaseUrl: databaseUrl('declass_fault_redis'),
    redisUrl: redis.url,
    queuePrefix: 'fault_redis',
    port: await freePort(),
  };
  await freshDatabase(env.databaseUrl);
  const api = start('api', env, logDir);
  const worker = start('worker', env, logDir);
  const client = new JsonClient(env.port, undefined, 15_000);
  const notificationsFor = async (ids: string[]) =>
    (
      await query<{ n: number }>(
        env.databaseUrl,
        `SELECT count(*)::int AS n FROM notifications WHERE source_outbox_id = ANY($1::bigint[])`,
        [ids],
      )
    )[0]!.n;
  try {
    await waitForApi(env.port);
    const crew = await crewOf(client, env, smallTeam('redis', 4, 2));
    const [sup] = crew.supervisors;
    const reviewers = crew.reviewers.filter((r) => !r.roles.includes('supervisor'));
    const supervisors = crew.supervisors.length;

    // Before: the pipeline works end to end.
    for (const r of reviewers) await assignOne(sup!, r);
    await until(
      'the first notifications delivered',
      async () =>
        (await notificationsFor((await outbox(env)).map((o) => o.id))) >= reviewers.length,
      20_000,
    );
    const rowsBefore = (await outbox(env)).length;

    redis.stop();
    log('redis: stopped');
    const during: string[] = [];
    const stoppedAt = Date.now();
    let rounds = 0;
    while (Date.now() - stoppedAt < downMs) {
      for (const r of reviewers) during.push(...(await assignOne(sup!, r)));
      for (const r of reviewers) during.push(...(await proposeOne(r)));
      const reads = await Promise.all([
        sup!.request('GET', '/api/reviews?limit=50'),
        sup!.request('GET', '/api/documents?limit=50'),
        reviewers[0]!.request('GET', '/api/notifications'),
      ]);
      during.push(...reads.map((a) => `read ${a.status}`));
      rounds += 1;
      await sleep(500);
    }
    const health = await client.send<{ status?: string }>('GET', '/api/health');
    const pending = await query<{ n: number }>(
      env.databaseUrl,
      `SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`,
    );
    const committedDuring = (await outbox(env)).slice(rowsBefore);
    redis.start();
    const restartedAt = Date.now();
    log('redis: started again', { outboxRowsWaiting: pending[0]!.n });

    const tally = during.reduce<Record<string, number>>((acc, s) => {
      acc[s] = (acc[s] ?? 0) + 1;
      return acc;
    }, {});
    const failures = Object.keys(tally).filter((k) => !/ (200|201)$/.test(k));
    if (failures.length > 0) problems.push(`while Redis was down: ${JSON.stringify(tally)}`);
    if (committedDuring.length === 0)
      problems.push('no transition committed a notification while Redis was down');

    // After: every row committed during the outage is relayed and delivered, once per recipient.
    const expected = (rows: OutboxRow[]) =>
      rows.reduce((n, r) => n + (r.payload.recipient === 'assignee' ? 1 : supervisors), 0);
    const deliveredAfterMs = await until(
      'the notifications of the outage delivered',
      async () =>
        (await notificationsFor(committedDuring.map((r) => r.id))) >= expected(committedDuring),
      60_000,
    ).then(
      () => Date.now() - restartedAt,
      (err: Error) => {
        problems.push(err.message);
        return null;
      },
    );
    await sleep(1_000);
    const delivered = await notificationsFor(committedDuring.map((r) => r.id));
    if (delivered !== expected(committedDuring))
      problems.push(
        `${delivered} notifications for the outage, expected exactly ${expected(committedDuring)}`,
      );
    const [duplicates] = await query<{ n: number }>(
      env.databaseUrl,
      `SELECT count(*)::int AS n FROM (SELECT source_outbox_id, user_id FROM notifications
         GROUP BY 1, 2 HAVING count(*) > 1) d`,
    );
    if (duplicates!.n > 0) problems.push(`${duplicates!.n} notifications delivered twice`);
    if (!api.alive) problems.push('the API process died');
    if (!worker.alive) problems.push('the worker process died');
    // Lost connections are logged as JSON warnings, not dumped raw by an unhandled 'error' event.
    for (const proc of [api, worker]) {
      const raw = readFileSync(proc.logFile, 'utf8')
        .split('\n')
        .filter((line) => line.trim() && !line.startsWith('{'));
      if (raw.length > 0)
        problems.push(
          `the ${proc.name} logged ${raw.length} lines that are not JSON, e.g. ${raw[0]}`,
        );
    }

    Object.assign(figures, {
      downMs: restartedAt - stoppedAt,
      roundsWhileDown: rounds,
      answersWhileDown: tally,
      healthWhileDown: { status: health.status, body: health.body },
      outboxRowsWaitingAtRestart: pending[0]!.n,
      notificationsCommittedDuringOutage: committedDuring.length,
      notificationsDelivered: delivered,
      deliveredAfterRestartMs: deliveredAfterMs,
      ...(await finalChecks(env, crew.auditors[0]!, problems)),
    });
  } catch (err) {
    problems.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
  } finally {
    client.close();
    try {
      redis.start();
    } catch {
      // running already
    }
    await Promise.all([api.stop(), worker.stop()]);
    await cleanup(env);
    redis.dispose();
  }
  figures.logs = logDir;
  return { name: 'redis down', problems, figures };
}

async function outbox(env: StackEnv): Promise<OutboxRow[]> {
  return query<OutboxRow>(env.databaseUrl, `SELECT id, payload FROM outbox ORDER BY id`);
}

if (require.main === module) {
  redisOutage(process.argv.slice(2)).then(
    (verdict) => process.exit(report(verdict)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
