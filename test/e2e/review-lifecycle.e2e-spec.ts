import type { DataSource } from 'typeorm';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import {
  accept,
  CABLE_DATE,
  CABLE_YEAR,
  EXPIRY,
  EXPIRY_ISO,
  exportAudit,
  getReview,
  openReview,
  parseCsv,
  person,
  PORTION_TEXTS,
  registerDocument,
  reviewToDecided,
  send,
  WITHHOLD_25X6,
  type DocumentBody,
  type ErrorBody,
  type Person,
  type ReviewBody,
} from '../support/review-api';

// The shared 2-core machine can be busy; the project-level testTimeout is not applied by Jest.
jest.setTimeout(30_000);

const NUMBER = `${CABLE_YEAR}STATE139375`;

describe('review lifecycle over HTTP', () => {
  let t: TestApp;
  let ds: DataSource;
  let registrar: Person;
  let approver: Person;
  let dual: Person;
  let reviewer: Person;
  let auditor: Person;

  beforeAll(async () => {
    t = await startTestApp('lifecycle');
    ds = await openDataSource(t.env);
    [registrar, approver, dual, reviewer, auditor] = await Promise.all([
      person(t, 'registrar', ['supervisor']),
      person(t, 'approver', ['supervisor']),
      person(t, 'dual', ['reviewer', 'supervisor']),
      person(t, 'reviewer', ['reviewer']),
      person(t, 'auditor', ['auditor'], 'TOP SECRET'),
    ]);
  });

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  describe('a SECRET cable released in part', () => {
    let doc: DocumentBody;
    let review: ReviewBody;

    it('lets a supervisor register a 49-year-old SECRET cable of three portions of mixed levels', async () => {
      const res = await t
        .http()
        .post('/api/documents')
        .set(bearer(registrar.token))
        .send({
          documentNumber: NUMBER,
          title: 'SALT TWO: Soviet position on cruise missiles',
          documentDate: CABLE_DATE,
          originalClassification: 'SECRET',
          captions: [],
          tags: ['PARM', 'UR'],
          portions: [
            { text: PORTION_TEXTS[0], classification: 'SECRET' },
            { text: PORTION_TEXTS[1], classification: 'CONFIDENTIAL' },
            { text: PORTION_TEXTS[2], classification: 'UNCLASSIFIED' },
          ],
        });
      expect(res.status).toBe(201);
      doc = res.body as DocumentBody;
      expect(doc.currentClassification).toBe('SECRET');
      expect(doc.portions.map((p) => [p.seq, p.classification])).toEqual([
        [1, 'SECRET'],
        [2, 'CONFIDENTIAL'],
        [3, 'UNCLASSIFIED'],
      ]);
      // Metadata only: the text comes from /text, which is audited.
      expect(JSON.stringify(res.body)).not.toContain(PORTION_TEXTS[1]);
    });

    it('opens a SYSTEMATIC review that starts queued at version 1', async () => {
      const res = await t
        .http()
        .post(`/api/documents/${doc.id}/reviews`)
        .set(bearer(registrar.token))
        .send({ kind: 'SYSTEMATIC' });
      expect(res.status).toBe(201);
      review = res.body as ReviewBody;
      expect(review).toMatchObject({
        documentId: doc.id,
        documentNumber: NUMBER,
        kind: 'SYSTEMATIC',
        state: 'queued',
        version: 1,
        assigneeId: null,
      });
      expect(review.nextEvents).toEqual(expect.arrayContaining(['ASSIGN', 'CLOSE']));
      // The answer is what was stored, as a later read shows it.
      const stored = await t.http().get(`/api/reviews/${review.id}`).set(bearer(registrar.token));
      expect(stored.body).toEqual(review);
    });

    it('assigns it to a reviewer, who finds it in their queue', async () => {
      review = await accept(t, registrar, review.id, { type: 'ASSIGN', assigneeId: dual.id });
      expect(review).toMatchObject({ state: 'inReview', version: 2, assigneeId: dual.id });
      const queue = await t
        .http()
        .get('/api/reviews')
        .query({ assigneeId: dual.id, state: 'inReview' })
        .set(bearer(dual.token))
        .expect(200);
      expect((queue.body as { items: ReviewBody[] }).items.map((r) => r.id)).toEqual([review.id]);
    });

    it('shows the reviewer the text portion by portion', async () => {
      const res = await t.http().get(`/api/documents/${doc.id}/text`).set(bearer(dual.token));
      expect(res.status).toBe(200);
      const body = res.body as {
        documentNumber: string;
        portions: { seq: number; classification: string; text: string }[];
      };
      expect(body.documentNumber).toBe(NUMBER);
      expect(body.portions.map((p) => [p.seq, p.classification, p.text])).toEqual([
        [1, 'SECRET', PORTION_TEXTS[0]],
        [2, 'CONFIDENTIAL', PORTION_TEXTS[1]],
        [3, 'UNCLASSIFIED', PORTION_TEXTS[2]],
      ]);
    });

    it('records a decision on each portion, the exemption with its code, date and justification', async () => {
      const [p1, p2, p3] = doc.portions;
      review = await accept(t, dual, review.id, {
        type: 'DECIDE_PORTION',
        portionId: p1!.id,
        action: 'RELEASE',
      });
      review = await accept(t, dual, review.id, {
        type: 'DECIDE_PORTION',
        portionId: p2!.id,
        ...WITHHOLD_25X6,
      });
      review = await accept(t, dual, review.id, {
        type: 'DECIDE_PORTION',
        portionId: p3!.id,
        action: 'RELEASE',
      });
      expect(review.state).toBe('inReview');
      expect(review.version).toBe(5);
      expect(review.portions.map((p) => p.decision?.action)).toEqual([
        'RELEASE',
        'EXEMPT',
        'RELEASE',
      ]);
      expect(review.portions[1]!.decision).toMatchObject({
        exemptions: [`25X6, ${EXPIRY}`],
        justification: WITHHOLD_25X6.justification,
        decidedBy: dual.id,
      });
      const rows = await ds.query<{ action: string; exemptions: unknown }[]>(
        `SELECT d.action, d.exemptions FROM portion_decisions d JOIN portions p ON p.id = d.portion_id
          WHERE d.review_id = $1 ORDER BY p.seq`,
        [review.id],
      );
      expect(rows.map((r) => r.action)).toEqual(['RELEASE', 'EXEMPT', 'RELEASE']);
    });

    it('moves to pendingApproval when the reviewer proposes RELEASE_IN_PART', async () => {
      review = await accept(t, dual, review.id, {
        type: 'PROPOSE',
        determination: 'RELEASE_IN_PART',
        expectedVersion: 5,
      });
      expect(review).toMatchObject({
        state: 'pendingApproval',
        version: 6,
        proposerId: dual.id,
        determination: 'RELEASE_IN_PART',
      });
      expect(review.nextEvents).toEqual(expect.arrayContaining(['APPROVE', 'RETURN']));
    });

    it('refuses the approval of the proposer who is also a supervisor (two-person rule)', async () => {
      const res = await send(t, dual, review.id, { type: 'APPROVE' });
      expect(res.status).toBe(403);
      expect(res.body as ErrorBody).toMatchObject({ error: 'TWO_PERSON_RULE' });
      expect((res.body as ErrorBody).message).toMatch(/another supervisor must approve/);
      expect((await getReview(t, dual, review.id)).state).toBe('pendingApproval');
    });

    it('releases in part on a second supervisor’s approval and lowers the document to the withheld level', async () => {
      const res = await send(t, approver, review.id, { type: 'APPROVE', expectedVersion: 6 });
      expect(res.status).toBe(200);
      review = res.body as ReviewBody;
      expect(review).toMatchObject({ state: 'released', version: 7, approverId: approver.id });
      expect(review.nextEvents).toEqual([]);
      expect(review.releaseMarking).toContain('Declassified/Released in Part');
      expect(review.releaseMarking).toContain('by approver');
      expect(review.releaseMarking).toContain(`25X6, ${EXPIRY}`);
      const after = await t
        .http()
        .get(`/api/documents/${doc.id}`)
        .set(bearer(approver.token))
        .expect(200);
      // The withheld text is the CONFIDENTIAL portion, so that is what the document keeps.
      expect((after.body as DocumentBody).currentClassification).toBe('CONFIDENTIAL');
      expect((after.body as DocumentBody).originalClassification).toBe('SECRET');
      const pending = await ds.query<{ kind: string; due_at: Date }[]>(
        `SELECT kind, due_at FROM deadlines
          WHERE subject_id = $1 AND kind IN ('RE_REVIEW', 'AUTO_DECLASSIFY') AND status = 'PENDING'
          ORDER BY due_at`,
        [doc.id],
      );
      // What stays withheld is declassified when its exemption lapses, and looked at again a
      // year before that, so that a renewed exemption can be decided in time.
      const yearBefore = new Date(`${EXPIRY_ISO}T00:00:00Z`);
      yearBefore.setUTCDate(yearBefore.getUTCDate() - 365);
      expect(pending.map((d) => [d.kind, d.due_at.toISOString().slice(0, 10)])).toEqual([
        ['RE_REVIEW', yearBefore.toISOString().slice(0, 10)],
        ['AUTO_DECLASSIFY', EXPIRY_ISO],
      ]);
    });

    it('gives a release copy with the withheld portion boxed with its code and without its text', async () => {
      const res = await t
        .http()
        .get(`/api/reviews/${review.id}/release`)
        .set(bearer(reviewer.token));
      expect(res.status).toBe(200);
      const copy = res.body as {
        classification: string;
        marking: string;
        portions: { seq: number; status: string; text: string | null; codes: string[] }[];
        text: string;
      };
      expect(copy.classification).toBe('UNCLASSIFIED');
      expect(copy.portions.map((p) => [p.seq, p.status])).toEqual([
        [1, 'RELEASED'],
        [2, 'WITHHELD'],
        [3, 'RELEASED'],
      ]);
      expect(copy.portions[1]).toMatchObject({ text: null, codes: [`25X6, ${EXPIRY}`] });
      expect(copy.text).toContain(PORTION_TEXTS[0]);
      expect(copy.text).toContain(PORTION_TEXTS[2]);
      expect(copy.text).toContain(`WITHHELD: 25X6, ${EXPIRY}`);
      expect(copy.text).toContain('Declassified/Released in Part');
      expect(JSON.stringify(res.body)).not.toContain(PORTION_TEXTS[1]);
      expect(JSON.stringify(res.body)).not.toContain('Ivanov');
    });

    it('lets the auditor export every step in order as NDJSON, each linked to the one before', async () => {
      const events = await exportAudit(t, auditor, { reviewId: review.id });
      expect(events.map((e) => [e.action, e.fromState, e.toState, e.actorUsername])).toEqual([
        ['REVIEW_CREATED', null, 'queued', 'registrar'],
        ['ASSIGN', 'queued', 'inReview', 'registrar'],
        ['DECIDE_PORTION', 'inReview', 'inReview', 'dual'],
        ['DECIDE_PORTION', 'inReview', 'inReview', 'dual'],
        ['DECIDE_PORTION', 'inReview', 'inReview', 'dual'],
        ['PROPOSE', 'inReview', 'pendingApproval', 'dual'],
        ['APPROVE', 'pendingApproval', 'released', 'approver'],
      ]);
      expect(events[0]!.prevHash).toBeNull();
      for (let i = 1; i < events.length; i++) {
        expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
      }
      expect(new Set(events.map((e) => e.hash)).size).toBe(events.length);
      const seqs = events.map((e) => BigInt(e.seq));
      expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
      expect(events.every((e) => e.reviewId === review.id && e.documentId === doc.id)).toBe(true);
      expect(events[1]!.payload).toMatchObject({ assigneeId: dual.id });
      expect(events[5]!.payload).toMatchObject({ determination: 'RELEASE_IN_PART' });
      expect(events[6]!.payload).toMatchObject({ determination: 'RELEASE_IN_PART' });
      // The refused APPROVE of the proposer left no trace in the chain.
      expect(events.filter((e) => e.action === 'APPROVE')).toHaveLength(1);
    });

    it('exports the same history as CSV: a header and one line per event', async () => {
      const res = await t
        .http()
        .get('/api/audit/events')
        .query({ reviewId: review.id, format: 'csv' })
        .set(bearer(auditor.token))
        .buffer(true)
        .parse((r, done) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (chunk: string) => (text += chunk));
          r.on('end', () => done(null, text));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const rows = parseCsv(res.body as string);
      expect(rows[0]).toEqual([
        'seq',
        'occurredAt',
        'actorId',
        'actorUsername',
        'action',
        'reviewId',
        'documentId',
        'fromState',
        'toState',
        'payload',
        'prevHash',
        'hash',
      ]);
      expect(rows).toHaveLength(8);
      expect(rows.slice(1).map((r) => r[4])).toEqual([
        'REVIEW_CREATED',
        'ASSIGN',
        'DECIDE_PORTION',
        'DECIDE_PORTION',
        'DECIDE_PORTION',
        'PROPOSE',
        'APPROVE',
      ]);
      const decide = rows.find((r) => r[4] === 'DECIDE_PORTION' && r[9]?.includes('EXEMPT'));
      expect(JSON.parse(decide![9]!)).toMatchObject({
        action: 'EXEMPT',
        exemptions: [`25X6, ${EXPIRY}`],
      });
      for (let i = 2; i < rows.length; i++) expect(rows[i]![10]).toBe(rows[i - 1]![11]);
    });

    it('records the reviewer’s reading of the text as DOCUMENT_READ, without the text', async () => {
      const events = await exportAudit(t, auditor, { documentId: doc.id });
      const reads = events.filter((e) => e.action === 'DOCUMENT_READ');
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({
        actorId: dual.id,
        actorUsername: 'dual',
        documentId: doc.id,
      });
      expect(events[0]!.action).toBe('DOCUMENT_REGISTERED');
      const all = JSON.stringify(events);
      for (const text of PORTION_TEXTS) expect(all).not.toContain(text);
    });
  });

  it('returns a proposal with a comment, and accepts the reviewer’s corrected proposal', async () => {
    const { document, review } = await reviewToDecided(
      t,
      { supervisor: registrar, reviewer },
      { propose: true },
    );
    const returned = await accept(t, approver, review.id, {
      type: 'RETURN',
      comment: 'Paragraph 1 repeats what paragraph 2 withholds; withhold it too.',
    });
    expect(returned).toMatchObject({
      state: 'inReview',
      version: review.version + 1,
      returnComment: 'Paragraph 1 repeats what paragraph 2 withholds; withhold it too.',
      proposerId: reviewer.id,
    });
    const events = await exportAudit(t, auditor, { reviewId: review.id });
    expect(events.at(-1)).toMatchObject({
      action: 'RETURN',
      fromState: 'pendingApproval',
      toState: 'inReview',
    });
    expect(events.at(-1)!.payload).toMatchObject({
      comment: 'Paragraph 1 repeats what paragraph 2 withholds; withhold it too.',
    });

    await accept(t, reviewer, review.id, {
      type: 'DECIDE_PORTION',
      portionId: document.portions[0]!.id,
      ...WITHHOLD_25X6,
    });
    let next = await accept(t, reviewer, review.id, {
      type: 'PROPOSE',
      determination: 'RELEASE_IN_PART',
    });
    expect(next).toMatchObject({ state: 'pendingApproval', returnComment: null });
    next = await accept(t, approver, review.id, { type: 'APPROVE' });
    expect(next.state).toBe('released');
    const after = await t
      .http()
      .get(`/api/documents/${document.id}`)
      .set(bearer(approver.token))
      .expect(200);
    expect((after.body as DocumentBody).currentClassification).toBe('SECRET');
  });

  it('ends a review denied in full in withheld, the document still SECRET and no text released', async () => {
    const document = await registerDocument(t, registrar);
    let review = await openReview(t, registrar, document.id);
    review = await accept(t, registrar, review.id, { type: 'ASSIGN', assigneeId: reviewer.id });
    for (const p of document.portions) {
      review = await accept(t, reviewer, review.id, {
        type: 'DECIDE_PORTION',
        portionId: p.id,
        ...WITHHOLD_25X6,
      });
    }
    const mismatch = await send(t, reviewer, review.id, {
      type: 'PROPOSE',
      determination: 'RELEASE_IN_PART',
    });
    expect(mismatch.status).toBe(422);
    expect((mismatch.body as ErrorBody).error).toBe('DETERMINATION_MISMATCH');
    review = await accept(t, reviewer, review.id, {
      type: 'PROPOSE',
      determination: 'DENY_IN_FULL',
    });
    review = await accept(t, approver, review.id, { type: 'APPROVE' });
    expect(review).toMatchObject({ state: 'withheld', determination: 'DENY_IN_FULL' });
    expect(review.releaseMarking).toContain(`denied in full under 25X6, ${EXPIRY}`);
    const after = await t
      .http()
      .get(`/api/documents/${document.id}`)
      .set(bearer(approver.token))
      .expect(200);
    expect((after.body as DocumentBody).currentClassification).toBe('SECRET');

    const copy = await t
      .http()
      .get(`/api/reviews/${review.id}/release`)
      .set(bearer(reviewer.token))
      .expect(200);
    const body = copy.body as { portions: { status: string; text: string | null }[]; text: string };
    expect(body.portions.every((p) => p.status === 'WITHHELD' && p.text === null)).toBe(true);
    for (const text of PORTION_TEXTS) expect(body.text).not.toContain(text);

    const events = await exportAudit(t, auditor, { reviewId: review.id });
    expect(events.at(-1)).toMatchObject({
      action: 'APPROVE',
      fromState: 'pendingApproval',
      toState: 'withheld',
    });
  });

  it('waits in awaitingReferral for another agency, returns to inReview on its answer, and bars its recorder from approving', async () => {
    const document = await registerDocument(t, registrar);
    let review = await openReview(t, registrar, document.id);
    review = await accept(t, registrar, review.id, { type: 'ASSIGN', assigneeId: reviewer.id });
    const [p1, p2, p3] = document.portions;
    review = await accept(t, reviewer, review.id, {
      type: 'REFER',
      agency: 'CIA',
      portionIds: [p2!.id],
    });
    expect(review.state).toBe('awaitingReferral');
    expect(review.referrals).toHaveLength(1);
    const referral = review.referrals[0]!;
    expect(referral).toMatchObject({ agency: 'CIA', portionIds: [p2!.id], response: null });
    const [sent] = await ds.query<{ agency: string; responded_at: Date | null }[]>(
      `SELECT agency, responded_at FROM referrals WHERE id = $1`,
      [referral.id],
    );
    expect(sent).toEqual({ agency: 'CIA', responded_at: null });

    const early = await send(t, reviewer, review.id, {
      type: 'PROPOSE',
      determination: 'RELEASE_IN_PART',
    });
    expect(early.status).toBe(409);
    expect((early.body as ErrorBody).error).toBe('INVALID_TRANSITION');
    expect((early.body as ErrorBody).details?.acceptedEvents).not.toContain('PROPOSE');

    // The agency's answer comes in through a supervisor, who thereby decided a portion.
    review = await accept(t, approver, review.id, {
      type: 'RECORD_REFERRAL_RESPONSE',
      referralId: referral.id,
      decision: 'EXEMPT',
      exemptions: [`25X1, ${EXPIRY}`],
      justification: 'CIA: the source is still active.',
    });
    expect(review.state).toBe('inReview');
    expect(review.referrals[0]!.response).toMatchObject({
      decision: 'EXEMPT',
      exemptions: [`25X1, ${EXPIRY}`],
    });
    expect(review.portions[1]!.decision).toMatchObject({ action: 'EXEMPT', agency: 'CIA' });
    const [answered] = await ds.query<{ response: string; responded_at: Date | null }[]>(
      `SELECT response, responded_at FROM referrals WHERE id = $1`,
      [referral.id],
    );
    expect(answered?.response).toBe('EXEMPT');
    expect(answered?.responded_at).toBeInstanceOf(Date);

    await accept(t, reviewer, review.id, {
      type: 'DECIDE_PORTION',
      portionId: p1!.id,
      action: 'RELEASE',
    });
    await accept(t, reviewer, review.id, {
      type: 'DECIDE_PORTION',
      portionId: p3!.id,
      action: 'RELEASE',
    });
    review = await accept(t, reviewer, review.id, {
      type: 'PROPOSE',
      determination: 'RELEASE_IN_PART',
    });
    expect(review.state).toBe('pendingApproval');

    const events = await exportAudit(t, auditor, { reviewId: review.id });
    expect(events.map((e) => [e.action, e.toState])).toEqual([
      ['REVIEW_CREATED', 'queued'],
      ['ASSIGN', 'inReview'],
      ['REFER', 'awaitingReferral'],
      ['RECORD_REFERRAL_RESPONSE', 'inReview'],
      ['DECIDE_PORTION', 'inReview'],
      ['DECIDE_PORTION', 'inReview'],
      ['PROPOSE', 'pendingApproval'],
    ]);
    expect(events[3]!.actorUsername).toBe('approver');

    const own = await send(t, approver, review.id, { type: 'APPROVE' });
    expect(own.status).toBe(403);
    expect((own.body as ErrorBody).error).toBe('TWO_PERSON_RULE');
    expect((own.body as ErrorBody).message).toMatch(/proposed or decided portions of this review/);
    review = await accept(t, registrar, review.id, { type: 'APPROVE' });
    expect(review).toMatchObject({ state: 'released', approverId: registrar.id });
  });

  it('closes a review administratively with its reason, after which the document can be reviewed again', async () => {
    const { document, review } = await reviewToDecided(t, { supervisor: registrar, reviewer });
    const closed = await accept(t, registrar, review.id, {
      type: 'CLOSE',
      reason: 'Duplicate of request F-2026-00123',
    });
    expect(closed).toMatchObject({
      state: 'closed',
      closedReason: 'Duplicate of request F-2026-00123',
      nextEvents: [],
      version: review.version + 1,
    });
    const late = await send(t, reviewer, review.id, {
      type: 'PROPOSE',
      determination: 'RELEASE_IN_PART',
    });
    expect(late.status).toBe(409);
    expect((late.body as ErrorBody).message).toMatch(/accepts no further events/);
    const events = await exportAudit(t, auditor, { reviewId: review.id });
    expect(events.at(-1)).toMatchObject({
      action: 'CLOSE',
      fromState: 'inReview',
      toState: 'closed',
    });
    const again = await openReview(t, registrar, document.id);
    expect(again.state).toBe('queued');
  });
});
