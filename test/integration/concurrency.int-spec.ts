import type { DataSource } from 'typeorm';
import { AddReviewAuditHead1795830060506 } from '../../migrations/1795830060506-AddReviewAuditHead';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import {
  accept,
  cable,
  chainProblems,
  openReview,
  registerDocument,
  person,
  reviewToDecided,
  send,
  type ErrorBody,
  type Person,
  type ReviewBody,
} from '../support/review-api';

const REVIEWS = 10;
const READS = 30;

// The shared 2-core machine can be busy; the project-level testTimeout is not applied by Jest.
jest.setTimeout(30_000);

describe('concurrent requests', () => {
  let t: TestApp;
  let ds: DataSource;
  let registrar: Person;
  let reviewer: Person;
  let approverA: Person;
  let approverB: Person;

  beforeAll(async () => {
    t = await startTestApp('concurrency');
    // One listening server for all requests, so simultaneous requests really are simultaneous.
    await t.app.listen(0, '127.0.0.1');
    ds = await openDataSource(t.env);
    [registrar, reviewer, approverA, approverB] = await Promise.all([
      person(t, 'registrar', ['supervisor']),
      person(t, 'reviewer', ['reviewer']),
      person(t, 'approver-a', ['supervisor']),
      person(t, 'approver-b', ['supervisor']),
    ]);
  });

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  it('lets exactly one of two supervisors approving at the same moment win, and audits one approval', async () => {
    const flows = await Promise.all(
      Array.from({ length: REVIEWS }, () =>
        reviewToDecided(t, { supervisor: registrar, reviewer }, { propose: true }),
      ),
    );
    expect(flows.every((f) => f.review.state === 'pendingApproval')).toBe(true);

    // Half the pairs say which version they approve, half do not: both ways, one wins.
    const races = await Promise.all(
      flows.map(async ({ review }, i) => {
        const event =
          i % 2 === 0 ? { type: 'APPROVE', expectedVersion: review.version } : { type: 'APPROVE' };
        const [a, b] = await Promise.all([
          send(t, approverA, review.id, event),
          send(t, approverB, review.id, event),
        ]);
        return { review, withVersion: i % 2 === 0, answers: [a, b] };
      }),
    );

    for (const { review, withVersion, answers } of races) {
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = answers.find((r) => r.status === 200)!;
      const loser = answers.find((r) => r.status === 409)!;
      const approved = winner.body as ReviewBody;
      expect(approved).toMatchObject({ state: 'released', version: review.version + 1 });
      expect([approverA.id, approverB.id]).toContain(approved.approverId);
      const refusal = loser.body as ErrorBody;
      expect(refusal.error).toBe(withVersion ? 'STALE_VERSION' : 'INVALID_TRANSITION');
      expect(refusal.message).toMatch(
        withVersion ? /reload it and try again/ : /accepts no further events/,
      );

      const [row] = await ds.query<{ state: string; version: number }[]>(
        `SELECT state, version FROM reviews WHERE id = $1`,
        [review.id],
      );
      expect(row).toEqual({ state: 'released', version: review.version + 1 });
      const approvals = await ds.query<{ actor_id: string }[]>(
        `SELECT actor_id FROM audit_events WHERE review_id = $1 AND action = 'APPROVE'`,
        [review.id],
      );
      expect(approvals).toEqual([{ actor_id: approved.approverId }]);
      const deadlines = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM deadlines WHERE subject_id = $1 AND kind = 'RE_REVIEW'`,
        [review.documentId],
      );
      expect(deadlines[0]!.n).toBe(1);
      const notices = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox WHERE payload->>'reviewId' = $1 AND payload->>'reason' = 'APPROVED'`,
        [review.id],
      );
      expect(notices[0]!.n).toBe(1);
      const chain = await chainProblems(ds, `review:${review.id}`);
      expect(chain.problems).toEqual([]);
      expect(chain.rows.map((r) => r.action)).toEqual([
        'REVIEW_CREATED',
        'ASSIGN',
        'DECIDE_PORTION',
        'DECIDE_PORTION',
        'DECIDE_PORTION',
        'PROPOSE',
        'APPROVE',
      ]);
      // The next writer of the chain starts from the head kept on the row.
      const [{ audit_head }] = await ds.query<[{ audit_head: string }]>(
        `SELECT audit_head FROM reviews WHERE id = $1`,
        [review.id],
      );
      expect(audit_head).toBe(chain.rows.at(-1)!.hash);
    }
  });

  it('applies every one of many simultaneous decisions on one review, each on the state before it', async () => {
    const document = await registerDocument(t, registrar, {
      originalClassification: 'CONFIDENTIAL',
      portions: Array.from({ length: 8 }, (_, i) => ({
        text: `${i + 1}. (C) Paragraph ${i + 1}.`,
        classification: 'CONFIDENTIAL',
      })),
    });
    const opened = await openReview(t, registrar, document.id);
    const assigned = await accept(t, registrar, opened.id, {
      type: 'ASSIGN',
      assigneeId: reviewer.id,
    });
    // No expectedVersion: whoever loses a race is decided again on the state the winner left.
    const answers = await Promise.all(
      document.portions.map((p) =>
        send(t, reviewer, opened.id, {
          type: 'DECIDE_PORTION',
          portionId: p.id,
          action: 'RELEASE',
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(document.portions.map(() => 200));
    const versions = answers.map((r) => (r.body as ReviewBody).version).sort((a, b) => a - b);
    expect(versions).toEqual(document.portions.map((_, i) => assigned.version + 1 + i));

    const final = await accept(t, reviewer, opened.id, {
      type: 'PROPOSE',
      determination: 'RELEASE_IN_FULL',
    });
    expect(final.version).toBe(assigned.version + document.portions.length + 1);
    const decisions = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM portion_decisions WHERE review_id = $1 AND action = 'RELEASE'`,
      [opened.id],
    );
    expect(decisions[0]!.n).toBe(document.portions.length);
    const chain = await chainProblems(ds, `review:${opened.id}`);
    expect(chain.problems).toEqual([]);
    expect(chain.rows.filter((r) => r.action === 'DECIDE_PORTION')).toHaveLength(
      document.portions.length,
    );
  });

  it('computes, when the chain-head column is added to existing reviews, the heads transitions keep', async () => {
    await reviewToDecided(t, { supervisor: registrar, reviewer }, { propose: true });
    const heads = () =>
      ds.query<{ id: string; audit_head: string | null }[]>(
        `SELECT id, audit_head FROM reviews ORDER BY id`,
      );
    const kept = await heads();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((r) => r.audit_head !== null)).toBe(true);
    const runner = ds.createQueryRunner();
    try {
      const migration = new AddReviewAuditHead1795830060506();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await heads()).toEqual(kept);
  });

  it('opens one review when two supervisors open one for the same document at once', async () => {
    const document = await registerDocument(t, registrar);
    const answers = await Promise.all(
      [approverA, approverB].map((who) =>
        t
          .http()
          .post(`/api/documents/${document.id}/reviews`)
          .set(bearer(who.token))
          .send({ kind: 'SYSTEMATIC' }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const refusal = answers.find((r) => r.status === 409)!.body as ErrorBody;
    expect(refusal.error).toBe('ALREADY_EXISTS');
    expect(refusal.message).toMatch(/already has an open review/);
    const [counts] = await ds.query<{ reviews: number; created: number }[]>(
      `SELECT (SELECT count(*)::int FROM reviews WHERE document_id = $1) AS reviews,
              (SELECT count(*)::int FROM audit_events WHERE document_id = $1 AND action = 'REVIEW_CREATED') AS created`,
      [document.id],
    );
    expect(counts).toEqual({ reviews: 1, created: 1 });
  });

  it('registers one document when the same number is registered twice at once', async () => {
    const body = cable();
    const answers = await Promise.all(
      [approverA, approverB].map((who) =>
        t.http().post('/api/documents').set(bearer(who.token)).send(body),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((answers.find((r) => r.status === 409)!.body as ErrorBody).error).toBe('ALREADY_EXISTS');
    const [row] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM documents WHERE document_number = $1`,
      [body.documentNumber],
    );
    expect(row!.n).toBe(1);
  });

  it('keeps a document’s audit chain unforked when many people read it at once', async () => {
    const readers = await Promise.all([
      person(t, 'reader-1', ['reviewer']),
      person(t, 'reader-2', ['reviewer']),
      person(t, 'reader-3', ['supervisor']),
    ]);
    const document = await registerDocument(t, registrar);
    const answers = await Promise.all(
      Array.from({ length: READS }, (_, i) =>
        t
          .http()
          .get(`/api/documents/${document.id}/text`)
          .set(bearer(readers[i % readers.length]!.token)),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: READS }, () => 200));

    const { rows, problems } = await chainProblems(ds, `document:${document.id}`);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(READS + 1);
    expect(rows[0]!.action).toBe('DOCUMENT_REGISTERED');
    expect(rows.slice(1).every((r) => r.action === 'DOCUMENT_READ')).toBe(true);
    // A fork shows as two events naming the same predecessor.
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length);
    const perReader = readers.map((u) => rows.filter((r) => r.actor_id === u.id).length);
    expect(perReader).toEqual([10, 10, 10]);
  });
});
