import 'reflect-metadata';
import { cpus } from 'node:os';
import { Pool } from 'pg';
import { addUserWithCli, startApiProcess } from './support/api';
import { benchConfig, optionReader, recreateDatabase } from './support/bench-setup';
import { JsonClient } from './support/http-client';
import { elapsedMs, round, summarize } from './support/stats';

/**
 * `npm run bench:lists`: the review lists the desk pages through, on an archive's numbers. It
 * generates the collection in the database itself (INSERT … SELECT over generate_series: no row
 * goes through Node), then has concurrent users page through every list a desk shows, over HTTP
 * to the API in a process of its own, and reports each list's latency.
 *
 *   node dist/bench/lists.bench.js [--documents 2000000] [--reviews 500000] [--users 8]
 *                                  [--seconds 30]
 *
 * Also from the environment: BENCH_DOCUMENTS, BENCH_REVIEWS, BENCH_USERS, BENCH_SECONDS.
 * The database is `declass_bench_lists` on the server of DATABASE_URL (dropped and recreated).
 */

const DATABASE_NAME = 'declass_bench_lists';
const TARGET_P99_MS = 100;
const REVIEWERS = 8;
const WORDS = [
  'FISHERIES',
  'SALT',
  'CRUISE',
  'MISSILE',
  'GRAIN',
  'EMBASSY',
  'SECURITY',
  'ASSISTANCE',
  'NATO',
  'OIL',
  'TREATY',
  'CONSULAR',
  'VISA',
  'TRADE',
  'AVIATION',
  'NUCLEAR',
  'REFUGEE',
  'HUMAN',
  'RIGHTS',
  'ELECTION',
  'MINISTER',
  'VISIT',
  'CONFERENCE',
  'BUDGET',
  'TERRORISM',
  'NARCOTICS',
  'MARITIME',
  'BOUNDARY',
  'CREDIT',
  'LOAN',
  'PROTEST',
  'AMBASSADOR',
  'DEMARCHE',
  'PRESS',
];

const { int } = optionReader(process.argv.slice(2), process.env);
const options = {
  documents: int('documents', 'BENCH_DOCUMENTS', 2_000_000, 1_000, 10_000_000),
  reviews: int('reviews', 'BENCH_REVIEWS', 500_000, 100, 5_000_000),
  users: int('users', 'BENCH_USERS', 8, 1, 64),
  seconds: int('seconds', 'BENCH_SECONDS', 30, 1, 3_600),
};
if (options.reviews > options.documents) throw new Error('--reviews must not exceed --documents');

interface Page {
  items: { id: string }[];
  total: number;
  next: string | null;
}

async function main(): Promise<void> {
  const config = benchConfig(DATABASE_NAME, 'bench_lists');
  await recreateDatabase(config.databaseUrl);
  const pool = new Pool({ connectionString: config.databaseUrl, max: 2 });
  const password = `bench-${Date.now()}-password`;
  await addUserWithCli(config, {
    username: 'bench-supervisor',
    password,
    roles: ['supervisor'],
    clearance: 'TOP SECRET',
  });
  for (let i = 1; i <= REVIEWERS; i += 1) {
    await addUserWithCli(config, {
      username: `bench-reviewer-${i}`,
      password,
      roles: ['reviewer'],
      clearance: 'SECRET',
    });
  }
  const api = await startApiProcess(config, false);
  const http = new JsonClient('127.0.0.1', api.port, 'http', options.users * 2);
  try {
    const login = async (username: string) => {
      const res = await http.send<{ accessToken: string; user: { id: string } }>(
        'POST',
        '/api/auth/login',
        { username, password },
      );
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return { token: res.body.accessToken, id: res.body.user.id };
    };
    const supervisor = await login('bench-supervisor');
    const reviewers: { token: string; id: string }[] = [];
    for (let i = 1; i <= REVIEWERS; i += 1) reviewers.push(await login(`bench-reviewer-${i}`));

    // Two real reviews, made through the API, are the templates every generated one copies.
    const templates: Record<string, string> = {};
    for (const [name, assign] of [
      ['queued', false],
      ['inReview', true],
    ] as const) {
      const doc = await http.send<{ id: string }>(
        'POST',
        '/api/documents',
        {
          documentNumber: `TEMPLATE${name.toUpperCase()}`,
          title: 'TEMPLATE',
          documentDate: '1977-06-16',
          originalClassification: 'SECRET',
          portions: [
            { text: 'One.', classification: 'SECRET' },
            { text: 'Two.', classification: 'CONFIDENTIAL' },
          ],
        },
        supervisor.token,
      );
      const review = await http.send<{ id: string; version: number }>(
        'POST',
        `/api/documents/${doc.body.id}/reviews`,
        { kind: 'SYSTEMATIC' },
        supervisor.token,
      );
      if (assign) {
        await http.send(
          'POST',
          `/api/reviews/${review.body.id}/events`,
          { type: 'ASSIGN', assigneeId: reviewers[0]!.id, expectedVersion: review.body.version },
          supervisor.token,
        );
      }
      templates[name] = review.body.id;
    }

    const started = process.hrtime.bigint();
    await pool.query(
      `INSERT INTO documents (id, collection, document_number, title, document_date, tags, captions,
         original_classification, current_classification, classification_rank, content_hash)
       SELECT gen_random_uuid(), 'cfpf',
         (1973 + i % 7)::text || 'STATE' || lpad(i::text, 7, '0'),
         ($2::text[])[1 + i % cardinality($2::text[])] || ' ' ||
           ($2::text[])[1 + (i / 7) % cardinality($2::text[])] || ' ' ||
           ($2::text[])[1 + (i / 53) % cardinality($2::text[])] || ' ' || i::text,
         make_date(1973 + i % 7, 1 + i % 12, 1 + i % 28),
         ARRAY['PFOR', 'PGOV'],
         CASE WHEN i % 25 = 0 THEN ARRAY['NODIS'] WHEN i % 11 = 0 THEN ARRAY['EXDIS'] ELSE '{}' END,
         (ARRAY['CONFIDENTIAL', 'SECRET', 'SECRET', 'TOP SECRET'])[1 + i % 4],
         (ARRAY['CONFIDENTIAL', 'SECRET', 'SECRET', 'TOP SECRET'])[1 + i % 4],
         (ARRAY[1, 2, 2, 3])[1 + i % 4],
         md5(i::text)
       FROM generate_series(1, $1::int) AS i`,
      [options.documents, WORDS],
    );
    const documentsSeconds = elapsedMs(started) / 1000;
    // Reviews of every k-th document: 40% queued, 40% in review (spread over the reviewers),
    // 10% pending approval, 10% released; a third with a due date from 30 days ago to 90 ahead.
    const every = Math.floor(options.documents / options.reviews);
    const reviewsStarted = process.hrtime.bigint();
    await pool.query(
      `WITH picked AS (
         SELECT d.id, d.document_number, row_number() OVER (ORDER BY d.document_number) AS n
           FROM documents d WHERE d.collection = 'cfpf'
       ), t AS (
         SELECT (SELECT snapshot FROM reviews WHERE id = $3) AS queued,
                (SELECT snapshot FROM reviews WHERE id = $4) AS assigned,
                (SELECT machine_version FROM reviews WHERE id = $3) AS machine_version
       )
       INSERT INTO reviews (id, document_id, kind, state, snapshot, machine_version, version,
                            assignee_id, due_at, created_at, updated_at)
       SELECT gen_random_uuid(), p.id, 'SYSTEMATIC', s.state,
         jsonb_set(jsonb_set(CASE WHEN s.state = 'queued' THEN t.queued ELSE t.assigned END,
           '{value}', to_jsonb(s.state)),
           '{context,document,documentNumber}', to_jsonb(p.document_number)),
         t.machine_version, 2,
         CASE WHEN s.state = 'queued' THEN NULL ELSE ($5::uuid[])[1 + (p.n / $1) % cardinality($5::uuid[])] END,
         CASE WHEN p.n % 3 = 0 THEN now() + ((p.n % 120) - 30) * interval '1 day' END,
         now() - (p.n % 1000) * interval '1 minute',
         now() - (p.n % 997) * interval '1 minute'
       FROM picked p CROSS JOIN t
       CROSS JOIN LATERAL (SELECT (ARRAY['queued','queued','queued','queued','inReview','inReview',
         'inReview','inReview','pendingApproval','released'])[1 + (p.n / $1) % 10] AS state) s
       WHERE p.n % $1 = 0 AND p.n / $1 <= $2`,
      [every, options.reviews, templates.queued, templates.inReview, reviewers.map((r) => r.id)],
    );
    // What autovacuum does to a table that has settled: statistics, and the visibility map that
    // lets a count read an index alone.
    await pool.query('VACUUM ANALYZE');
    const reviewsSeconds = elapsedMs(reviewsStarted) / 1000;
    const [{ n: reviewCount }] = (
      await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM reviews')
    ).rows as [{ n: number }];

    // What a desk asks, as each role opens and pages its lists.
    const kinds: Record<string, (user: number) => Promise<number>> = {};
    const get = async (token: string, query: Record<string, string | number | boolean>) => {
      const qs = new URLSearchParams(
        Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
      ).toString();
      const res = await http.send<Page>('GET', `/api/reviews?${qs}`, undefined, token);
      if (res.status !== 200) throw new Error(`GET /api/reviews?${qs}: ${res.status}`);
      return res;
    };
    const timed = (name: string, run: (user: number) => Promise<number>) => {
      kinds[name] = run;
    };
    timed('open reviews, first page', async () => (await get(supervisor.token, { open: true })).ms);
    timed('open reviews, pages 2-4', async () => {
      let page = await get(supervisor.token, { open: true });
      let ms = 0;
      for (let i = 0; i < 3 && page.body.next; i += 1) {
        page = await get(supervisor.token, { open: true, after: page.body.next });
        ms = Math.max(ms, page.ms);
      }
      return ms;
    });
    timed('my queue', async (user) => {
      const me = reviewers[user % REVIEWERS]!;
      return (await get(me.token, { assigneeId: me.id, open: true })).ms;
    });
    timed('unassigned', async () => (await get(supervisor.token, { state: 'queued' })).ms);
    timed(
      'approval inbox',
      async () => (await get(supervisor.token, { state: 'pendingApproval' })).ms,
    );
    timed('overdue', async () => (await get(supervisor.token, { overdue: true })).ms);
    timed(
      'by document number, descending',
      async () => (await get(supervisor.token, { open: true, sort: 'document', order: 'desc' })).ms,
    );
    // The desk searches within the list on screen: the open reviews.
    timed(
      'find: one title word',
      async (user) =>
        (await get(supervisor.token, { open: true, q: WORDS[(user * 7) % WORDS.length]! })).ms,
    );
    timed(
      'find: a document number',
      async (user) =>
        (
          await get(supervisor.token, {
            open: true,
            q: `STATE${String(10_000 + user * 7_919).padStart(7, '0')}`,
          })
        ).ms,
    );

    const names = Object.keys(kinds);
    // Warm up: each kind once.
    for (const name of names) await kinds[name]!(0);
    const samples = new Map<string, number[]>(names.map((n) => [n, []]));
    const deadline = Date.now() + options.seconds * 1000;
    await Promise.all(
      Array.from({ length: options.users }, async (_, user) => {
        for (let i = user; Date.now() < deadline; i += 1) {
          const name = names[i % names.length]!;
          samples.get(name)!.push(await kinds[name]!(user));
        }
      }),
    );
    const all = [...samples.values()].flat();
    const rows = names.map((name) => ({ list: name, ...summarize(samples.get(name)!) }));
    const overall = summarize(all);
    console.log(
      JSON.stringify(
        {
          machine: `${cpus().length} cores`,
          documents: options.documents,
          reviews: reviewCount,
          generated: {
            documentsSeconds: round(documentsSeconds),
            reviewsSeconds: round(reviewsSeconds),
          },
          users: options.users,
          seconds: options.seconds,
          requests: all.length,
          overall: { p50Ms: round(overall.p50Ms), p99Ms: round(overall.p99Ms) },
          targetP99Ms: TARGET_P99_MS,
          met: overall.p99Ms < TARGET_P99_MS,
        },
        null,
        2,
      ),
    );
    console.table(
      rows.map((r) => ({
        list: r.list,
        n: r.count,
        p50: round(r.p50Ms),
        p95: round(r.p95Ms),
        p99: round(r.p99Ms),
        max: round(r.maxMs),
      })),
    );
  } finally {
    http.close();
    await api.stop();
    await pool.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
