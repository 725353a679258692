import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DeadlineService } from '../../src/deadlines/application/deadline.service';
import { SWEEP_SCHEDULER_ID } from '../../src/deadlines/jobs/deadline-scheduler';
import { deadlineJobId } from '../../src/deadlines/jobs/deadline-sweeper';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import {
  auditCount,
  bringForward,
  deadlineById,
  deadlineQueue,
  deadlinesOf,
  FAST_DEADLINES,
  startWorker,
} from '../support/deadlines';
import { wipeQueueSpace } from '../support/queue-space';
import {
  accept,
  CABLE_YEAR,
  eventually,
  EXPIRY_ISO,
  getReview,
  openReview,
  person,
  registerDocument,
  reviewToDecided,
  type Person,
  type ReviewBody,
} from '../support/review-api';

// `testTimeout` in a Jest project entry is ignored (it is a global option): set it here.
jest.setTimeout(30_000);

interface NotificationBody {
  reviewId: string | null;
  documentId: string | null;
  reason: string;
  message: string;
}

describe('deadlines firing through the worker', () => {
  let t: TestApp;
  let ds: DataSource;
  let worker: INestApplicationContext;
  let registrar: Person;
  let approver: Person;
  let reviewer: Person;

  const notifications = async (who: Person, filter: (n: NotificationBody) => boolean) => {
    const res = await t.http().get('/api/notifications').set(bearer(who.token)).expect(200);
    return (res.body as NotificationBody[]).filter(filter);
  };

  /** A FOIA review assigned to the reviewer, its decision due in 20 working days. */
  const assignedReview = async (): Promise<ReviewBody> => {
    const document = await registerDocument(t, registrar);
    const review = await openReview(t, registrar, document.id, 'FOIA');
    return accept(t, registrar, review.id, { type: 'ASSIGN', assigneeId: reviewer.id });
  };

  beforeAll(async () => {
    t = await startTestApp('deadline_firing', FAST_DEADLINES);
    ds = await openDataSource(t.env);
    [registrar, approver, reviewer] = await Promise.all([
      person(t, 'registrar', ['supervisor']),
      person(t, 'approver', ['supervisor']),
      person(t, 'reviewer', ['reviewer']),
    ]);
    worker = await startWorker(t.env.config);
  });

  afterAll(async () => {
    await worker?.close();
    await ds?.destroy();
    await t?.close();
  });

  it('fires a review deadline a few seconds ahead once, on time: overdue, supervisors told', async () => {
    const review = await assignedReview();
    const due = await bringForward(ds, review.id, 'REVIEW_DUE', 2500);

    // The sweeper turns the row into a delayed job under its deterministic id; nothing fires yet.
    const job = await eventually('the delayed job', async () =>
      deadlineQueue(worker).getJob(deadlineJobId(due.id)),
    );
    expect(await job.getState()).toBe('delayed');
    expect((await getReview(t, registrar, review.id)).nextEvents).toContain('ASSIGN');
    expect((await deadlineById(ds, due.id)).status).toBe('PENDING');

    const fired = await eventually(
      'the deadline to fire',
      async () => {
        const row = await deadlineById(ds, due.id);
        return row.status === 'FIRED' ? row : undefined;
      },
      8000,
    );
    const lagMs = fired.fired_at!.getTime() - due.dueAt.getTime();
    expect(lagMs).toBeGreaterThanOrEqual(0);
    expect(lagMs).toBeLessThan(2000);
    expect(fired.outcome).toMatch(/^REVIEW_OVERDUE: /);

    const after = (await t.http().get(`/api/reviews/${review.id}`).set(bearer(registrar.token)))
      .body as ReviewBody & { overdue: boolean };
    expect(after.overdue).toBe(true);
    expect(await auditCount(ds, 'DEADLINE_ELAPSED', { reviewId: review.id })).toBe(1);

    for (const supervisor of [registrar, approver]) {
      const told = await eventually(
        `the OVERDUE notification of ${supervisor.username}`,
        async () => {
          const list = await notifications(
            supervisor,
            (n) => n.reviewId === review.id && n.reason === 'OVERDUE',
          );
          return list.length > 0 ? list : undefined;
        },
      );
      expect(told).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/is overdue/) }),
      ]);
    }
    expect(await notifications(reviewer, (n) => n.reason === 'OVERDUE')).toEqual([]);

    // The job ran once and is gone; running it again, or sweeping again, changes nothing.
    expect(await deadlineQueue(worker).getJob(deadlineJobId(due.id))).toBeUndefined();
    await expect(worker.get(DeadlineService).fire(due.id)).resolves.toEqual({
      fired: false,
      reason: 'NOT_PENDING',
    });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // three more sweeps
    expect(await auditCount(ds, 'DEADLINE_ELAPSED', { reviewId: review.id })).toBe(1);
    const [{ n }] = await ds.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM outbox WHERE payload->>'reviewId' = $1 AND payload->>'reason' = 'OVERDUE'`,
      [review.id],
    );
    expect(n).toBe(1);
  });

  it('still fires once when the queue store loses everything between scheduling and due time', async () => {
    const review = await assignedReview();
    const due = await bringForward(ds, review.id, 'REVIEW_DUE', 4000);
    await eventually('the delayed job', async () =>
      deadlineQueue(worker).getJob(deadlineJobId(due.id)),
    );

    // FLUSHALL scoped to this suite's prefix, so that the suites beside it keep their queues; on
    // PostgreSQL, BullMQ's schema dropped with every table in it.
    const lost = await wipeQueueSpace(t.env.config);
    expect(lost.filter((k) => k.endsWith(`{deadlines}:${deadlineJobId(due.id)}`))).toHaveLength(1);
    expect(lost.some((k) => k.includes('{deadlines}:repeat'))).toBe(true);

    // The worker notices, re-creates its sweep scheduler (and BullMQ's schema, on PostgreSQL,
    // where asking before then is an error) and sweeps at once.
    await eventually('the sweep scheduler again', async () =>
      deadlineQueue(worker)
        .getJobScheduler(SWEEP_SCHEDULER_ID)
        .catch(() => undefined),
    );
    await eventually('the delayed job again', async () =>
      deadlineQueue(worker).getJob(deadlineJobId(due.id)),
    );

    const fired = await eventually(
      'the deadline to fire',
      async () => {
        const row = await deadlineById(ds, due.id);
        return row.status === 'FIRED' ? row : undefined;
      },
      8000,
    );
    expect(fired.fired_at!.getTime() - due.dueAt.getTime()).toBeLessThan(2000);
    expect(await auditCount(ds, 'DEADLINE_ELAPSED', { reviewId: review.id })).toBe(1);
    expect(
      ((await getReview(t, registrar, review.id)) as ReviewBody & { overdue: boolean }).overdue,
    ).toBe(true);
  });

  it('lapses an unanswered referral: the equity is recorded as lapsed and the portions go back', async () => {
    const review = await assignedReview();
    const document = (
      await t.http().get(`/api/documents/${review.documentId}`).set(bearer(registrar.token))
    ).body as { portions: { id: string; seq: number }[] };
    const referred = await accept(t, reviewer, review.id, {
      type: 'REFER',
      agency: 'CIA',
      portionIds: [document.portions[1]!.id],
    });
    expect(referred.state).toBe('awaitingReferral');
    const referralId = referred.referrals[0]!.id;
    const [pending] = await deadlinesOf(ds, referralId);
    // A FOIA request's referral is answered within the request's own time limit.
    expect(pending).toMatchObject({ kind: 'REFERRAL_DUE', status: 'PENDING' });
    expect(pending!.rule).toContain("answered within the request's own time limit");
    expect(pending!.due_at.toISOString()).toBe((referred as ReviewBody & { dueAt: string }).dueAt);

    const due = await bringForward(ds, referralId, 'REFERRAL_DUE', 0);
    const fired = await eventually('the referral deadline', async () => {
      const row = await deadlineById(ds, due.id);
      return row.status === 'FIRED' ? row : undefined;
    });
    expect(fired.outcome).toMatch(/^REFERRAL_LAPSED: /);

    const after = await getReview(t, reviewer, review.id);
    expect(after.state).toBe('inReview');
    expect(after.referrals[0]!.response).toMatchObject({ decision: 'LAPSED' });
    expect(after.portions.find((p) => p.id === document.portions[1]!.id)!.decision).toBeNull();
    await eventually('the assignee told of the lapse', async () => {
      const list = await notifications(
        reviewer,
        (n) => n.reviewId === review.id && n.reason === 'REFERRAL_LAPSED',
      );
      return list.length === 1 ? list : undefined;
    });
  });

  it('opens a RE_REVIEW as the system when an exemption expires, once', async () => {
    // A cable 25 years old this year, so still classified until 31 December: a 49-year-old one
    // would be declassified by the worker's first sweep, racing the review that exempts it.
    const { document, review } = await reviewToDecided(
      t,
      { supervisor: registrar, reviewer },
      { propose: true, document: { documentDate: `${CABLE_YEAR + 24}-01-02` } },
    );
    await accept(t, approver, review.id, { type: 'APPROVE' });
    const reReview = (await deadlinesOf(ds, document.id)).find((d) => d.kind === 'RE_REVIEW');
    // 25X6, 20271231 withheld portion 2: declassified on that day, so looked at again a year
    // before it (the default lead), in time to exempt it again.
    expect(reReview).toMatchObject({ status: 'PENDING' });
    expect(reReview!.due_at.toISOString()).toBe(`${CABLE_YEAR + 49}-12-31T05:00:00.000Z`);
    const lapse = (await deadlinesOf(ds, document.id)).find(
      (d) => d.kind === 'AUTO_DECLASSIFY' && d.status === 'PENDING',
    );
    expect(lapse!.due_at.toISOString()).toBe(`${EXPIRY_ISO}T05:00:00.000Z`);

    const due = await bringForward(ds, document.id, 'RE_REVIEW', 0);
    const fired = await eventually('the re-review deadline', async () => {
      const row = await deadlineById(ds, due.id);
      return row.status === 'FIRED' ? row : undefined;
    });
    expect(fired.outcome).toMatch(/^REVIEW_OPENED: RE_REVIEW review /);

    const list = await t
      .http()
      .get('/api/reviews')
      .query({ documentId: document.id, kind: 'RE_REVIEW' })
      .set(bearer(registrar.token))
      .expect(200);
    const opened = (list.body as { items: (ReviewBody & { clock: { explanation: string[] } })[] })
      .items;
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ state: 'queued', kind: 'RE_REVIEW' });
    expect(opened[0]!.clock.explanation[0]).toContain(
      'RE_REVIEW: decided by the day before the exemption ends on 2027-12-31',
    );
    const [created] = await ds.query<{ actor_username: string; payload: { deadlineId: string } }[]>(
      `SELECT actor_username, payload FROM audit_events WHERE review_id = $1 AND action = 'REVIEW_CREATED'`,
      [opened[0]!.id],
    );
    expect(created).toMatchObject({
      actor_username: 'declass-system',
      payload: { deadlineId: due.id },
    });
    await eventually('the supervisors told of the re-review', async () => {
      const told = await notifications(
        approver,
        (n) => n.reviewId === opened[0]!.id && n.reason === 'RE_REVIEW_OPENED',
      );
      return told.length === 1 ? told : undefined;
    });

    // The job again: nothing. Another re-review deadline while this review is open: no second
    // review, and the reason is on the row and in the document's audit trail.
    await expect(worker.get(DeadlineService).fire(due.id)).resolves.toMatchObject({ fired: false });
    await ds.query(
      `INSERT INTO deadlines (id, kind, subject_type, subject_id, due_at, rule)
       VALUES (gen_random_uuid(), 'RE_REVIEW', 'DOCUMENT', $1, now(), 'test: a second expiry')`,
      [document.id],
    );
    const second = await eventually('the second re-review deadline', async () => {
      const row = (await deadlinesOf(ds, document.id)).find(
        (d) => d.rule === 'test: a second expiry',
      );
      return row?.status === 'FIRED' ? row : undefined;
    });
    expect(second.outcome).toMatch(/^NO_EFFECT: .*already has an open review/);
    expect(await auditCount(ds, 'DEADLINE_WITHOUT_EFFECT', { documentId: document.id })).toBe(1);
    const [{ n }] = await ds.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM reviews WHERE document_id = $1 AND kind = 'RE_REVIEW'`,
      [document.id],
    );
    expect(n).toBe(1);
  });

  it('waits for a deadline whose job ran early, and fires it when due', async () => {
    const review = await assignedReview();
    const due = await bringForward(ds, review.id, 'REVIEW_DUE', 1500);
    // As if a job had been queued with no delay: the worker puts it back until the due time.
    await expect(worker.get(DeadlineService).fire(due.id)).resolves.toMatchObject({
      fired: false,
      reason: 'NOT_DUE',
    });
    const fired = await eventually('the deadline', async () => {
      const row = await deadlineById(ds, due.id);
      return row.status === 'FIRED' ? row : undefined;
    });
    expect(fired.fired_at!.getTime()).toBeGreaterThanOrEqual(due.dueAt.getTime());
    expect(await auditCount(ds, 'DEADLINE_ELAPSED', { reviewId: review.id })).toBe(1);
  });
});
