import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Load } from './support/actors';
import { checkDatabase } from './support/checks';
import { JsonClient, percentile, type Session } from './support/client';
import {
  databaseUrl,
  dropDatabase,
  freePort,
  freshDatabase,
  log,
  people,
  query,
  start,
  until,
  waitForApi,
  type PersonSpec,
  type StackEnv,
} from './support/stack';
import { wipeQueueSpace } from '../support/queue-space';

/**
 * `npm run soak`: 50 people (by default) work through review lifecycles over HTTP on loopback for
 * a few minutes, against a database of their own, the API and the worker running as processes.
 * Afterwards every audit chain must verify, every review's version must equal the number of its
 * audit events, and no review may have been approved by someone who proposed or decided it.
 *
 *   node dist/test/soak/soak.js [--minutes 3] [--users 50] [--keep]
 *
 * Also read from the environment: SOAK_MINUTES, SOAK_USERS; DATABASE_URL and REDIS_URL name the
 * servers (the database `declass_soak` is dropped and recreated; BullMQ keys use the prefix
 * `soak`). Prints the figures as JSON and exits 1 when a check fails.
 */

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: process.env.SOAK_MINUTES ?? '3' },
      users: { type: 'string', default: process.env.SOAK_USERS ?? '50' },
      keep: { type: 'boolean', default: false },
    },
  });
  const minutes = Number(values.minutes);
  const users = Number(values.users);
  if (!(minutes > 0 && minutes <= 60)) throw new Error('--minutes: from 0.1 to 60');
  if (!(Number.isInteger(users) && users >= 6 && users <= 200))
    throw new Error('--users: 6 to 200');
  return { minutes, users, keep: values.keep };
}

/** The team: a few auditors, a quarter supervisors (some also reviewers), the rest reviewers. */
function team(users: number): PersonSpec[] {
  const auditors = Math.max(1, Math.round(users * 0.04));
  const supervisors = Math.max(2, Math.round(users * 0.28));
  const dual = Math.max(1, Math.round(supervisors * 0.3));
  const specs: PersonSpec[] = [];
  for (let i = 0; i < auditors; i++) specs.push({ username: `auditor${i}`, roles: ['auditor'] });
  for (let i = 0; i < supervisors; i++)
    specs.push({
      username: `supervisor${i}`,
      roles: i < dual ? ['supervisor', 'reviewer'] : ['supervisor'],
    });
  for (let i = specs.length; i < users; i++)
    specs.push({ username: `reviewer${i}`, roles: ['reviewer'] });
  return specs;
}

async function main(): Promise<number> {
  const opts = options();
  const logDir = mkdtempSync(join(tmpdir(), 'declass-soak-'));
  const env: StackEnv = {
    databaseUrl: databaseUrl('declass_soak'),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: 'soak',
    port: await freePort(),
  };
  log('soak: preparing', { ...opts, port: env.port, logs: logDir });
  await freshDatabase(env.databaseUrl);
  await wipeQueueSpace(env);
  const api = start('api', env, logDir);
  const worker = start('worker', env, logDir);
  const client = new JsonClient(env.port);
  let failed: boolean;
  try {
    await waitForApi(env.port);
    const specs = team(opts.users);
    const sessions = await people(client, env, specs);
    const byRole = (role: string, exclusive = false) =>
      specs
        .filter((s) => s.roles.includes(role) && (!exclusive || s.roles.length === 1))
        .map((s) => sessions.get(s.username)!);
    const crew = {
      supervisors: byRole('supervisor'),
      reviewers: byRole('reviewer').filter((s: Session) => !s.roles.includes('supervisor')),
      auditors: byRole('auditor'),
    };
    // People with both roles work as both: they appear in both loops, as the same session.
    crew.reviewers.push(...byRole('supervisor').filter((s) => s.roles.includes('reviewer')));
    client.recorder.latencies.clear();
    client.recorder.outcomes.clear();

    const load = new Load(crew);
    const startedAt = Date.now();
    const running = load.run();
    log('soak: running', {
      people: specs.length,
      supervisors: crew.supervisors.length,
      reviewers: crew.reviewers.length,
      auditors: crew.auditors.length,
    });
    const progress = setInterval(
      () =>
        log('soak: progress', {
          seconds: Math.round((Date.now() - startedAt) / 1000),
          lifecycles: load.figures.lifecycles,
          transitions: load.figures.transitions,
        }),
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, opts.minutes * 60_000));
    load.stop();
    await running;
    clearInterval(progress);
    const seconds = (Date.now() - startedAt) / 1000;

    log('soak: waiting for the outbox to drain');
    await until(
      'every outbox row relayed and every notification job done',
      async () => {
        const [row] = await query<{ n: number }>(
          env.databaseUrl,
          `SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`,
        );
        return row!.n === 0;
      },
      120_000,
    );

    const auditor = crew.auditors[0]!;
    const verify = await auditor.request<{ ok: boolean; checked: number; chains: number }>(
      'GET',
      '/api/audit/verify',
    );
    const report = await checkDatabase(env.databaseUrl);
    const [states] = await query<Record<string, number>>(
      env.databaseUrl,
      `SELECT count(*) FILTER (WHERE state = 'released')::int AS released,
              count(*) FILTER (WHERE state = 'withheld')::int AS withheld,
              count(*) FILTER (WHERE state NOT IN ('released', 'withheld', 'closed'))::int AS open
         FROM reviews`,
    );
    const [notifications] = await query<{ n: number }>(
      env.databaseUrl,
      `SELECT count(*)::int AS n FROM notifications`,
    );

    const transitionsMs = client.recorder.all('transition');
    const allMs = client.recorder.all();
    const errorsByStatus = Object.fromEntries(
      [...client.recorder.outcomes.entries()]
        .filter(([k]) => Number(k.split(' ')[0]) >= 400)
        .sort(),
    );
    const problems = [
      ...report.problems,
      ...(verify.status === 200 && verify.body.ok
        ? []
        : [`GET /api/audit/verify: ${verify.status} ${JSON.stringify(verify.body)}`]),
      ...[...load.figures.unexpected.entries()].map(([k, n]) => `unexpected answer ${k} ×${n}`),
      ...(load.figures.ruleBroken > 0
        ? [`${load.figures.ruleBroken} approvals by a participant were accepted`]
        : []),
      ...(load.figures.noAnswer > 0 ? [`${load.figures.noAnswer} requests got no answer`] : []),
      ...(api.alive ? [] : ['the API process died']),
      ...(worker.alive ? [] : ['the worker process died']),
      ...(report.finished === 0 ? ['no review reached released or withheld'] : []),
    ];
    failed = problems.length > 0;
    const round = (n: number) => Math.round(n * 10) / 10;
    console.log(
      JSON.stringify(
        {
          soak: failed ? 'FAILED' : 'passed',
          minutes: round(seconds / 60),
          users: specs.length,
          lifecycles: load.figures.lifecycles,
          reviewsFinished: report.finished,
          reviewStates: states,
          transitions: load.figures.transitions,
          transitionsPerSecond: round(load.figures.transitions / seconds),
          requests: allMs.length,
          requestsPerSecond: round(allMs.length / seconds),
          transitionLatencyMs: {
            p50: round(percentile(transitionsMs, 50)),
            p99: round(percentile(transitionsMs, 99)),
            max: round(Math.max(...transitionsMs)),
          },
          allRequestsLatencyMs: {
            p50: round(percentile(allMs, 50)),
            p99: round(percentile(allMs, 99)),
          },
          errorsByStatus,
          conflictsLostToAnotherPerson: load.figures.conflicts,
          twoPersonRuleRefusals: load.figures.ruleHeld,
          notificationsDelivered: notifications!.n,
          audit: {
            events: report.events,
            chains: report.chains,
            verifiedByApi: verify.body,
          },
          reviewsChecked: report.reviews,
          problems,
        },
        null,
        2,
      ),
    );
  } catch (err) {
    failed = true;
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  } finally {
    client.close();
    await Promise.all([api.stop(), worker.stop()]);
    if (!opts.keep) {
      await dropDatabase(env.databaseUrl).catch(() => undefined);
      await wipeQueueSpace(env).catch(() => undefined);
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
