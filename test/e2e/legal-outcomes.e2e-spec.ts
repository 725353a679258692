import type { DataSource } from 'typeorm';
import { Clock } from '../../src/kernel/clock';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import {
  accept,
  cable,
  CABLE_YEAR,
  EXPIRY,
  footprint,
  openReview,
  person,
  registerDocument,
  send,
  WITHHOLD_25X6,
  type DocumentBody,
  type ErrorBody,
  type Person,
  type ReviewBody,
  openRequestOf,
  requestOf,
} from '../support/review-api';

// The shared 2-core machine can be busy; the project-level testTimeout is not applied by Jest.
jest.setTimeout(30_000);

type FlaggedDocument = DocumentBody & { restrictedData: boolean; autoDeclassifyOn: string | null };

interface TextBody {
  classification: string;
  portions: { seq: number; text: string | null; withheldUnder: string[] }[];
}

/**
 * What a record's classification becomes, through the API as a declassification office uses it:
 * Restricted Data, FOIA-only withholding, release in full of a captioned cable, the codes a
 * review may cite on an unclassified record and before the 25th year, and who reads withheld text.
 */
describe('legal outcomes', () => {
  let t: TestApp;
  let ds: DataSource;
  let registrar: Person;
  let approver: Person;
  let reviewer: Person;
  let auditor: Person;

  beforeAll(async () => {
    t = await startTestApp('legal_outcomes');
    ds = await openDataSource(t.env);
    [registrar, approver, reviewer, auditor] = await Promise.all([
      person(t, 'registrar', ['supervisor'], 'TOP SECRET', ['EXDIS']),
      person(t, 'approver', ['supervisor'], 'TOP SECRET', ['EXDIS']),
      person(t, 'reviewer', ['reviewer'], 'TOP SECRET', ['EXDIS']),
      person(t, 'auditor', ['auditor'], 'CONFIDENTIAL', ['EXDIS']),
    ]);
  });

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  const documentOf = async (id: string) =>
    (await t.http().get(`/api/documents/${id}`).set(bearer(registrar.token)).expect(200))
      .body as FlaggedDocument;

  const assigned = async (document: DocumentBody, kind = 'SYSTEMATIC') => {
    const review = await openReview(t, registrar, document.id, kind);
    return accept(t, registrar, review.id, { type: 'ASSIGN', assigneeId: reviewer.id });
  };

  const releaseAll = async (document: DocumentBody, review: ReviewBody) => {
    for (const p of document.portions)
      review = await accept(t, reviewer, review.id, {
        type: 'DECIDE_PORTION',
        portionId: p.id,
        action: 'RELEASE',
      });
    return review;
  };

  describe('Restricted Data', () => {
    it('refuses to release a flagged record until the Department of Energy clears it, then releases what it cleared', async () => {
      const document = await registerDocument(t, registrar, { restrictedData: true });
      let review = await releaseAll(document, await assigned(document));

      const before = await footprint(ds, review.id);
      const refused = await send(t, reviewer, review.id, {
        type: 'PROPOSE',
        determination: 'RELEASE_IN_FULL',
      });
      expect(refused.status).toBe(422);
      expect((refused.body as ErrorBody).message).toMatch(/only the Department of Energy/);
      expect((refused.body as ErrorBody).message).toContain('refer #1, #2, #3 to DOE');
      expect(await footprint(ds, review.id)).toEqual(before);

      review = await accept(t, reviewer, review.id, {
        type: 'REFER',
        agency: 'DOE',
        portionIds: document.portions.map((p) => p.id),
      });
      review = await accept(t, approver, review.id, {
        type: 'RECORD_REFERRAL_RESPONSE',
        referralId: review.referrals[0]!.id,
        decision: 'RELEASE',
      });
      review = await accept(t, reviewer, review.id, {
        type: 'PROPOSE',
        determination: 'RELEASE_IN_FULL',
      });
      review = await accept(t, registrar, review.id, { type: 'APPROVE' });
      expect(review.state).toBe('released');
      expect((await documentOf(document.id)).currentClassification).toBe('UNCLASSIFIED');
    });

    it('a referral to another agency does not clear Restricted Data', async () => {
      const document = await registerDocument(t, registrar, { restrictedData: true });
      let review = await assigned(document);
      review = await accept(t, reviewer, review.id, {
        type: 'REFER',
        agency: 'CIA',
        portionIds: [document.portions[0]!.id],
      });
      review = await accept(t, approver, review.id, {
        type: 'RECORD_REFERRAL_RESPONSE',
        referralId: review.referrals[0]!.id,
        decision: 'RELEASE',
      });
      review = await releaseAll(document, review);
      const refused = await send(t, reviewer, review.id, {
        type: 'PROPOSE',
        determination: 'RELEASE_IN_FULL',
      });
      expect(refused.status).toBe(422);
      expect((refused.body as ErrorBody).message).toContain('to DOE');
    });

    it('flags the whole record once a portion is withheld as Formerly Restricted Data, and keeps it classified', async () => {
      const document = await registerDocument(t, registrar);
      let review = await assigned(document);
      const [p1, p2, p3] = document.portions;
      review = await accept(t, reviewer, review.id, {
        type: 'DECIDE_PORTION',
        portionId: p1!.id,
        action: 'EXEMPT',
        exemptions: ['FRD'],
        justification: 'Yield figures of a weapon test.',
      });
      for (const p of [p2!, p3!])
        review = await accept(t, reviewer, review.id, {
          type: 'DECIDE_PORTION',
          portionId: p.id,
          action: 'RELEASE',
        });
      // The other paragraphs are released only once DOE has looked at them too.
      const refused = await send(t, reviewer, review.id, {
        type: 'PROPOSE',
        determination: 'RELEASE_IN_PART',
      });
      expect(refused.status).toBe(422);
      review = await accept(t, reviewer, review.id, {
        type: 'REFER',
        agency: 'DOE',
        portionIds: [p2!.id, p3!.id],
      });
      review = await accept(t, approver, review.id, {
        type: 'RECORD_REFERRAL_RESPONSE',
        referralId: review.referrals[0]!.id,
        decision: 'RELEASE',
      });
      review = await accept(t, reviewer, review.id, {
        type: 'PROPOSE',
        determination: 'RELEASE_IN_PART',
      });
      await accept(t, registrar, review.id, { type: 'APPROVE' });
      const after = await documentOf(document.id);
      expect(after).toMatchObject({ restrictedData: true, currentClassification: 'SECRET' });
      // Never declassified automatically: no date is pending for it.
      const pending = await ds.query<{ kind: string }[]>(
        `SELECT kind FROM deadlines WHERE subject_id = $1 AND status = 'PENDING' AND kind = 'AUTO_DECLASSIFY'`,
        [document.id],
      );
      expect(pending).toEqual([]);
    });
  });

  describe('an unclassified record under FOIA', () => {
    let document: DocumentBody;
    let review: ReviewBody;

    beforeAll(async () => {
      document = await registerDocument(t, registrar, {
        originalClassification: 'UNCLASSIFIED',
        portions: [
          { text: 'The visa section will open on Monday.', classification: 'UNCLASSIFIED' },
          {
            text: 'The applicant, Mr. Petrov, lives at 12 Gorky Street.',
            classification: 'UNCLASSIFIED',
          },
        ],
      });
      review = await assigned(document, 'FOIA');
    });

    it('refuses b(1) and classification codes: a review cannot classify what is unclassified', async () => {
      const before = await footprint(ds, review.id);
      for (const code of ['b(1)', `25X6, ${EXPIRY}`]) {
        const res = await send(t, reviewer, review.id, {
          type: 'DECIDE_PORTION',
          portionId: document.portions[1]!.id,
          action: 'EXEMPT',
          exemptions: [code],
          justification: 'Tried anyway.',
        });
        expect(res.status).toBe(422);
        expect((res.body as ErrorBody).message).toContain('§1.7(c)');
      }
      expect(await footprint(ds, review.id)).toEqual(before);
    });

    it('withholds under b(6) alone and leaves the record UNCLASSIFIED, released rather than declassified', async () => {
      review = await accept(t, reviewer, review.id, {
        type: 'DECIDE_PORTION',
        portionId: document.portions[0]!.id,
        action: 'RELEASE',
      });
      review = await accept(t, reviewer, review.id, {
        type: 'DECIDE_PORTION',
        portionId: document.portions[1]!.id,
        action: 'EXEMPT',
        exemptions: ['b(6)'],
        justification: 'Home address of a private person.',
      });
      review = await accept(t, reviewer, review.id, {
        type: 'PROPOSE',
        determination: 'RELEASE_IN_PART',
      });
      review = await accept(t, approver, review.id, { type: 'APPROVE' });
      expect(review.releaseMarking).toContain('Released in Part');
      expect(review.releaseMarking).not.toContain('Declassified');
      expect((await documentOf(document.id)).currentClassification).toBe('UNCLASSIFIED');
    });

    it('shows the withheld paragraph to the reviewer, and to an auditor only as withheld', async () => {
      const read = async (who: Person) =>
        (
          await t
            .http()
            .get(`/api/documents/${document.id}/text`)
            .set(bearer(who.token))
            .expect(200)
        ).body as TextBody;
      expect((await read(reviewer)).portions[1]).toMatchObject({
        text: 'The applicant, Mr. Petrov, lives at 12 Gorky Street.',
        withheldUnder: ['b(6)'],
      });
      const seen = await read(auditor);
      expect(seen.portions).toEqual([
        expect.objectContaining({
          seq: 1,
          text: 'The visa section will open on Monday.',
          withheldUnder: [],
        }),
        expect.objectContaining({ seq: 2, text: null, withheldUnder: ['b(6)'] }),
      ]);
    });

    it('refuses mandatory declassification review of it and points to FOIA', async () => {
      const before = await footprint(ds);
      const res = await t
        .http()
        .post('/api/requests')
        .set(bearer(registrar.token))
        .send(requestOf(t, [document.id], { kind: 'MDR' }));
      expect(res.status).toBe(422);
      expect((res.body as ErrorBody).message).toMatch(/§3\.5\(a\).*FOIA/);
      expect(await footprint(ds)).toEqual(before);
    });
  });

  it('takes the captions off a cable released in full', async () => {
    const document = await registerDocument(t, registrar, { captions: ['EXDIS'] });
    let review = await releaseAll(document, await assigned(document));
    review = await accept(t, reviewer, review.id, {
      type: 'PROPOSE',
      determination: 'RELEASE_IN_FULL',
    });
    review = await accept(t, approver, review.id, { type: 'APPROVE' });
    expect(review.releaseMarking).toContain('Declassified');
    expect(await documentOf(document.id)).toMatchObject({
      currentClassification: 'UNCLASSIFIED',
      captions: [],
    });
  });

  it('downgrades and decaptions what stays withheld, refusing a raise and writing nothing for it', async () => {
    const document = await registerDocument(t, registrar, { captions: ['EXDIS'] });
    let review = await assigned(document);
    for (const p of document.portions)
      review = await accept(t, reviewer, review.id, {
        type: 'DECIDE_PORTION',
        portionId: p.id,
        ...(p.seq === 1 ? WITHHOLD_25X6 : { action: 'RELEASE' }),
      });
    const before = await footprint(ds, review.id);
    const raised = await send(t, reviewer, review.id, { type: 'DOWNGRADE', to: 'TOP SECRET' });
    expect(raised.status).toBe(422);
    expect((raised.body as ErrorBody).message).toMatch(/is SECRET; a downgrade lowers the level/);
    const foreign = await send(t, reviewer, review.id, { type: 'DECAPTION', captions: ['NODIS'] });
    expect(foreign.status).toBe(422);
    expect((foreign.body as ErrorBody).message).toMatch(/carries no NODIS; its captions are EXDIS/);
    expect(await footprint(ds, review.id)).toEqual(before);

    review = await accept(t, reviewer, review.id, { type: 'DOWNGRADE', to: 'CONFIDENTIAL' });
    review = await accept(t, reviewer, review.id, { type: 'DECAPTION', captions: ['EXDIS'] });
    expect(review).toMatchObject({ downgradeTo: 'CONFIDENTIAL', decaptions: ['EXDIS'] });
    review = await accept(t, reviewer, review.id, {
      type: 'PROPOSE',
      determination: 'RELEASE_IN_PART',
    });
    review = await accept(t, approver, review.id, { type: 'APPROVE' });
    expect(review.releaseMarking).toContain('; downgraded to CONFIDENTIAL, formerly S̶E̶C̶R̶E̶T̶');
    expect(review.releaseMarking).toContain('; decaptioned, formerly E̶X̶D̶I̶S̶');
    expect(await documentOf(document.id)).toMatchObject({
      originalClassification: 'SECRET',
      currentClassification: 'CONFIDENTIAL',
      captions: [],
    });
    // The history names each act with what it chose.
    const history = await ds.query<{ action: string; payload: Record<string, unknown> }[]>(
      `SELECT action, payload FROM audit_events WHERE review_id = $1 AND action IN ('DOWNGRADE', 'DECAPTION') ORDER BY seq`,
      [review.id],
    );
    expect(history.map((h) => [h.action, h.payload.to ?? h.payload.captions])).toEqual([
      ['DOWNGRADE', 'CONFIDENTIAL'],
      ['DECAPTION', ['EXDIS']],
    ]);
  });

  it('keeps a withheld CONFIDENTIAL paragraph from a cleared auditor but not from the reviewer', async () => {
    const document = await registerDocument(t, registrar);
    let review = await assigned(document);
    for (const p of document.portions)
      review = await accept(t, reviewer, review.id, {
        type: 'DECIDE_PORTION',
        portionId: p.id,
        ...(p.seq === 2 ? WITHHOLD_25X6 : { action: 'RELEASE' }),
      });
    review = await accept(t, reviewer, review.id, {
      type: 'PROPOSE',
      determination: 'RELEASE_IN_PART',
    });
    await accept(t, approver, review.id, { type: 'APPROVE' });
    const text = (
      await t
        .http()
        .get(`/api/documents/${document.id}/text`)
        .set(bearer(auditor.token))
        .expect(200)
    ).body as TextBody;
    expect(text.classification).toBe('CONFIDENTIAL');
    expect(text.portions.map((p) => [p.seq, p.text === null, p.withheldUnder])).toEqual([
      [1, false, []],
      [2, true, [`25X6, ${EXPIRY}`]],
      [3, false, []],
    ]);
  });

  it('bars b(5) DP by the record’s age on the day it was requested, and never bars b(5) AC', async () => {
    // Two 2001 memos: one review per record at a time.
    const requested = async (receivedOn: string) => {
      const document = await registerDocument(t, registrar, { documentDate: '2001-06-01' });
      const request = await openRequestOf(t, registrar, [document.id], { receivedOn });
      return accept(t, registrar, request.reviews[0]!.id, {
        type: 'ASSIGN',
        assigneeId: reviewer.id,
      });
    };
    const cite = (review: ReviewBody, code: string) =>
      send(t, reviewer, review.id, {
        type: 'DECIDE_PORTION',
        portionId: review.portions[1]!.id,
        action: 'EXEMPT',
        exemptions: [code],
        justification: 'Advice to the Secretary before the decision was taken.',
      });
    // 24 years old when requested, older than 25 now: the privilege still holds.
    const early = await requested('2026-05-01');
    expect((await cite(early, 'b(5) DP')).status).toBe(200);
    const late = await requested('2026-06-01');
    const refused = await cite(late, 'b(5) DP');
    expect(refused.status).toBe(422);
    expect((refused.body as ErrorBody).message).toContain('was requested on 2026-06-01');
    const lawyer = await cite(late, 'b(5) AC');
    expect(lawyer.status).toBe(200);
    expect(
      (lawyer.body as ReviewBody).portions.find((p) => p.seq === 2)!.decision!.exemptions,
    ).toEqual(['b(5) AC']);
  });

  describe('the originator’s Declassify On line', () => {
    it('declassifies a 2015 record on the date its originator set, not 25 years on', async () => {
      const document = (await registerDocument(t, registrar, {
        documentDate: '2015-04-01',
        declassifyOn: '20250301',
      })) as FlaggedDocument;
      expect(document.autoDeclassifyOn).toBe('2025-03-01');
      const [pending] = await ds.query<{ due_at: Date; rule: string }[]>(
        `SELECT due_at, rule FROM deadlines WHERE subject_id = $1 AND kind = 'AUTO_DECLASSIFY'`,
        [document.id],
      );
      // Midnight in Washington, the agency's zone, where that day begins.
      expect(pending!.due_at.toISOString()).toBe('2025-03-01T05:00:00.000Z');
      expect(pending!.rule).toContain('the date its originator set');
    });

    it.each([
      ['20500101', 'later than 2040-12-31'],
      ['sometime', 'write a date YYYYMMDD'],
    ])('refuses "%s" with what to write, and registers nothing', async (line, says) => {
      const before = await footprint(ds);
      const res = await t
        .http()
        .post('/api/documents')
        .set(bearer(registrar.token))
        .send(cable({ documentDate: '2015-04-01', declassifyOn: line }));
      expect(res.status).toBe(422);
      expect((res.body as ErrorBody).message).toContain(says);
      expect(await footprint(ds)).toEqual(before);
    });
  });

  it('refuses to register a record dated after today in the agency’s zone, writing nothing', async () => {
    const clock = t.app.get(Clock, { strict: false });
    const now = jest.spyOn(clock, 'now');
    try {
      // 21:00 on 30 December 2026 in Washington: 31 December has not begun there.
      now.mockReturnValue(new Date('2026-12-31T02:00:00Z'));
      const before = await footprint(ds);
      const res = await t
        .http()
        .post('/api/documents')
        .set(bearer(registrar.token))
        .send(cable({ documentDate: '2026-12-31' }));
      expect(res.status).toBe(400);
      expect((res.body as ErrorBody).message).toBe(
        'documentDate 2026-12-31 is in the future; a record is registered on or after the day it was made (today is 2026-12-30)',
      );
      expect(await footprint(ds)).toEqual(before);
      const today = await registerDocument(t, registrar, { documentDate: '2026-12-30' });
      expect((today as DocumentBody & { documentDate: string }).documentDate).toBe('2026-12-30');
    } finally {
      now.mockRestore();
    }
  });

  describe('requests received', () => {
    it('refuses a receipt date in the future or before the record existed, writing nothing', async () => {
      const document = await registerDocument(t, registrar);
      const before = await footprint(ds);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      for (const [receivedOn, says] of [
        [tomorrow, 'is in the future'],
        [`${CABLE_YEAR - 1}-01-01`, 'is before'],
      ] as const) {
        const res = await t
          .http()
          .post('/api/requests')
          .set(bearer(registrar.token))
          .send(requestOf(t, [document.id], { receivedOn }));
        expect(res.status).toBe(400);
        expect((res.body as ErrorBody).message).toContain(`receivedOn ${receivedOn} ${says}`);
      }
      expect(await footprint(ds)).toEqual(before);
    });
  });

  it('counts days in the agency’s time zone: received, due and declassified on Washington’s dates', async () => {
    const clock = t.app.get(Clock, { strict: false });
    const now = jest.spyOn(clock, 'now');
    try {
      // 02:00 UTC on 31 December is 21:00 on 30 December in Washington.
      now.mockReturnValue(new Date('2026-12-31T02:00:00Z'));
      const document = (await registerDocument(t, registrar, {
        documentDate: '2001-06-01',
      })) as FlaggedDocument;
      expect(document.autoDeclassifyOn).toBe('2026-12-31');
      const [automatic] = await ds.query<{ due_at: Date }[]>(
        `SELECT due_at FROM deadlines WHERE subject_id = $1 AND kind = 'AUTO_DECLASSIFY'`,
        [document.id],
      );
      // Declassified when 31 December begins there, not at 19:00 on 30 December.
      expect(automatic!.due_at.toISOString()).toBe('2026-12-31T05:00:00.000Z');

      const review = (await openReview(t, registrar, document.id, 'FOIA')) as ReviewBody & {
        dueAt: string;
        clock: { receivedOn: string; dueOn: string };
      };
      expect(review.clock.receivedOn).toBe('2026-12-30');
      // 20 working days from 30 December 2026, skipping New Year's Day and Martin Luther King Day.
      expect(review.clock.dueOn).toBe('2027-01-29');
      expect(review.dueAt).toBe('2027-01-30T04:59:59.999Z');
      const overdueAt = async (instant: string) => {
        now.mockReturnValue(new Date(instant));
        const res = await t
          .http()
          .get(`/api/reviews/${review.id}`)
          .set(bearer(registrar.token))
          .expect(200);
        return (res.body as { overdue: boolean }).overdue;
      };
      // 23:00 on 29 January in Washington is still the due day; midnight ends it.
      expect(await overdueAt('2027-01-30T04:00:00Z')).toBe(false);
      expect(await overdueAt('2027-01-30T05:00:00Z')).toBe(true);
    } finally {
      now.mockRestore();
    }
  });

  it('offers 25X codes in the year before a record’s 25th 31 December, not just after its birthday', async () => {
    const clock = t.app.get(Clock, { strict: false });
    const now = jest.spyOn(clock, 'now');
    try {
      // Dated 31 December 2001: its automatic date is 31 December 2026; on 1 March 2026 it is
      // not yet 25 years old, but the review that precedes that date is what 25X is for.
      now.mockReturnValue(new Date('2026-03-01T10:00:00Z'));
      const document = await registerDocument(t, registrar, { documentDate: '2001-12-31' });
      // The registration is dated by the same clock as the review.
      const [registered] = await ds.query<{ occurred_at: Date }[]>(
        `SELECT occurred_at FROM audit_events WHERE document_id = $1 AND action = 'DOCUMENT_REGISTERED'`,
        [document.id],
      );
      expect(registered!.occurred_at.toISOString()).toBe('2026-03-01T10:00:00.000Z');
      const review = await assigned(document, 'AUTOMATIC_25');
      const codes = (
        await t
          .http()
          .get(`/api/reviews/${review.id}/exemption-codes`)
          .set(bearer(reviewer.token))
          .expect(200)
      ).body as { code: string }[];
      expect(codes.map((c) => c.code)).toEqual(expect.arrayContaining(['25X1', '25X6']));
      await accept(t, reviewer, review.id, {
        type: 'DECIDE_PORTION',
        portionId: document.portions[1]!.id,
        action: 'EXEMPT',
        exemptions: ['25X6, 20511231'],
        justification: 'Names a liaison officer whose identity is still protected by agreement.',
      });
    } finally {
      now.mockRestore();
    }
  });
});
