import type { DataSource } from 'typeorm';
import { Clock } from '../../src/kernel/clock';
import { fiscalYearOf } from '../../src/requests/domain/request-number';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import {
  accept,
  chainProblems,
  footprint,
  getReview,
  person,
  registerDocument,
  send,
  WITHHOLD_25X6,
  type DocumentBody,
  type ErrorBody,
  type Person,
} from '../support/review-api';

jest.setTimeout(60_000);

interface RequestBody {
  id: string;
  number: string;
  kind: string;
  state: string;
  dueOn: string | null;
  clock: { dueOn: string | null; tolled: boolean; explanation: string[] };
  reviews: { id: string; documentId: string; documentNumber: string; state: string }[];
  hiddenRecords: number;
  outcome: null | {
    determination: string;
    respondedOn: string;
    appealBy: string | null;
    appealOutcome?: string;
    records: { documentId: string; determination: string | null; exemptions: string[] }[];
  };
  letters: { id: string; kind: string }[];
  appealOf: { id: string; number: string } | null;
  appeals: { id: string; number: string; state: string }[];
  readyToAnswer: boolean;
}

interface LetterBody {
  id: string;
  kind: string;
  text: string;
}

/**
 * Requests through the API as a FOIA office works them: a request of several records, two
 * requests of one record at once, the clock moved on the request and followed by its reviews,
 * the final response with its exemptions and appeal rights, and an appeal in and out of time.
 */
describe('requests', () => {
  let t: TestApp;
  let ds: DataSource;
  let officer: Person;
  let approver: Person;
  let reviewer: Person;
  let lowly: Person;
  let today: string;

  beforeAll(async () => {
    t = await startTestApp('requests');
    ds = await openDataSource(t.env);
    [officer, approver, reviewer, lowly] = await Promise.all([
      person(t, 'officer', ['supervisor'], 'TOP SECRET', ['EXDIS']),
      person(t, 'approver', ['supervisor'], 'TOP SECRET', ['EXDIS']),
      person(t, 'reviewer', ['reviewer'], 'TOP SECRET', ['EXDIS']),
      person(t, 'lowly', ['supervisor'], 'CONFIDENTIAL'),
    ]);
    today = t.app.get(Clock, { strict: false }).today();
  });

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  const requestBody = (documentIds: string[], overrides: Record<string, unknown> = {}) => ({
    kind: 'FOIA',
    requester: {
      name: 'Jane Doe',
      organization: 'National Security Archive',
      feeCategory: 'educational_or_scientific',
    },
    receivedOn: today,
    description: 'Cables on the Soviet position on cruise missiles',
    documentIds,
    ...overrides,
  });

  const openRequest = async (
    documentIds: string[],
    overrides: Record<string, unknown> = {},
    who = officer,
  ) => {
    const res = await t
      .http()
      .post('/api/requests')
      .set(bearer(who.token))
      .send(requestBody(documentIds, overrides));
    if (res.status !== 201)
      throw new Error(`open request: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as RequestBody;
  };

  const getRequest = async (id: string, who = officer) =>
    (await t.http().get(`/api/requests/${id}`).set(bearer(who.token)).expect(200))
      .body as RequestBody;

  const requestEvent = (id: string, event: Record<string, unknown>, who = officer) =>
    t.http().post(`/api/requests/${id}/events`).set(bearer(who.token)).send(event);

  const letters = async (id: string) =>
    (await t.http().get(`/api/requests/${id}/letters`).set(bearer(officer.token)).expect(200))
      .body as LetterBody[];

  /** Assigns the review, decides every portion (portion 2 withheld when `withhold`), proposes and approves. */
  const finish = async (reviewId: string, document: DocumentBody, withhold: boolean) => {
    let review = await accept(t, officer, reviewId, { type: 'ASSIGN', assigneeId: reviewer.id });
    for (const p of document.portions) {
      review = await accept(t, reviewer, review.id, {
        type: 'DECIDE_PORTION',
        portionId: p.id,
        ...(withhold && p.seq === 2 ? WITHHOLD_25X6 : { action: 'RELEASE' }),
      });
    }
    await accept(t, reviewer, review.id, {
      type: 'PROPOSE',
      determination: withhold ? 'RELEASE_IN_PART' : 'RELEASE_IN_FULL',
    });
    return accept(t, approver, review.id, { type: 'APPROVE' });
  };

  it('opens a request of several records with a number of its fiscal year, one review each, and acknowledges it', async () => {
    const [a, b] = [await registerDocument(t, officer), await registerDocument(t, officer)];
    const request = await openRequest([a.id, b.id]);

    expect(request.number).toMatch(new RegExp(`^F-${fiscalYearOf(today)}-\\d{5}$`));
    expect(request.state).toBe('open');
    expect(request.reviews.map((r) => r.documentId).sort()).toEqual([a.id, b.id].sort());
    expect(request.reviews.every((r) => r.state === 'queued')).toBe(true);
    expect(request.clock.explanation[0]).toContain('FOIA: 20 working days');
    for (const r of request.reviews) {
      const review = (await getReview(t, officer, r.id)) as unknown as {
        requestId: string;
        kind: string;
        clock: { dueOn: string };
      };
      expect(review.requestId).toBe(request.id);
      expect(review.kind).toBe('FOIA');
      expect(review.clock.dueOn).toBe(request.dueOn);
    }
    const [ack] = await letters(request.id);
    expect(ack!.kind).toBe('ACKNOWLEDGMENT');
    expect(ack!.text).toContain(`assigned number ${request.number}`);
    expect(ack!.text).toContain(`respond by ${request.dueOn}`);

    const chain = await chainProblems(ds, `request:${request.id}`);
    expect(chain.problems).toEqual([]);
    expect(chain.rows.map((r) => r.action)).toEqual(['REQUEST_OPENED', 'LETTER_ISSUED']);
    const created = await ds.query<{ payload: { requestNumber: string } }[]>(
      `SELECT payload FROM audit_events WHERE action = 'REVIEW_CREATED' AND document_id = $1`,
      [a.id],
    );
    expect(created.map((e) => e.payload.requestNumber)).toEqual([request.number]);
  });

  it('lets two requests cover one record at once, each with its own review, and still allows one systematic review', async () => {
    const document = await registerDocument(t, officer);
    const first = await openRequest([document.id]);
    const second = await openRequest([document.id], {
      kind: 'MDR',
      requester: { name: 'John Roe' },
    });
    expect(second.number).toMatch(/^M-/);
    expect(first.reviews[0]!.id).not.toBe(second.reviews[0]!.id);
    const systematic = await t
      .http()
      .post(`/api/documents/${document.id}/reviews`)
      .set(bearer(officer.token))
      .send({ kind: 'SYSTEMATIC' });
    expect(systematic.status).toBe(201);
    const again = await t
      .http()
      .post(`/api/documents/${document.id}/reviews`)
      .set(bearer(officer.token))
      .send({ kind: 'SYSTEMATIC' });
    expect(again.status).toBe(409);
  });

  it('refuses a record the caller may not see, a receipt in the future and a record named twice, writing nothing and spending no number', async () => {
    const secret = await registerDocument(t, officer);
    const open = await registerDocument(t, officer, {
      originalClassification: 'CONFIDENTIAL',
      portions: [{ text: 'Routine.', classification: 'CONFIDENTIAL' }],
    });
    const before = await openRequest([open.id], {}, lowly);
    const sequence = (n: string) => Number(n.split('-')[2]);
    const footprintBefore = await footprint(ds);

    const hidden = await t
      .http()
      .post('/api/requests')
      .set(bearer(lowly.token))
      .send(requestBody([open.id, secret.id]));
    expect(hidden.status).toBe(404);
    expect((hidden.body as ErrorBody).message).toBe(`No document ${secret.id} that you may see`);

    const future = await t
      .http()
      .post('/api/requests')
      .set(bearer(officer.token))
      .send(requestBody([open.id], { receivedOn: '2999-01-01' }));
    expect(future.status).toBe(400);
    expect((future.body as ErrorBody).message).toContain('receivedOn 2999-01-01 is in the future');

    const twice = await t
      .http()
      .post('/api/requests')
      .set(bearer(officer.token))
      .send(requestBody([open.id, open.id]));
    expect(twice.status).toBe(400);
    expect((twice.body as ErrorBody).message).toContain('more than once');

    const byReviewer = await t
      .http()
      .post('/api/requests')
      .set(bearer(reviewer.token))
      .send(requestBody([open.id]));
    expect(byReviewer.status).toBe(403);

    expect(await footprint(ds)).toEqual(footprintBefore);
    const after = await openRequest([open.id]);
    expect(sequence(after.number)).toBe(sequence(before.number) + 1);
  });

  it('moves the clock on the request and on each of its reviews, and refuses to move a review’s clock alone', async () => {
    const [a, b] = [await registerDocument(t, officer), await registerDocument(t, officer)];
    const request = await openRequest([a.id, b.id]);

    const alone = await send(t, officer, request.reviews[0]!.id, {
      type: 'EXTEND',
      reason: 'Many records',
    });
    expect(alone.status).toBe(422);
    expect((alone.body as ErrorBody).message).toContain(`send EXTEND to request ${request.id}`);

    const extended = await requestEvent(request.id, {
      type: 'EXTEND',
      reason: 'The records must be searched for in a field office',
    });
    expect(extended.status).toBe(200);
    const after = extended.body as RequestBody;
    expect(after.dueOn! > request.dueOn!).toBe(true);
    expect(after.clock.explanation.at(-1)).toContain('10 working days');
    for (const r of after.reviews) {
      const review = (await getReview(t, officer, r.id)) as unknown as { clock: { dueOn: string } };
      expect(review.clock.dueOn).toBe(after.dueOn);
    }
    const twice = await requestEvent(request.id, { type: 'EXTEND', reason: 'Again' });
    expect(twice.status).toBe(422);

    const tolled = (
      await requestEvent(request.id, {
        type: 'TOLL',
        reason: 'Which years?',
        basis: 'INFORMATION',
      }).expect(200)
    ).body as RequestBody;
    expect(tolled.clock.tolled).toBe(true);
    expect(tolled.dueOn).toBeNull();
    const tolledReview = (await getReview(t, officer, tolled.reviews[1]!.id)) as unknown as {
      clock: { tolled: boolean };
    };
    expect(tolledReview.clock.tolled).toBe(true);
    const resumed = (await requestEvent(request.id, { type: 'RESUME' }).expect(200))
      .body as RequestBody;
    expect(resumed.clock.tolled).toBe(false);
    expect(resumed.dueOn).toBe(after.dueOn);

    expect((await letters(request.id)).map((l) => l.kind)).toEqual([
      'ACKNOWLEDGMENT',
      'EXTENSION',
      'TOLL',
    ]);
    const chain = await chainProblems(ds, `request:${request.id}`);
    expect(chain.problems).toEqual([]);
    expect(chain.rows.map((r) => r.action).filter((a) => a !== 'LETTER_ISSUED')).toEqual([
      'REQUEST_OPENED',
      'REQUEST_EXTEND',
      'REQUEST_TOLL',
      'REQUEST_RESUME',
    ]);

    const missing = await requestEvent(request.id, { type: 'TOLL', basis: 'FEES' });
    expect(missing.status).toBe(400);
    expect((missing.body as ErrorBody).message).toBe(
      'TOLL needs reason: what the requester is asked for',
    );
  });

  it('answers a request once every review ended, citing each record’s exemptions and the appeal rights; an appeal in time re-opens what was withheld', async () => {
    // b carries EXDIS, which a partial release keeps: a reader without it never sees b.
    const [a, b] = [
      await registerDocument(t, officer),
      await registerDocument(t, officer, { captions: ['EXDIS'] }),
    ];
    const request = await openRequest([a.id, b.id]);
    const reviewOf = (d: DocumentBody) => request.reviews.find((r) => r.documentId === d.id)!.id;

    const uncleared = await t
      .http()
      .get(`/api/requests/${request.id}/letters`)
      .set(bearer(lowly.token));
    expect(uncleared.status).toBe(403);
    expect((await getRequest(request.id, lowly)).hiddenRecords).toBe(2);

    await finish(reviewOf(a), a, false);
    const early = await requestEvent(request.id, { type: 'RESPOND' });
    expect(early.status).toBe(422);
    expect((early.body as ErrorBody).message).toContain(
      `1 record(s) under review (${b.documentNumber})`,
    );

    await finish(reviewOf(b), b, true);
    expect((await getRequest(request.id)).readyToAnswer).toBe(true);
    const answered = (await requestEvent(request.id, { type: 'RESPOND' }).expect(200))
      .body as RequestBody;
    expect(answered.state).toBe('answered');
    expect(answered.outcome!.determination).toBe('GRANTED_IN_PART');
    expect(answered.outcome!.records.find((r) => r.documentId === b.id)!.exemptions).toEqual([
      WITHHOLD_25X6.exemptions[0],
    ]);
    const respondedOn = answered.outcome!.respondedOn;
    const appealBy = answered.outcome!.appealBy!;
    expect((new Date(appealBy).getTime() - new Date(respondedOn).getTime()) / 86_400_000).toBe(90);
    const final = (await letters(request.id)).at(-1)!;
    expect(final.kind).toBe('FINAL_RESPONSE');
    expect(final.text).toContain(`- ${a.documentNumber}: released in full`);
    expect(final.text).toContain(`- ${b.documentNumber}: released in part, withheld under 25X6`);
    expect(final.text).toContain(`by ${appealBy}`);
    expect(final.text).toContain('Office of Government Information Services');

    const pdf = await t
      .http()
      .get(`/api/requests/${request.id}/letters/${final.id}.pdf`)
      .set(bearer(officer.token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    // A reader not cleared for the withheld record sees the answer without it.
    const partial = await getRequest(request.id, lowly);
    expect(partial.outcome!.records.map((r) => r.documentId)).toEqual(
      answered.outcome!.records.map((r) => r.documentId).filter((id) => id !== b.id),
    );

    const unknownLetter = await t
      .http()
      .get(`/api/requests/${request.id}/letters/${b.id}.pdf`)
      .set(bearer(officer.token));
    expect(unknownLetter.status).toBe(404);

    const again = await requestEvent(request.id, { type: 'RESPOND' });
    expect(again.status).toBe(409);

    const appealRes = await t
      .http()
      .post(`/api/requests/${request.id}/appeals`)
      .set(bearer(officer.token))
      .send({ receivedOn: today, grounds: 'The withheld paragraph is older than 25 years' });
    expect(appealRes.status).toBe(201);
    const appeal = appealRes.body as RequestBody;
    expect(appeal.kind).toBe('APPEAL');
    expect(appeal.number).toMatch(/^A-/);
    expect(appeal.appealOf).toEqual({ id: request.id, number: request.number });
    expect(appeal.reviews.map((r) => r.documentId)).toEqual([b.id]);
    expect(appeal.clock.explanation[0]).toContain('FOIA appeal: 20 working days');

    const second = await t
      .http()
      .post(`/api/requests/${request.id}/appeals`)
      .set(bearer(officer.token))
      .send({ receivedOn: today, grounds: 'Again' });
    expect(second.status).toBe(409);

    // The appeal releases the withheld record in full: the denial is reversed.
    await finish(appeal.reviews[0]!.id, b, false);
    const decided = (await requestEvent(appeal.id, { type: 'RESPOND' }).expect(200))
      .body as RequestBody;
    expect(decided.outcome!.appealOutcome).toBe('REVERSED');
    expect(decided.outcome!.appealBy).toBeNull();
    expect((await getRequest(request.id)).appeals).toEqual([
      { id: appeal.id, number: appeal.number, state: 'answered' },
    ]);
  });

  it('refuses an appeal when nothing adverse was decided, or once the time to appeal has passed, writing nothing', async () => {
    const granted = await registerDocument(t, officer);
    const full = await openRequest([granted.id]);
    await finish(full.reviews[0]!.id, granted, false);
    await requestEvent(full.id, { type: 'RESPOND' }).expect(200);
    const before = await footprint(ds);
    const nothing = await t
      .http()
      .post(`/api/requests/${full.id}/appeals`)
      .set(bearer(officer.token))
      .send({ receivedOn: today, grounds: 'x' });
    expect(nothing.status).toBe(422);
    expect((nothing.body as ErrorBody).message).toContain('nothing adverse was decided');
    expect(await footprint(ds)).toEqual(before);

    const none = await openRequest([]);
    const closed = (
      await requestEvent(none.id, { type: 'CLOSE', reason: 'NO_RECORDS' }).expect(200)
    ).body as RequestBody;
    expect(closed.state).toBe('closed');
    expect((await letters(none.id)).at(-1)!.text).toContain('located no records');
    const clock = t.app.get(Clock, { strict: false });
    const later = new Date(clock.now().getTime() + 91 * 86_400_000);
    const now = jest.spyOn(clock, 'now').mockReturnValue(later);
    try {
      const lateOn = clock.today();
      const late = await t
        .http()
        .post(`/api/requests/${none.id}/appeals`)
        .set(bearer(officer.token))
        .send({ receivedOn: lateOn, grounds: 'The search was inadequate' });
      expect(late.status).toBe(422);
      expect((late.body as ErrorBody).message).toContain(
        `after the last day to appeal ${none.number} (${closed.outcome!.appealBy}`,
      );
    } finally {
      now.mockRestore();
    }
  });

  it('pages the request list past its first page', async () => {
    const first = await t
      .http()
      .get('/api/requests?limit=2&offset=0')
      .set(bearer(reviewer.token))
      .expect(200);
    const second = await t
      .http()
      .get('/api/requests?limit=2&offset=2')
      .set(bearer(reviewer.token))
      .expect(200);
    const total = (first.body as { total: number }).total;
    const [count] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM requests');
    expect(total).toBe(count!.n);
    const ids = [
      ...(first.body as { items: { id: string }[] }).items,
      ...(second.body as { items: { id: string }[] }).items,
    ].map((r) => r.id);
    expect(new Set(ids).size).toBe(4);
    const answered = await t
      .http()
      .get('/api/requests?state=answered&kind=APPEAL')
      .set(bearer(reviewer.token))
      .expect(200);
    expect(
      (answered.body as { items: { kind: string; state: string }[] }).items.every(
        (r) => r.kind === 'APPEAL' && r.state === 'answered',
      ),
    ).toBe(true);
  });
});
