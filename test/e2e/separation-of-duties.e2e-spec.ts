import type { DataSource } from 'typeorm';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import {
  accept,
  getReview,
  openReview,
  person,
  registerDocument,
  send,
  WITHHOLD_25X6,
  type DocumentBody,
  type ErrorBody,
  type Person,
  type ReviewBody,
} from '../support/review-api';

/**
 * The two-person rule: nobody approves a review they proposed or decided a portion
 * of, on every path that reaches released or withheld — referrals, RETURN and re-proposal by
 * someone else, reassignment, administrators, and people who hold both roles.
 */

jest.setTimeout(120_000);

describe('separation of duties', () => {
  let t: TestApp;
  let ds: DataSource;
  let registrar: Person;
  let approver: Person;
  let referralClerk: Person;
  let reviewer: Person;
  let reviewer2: Person;
  let dual: Person;
  let dual2: Person;
  let adminSupervisor: Person;
  let adminAll: Person;
  let admin: Person;

  /** A registered cable with a review assigned to `assignee`, in inReview. */
  async function assigned(assignee: Person, by = registrar) {
    const document = await registerDocument(t, by);
    const opened = await openReview(t, by, document.id);
    const review = await accept(t, by, opened.id, { type: 'ASSIGN', assigneeId: assignee.id });
    return { document, review };
  }

  /** Decides every portion (portion 2 withheld under 25X6, or all of them) and proposes. */
  async function decideAndPropose(
    who: Person,
    document: DocumentBody,
    reviewId: string,
    opts: { denyAll?: boolean; skip?: string[] } = {},
  ): Promise<ReviewBody> {
    for (const p of document.portions) {
      if (opts.skip?.includes(p.id)) continue;
      await accept(t, who, reviewId, {
        type: 'DECIDE_PORTION',
        portionId: p.id,
        ...(opts.denyAll || p.seq === 2 ? WITHHOLD_25X6 : { action: 'RELEASE' }),
      });
    }
    return accept(t, who, reviewId, {
      type: 'PROPOSE',
      determination: opts.denyAll ? 'DENY_IN_FULL' : 'RELEASE_IN_PART',
    });
  }

  /** An approval that must be refused by the two-person rule, writing nothing. */
  async function refusedApproval(who: Person, reviewId: string, message: RegExp) {
    const before = await getReview(t, registrar, reviewId);
    const [{ n: eventsBefore }] = await ds.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM audit_events WHERE review_id = $1`,
      [reviewId],
    );
    const res = await send(t, who, reviewId, { type: 'APPROVE' });
    expect({ status: res.status, error: (res.body as ErrorBody).error }).toEqual({
      status: 403,
      error: 'TWO_PERSON_RULE',
    });
    expect((res.body as ErrorBody).message).toMatch(message);
    const after = await getReview(t, registrar, reviewId);
    expect({ state: after.state, version: after.version }).toEqual({
      state: before.state,
      version: before.version,
    });
    const [{ n: eventsAfter }] = await ds.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM audit_events WHERE review_id = $1`,
      [reviewId],
    );
    expect(eventsAfter).toBe(eventsBefore);
  }

  const PROPOSED = /You proposed this determination; another supervisor must approve it/;
  const DECIDED =
    /You proposed or decided portions of this review; another supervisor must approve it/;

  beforeAll(async () => {
    t = await startTestApp('separation');
    ds = await openDataSource(t.env);
    [
      registrar,
      approver,
      referralClerk,
      reviewer,
      reviewer2,
      dual,
      dual2,
      adminSupervisor,
      adminAll,
      admin,
    ] = await Promise.all([
      person(t, 'registrar', ['supervisor']),
      person(t, 'approver', ['supervisor']),
      person(t, 'referral-clerk', ['supervisor']),
      person(t, 'reviewer', ['reviewer']),
      person(t, 'reviewer2', ['reviewer']),
      person(t, 'dual', ['reviewer', 'supervisor']),
      person(t, 'dual2', ['reviewer', 'supervisor']),
      person(t, 'admin-supervisor', ['admin', 'supervisor']),
      person(t, 'admin-all', ['admin', 'supervisor', 'reviewer']),
      person(t, 'admin', ['admin']),
    ]);
  });

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  describe('a user with both reviewer and supervisor roles', () => {
    it('cannot approve a release they proposed; another supervisor can', async () => {
      const { document, review } = await assigned(dual);
      await decideAndPropose(dual, document, review.id);
      await refusedApproval(dual, review.id, PROPOSED);
      expect((await accept(t, approver, review.id, { type: 'APPROVE' })).state).toBe('released');
    });

    it('cannot approve a denial of work they assigned to themselves', async () => {
      const document = await registerDocument(t, dual);
      const opened = await openReview(t, dual, document.id);
      await accept(t, dual, opened.id, { type: 'ASSIGN', assigneeId: dual.id });
      await decideAndPropose(dual, document, opened.id, { denyAll: true });
      await refusedApproval(dual, opened.id, PROPOSED);
      expect((await accept(t, approver, opened.id, { type: 'APPROVE' })).state).toBe('withheld');
    });
  });

  describe('referrals', () => {
    it('counts the supervisor who records a referral response as a decider', async () => {
      const { document, review } = await assigned(reviewer);
      const [first, second, third] = document.portions;
      let r = await accept(t, reviewer, review.id, {
        type: 'REFER',
        agency: 'CIA',
        portionIds: [second!.id],
      });
      r = await accept(t, referralClerk, review.id, {
        type: 'RECORD_REFERRAL_RESPONSE',
        referralId: r.referrals[0]!.id,
        decision: 'EXEMPT',
        exemptions: ['25X1, 20271231'],
        justification: 'The agency asks that the source stay protected.',
      });
      expect(r.state).toBe('inReview');
      for (const p of [first!, third!])
        await accept(t, reviewer, review.id, {
          type: 'DECIDE_PORTION',
          portionId: p.id,
          action: 'RELEASE',
        });
      await accept(t, reviewer, review.id, { type: 'PROPOSE', determination: 'RELEASE_IN_PART' });
      await refusedApproval(referralClerk, review.id, DECIDED);
      expect((await accept(t, approver, review.id, { type: 'APPROVE' })).state).toBe('released');
    });

    it('counts a dual-role assignee who records the agency’s answer and proposes', async () => {
      const { document, review } = await assigned(dual2);
      const referred = await accept(t, dual2, review.id, {
        type: 'REFER',
        agency: 'DOE',
        portionIds: [document.portions[0]!.id],
      });
      await accept(t, dual2, review.id, {
        type: 'RECORD_REFERRAL_RESPONSE',
        referralId: referred.referrals[0]!.id,
        decision: 'RELEASE',
      });
      await decideAndPropose(dual2, document, review.id, { skip: [document.portions[0]!.id] });
      await refusedApproval(dual2, review.id, PROPOSED);
    });
  });

  describe('RETURN and re-proposal by someone else', () => {
    it('still refuses the first proposer and the second, and lets the supervisor who returned it approve', async () => {
      const { document, review } = await assigned(dual);
      await decideAndPropose(dual, document, review.id);
      await accept(t, approver, review.id, {
        type: 'RETURN',
        comment: 'Cite 25X1 for portion 2 as well.',
      });
      await accept(t, registrar, review.id, { type: 'ASSIGN', assigneeId: dual2.id });
      // The new assignee re-decides every portion: none of the first proposer's decisions remain.
      const reproposed = await decideAndPropose(dual2, document, review.id);
      expect(reproposed.portions.every((p) => p.decision?.decidedBy === dual2.id)).toBe(true);
      expect(reproposed.proposerId).toBe(dual2.id);
      await refusedApproval(dual, review.id, DECIDED);
      await refusedApproval(dual2, review.id, PROPOSED);
      // Returning is not deciding: the supervisor who returned it may approve the new proposal.
      expect((await accept(t, approver, review.id, { type: 'APPROVE' })).state).toBe('released');
    });
  });

  describe('reassignment', () => {
    it('keeps a reviewer who decided one portion before being replaced from approving', async () => {
      const { document, review } = await assigned(dual);
      await accept(t, dual, review.id, {
        type: 'DECIDE_PORTION',
        portionId: document.portions[0]!.id,
        action: 'RELEASE',
      });
      await accept(t, registrar, review.id, { type: 'ASSIGN', assigneeId: reviewer2.id });
      await decideAndPropose(reviewer2, document, review.id);
      await refusedApproval(dual, review.id, DECIDED);
      expect((await accept(t, registrar, review.id, { type: 'APPROVE' })).state).toBe('released');
    });
  });

  describe('administrators', () => {
    it('refuses an administrator who is also supervisor and reviewer and decided the review', async () => {
      const { document, review } = await assigned(adminAll);
      await decideAndPropose(adminAll, document, review.id);
      await refusedApproval(adminAll, review.id, PROPOSED);
    });

    it('refuses an approval by an administrator without the supervisor role', async () => {
      const { document, review } = await assigned(reviewer);
      await decideAndPropose(reviewer, document, review.id);
      const res = await send(t, admin, review.id, { type: 'APPROVE' });
      expect({ status: res.status, error: (res.body as ErrorBody).error }).toEqual({
        status: 403,
        error: 'ROLE_REQUIRED',
      });
    });

    it('lets an administrator-supervisor who only registered and assigned approve', async () => {
      const { document, review } = await assigned(reviewer, adminSupervisor);
      await decideAndPropose(reviewer, document, review.id);
      expect((await accept(t, adminSupervisor, review.id, { type: 'APPROVE' })).state).toBe(
        'released',
      );
    });

    it('cannot launder a proposal by granting its proposer the supervisor role', async () => {
      const { document, review } = await assigned(reviewer2);
      await decideAndPropose(reviewer2, document, review.id);
      await t
        .http()
        .patch(`/api/users/${reviewer2.id}`)
        .set(bearer(admin.token))
        .send({ roles: ['reviewer', 'supervisor'] })
        .expect(200);
      // The same token carries the new role at once, and the rule still holds.
      await refusedApproval(reviewer2, review.id, PROPOSED);
      await t
        .http()
        .patch(`/api/users/${reviewer2.id}`)
        .set(bearer(admin.token))
        .send({ roles: ['reviewer'] })
        .expect(200);
    });

    it('refuses an administrator changing their own roles', async () => {
      const res = await t
        .http()
        .patch(`/api/users/${adminAll.id}`)
        .set(bearer(adminAll.token))
        .send({ roles: ['admin', 'supervisor', 'reviewer', 'auditor'] });
      expect({ status: res.status, error: (res.body as ErrorBody).error }).toEqual({
        status: 403,
        error: 'TWO_PERSON_RULE',
      });
    });

    it('takes the supervisor role away on the next request', async () => {
      const { document, review } = await assigned(reviewer);
      await decideAndPropose(reviewer, document, review.id);
      await t
        .http()
        .patch(`/api/users/${approver.id}`)
        .set(bearer(admin.token))
        .send({ roles: ['reviewer'] })
        .expect(200);
      const res = await send(t, approver, review.id, { type: 'APPROVE' });
      expect({ status: res.status, error: (res.body as ErrorBody).error }).toEqual({
        status: 403,
        error: 'ROLE_REQUIRED',
      });
      await t
        .http()
        .patch(`/api/users/${approver.id}`)
        .set(bearer(admin.token))
        .send({ roles: ['supervisor'] })
        .expect(200);
      expect((await accept(t, approver, review.id, { type: 'APPROVE' })).state).toBe('released');
    });

    it('ends a review closed by an administrator in closed, never released', async () => {
      const { document, review } = await assigned(reviewer);
      await decideAndPropose(reviewer, document, review.id);
      const closed = await accept(t, adminSupervisor, review.id, {
        type: 'CLOSE',
        reason: 'Duplicate request',
      });
      expect(closed).toMatchObject({ state: 'closed', approverId: null });
      const res = await send(t, approver, review.id, { type: 'APPROVE' });
      expect(res.status).toBe(409);
    });
  });

  it('leaves no released or withheld review approved by anyone who proposed, decided or answered a referral in it', async () => {
    const rows = await ds.query<{ review_id: string; approver: string; participants: string[] }[]>(`
      SELECT a.review_id, a.actor_id AS approver,
             array(SELECT DISTINCT p.actor_id::text FROM audit_events p
                    WHERE p.review_id = a.review_id
                      AND p.action IN ('DECIDE_PORTION', 'REFER', 'RECORD_REFERRAL_RESPONSE', 'PROPOSE')) AS participants
        FROM audit_events a JOIN reviews r ON r.id = a.review_id
       WHERE a.action = 'APPROVE' AND r.state IN ('released', 'withheld')`);
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const row of rows) expect(row.participants).not.toContain(row.approver);
    const [{ n }] = await ds.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM reviews WHERE state IN ('released', 'withheld')`,
    );
    expect(n).toBe(rows.length);
  });
});
