import { createHmac, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import {
  accept,
  cable,
  CABLE_DATE,
  CABLE_YEAR,
  EXPIRY,
  footprint,
  getReview,
  openReview,
  person,
  registerDocument,
  reviewToDecided,
  send,
  WITHHOLD_25X6,
  type DocumentBody,
  type ErrorBody,
  type Person,
  type ReviewBody,
} from '../support/review-api';

/** A JWT built by hand, to try what a forger would. */
function jwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  secret?: string,
): string {
  const part = (o: Record<string, unknown>) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const signed = `${part(header)}.${part(claims)}`;
  const signature = secret ? createHmac('sha256', secret).update(signed).digest('base64url') : '';
  return `${signed}.${signature}`;
}

const now = () => Math.floor(Date.now() / 1000);

/** The session a real access token belongs to: a forged token must name one to get that far. */
const sessionOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;

// The shared 2-core machine can be busy; the project-level testTimeout is not applied by Jest.
jest.setTimeout(30_000);

describe('refused requests', () => {
  let t: TestApp;
  let ds: DataSource;
  let sup: Person;
  let sup2: Person;
  let reviewer: Person;
  let other: Person;
  let low: Person;
  let auditor: Person;
  /** Every portion decided (2 EXEMPT), still inReview, version 5. */
  let decided: { document: DocumentBody; review: ReviewBody };
  /** Proposed RELEASE_IN_PART, pendingApproval, version 6. */
  let pending: { document: DocumentBody; review: ReviewBody };
  /** Assigned to `reviewer`, nothing decided, version 2. */
  let fresh: { document: DocumentBody; review: ReviewBody };
  /** A FOIA review of a 49-year-old cable (1977 in 2026), assigned to `reviewer`. */
  let foia: { document: DocumentBody; review: ReviewBody };
  /** A SECRET NODIS cable with an open review. */
  let nodis: { document: DocumentBody; review: ReviewBody };
  /** A CONFIDENTIAL cable `low` may see, with an open review: the control for the 404s. */
  let visible: { document: DocumentBody; review: ReviewBody };

  /** Runs a request that must be refused and checks that it changed nothing in the database. */
  async function refused(reviewId: string | undefined, act: () => PromiseLike<Response>) {
    const before = await footprint(ds, reviewId);
    const res = await act();
    expect(await footprint(ds, reviewId)).toEqual(before);
    return { status: res.status, body: res.body as ErrorBody, res };
  }

  async function assigned(kind = 'SYSTEMATIC', overrides: Record<string, unknown> = {}, who = sup) {
    const document = await registerDocument(t, who, overrides);
    const opened = await openReview(t, who, document.id, kind);
    const review = await accept(t, who, opened.id, { type: 'ASSIGN', assigneeId: reviewer.id });
    return { document, review };
  }

  beforeAll(async () => {
    t = await startTestApp('refusals');
    ds = await openDataSource(t.env);
    [sup, sup2, reviewer, other, low, auditor] = await Promise.all([
      person(t, 'sup', ['supervisor'], 'SECRET', ['NODIS']),
      person(t, 'sup2', ['supervisor']),
      person(t, 'reviewer', ['reviewer'], 'SECRET', ['NODIS']),
      person(t, 'other', ['reviewer']),
      person(t, 'low', ['reviewer', 'supervisor'], 'CONFIDENTIAL'),
      person(t, 'auditor', ['auditor'], 'TOP SECRET', ['NODIS']),
    ]);
    decided = await reviewToDecided(t, { supervisor: sup, reviewer });
    pending = await reviewToDecided(t, { supervisor: sup, reviewer }, { propose: true });
    fresh = await assigned();
    foia = await assigned('FOIA');
    nodis = await assigned('SYSTEMATIC', { captions: ['NODIS'] });
    const visibleDoc = await registerDocument(t, sup, {
      originalClassification: 'CONFIDENTIAL',
      portions: [{ text: 'Routine administrative traffic.', classification: 'CONFIDENTIAL' }],
    });
    visible = { document: visibleDoc, review: await openReview(t, sup, visibleDoc.id) };
  });

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  describe('malformed requests: 400', () => {
    it('refuses an unknown event type, naming the types it knows', async () => {
      const { status, body } = await refused(decided.review.id, () =>
        send(t, reviewer, decided.review.id, { type: 'SHRED' }),
      );
      expect(status).toBe(400);
      expect(body.error).toBe('VALIDATION_FAILED');
      expect(body.message).toMatch(/type must be one of ASSIGN, DECIDE_PORTION, .*CLOSE/);
    });

    it('refuses a field the event does not have', async () => {
      const { status, body } = await refused(pending.review.id, () =>
        send(t, sup2, pending.review.id, { type: 'APPROVE', comment: 'looks fine' }),
      );
      expect(status).toBe(400);
      expect(body.error).toBe('VALIDATION_FAILED');
      expect(body.message).toContain('comment is not a field of APPROVE');
    });

    const wrongTypes: [string, (portionId: string) => Record<string, unknown>, RegExp][] = [
      [
        'a determination that is a number',
        () => ({ type: 'PROPOSE', determination: 42 }),
        /determination must be one of/,
      ],
      [
        'an assignee that is not a uuid',
        () => ({ type: 'ASSIGN', assigneeId: 'reviewer' }),
        /assigneeId must be a UUID/,
      ],
      [
        'an expectedVersion that is a string',
        () => ({ type: 'PROPOSE', determination: 'RELEASE_IN_PART', expectedVersion: '5' }),
        /expectedVersion must be an integer/,
      ],
      [
        'exemptions that are a string, not a list',
        (portionId) => ({
          ...WITHHOLD_25X6,
          type: 'DECIDE_PORTION',
          portionId,
          exemptions: `25X6, ${EXPIRY}`,
        }),
        /exemptions must be an array/,
      ],
      [
        'an empty justification',
        (portionId) => ({ ...WITHHOLD_25X6, type: 'DECIDE_PORTION', portionId, justification: '' }),
        /justification must be longer than or equal to 1 characters/,
      ],
      [
        'a referral of no portions',
        () => ({ type: 'REFER', agency: 'CIA', portionIds: [] }),
        /portionIds must contain at least 1/,
      ],
    ];
    it.each(wrongTypes)('refuses %s', async (_label, build, message) => {
      const { status, body } = await refused(decided.review.id, () =>
        send(t, reviewer, decided.review.id, build(decided.document.portions[1]!.id)),
      );
      expect(status).toBe(400);
      expect(body.error).toBe('VALIDATION_FAILED');
      expect(body.message).toMatch(message);
    });

    it('refuses a document whose portions are not a list', async () => {
      const { status, body } = await refused(undefined, () =>
        t
          .http()
          .post('/api/documents')
          .set(bearer(sup.token))
          .send(cable({ portions: 'one long text' })),
      );
      expect(status).toBe(400);
      expect(body.message).toMatch(/portions must be an array/);
    });

    it('answers a body that is not JSON with 400 and the usual error shape', async () => {
      const { status, body, res } = await refused(pending.review.id, () =>
        t
          .http()
          .post(`/api/reviews/${pending.review.id}/events`)
          .set(bearer(sup2.token))
          .set('content-type', 'application/json')
          .send('{"type": "APPROVE",'),
      );
      expect(status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(body.statusCode).toBe(400);
      expect(body.error).toBe('VALIDATION_FAILED');
      expect(body.message).toMatch(/JSON/i);
    });

    it('refuses an id that is not a uuid', async () => {
      const res = await t.http().get('/api/reviews/not-a-uuid').set(bearer(sup.token));
      expect(res.status).toBe(400);
      expect((res.body as ErrorBody).error).toBe('VALIDATION_FAILED');
      expect((res.body as ErrorBody).message).toMatch(/uuid/i);
    });

    it('refuses an unknown query value on a list', async () => {
      const res = await t
        .http()
        .get('/api/reviews')
        .query({ state: 'shredded' })
        .set(bearer(sup.token));
      expect(res.status).toBe(400);
      expect((res.body as ErrorBody).message).toMatch(/state must be one of/);
    });
  });

  describe('EXEMPT without a justification', () => {
    it('is a domain rule: 422 RULE_VIOLATED that asks for the reason, not a malformed request', async () => {
      const { status, body } = await refused(fresh.review.id, () =>
        send(t, reviewer, fresh.review.id, {
          type: 'DECIDE_PORTION',
          portionId: fresh.document.portions[1]!.id,
          action: 'EXEMPT',
          exemptions: [`25X6, ${EXPIRY}`],
        }),
      );
      expect(status).toBe(422);
      expect(body.error).toBe('RULE_VIOLATED');
      expect(body.message).toMatch(/needs a justification/);
    });

    it('counts a justification of blanks as none', async () => {
      const { status, body } = await refused(fresh.review.id, () =>
        send(t, reviewer, fresh.review.id, {
          ...WITHHOLD_25X6,
          type: 'DECIDE_PORTION',
          portionId: fresh.document.portions[1]!.id,
          justification: '   ',
        }),
      );
      expect(status).toBe(422);
      expect(body.error).toBe('RULE_VIOLATED');
    });
  });

  describe('authentication: 401', () => {
    const tokens: [string, () => string | null, RegExp][] = [
      ['no token', () => null, /Send "Authorization: Bearer <token>"/],
      ['a garbage token', () => 'not-a-token', /invalid or expired; log in again/],
      [
        'a token signed with another secret',
        () =>
          jwt(
            { alg: 'HS256', typ: 'JWT' },
            { sub: sup2.id, sid: sessionOf(sup2.token), iat: now(), exp: now() + 600 },
            'x'.repeat(40),
          ),
        /invalid or expired; log in again/,
      ],
      [
        'an unsigned token (alg none)',
        () =>
          jwt(
            { alg: 'none', typ: 'JWT' },
            { sub: sup2.id, sid: sessionOf(sup2.token), iat: now(), exp: now() + 600 },
          ),
        /invalid or expired; log in again/,
      ],
      [
        'an expired token',
        () =>
          jwt(
            { alg: 'HS256', typ: 'JWT' },
            { sub: sup2.id, sid: sessionOf(sup2.token), iat: now() - 7200, exp: now() - 3600 },
            t.env.config.jwtSecret,
          ),
        /invalid or expired; log in again/,
      ],
      [
        'a token signed with the development secret earlier versions ran on when JWT_SECRET was unset',
        () =>
          jwt(
            { alg: 'HS256', typ: 'JWT' },
            { sub: sup2.id, sid: sessionOf(sup2.token), iat: now(), exp: now() + 600 },
            'declass-development-secret-not-for-production',
          ),
        /invalid or expired; log in again/,
      ],
      [
        'a well-signed token for nobody',
        () =>
          jwt(
            { alg: 'HS256', typ: 'JWT' },
            { sub: randomUUID(), sid: randomUUID(), iat: now(), exp: now() + 600 },
            t.env.config.jwtSecret,
          ),
        /unknown or deactivated/,
      ],
    ];

    it('accepts a token built the same way for a real user (the forgeries below fail for their flaw alone)', async () => {
      const token = jwt(
        { alg: 'HS256', typ: 'JWT' },
        { sub: sup2.id, sid: sessionOf(sup2.token), iat: now(), exp: now() + 600 },
        t.env.config.jwtSecret,
      );
      const res = await t.http().get('/api/auth/me').set(bearer(token));
      expect(res.status).toBe(200);
      expect((res.body as { username: string }).username).toBe('sup2');
    });

    it.each(tokens)('refuses an approval sent with %s', async (_label, token, message) => {
      const { status, body } = await refused(pending.review.id, () => {
        const req = t.http().post(`/api/reviews/${pending.review.id}/events`);
        const value = token();
        if (value !== null) void req.set(bearer(value));
        return req.send({ type: 'APPROVE' });
      });
      expect(status).toBe(401);
      expect(body.error).toBe('UNAUTHENTICATED');
      expect(body.message).toMatch(message);
    });

    it('does not record a DOCUMENT_READ for a read refused for a bad token', async () => {
      const { status } = await refused(undefined, () =>
        t.http().get(`/api/documents/${pending.document.id}/text`).set(bearer('not-a-token')),
      );
      expect(status).toBe(401);
    });
  });

  describe('permissions: 403', () => {
    it('refuses a reviewer’s approval', async () => {
      const { status, body } = await refused(pending.review.id, () =>
        send(t, other, pending.review.id, { type: 'APPROVE' }),
      );
      expect(status).toBe(403);
      expect(body.error).toBe('ROLE_REQUIRED');
      expect(body.message).toMatch(/Only a supervisor may do this/);
    });

    it('refuses a decision by a reviewer the review is not assigned to', async () => {
      const { status, body } = await refused(fresh.review.id, () =>
        send(t, other, fresh.review.id, {
          type: 'DECIDE_PORTION',
          portionId: fresh.document.portions[0]!.id,
          action: 'RELEASE',
        }),
      );
      expect(status).toBe(403);
      expect(body.error).toBe('NOT_ASSIGNEE');
      expect(body.message).toMatch(/Only the reviewer assigned to this review/);
    });

    it('refuses a reviewer who tries to register a document or open a review', async () => {
      const register = await refused(undefined, () =>
        t.http().post('/api/documents').set(bearer(other.token)).send(cable()),
      );
      expect(register.status).toBe(403);
      expect(register.body.message).toMatch(
        /Only a supervisor or an administrator registers documents/,
      );
      const open = await refused(undefined, () =>
        t
          .http()
          .post(`/api/documents/${decided.document.id}/reviews`)
          .set(bearer(other.token))
          .send({ kind: 'SYSTEMATIC' }),
      );
      expect(open.status).toBe(403);
      expect(open.body.error).toBe('ROLE_REQUIRED');
    });

    it('refuses the audit export to anyone but an auditor', async () => {
      const { status, body } = await refused(undefined, () =>
        t
          .http()
          .get('/api/audit/events')
          .query({ reviewId: pending.review.id })
          .set(bearer(sup.token)),
      );
      expect(status).toBe(403);
      expect(body.error).toBe('ROLE_REQUIRED');
      expect(body.message).toMatch(/auditor/);
      const allowed = await t
        .http()
        .get('/api/audit/events')
        .query({ reviewId: pending.review.id })
        .set(bearer(auditor.token));
      expect(allowed.status).toBe(200);
    });
  });

  describe('need-to-know: 404', () => {
    const shape = (body: ErrorBody, id: string) => ({
      keys: Object.keys(body).sort(),
      statusCode: body.statusCode,
      error: body.error,
      message: body.message.replace(id, '<id>'),
    });

    async function hiddenLike(
      who: Person,
      path: (id: string) => string,
      hiddenId: string,
      method: 'get' | 'post' = 'get',
      body?: object,
    ) {
      const unknownId = randomUUID();
      const call = (id: string) => {
        const req = method === 'get' ? t.http().get(path(id)) : t.http().post(path(id)).send(body);
        return req.set(bearer(who.token));
      };
      const hidden = await refused(undefined, () => call(hiddenId));
      const unknown = await refused(undefined, () => call(unknownId));
      expect(hidden.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(hidden.body.error).toBe('NOT_FOUND');
      expect(shape(hidden.body, hiddenId)).toEqual(shape(unknown.body, unknownId));
    }

    const cases: [string, () => Person, () => { document: DocumentBody; review: ReviewBody }][] = [
      ['above their clearance', () => low, () => pending],
      ['carrying a caption they lack', () => sup2, () => nodis],
    ];

    describe.each(cases)('a document %s', (_label, who, target) => {
      it('is answered like an unknown id on every route', async () => {
        const { document, review } = target();
        await hiddenLike(who(), (id) => `/api/documents/${id}`, document.id);
        await hiddenLike(who(), (id) => `/api/documents/${id}/text`, document.id);
        await hiddenLike(who(), (id) => `/api/reviews/${id}`, review.id);
        await hiddenLike(who(), (id) => `/api/reviews/${id}/events`, review.id, 'post', {
          type: 'CLOSE',
          reason: 'out of scope',
        });
        await hiddenLike(who(), (id) => `/api/documents/${id}/reviews`, document.id, 'post', {
          kind: 'SYSTEMATIC',
        });
      });

      it('is absent from the document and review lists', async () => {
        const { document } = target();
        const docs = await t
          .http()
          .get('/api/documents')
          .query({ limit: 500 })
          .set(bearer(who().token))
          .expect(200);
        const docIds = (docs.body as { items: DocumentBody[] }).items.map((d) => d.id);
        expect(docIds).not.toContain(document.id);
        expect(docIds).toContain(visible.document.id);
        const byNumber = await t
          .http()
          .get('/api/documents')
          .query({ q: document.documentNumber })
          .set(bearer(who().token))
          .expect(200);
        expect(byNumber.body).toEqual({ items: [], total: 0 });
        const reviews = await t
          .http()
          .get('/api/reviews')
          .query({ limit: 500 })
          .set(bearer(who().token))
          .expect(200);
        const reviewDocs = (reviews.body as { items: ReviewBody[] }).items.map((r) => r.documentId);
        expect(reviewDocs).not.toContain(document.id);
        expect(reviewDocs).toContain(visible.document.id);
        const byDocument = await t
          .http()
          .get('/api/reviews')
          .query({ documentId: document.id })
          .set(bearer(who().token))
          .expect(200);
        expect(byDocument.body).toEqual({ items: [], total: 0, totalExact: true, next: null });
      });
    });
  });

  describe('conflicts: 409', () => {
    it('refuses an event the state does not accept, listing the events it does', async () => {
      const current = await getReview(t, sup, decided.review.id);
      const { status, body } = await refused(decided.review.id, () =>
        send(t, sup2, decided.review.id, { type: 'APPROVE' }),
      );
      expect(status).toBe(409);
      expect(body.error).toBe('INVALID_TRANSITION');
      expect(body.message).toMatch(/in state inReview does not accept APPROVE/);
      const accepted = body.details?.acceptedEvents as string[];
      expect([...accepted].sort()).toEqual([...current.nextEvents].sort());
      expect(accepted).toEqual(
        expect.arrayContaining(['DECIDE_PORTION', 'PROPOSE', 'REFER', 'CLOSE']),
      );
      expect(accepted).not.toContain('APPROVE');
    });

    it('refuses a stale expectedVersion and says which version is current', async () => {
      const { status, body } = await refused(decided.review.id, () =>
        send(t, reviewer, decided.review.id, {
          type: 'PROPOSE',
          determination: 'RELEASE_IN_PART',
          expectedVersion: 2,
        }),
      );
      expect(status).toBe(409);
      expect(body.error).toBe('STALE_VERSION');
      expect(body.message).toMatch(/you have version 2, it is at 5/);
      expect(body.details).toEqual({ currentVersion: 5 });
    });

    it('refuses a second open review of the same document', async () => {
      const { status, body } = await refused(undefined, () =>
        t
          .http()
          .post(`/api/documents/${decided.document.id}/reviews`)
          .set(bearer(sup.token))
          .send({ kind: 'SYSTEMATIC' }),
      );
      expect(status).toBe(409);
      expect(body.error).toBe('ALREADY_EXISTS');
      expect(body.message).toMatch(/open review/i);
    });

    it('has no release copy before a supervisor approves', async () => {
      const { status, body } = await refused(pending.review.id, () =>
        t.http().get(`/api/reviews/${pending.review.id}/release`).set(bearer(sup2.token)),
      );
      expect(status).toBe(409);
      expect(body.message).toMatch(
        /is pendingApproval; a release copy exists once a supervisor approves it/,
      );
    });

    it('refuses a document number already registered in the collection', async () => {
      const { status, body } = await refused(undefined, () =>
        t
          .http()
          .post('/api/documents')
          .set(bearer(sup.token))
          .send(cable({ documentNumber: decided.document.documentNumber })),
      );
      expect(status).toBe(409);
      expect(body.error).toBe('ALREADY_EXISTS');
      expect(body.message).toContain(
        `Document ${decided.document.documentNumber} is already registered in collection default`,
      );
    });
  });

  describe('domain rules: 422', () => {
    const citations: [
      string,
      () => { document: DocumentBody; review: ReviewBody },
      string[],
      RegExp,
    ][] = [
      [
        `1.4(d) on a ${CABLE_YEAR} document`,
        () => fresh,
        ['1.4(d)'],
        new RegExp(
          `1\\.4\\(d\\) applies only to records under 25 years old; this record dates from ${CABLE_DATE}`,
        ),
      ],
      [
        '25X6 without its date',
        () => fresh,
        ['25X6'],
        /25X6 must carry its declassification date, written "25X6, YYYYMMDD"/,
      ],
      [
        'b(6) in a SYSTEMATIC review',
        () => fresh,
        ['b(6)'],
        /b\(6\) is a FOIA exemption and may be cited only in FOIA reviews/,
      ],
      [
        `b(5) on a ${CABLE_YEAR} document in a FOIA review`,
        () => foia,
        ['b(5)'],
        /b\(5\) DP \(deliberative process\) cannot be used on a record that was 25 or more years old when it was requested/,
      ],
    ];
    it.each(citations)(
      'refuses %s, saying which rule failed',
      async (_label, target, exemptions, message) => {
        const { document, review } = target();
        const { status, body } = await refused(review.id, () =>
          send(t, reviewer, review.id, {
            type: 'DECIDE_PORTION',
            portionId: document.portions[1]!.id,
            action: 'EXEMPT',
            exemptions,
            justification: 'Identifies a person.',
          }),
        );
        expect(status).toBe(422);
        expect(body.error).toBe('EXEMPTION_INVALID');
        expect(body.message).toMatch(message);
      },
    );

    it('refuses a decision on a portion of another document', async () => {
      const { status, body } = await refused(fresh.review.id, () =>
        send(t, reviewer, fresh.review.id, {
          type: 'DECIDE_PORTION',
          portionId: decided.document.portions[0]!.id,
          action: 'RELEASE',
        }),
      );
      expect(status).toBe(422);
      expect(body.error).toBe('UNKNOWN_REFERENCE');
      expect(body.message).toContain(`is not part of document ${fresh.document.documentNumber}`);
    });

    it('refuses to assign a review to a reviewer not cleared for the document, or to nobody', async () => {
      const uncleared = await refused(fresh.review.id, () =>
        send(t, sup, fresh.review.id, { type: 'ASSIGN', assigneeId: low.id }),
      );
      expect(uncleared.status).toBe(422);
      expect(uncleared.body.error).toBe('ASSIGNEE_NOT_ELIGIBLE');
      expect(uncleared.body.message).toMatch(/clearance or caveats do not cover document/);
      const nobody = await refused(fresh.review.id, () =>
        send(t, sup, fresh.review.id, { type: 'ASSIGN', assigneeId: randomUUID() }),
      );
      expect(nobody.status).toBe(422);
      expect(nobody.body.error).toBe('ASSIGNEE_NOT_ELIGIBLE');
      expect(nobody.body.message).toMatch(/assign the review to an existing reviewer/);
    });

    it('refuses a proposal while portions are undecided, naming them', async () => {
      await accept(t, reviewer, fresh.review.id, {
        type: 'DECIDE_PORTION',
        portionId: fresh.document.portions[0]!.id,
        action: 'RELEASE',
      });
      const { status, body } = await refused(fresh.review.id, () =>
        send(t, reviewer, fresh.review.id, { type: 'PROPOSE', determination: 'RELEASE_IN_FULL' }),
      );
      expect(status).toBe(422);
      expect(body.error).toBe('PORTIONS_UNDECIDED');
      expect(body.message).toMatch(/undecided: #2, #3/);
    });

    it('refuses a determination the decisions do not support', async () => {
      const { status, body } = await refused(decided.review.id, () =>
        send(t, reviewer, decided.review.id, { type: 'PROPOSE', determination: 'RELEASE_IN_FULL' }),
      );
      expect(status).toBe(422);
      expect(body.error).toBe('DETERMINATION_MISMATCH');
      expect(body.message).toMatch(/The decisions call for RELEASE_IN_PART, not RELEASE_IN_FULL/);
    });

    it('refuses a document with a portion above its overall classification', async () => {
      const { status, body } = await refused(undefined, () =>
        t
          .http()
          .post('/api/documents')
          .set(bearer(sup.token))
          .send(
            cable({
              portions: [
                { text: 'Paragraph one.', classification: 'SECRET' },
                { text: 'Paragraph two.', classification: 'TOP SECRET' },
              ],
            }),
          ),
      );
      expect(status).toBe(422);
      expect(body.error).toBe('RULE_VIOLATED');
      expect(body.message).toMatch(/Portion #2 is TOP SECRET, above the document's SECRET/);
    });
  });

  describe('size: 413', () => {
    it('refuses a body over 10 MB with the usual error shape', async () => {
      const big = cable({
        portions: [{ text: 'x'.repeat(10 * 1024 * 1024 + 1024), classification: 'SECRET' }],
      });
      const { status, body, res } = await refused(undefined, () =>
        t.http().post('/api/documents').set(bearer(sup.token)).send(big),
      );
      expect(status).toBe(413);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(body.statusCode).toBe(413);
      expect(body.error).toBe('PAYLOAD_TOO_LARGE');
      expect(body.message).toMatch(/too large/i);
    });
  });
});
