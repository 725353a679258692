import type { DataSource } from 'typeorm';
import { Clock } from '../../src/kernel/clock';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import { deadlinesOf } from '../support/deadlines';
import {
  accept,
  getReview,
  openRequestOf,
  person,
  registerDocument,
  type ErrorBody,
  type Person,
  type ReviewBody,
} from '../support/review-api';

// `testTimeout` in a Jest project entry is ignored (it is a global option): set it here.
jest.setTimeout(30_000);

type ClockedReview = ReviewBody & {
  dueAt: string | null;
  overdue: boolean;
  clock: { receivedOn: string; dueOn: string | null; tolled: boolean; explanation: string[] };
};

describe('statutory clocks through the API', () => {
  let t: TestApp;
  let ds: DataSource;
  let supervisor: Person;
  let reviewer: Person;
  let today: (iso: string) => void;

  beforeAll(async () => {
    t = await startTestApp('review_clocks');
    ds = await openDataSource(t.env);
    [supervisor, reviewer] = await Promise.all([
      person(t, 'supervisor', ['supervisor']),
      person(t, 'reviewer', ['reviewer']),
    ]);
    // The server dates each clock adjustment with the day it is made; to replay a request's
    // history, the tests set the review service's clock to that day.
    const clock = t.app.get(Clock, { strict: false });
    today = (iso) => jest.spyOn(clock, 'now').mockReturnValue(new Date(`${iso}T15:00:00.000Z`));
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await ds?.destroy();
    await t?.close();
  });

  it('counts a FOIA request across Thanksgiving and Christmas, tolled once and extended once, and its review follows', async () => {
    today('2026-11-20');
    const document = await registerDocument(t, supervisor);
    // The clock lives on the request; its review follows every change.
    const request = await openRequestOf(t, supervisor, [document.id], { receivedOn: '2026-11-20' });
    const onRequest = (event: Record<string, unknown>) =>
      t.http().post(`/api/requests/${request.id}/events`).set(bearer(supervisor.token)).send(event);
    const followed = async () => (await getReview(t, reviewer, review.id)) as ClockedReview;
    let review = (await getReview(t, supervisor, request.reviews[0]!.id)) as ClockedReview;
    // Fri 20 Nov: day 1 is Mon 23 Nov, Thanksgiving (26 Nov) does not count, day 20 is Mon 21 Dec.
    // The end of 21 December in Washington, the agency's zone (UTC−5 in winter).
    expect(review.dueAt).toBe('2026-12-22T04:59:59.999Z');
    expect(review.overdue).toBe(false);
    expect(review.clock).toEqual({
      receivedOn: '2026-11-20',
      dueOn: '2026-12-21',
      tolled: false,
      explanation: [
        'FOIA: 20 working days after receipt (5 U.S.C. 552(a)(6)(A)(i)). Received 2026-11-20; due 2026-12-21.',
      ],
    });
    review = (await accept(t, supervisor, review.id, {
      type: 'ASSIGN',
      assigneeId: reviewer.id,
    })) as ClockedReview;

    // Tue 24 Nov: the office asks the requester which years they mean. One working day (23 Nov)
    // was used; the toll day itself no longer counts: 19 remain.
    today('2026-11-24');
    await onRequest({
      type: 'TOLL',
      basis: 'INFORMATION',
      reason: 'Asked the requester which years the request covers',
    }).expect(200);
    review = await followed();
    expect(review.dueAt).toBeNull();
    expect(review.clock).toMatchObject({ dueOn: null, tolled: true });
    expect(review.clock.explanation[1]).toBe(
      'Tolled on 2026-11-24 to await information requested from the requester (5 U.S.C. 552(a)(6)(A)(ii)(I)): 19 working days remain. Reason: Asked the requester which years the request covers',
    );

    // Thu 3 Dec: the answer arrives. 19 working days from Fri 4 Dec, Christmas (Fri 25 Dec)
    // skipped: Thu 31 Dec.
    today('2026-12-03');
    await onRequest({ type: 'RESUME' }).expect(200);
    review = await followed();
    expect(review.dueAt).toBe('2027-01-01T04:59:59.999Z');
    expect(review.clock.explanation[2]).toBe(
      "Resumed on 2026-12-03 when the requester's answer arrived (5 U.S.C. 552(a)(6)(A)(ii)): the remaining 19 working days count from the next working day; due 2026-12-31.",
    );

    // A second toll to ask for information is refused: the statute allows one.
    today('2026-12-07');
    const again = await onRequest({
      type: 'TOLL',
      basis: 'INFORMATION',
      reason: 'Asked for more detail',
    });
    expect(again.status).toBe(422);
    expect((again.body as ErrorBody).message).toMatch(
      /already tolled on 2026-11-24 to ask the requester for information, and FOIA allows that only once/,
    );

    // Thu 10 Dec: unusual circumstances, ten more working days. New Year's Day (Fri 1 Jan 2027)
    // skipped: Fri 15 Jan 2027.
    today('2026-12-10');
    await onRequest({
      type: 'EXTEND',
      reason: 'Consultation with the Department of Energy, which holds an equity',
    }).expect(200);
    review = await followed();
    expect(review.dueAt).toBe('2027-01-16T04:59:59.999Z');
    expect(review.clock.explanation[3]).toBe(
      'Extended on 2026-12-10 by 10 working days for unusual circumstances (5 U.S.C. 552(a)(6)(B)(i)): due 2027-01-15. Reason: Consultation with the Department of Energy, which holds an equity',
    );

    // Extending twice is refused.
    today('2026-12-11');
    const twice = await onRequest({
      type: 'EXTEND',
      reason: 'Still consulting',
    });
    expect(twice.status).toBe(422);
    expect((twice.body as ErrorBody).message).toMatch(
      /already extended by 10 working days on 2026-12-10; FOIA allows one such extension/,
    );

    // GET shows the clock and why; the deadline rows follow every change.
    const shown = (
      await t.http().get(`/api/reviews/${review.id}`).set(bearer(reviewer.token)).expect(200)
    ).body as ClockedReview;
    expect(shown).toMatchObject({ dueAt: '2027-01-16T04:59:59.999Z', overdue: false });
    expect(shown.clock.explanation).toHaveLength(4);
    const rows = (await deadlinesOf(ds, review.id)).map((r) => [
      r.kind,
      r.due_at.toISOString(),
      r.status,
    ]);
    expect(rows).toEqual([
      ['REVIEW_DUE', '2026-12-22T04:59:59.999Z', 'CANCELLED'],
      ['REVIEW_DUE', '2027-01-01T04:59:59.999Z', 'CANCELLED'],
      ['REVIEW_DUE', '2027-01-16T04:59:59.999Z', 'PENDING'],
    ]);
    // Each adjustment is an audit event carrying the rule that produced the new date.
    const audit = await ds.query<
      { action: string; payload: { clock?: { explanation: string[] } } }[]
    >(
      `SELECT action, payload FROM audit_events WHERE review_id = $1 AND action IN ('TOLL', 'RESUME', 'EXTEND') ORDER BY seq`,
      [review.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['TOLL', 'RESUME', 'EXTEND']);
    expect(audit[2]!.payload.clock!.explanation.at(-1)).toContain('5 U.S.C. 552(a)(6)(B)(i)');
  });

  describe('GET /api/calendar/due-date', () => {
    const dueDate = (who: Person, query: Record<string, string | number>) =>
      t.http().get('/api/calendar/due-date').query(query).set(bearer(who.token));

    it('counts working days across Thanksgiving and names every day it skipped', async () => {
      const res = await dueDate(reviewer, { from: '2026-11-20', workingDays: 20 }).expect(200);
      const body = res.body as { dueDate: string; skipped: { date: string; reason: string }[] };
      expect(body.dueDate).toBe('2026-12-21');
      expect(body.skipped).toContainEqual({ date: '2026-11-26', reason: 'Thanksgiving Day' });
      expect(body.skipped).toHaveLength(11); // Thanksgiving and five weekends
    });

    it('counts across Christmas and New Year: 10 working days from 31 December 2026', async () => {
      const res = await dueDate(reviewer, { from: '2026-12-31', workingDays: 10 }).expect(200);
      expect(res.body).toMatchObject({
        dueDate: '2027-01-15',
        skipped: expect.arrayContaining([
          { date: '2027-01-01', reason: "New Year's Day" },
        ]) as unknown,
      });
    });

    it('counts calendar days without skipping anything', async () => {
      const res = await dueDate(reviewer, { from: '2026-11-20', calendarDays: 180 }).expect(200);
      expect(res.body).toEqual({ dueDate: '2027-05-19', skipped: [] });
    });

    it.each([
      [{ from: '2026-11-20' }, /exactly one of workingDays .* or calendarDays/],
      [{ from: '2026-11-20', workingDays: 5, calendarDays: 5 }, /exactly one of/],
      [
        { from: '2026-02-30', workingDays: 5 },
        /from: "2026-02-30" is not a date written YYYY-MM-DD/,
      ],
      [{ from: '20261120', workingDays: 5 }, /not a date written YYYY-MM-DD/],
      [{ from: '2026-11-20', workingDays: -1 }, /workingDays: 0 or more/],
      [{ from: '2026-11-20', workingDays: 'ten' }, /workingDays: a whole number/],
      [{ from: '2026-11-20', calendarDays: 1.5 }, /calendarDays: a whole number/],
      [{ from: '1960-01-01', workingDays: 5 }, /Federal holidays are computed for 1971 to 9998/],
      [{ workingDays: 5 }, /from: a date written YYYY-MM-DD is required/],
    ])('answers 400 to %j', async (query, message) => {
      const res = await dueDate(reviewer, query as Record<string, string | number>).expect(400);
      expect((res.body as ErrorBody).message).toMatch(message);
    });

    it('needs a logged-in user', async () => {
      await t
        .http()
        .get('/api/calendar/due-date')
        .query({ from: '2026-11-20', workingDays: 1 })
        .expect(401);
    });
  });
});
