import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { JsonClient, sleep, type Answer, type ErrorAnswer } from '../soak/support/client';
import {
  databaseUrl,
  freePort,
  freshDatabase,
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
  privatePostgres,
  report,
  sharedPostgres,
  smallTeam,
  startLoad,
  type PostgresServer,
  type Verdict,
} from './fault-kit';

/**
 * PostgreSQL restarted under load. While it is down every request must be answered 503
 * (UNAVAILABLE) promptly, never 500 and never left hanging; when it is back the API and the
 * worker recover by themselves (no restart); and no transition is half applied.
 *
 *   node dist/test/faults/postgres-restart.fault.js [--cluster private|main] [--down-seconds 6]
 *
 * By default the script runs its own throwaway cluster on a free loopback port and restarts
 * that. `--cluster main` restarts the machine's shared cluster instead (pg_ctlcluster … main):
 * every other connection to it, other people's tests included, fails while it is down.
 */
export async function postgresRestart(argv: string[] = []): Promise<Verdict> {
  const { values } = parseArgs({
    args: argv,
    options: {
      cluster: { type: 'string', default: 'private' },
      'down-seconds': { type: 'string', default: '6' },
    },
  });
  const downMs = Number(values['down-seconds']) * 1000;
  const problems: string[] = [];
  const figures: Record<string, unknown> = { cluster: values.cluster };
  const logDir = mkdtempSync(join(tmpdir(), 'declass-fault-'));
  const pg: PostgresServer =
    values.cluster === 'main' ? sharedPostgres() : privatePostgres(await freePort());
  const env: StackEnv = {
    databaseUrl: databaseUrl('declass_fault_pg', pg.baseUrl),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: 'fault_pg',
    port: await freePort(),
  };
  await freshDatabase(env.databaseUrl);
  const api = start('api', env, logDir);
  const worker = start('worker', env, logDir);
  const client = new JsonClient(env.port, undefined, 15_000);
  try {
    await waitForApi(env.port);
    const crew = await crewOf(client, env, smallTeam('pg'));
    const auditor = crew.auditors[0]!;
    const prober = crew.reviewers[1]!;
    const unavailable = (a: Answer) =>
      a.status === 503 && (a.body as Partial<ErrorAnswer>).error === 'UNAVAILABLE';
    const { load, done } = startLoad(crew, unavailable);
    await sleep(8_000);
    const before = load.figures.transitions;
    log('postgres: stopping', { transitionsSoFar: before });

    const outage: { status: number; error?: string; ms: number }[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        try {
          const a = await prober.request('GET', '/api/reviews?limit=1');
          outage.push({
            status: a.status,
            error: (a.body as Partial<ErrorAnswer>).error,
            ms: a.ms,
          });
        } catch (err) {
          outage.push({ status: 0, error: (err as Error).message, ms: 0 });
        }
        await sleep(250);
      }
    })();
    pg.stop();
    const stoppedAt = Date.now();
    await sleep(downMs);
    probing = false;
    await probe;
    pg.start();
    const startedAt = Date.now();
    log('postgres: started again');
    const recovered = await until(
      'a read answered 200 after the restart',
      async () => (await prober.request('GET', '/api/reviews?limit=1')).status === 200,
      30_000,
      200,
    ).then(
      () => Date.now() - startedAt,
      (err: Error) => {
        problems.push(err.message);
        return null;
      },
    );
    const afterRestart = load.figures.transitions;
    await sleep(8_000);
    load.stop();
    await done;
    if (load.figures.transitions <= afterRestart)
      problems.push('no transition was accepted after the restart');

    const statuses = outage.reduce<Record<string, number>>((acc, o) => {
      const key = `${o.status}${o.error ? ` ${o.error}` : ''}`;
      acc[key] = (acc[key] ?? 0) + 1;
      return acc;
    }, {});
    const answered503 = outage.filter((o) => o.status === 503 && o.error === 'UNAVAILABLE').length;
    if (answered503 < 3)
      problems.push(`only ${answered503} answers 503 UNAVAILABLE while Postgres was down`);
    const others = outage.filter((o) => o.status !== 503);
    if (others.length > 0)
      problems.push(`while down, answers other than 503: ${JSON.stringify(statuses)}`);
    const slowest = Math.max(...outage.map((o) => o.ms));
    if (slowest > 5_000)
      problems.push(`an answer during the outage took ${Math.round(slowest)} ms`);
    for (const [k, n] of load.figures.unexpected)
      problems.push(`unexpected answer under load: ${k} ×${n}`);
    if (load.figures.noAnswer > 0)
      problems.push(`${load.figures.noAnswer} requests got no answer at all`);
    if (load.figures.ruleBroken > 0) problems.push('a participant approved a review');
    if (!api.alive) problems.push('the API process died');
    if (!worker.alive) problems.push('the worker process died');

    Object.assign(figures, {
      downMs: startedAt - stoppedAt,
      probesWhileDown: outage.length,
      answersWhileDown: statuses,
      slowestAnswerWhileDownMs: Math.round(slowest),
      recoveredAfterStartMs: recovered,
      transitions: load.figures.transitions,
      lifecycles: load.figures.lifecycles,
      answers503UnderLoad: [...client.recorder.outcomes.entries()]
        .filter(([k]) => k.startsWith('503'))
        .reduce((n, [, v]) => n + v, 0),
      ...(await finalChecks(env, auditor, problems)),
    });
  } catch (err) {
    problems.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
  } finally {
    client.close();
    await Promise.all([api.stop(), worker.stop()]);
    try {
      pg.start();
    } catch {
      // running already
    }
    await cleanup(env);
    pg.dispose();
  }
  figures.logs = logDir;
  return { name: 'postgres restarted under load', problems, figures };
}

if (require.main === module) {
  postgresRestart(process.argv.slice(2)).then(
    (verdict) => process.exit(report(verdict)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
