import 'reflect-metadata';
import { Pool } from 'pg';
import { addUserWithCli, startApiProcess } from './support/api';
import { benchConfig, optionReader, recreateDatabase } from './support/bench-setup';
import { JsonClient } from './support/http-client';
import { requestInserts, requestYear } from './support/request-year';
import { elapsedMs, round, summarize } from './support/stats';

/**
 * `npm run bench:foia-annual`: the annual FOIA report over HTTP, on an office's history. It stores
 * `--years` fiscal years of `--requests` generated requests each (the generator the e2e test
 * checks every figure against), then asks the API, in a process of its own, for the report of the
 * latest full year `--runs` times as JSON and as CSV, and reports the latencies against the target.
 *
 *   node dist/bench/foia-annual.bench.js [--requests 5000] [--years 10] [--runs 20]
 *
 * Also from the environment: BENCH_REQUESTS, BENCH_YEARS, BENCH_RUNS.
 * The database is `declass_bench_foia_annual` on the server of DATABASE_URL (dropped and recreated).
 */

const DATABASE_NAME = 'declass_bench_foia_annual';
const TARGET_MS = 2_000;
const LAST_YEAR = 2026;

const { int } = optionReader(process.argv.slice(2), process.env);
const options = {
  requests: int('requests', 'BENCH_REQUESTS', 5_000, 100, 99_999),
  years: int('years', 'BENCH_YEARS', 10, 1, 50),
  runs: int('runs', 'BENCH_RUNS', 20, 1, 1_000),
};

async function main(): Promise<void> {
  const config = benchConfig(DATABASE_NAME, 'bench_foia_annual');
  await recreateDatabase(config.databaseUrl);
  const password = `bench-${Date.now()}-password`;
  await addUserWithCli(config, {
    username: 'bench-auditor',
    password,
    roles: ['auditor'],
    clearance: 'TOP SECRET',
  });
  const pool = new Pool({ connectionString: config.databaseUrl, max: 2 });
  const seeding = process.hrtime.bigint();
  for (let fy = LAST_YEAR - options.years + 1; fy <= LAST_YEAR; fy++) {
    for (const [sql, params] of requestInserts(requestYear(fy, options.requests))) {
      await pool.query(sql, params);
    }
  }
  await pool.query('VACUUM ANALYZE requests');
  const [{ n }] = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM requests'))
    .rows as [{ n: number }];
  await pool.end();
  process.stdout.write(
    `stored ${n} requests (${options.years} fiscal years of ${options.requests}) in ${round(elapsedMs(seeding) / 1000)} s\n`,
  );

  const api = await startApiProcess(config, false);
  const http = new JsonClient('127.0.0.1', api.port, 'http', 1);
  try {
    const login = await http.send<{ accessToken: string }>('POST', '/api/auth/login', {
      username: 'bench-auditor',
      password,
    });
    if (login.status !== 200) throw new Error(`login: ${login.status}`);
    const token = login.body.accessToken;
    const fiscalYear = LAST_YEAR - 1;
    for (const format of ['json', 'csv'] as const) {
      const path = `/api/reports/foia-annual?fiscalYear=${fiscalYear}&format=${format}`;
      const first = await http.send<{ requests?: { received: number } }>(
        'GET',
        path,
        undefined,
        token,
      );
      if (first.status !== 200) throw new Error(`${path}: ${first.status}`);
      const samples: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        const started = process.hrtime.bigint();
        const res = await http.send('GET', path, undefined, token);
        samples.push(elapsedMs(started));
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      }
      const s = summarize(samples);
      process.stdout.write(
        `FY ${fiscalYear} report as ${format}: ${s.count} runs after one warm-up, p50 ${round(s.p50Ms)} ms, ` +
          `p95 ${round(s.p95Ms)} ms, max ${round(s.maxMs)} ms (target < ${TARGET_MS} ms: ` +
          `${s.maxMs < TARGET_MS ? 'met' : 'NOT met'})` +
          (format === 'json'
            ? `; ${first.body.requests?.received} FOIA requests received that year`
            : '') +
          '\n',
      );
    }
  } finally {
    http.close();
    await api.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
