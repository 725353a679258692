import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DeadlineService, type FireResult } from '../../src/deadlines/application/deadline.service';
import { openDataSource, startTestApp, type TestApp } from '../support/harness';
import { auditCount, bringForward, FAST_DEADLINES, startWorker } from '../support/deadlines';
import {
  accept,
  chainProblems,
  eventually,
  openReview,
  person,
  registerDocument,
  type DocumentBody,
  type Person,
  type ReviewBody,
} from '../support/review-api';

// `testTimeout` in a Jest project entry is ignored (it is a global option): set it here.
jest.setTimeout(30_000);

const DOCUMENTS = 40;
const REVIEWS = 20;
/** Every fourth review is of a NODIS cable: the system acts on it; only cleared people hear. */
const NODIS_REVIEWS = REVIEWS / 4;

describe('two workers and a deadline', () => {
  let t: TestApp;
  let ds: DataSource;
  let workers: INestApplicationContext[] = [];
  let registrar: Person;
  let approver: Person;
  let reviewer: Person;
  let documents: DocumentBody[];
  let reviews: ReviewBody[];

  beforeAll(async () => {
    t = await startTestApp('deadline_races', FAST_DEADLINES);
    ds = await openDataSource(t.env);
    [registrar, approver, reviewer] = await Promise.all([
      person(t, 'registrar', ['supervisor'], 'SECRET', ['NODIS']),
      person(t, 'approver', ['supervisor']),
      person(t, 'reviewer', ['reviewer'], 'SECRET', ['NODIS']),
    ]);
    // Cables of 1952–1959: their 25-year date passed long ago, so each is due at once. Some are
    // NODIS, which the system actor may act on like any other.
    documents = await Promise.all(
      Array.from({ length: DOCUMENTS }, (_, i) =>
        registerDocument(t, registrar, {
          documentNumber: `195${2 + (i % 8)}STATE${String(i).padStart(5, '0')}`,
          documentDate: `195${2 + (i % 8)}-03-0${1 + (i % 9)}`,
          captions: i % 5 === 0 ? ['NODIS'] : [],
        }),
      ),
    );
    // Reviews of 1977 cables, each due a moment from now.
    reviews = await Promise.all(
      Array.from({ length: REVIEWS }, async (_, i) => {
        const document = await registerDocument(t, registrar, {
          documentDate: '2010-06-16',
          captions: i % 4 === 0 ? ['NODIS'] : [],
        });
        const review = await openReview(t, registrar, document.id, 'FOIA');
        return accept(t, registrar, review.id, { type: 'ASSIGN', assigneeId: reviewer.id });
      }),
    );
    for (const review of reviews) await bringForward(ds, review.id, 'REVIEW_DUE', 1500);
  }, 30_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await ds?.destroy();
    await t?.close();
  });

  it('never fires a deadline twice, however the two workers and their jobs race', async () => {
    const pending = await ds.query<{ id: string }[]>(
      `SELECT id FROM deadlines WHERE status = 'PENDING' AND subject_id = ANY($1::uuid[])
          AND kind IN ('AUTO_DECLASSIFY', 'REVIEW_DUE')`,
      [[...documents.map((d) => d.id), ...reviews.map((r) => r.id)]],
    );
    expect(pending).toHaveLength(DOCUMENTS + REVIEWS);

    // Two workers start together: both sweep at once and both run jobs.
    workers = await Promise.all([startWorker(t.env.config), startWorker(t.env.config)]);
    const [a, b] = workers.map((w) => w.get(DeadlineService));
    // And each deadline is also fired directly, twice from each worker, all at the same moment
    // — a job delivered four times, racing the queued ones.
    const attempts: FireResult[][] = await Promise.all(
      pending.map(({ id }) => Promise.all([a!.fire(id), b!.fire(id), a!.fire(id), b!.fire(id)])),
    );
    expect(attempts.every((results) => results.filter((r) => r.fired).length <= 1)).toBe(true);

    await eventually(
      'every deadline fired',
      async () => {
        const [{ n }] = await ds.query<[{ n: number }]>(
          `SELECT count(*)::int AS n FROM deadlines WHERE id = ANY($1::uuid[]) AND status = 'FIRED'`,
          [pending.map((p) => p.id)],
        );
        return n === pending.length;
      },
      10_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // more sweeps, any stray job

    // One effect per deadline, whatever ran how many times.
    for (const document of documents) {
      expect(await auditCount(ds, 'DOCUMENT_AUTO_DECLASSIFIED', { documentId: document.id })).toBe(
        1,
      );
      const { problems } = await chainProblems(ds, `document:${document.id}`);
      expect(problems).toEqual([]);
    }
    const [declassified] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM documents WHERE id = ANY($1::uuid[]) AND current_classification = 'UNCLASSIFIED'`,
      [documents.map((d) => d.id)],
    );
    expect(declassified!.n).toBe(DOCUMENTS);
    for (const review of reviews) {
      expect(await auditCount(ds, 'DEADLINE_ELAPSED', { reviewId: review.id })).toBe(1);
      const [{ version }] = await ds.query<[{ version: number }]>(
        `SELECT version FROM reviews WHERE id = $1`,
        [review.id],
      );
      expect(version).toBe(review.version + 1);
      const { problems } = await chainProblems(ds, `review:${review.id}`);
      expect(problems).toEqual([]);
    }
    const [{ n: overdueMessages }] = await ds.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM outbox WHERE payload->>'reason' = 'OVERDUE'`,
    );
    expect(overdueMessages).toBe(REVIEWS);
    // Each supervisor gets one OVERDUE notification per review they may see, from either worker.
    await eventually('the notifications', async () => {
      const [{ n }] = await ds.query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM notifications WHERE reason = 'OVERDUE'`,
      );
      return n === REVIEWS * 2 - NODIS_REVIEWS;
    });
    const perPerson = await ds.query<{ user_id: string; n: number }[]>(
      `SELECT user_id, count(*)::int AS n FROM notifications WHERE reason = 'OVERDUE' GROUP BY user_id`,
    );
    expect(perPerson.sort((x, y) => x.user_id.localeCompare(y.user_id))).toEqual(
      [
        { user_id: registrar.id, n: REVIEWS },
        { user_id: approver.id, n: REVIEWS - NODIS_REVIEWS },
      ].sort((x, y) => x.user_id.localeCompare(y.user_id)),
    );
  }, 30_000);
});
