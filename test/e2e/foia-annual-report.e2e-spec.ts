import type { DataSource } from 'typeorm';
import {
  requestInserts,
  requestYear,
  type GeneratedRequest,
} from '../../bench/support/request-year';
import { workingDaysBetween } from '../../src/deadlines/domain/working-days';
import { toDayNumber } from '../../src/kernel/calendar-date';
import { Clock } from '../../src/kernel/clock';
import { fiscalYearBounds, type FoiaAnnualReport } from '../../src/requests/domain/annual-report';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import {
  accept,
  chainProblems,
  footprint,
  person,
  registerDocument,
  type DocumentBody,
  type ErrorBody,
  type Person,
} from '../support/review-api';

jest.setTimeout(120_000);

/**
 * The annual FOIA report: a year worked through the API, whose every figure follows from what the
 * test did, and a generated year of thousands of requests whose true figures the generator knows.
 */
describe('the annual FOIA report', () => {
  let t: TestApp;
  let ds: DataSource;
  let officer: Person;
  let reviewer: Person;
  let auditor: Person;
  let clock: Clock;

  beforeAll(async () => {
    t = await startTestApp('foia_annual');
    ds = await openDataSource(t.env);
    [officer, reviewer, auditor] = await Promise.all([
      person(t, 'officer', ['supervisor'], 'TOP SECRET', ['EXDIS']),
      person(t, 'reviewer', ['reviewer'], 'TOP SECRET', ['EXDIS']),
      person(t, 'auditor', ['auditor'], 'TOP SECRET', ['EXDIS']),
    ]);
    clock = t.app.get(Clock, { strict: false });
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  /** Moves the agency's day to `day` (noon in Washington). */
  const on = (day: string) =>
    jest.spyOn(clock, 'now').mockReturnValue(new Date(`${day}T17:00:00Z`));

  const report = async (fiscalYear: number, who = auditor) =>
    (
      await t
        .http()
        .get(`/api/reports/foia-annual?fiscalYear=${fiscalYear}`)
        .set(bearer(who.token))
        .expect(200)
    ).body as FoiaAnnualReport;

  const open = async (body: Record<string, unknown>) => {
    const res = await t
      .http()
      .post('/api/requests')
      .set(bearer(officer.token))
      .send({ kind: 'FOIA', requester: { name: 'Jane Doe' }, description: 'Cables', ...body });
    if (res.status !== 201) throw new Error(`open: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as {
      id: string;
      number: string;
      reviews: { id: string; documentId: string }[];
    };
  };

  const event = (id: string, body: Record<string, unknown>) =>
    t.http().post(`/api/requests/${id}/events`).set(bearer(officer.token)).send(body);

  /** Decides each portion (portion 2 withheld under b(6) when `withhold`), proposes and approves. */
  const finish = async (reviewId: string, document: DocumentBody, withhold: boolean) => {
    await accept(t, officer, reviewId, { type: 'ASSIGN', assigneeId: reviewer.id });
    for (const p of document.portions) {
      await accept(t, reviewer, reviewId, {
        type: 'DECIDE_PORTION',
        portionId: p.id,
        ...(withhold && p.seq === 2
          ? { action: 'EXEMPT', exemptions: ['b(6)'], justification: 'A private person’s address.' }
          : { action: 'RELEASE' }),
      });
    }
    await accept(t, reviewer, reviewId, {
      type: 'PROPOSE',
      determination: withhold ? 'RELEASE_IN_PART' : 'RELEASE_IN_FULL',
    });
    await accept(t, officer, reviewId, { type: 'APPROVE' });
  };

  it('reports a year worked through the API: requests, dispositions, exemptions, response times, expedite and fee waivers', async () => {
    on('2025-03-03');
    const [a, b] = [await registerDocument(t, officer), await registerDocument(t, officer)];
    const expedited = await open({
      receivedOn: '2025-02-24',
      track: 'expedited',
      feeWaiverRequested: true,
      documentIds: [a.id, b.id],
    });
    const waiting = await open({ receivedOn: '2025-03-03', documentIds: [] });
    const empty = await open({ receivedOn: '2025-03-03', documentIds: [] });

    expect(
      (
        await event(expedited.id, {
          type: 'DECIDE_EXPEDITE',
          granted: true,
          reason: 'Imminent threat to life',
        })
      ).status,
    ).toBe(200);
    const waiver = await event(expedited.id, {
      type: 'DECIDE_FEE_WAIVER',
      granted: false,
      reason: 'No public interest shown',
    });
    expect(waiver.status).toBe(200);
    expect((waiver.body as { adjudications: unknown }).adjudications).toEqual({
      expedite: { requestedOn: '2025-02-24', decidedOn: '2025-03-03', granted: true },
      feeWaiver: { requestedOn: '2025-02-24', decidedOn: '2025-03-03', granted: false },
    });
    const letters = (
      await t
        .http()
        .get(`/api/requests/${expedited.id}/letters`)
        .set(bearer(officer.token))
        .expect(200)
    ).body as { kind: string; text: string }[];
    // Both decisions were sent at the same instant here: the letters' order between them is open.
    expect(letters.map((l) => l.kind).sort()).toEqual([
      'ACKNOWLEDGMENT',
      'EXPEDITE_DECISION',
      'FEE_WAIVER_DECISION',
    ]);
    expect(letters.find((l) => l.kind === 'FEE_WAIVER_DECISION')!.text).toContain(
      'It is denied: No public interest shown',
    );

    const chain = await chainProblems(ds, `request:${expedited.id}`);
    expect(chain.problems).toEqual([]);
    expect(chain.rows.map((r) => r.action)).toEqual([
      'REQUEST_OPENED',
      'LETTER_ISSUED',
      'REQUEST_DECIDE_EXPEDITE',
      'LETTER_ISSUED',
      'REQUEST_DECIDE_FEE_WAIVER',
      'LETTER_ISSUED',
    ]);
    expect(chain.rows[0]!.payload.asks).toEqual({
      expedite: { requestedOn: '2025-02-24', decidedOn: null, granted: null },
      feeWaiver: { requestedOn: '2025-02-24', decidedOn: null, granted: null },
    });
    expect(chain.rows[4]!.payload).toMatchObject({
      granted: false,
      reason: 'No public interest shown',
    });

    // Deciding twice, or an ask never made, is refused and writes nothing.
    const before = await footprint(ds);
    const twice = await event(expedited.id, {
      type: 'DECIDE_EXPEDITE',
      granted: false,
      reason: 'Again',
    });
    expect(twice.status).toBe(422);
    expect((twice.body as ErrorBody).message).toBe(
      `${expedited.number}'s ask for expedited processing was already granted on 2025-03-03`,
    );
    const never = await event(waiting.id, {
      type: 'DECIDE_FEE_WAIVER',
      granted: true,
      reason: 'Asked',
    });
    expect(never.status).toBe(422);
    expect((never.body as ErrorBody).message).toBe(
      `${waiting.number} did not ask for a fee waiver; there is nothing to decide`,
    );
    expect(await footprint(ds)).toEqual(before);

    on('2025-03-10');
    const documents = new Map([
      [a.id, a],
      [b.id, b],
    ]);
    for (const r of expedited.reviews)
      await finish(r.id, documents.get(r.documentId)!, r.documentId === b.id);
    expect((await event(expedited.id, { type: 'RESPOND' })).status).toBe(200);
    expect((await event(empty.id, { type: 'CLOSE', reason: 'NO_RECORDS' })).status).toBe(200);

    const year = await report(2025);
    expect(year.requests).toEqual({
      pendingAtStart: 0,
      received: 3,
      processed: 2,
      pendingAtEnd: 1,
    });
    expect(year.dispositions).toMatchObject({
      grantedInFull: 0,
      grantedInPart: 1,
      deniedInFull: 0,
      total: 2,
    });
    expect(year.dispositions.otherReasons.NO_RECORDS).toBe(1);
    expect(year.exemptions).toEqual({ 'b(6)': 1 });
    // 24 February to 10 March 2025: ten working days (17 February, Washington's Birthday, is before).
    expect(year.responseTimes.expedited).toEqual({
      count: 1,
      median: 10,
      average: 10,
      lowest: 10,
      highest: 10,
    });
    expect(year.responseTimes.simple).toMatchObject({ count: 1, median: 5 });
    expect(year.tenOldestPending).toEqual([
      { number: waiting.number, receivedOn: '2025-03-03', workingDaysPending: 147 },
    ]);
    expect(year.expedite).toMatchObject({
      granted: 1,
      denied: 0,
      medianDaysToDecide: 7,
      decidedWithinTenDays: 1,
    });
    expect(year.feeWaivers).toMatchObject({ granted: 0, denied: 1 });

    const csv = await t
      .http()
      .get('/api/reports/foia-annual?fiscalYear=2025&format=csv')
      .set(bearer(officer.token))
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')).toEqual(
      expect.arrayContaining([
        'section,measure,value',
        'V.A requests,received,3',
        'V.B(1) dispositions,partial grants/partial denials,1',
        'V.B(3) exemptions,b(6),1',
        'VII.A expedited,median days,10',
        'VIII.B fee waivers,denied,1',
      ]),
    );
  });

  it('refuses a reviewer, a year not begun and a year that is not a number, saying what to send', async () => {
    on('2025-03-10');
    const reviewerAsks = await t
      .http()
      .get('/api/reports/foia-annual?fiscalYear=2025')
      .set(bearer(reviewer.token));
    expect(reviewerAsks.status).toBe(403);
    const future = await t
      .http()
      .get('/api/reports/foia-annual?fiscalYear=2026')
      .set(bearer(auditor.token));
    expect(future.status).toBe(422);
    expect((future.body as ErrorBody).message).toBe(
      'Fiscal year 2026 has not begun; today is in fiscal year 2025',
    );
    const word = await t
      .http()
      .get('/api/reports/foia-annual?fiscalYear=last')
      .set(bearer(auditor.token));
    expect(word.status).toBe(400);
    expect(JSON.stringify(word.body)).toContain('fiscalYear must be a year such as 2027');
    const format = await t
      .http()
      .get('/api/reports/foia-annual?fiscalYear=2025&format=pdf')
      .set(bearer(auditor.token));
    expect(format.status).toBe(400);
    expect(JSON.stringify(format.body)).toContain('format must be json or csv');
  });

  it('gets every figure of a generated year of 5,200 requests right', async () => {
    const rows = requestYear(2020, 5200);
    for (const [sql, params] of requestInserts(rows)) await ds.query(sql, params);
    try {
      const { from, to } = fiscalYearBounds(2020);
      const inYear = (d: string | null) => d !== null && d >= from && d <= to;
      const pendingAt = (r: GeneratedRequest, day: string) =>
        r.receivedOn <= day && (r.respondedOn === null || r.respondedOn > day);
      const flow = (rs: GeneratedRequest[]) => ({
        pendingAtStart: rs.filter(
          (r) => r.receivedOn < from && pendingAt(r, fiscalYearBounds(2019).to),
        ).length,
        received: rs.filter((r) => inYear(r.receivedOn)).length,
        processed: rs.filter((r) => inYear(r.respondedOn)).length,
        pendingAtEnd: rs.filter((r) => pendingAt(r, to)).length,
      });
      const foia = rows.filter((r) => r.kind === 'FOIA');
      const processed = foia.filter((r) => inYear(r.respondedOn));
      const ending = (d: string) => processed.filter((r) => r.determination === d).length;
      const citing = (code: string) =>
        processed.filter((r) => r.records.some((x) => x.exemptions.some((e) => e.startsWith(code))))
          .length;
      const days = (rs: GeneratedRequest[]) => {
        const d = rs.map((r) => r.ran!).sort((x, y) => x - y);
        const mid = d.length >> 1;
        return {
          count: d.length,
          median: d.length % 2 ? d[mid] : (d[mid - 1]! + d[mid]!) / 2,
          average: Math.round((d.reduce((s, x) => s + x, 0) / d.length) * 100) / 100,
          lowest: d[0],
          highest: d.at(-1),
        };
      };
      const decided = foia.filter(
        (r) => r.expedite?.granted != null && inYear(r.expedite.decidedOn),
      );
      const mdrAppeals = rows.filter((r) => r.appealOfKind === 'MDR');
      const documents = (rs: GeneratedRequest[], determination: string) =>
        rs
          .filter((r) => inYear(r.respondedOn))
          .flatMap((r) => r.records)
          .filter((x) => x.determination === determination).length;

      const year = await report(2020);

      expect(flow(foia).received).toBeGreaterThan(3000);
      expect(year.requests).toEqual(flow(foia));
      expect(year.requests.pendingAtStart + year.requests.received - year.requests.processed).toBe(
        year.requests.pendingAtEnd,
      );
      expect(year.dispositions).toEqual({
        grantedInFull: ending('GRANTED_IN_FULL'),
        grantedInPart: ending('GRANTED_IN_PART'),
        deniedInFull: ending('DENIED_IN_FULL') + ending('GLOMAR'),
        glomar: ending('GLOMAR'),
        otherReasons: {
          NO_RECORDS: ending('NO_RECORDS'),
          REFERRED: 0,
          WITHDRAWN: ending('WITHDRAWN'),
          FEE_RELATED: 0,
          NOT_REASONABLY_DESCRIBED: 0,
          DUPLICATE: 0,
        },
        total: processed.length,
      });
      expect(year.exemptions).toEqual({
        'b(1)': citing('b(1)'),
        'b(3)': citing('b(3)'),
        'b(6)': citing('b(6)'),
      });
      expect(year.exemption3Statutes).toEqual([
        { statute: '50 U.S.C. 3024(i)', requests: citing('b(3)') },
      ]);
      for (const track of ['simple', 'complex', 'expedited'] as const) {
        expect(year.responseTimes[track]).toEqual(days(processed.filter((r) => r.track === track)));
        expect(year.pendingByTrack[track]).toBe(
          foia.filter((r) => r.track === track && pendingAt(r, to)).length,
        );
      }
      const oldest = foia
        .filter((r) => pendingAt(r, to))
        .sort(
          (x, y) => x.receivedOn.localeCompare(y.receivedOn) || x.number.localeCompare(y.number),
        )
        .slice(0, 10);
      expect(year.tenOldestPending).toEqual(
        oldest.map((r) => ({
          number: r.number,
          receivedOn: r.receivedOn,
          workingDaysPending: workingDaysBetween(r.receivedOn, to),
        })),
      );
      const foiaAppeals = rows.filter((r) => r.appealOfKind === 'FOIA');
      expect(year.appeals.flow).toEqual(flow(foiaAppeals));
      const appealsDone = foiaAppeals.filter((r) => inYear(r.respondedOn));
      expect(year.appeals.outcomes).toEqual({
        affirmed: appealsDone.filter((r) => r.appealOutcome === 'AFFIRMED').length,
        partlyGranted: appealsDone.filter((r) => r.appealOutcome === 'PARTLY_GRANTED').length,
        reversed: appealsDone.filter((r) => r.appealOutcome === 'REVERSED').length,
        remanded: 0,
        closedOtherwise: 0,
      });
      expect(year.appeals.responseTimes).toEqual(days(appealsDone));
      expect(year.expedite.granted).toBe(decided.filter((r) => r.expedite!.granted).length);
      expect(year.expedite.denied).toBe(decided.filter((r) => !r.expedite!.granted).length);
      expect(year.expedite.decidedWithinTenDays).toBe(
        decided.filter((r) => toDayNumber(r.expedite!.decidedOn!) - toDayNumber(r.receivedOn) <= 10)
          .length,
      );
      const mdr = rows.filter((r) => r.kind === 'MDR');
      expect(year.mdr.requests).toEqual(flow(mdr));
      expect(year.mdr.appeals).toEqual(flow(mdrAppeals));
      expect(year.mdr.documents).toEqual({
        declassifiedInFull: documents(mdr, 'RELEASE_IN_FULL'),
        declassifiedInPart: documents(mdr, 'RELEASE_IN_PART'),
        denied: documents(mdr, 'DENY_IN_FULL'),
      });
    } finally {
      await ds.query(`DELETE FROM requests WHERE number LIKE '%-2020-%'`);
    }
  });
});
