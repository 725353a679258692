import type { DataSource } from 'typeorm';
import { Clock } from '../../src/kernel/clock';
import { fiscalYearOf } from '../../src/requests/domain/request-number';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import {
  accept,
  person,
  registerDocument,
  WITHHOLD_25X6,
  type Person,
} from '../support/review-api';

jest.setTimeout(60_000);

interface Migrated {
  id: string;
  number: string;
  kind: string;
  state: string;
  received_on: string;
  due_at: Date | null;
  clock: { dueOn: string | null; adjustments: unknown[] } | null;
  outcome: { determination: string; appealBy: string | null; respondedOn: string } | null;
}

/**
 * The migration that brings requests turns each FOIA, MDR and appeal review opened before it into
 * a request of one record: same id, a number of its fiscal year, its clock and due date, its
 * answer if it had one; and the review keeps working under its request.
 */
describe('reviews from before requests', () => {
  let t: TestApp;
  let ds: DataSource;
  let officer: Person;
  let approver: Person;
  let reviewer: Person;

  beforeAll(async () => {
    t = await startTestApp('request_migration');
    ds = await openDataSource(t.env);
    [officer, approver, reviewer] = await Promise.all([
      person(t, 'officer', ['supervisor'], 'TOP SECRET'),
      person(t, 'approver', ['supervisor'], 'TOP SECRET'),
      person(t, 'reviewer', ['reviewer'], 'TOP SECRET'),
    ]);
  });

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  it('become one-record requests with their clock and answer, and go on under them', async () => {
    const today = t.app.get(Clock, { strict: false }).today();
    const open = async (kind: string, documentId: string) => {
      const res = await t
        .http()
        .post('/api/requests')
        .set(bearer(officer.token))
        .send({
          kind,
          requester: { name: 'A. Requester' },
          receivedOn: today,
          description: 'x',
          documentIds: [documentId],
        });
      expect(res.status).toBe(201);
      return (res.body as { id: string; reviews: { id: string }[] }).reviews[0]!.id;
    };
    const foiaDoc = await registerDocument(t, officer);
    const mdrDoc = await registerDocument(t, officer);
    const foia = await open('FOIA', foiaDoc.id);
    const mdr = await open('MDR', mdrDoc.id);
    await accept(t, officer, mdr, { type: 'ASSIGN', assigneeId: reviewer.id });
    for (const p of mdrDoc.portions) {
      await accept(t, reviewer, mdr, {
        type: 'DECIDE_PORTION',
        portionId: p.id,
        ...(p.seq === 2 ? WITHHOLD_25X6 : { action: 'RELEASE' }),
      });
    }
    await accept(t, reviewer, mdr, { type: 'PROPOSE', determination: 'RELEASE_IN_PART' });
    await accept(t, approver, mdr, { type: 'APPROVE' });

    // Back to the schema before requests: the reviews stay, as reviews of no request.
    const last = async () =>
      (
        await ds.query<{ name: string }[]>(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`)
      )[0]!.name;
    while ((await last()) !== 'CreateRequests1796800000000') await ds.undoLastMigration();
    await ds.undoLastMigration();
    await ds.runMigrations();

    const rows = await ds.query<Migrated[]>(
      `SELECT id, number, kind, state, to_char(received_on, 'YYYY-MM-DD') AS received_on, due_at, clock, outcome
         FROM requests ORDER BY kind`,
    );
    const fy = fiscalYearOf(today);
    expect(rows.map((r) => [r.id, r.number, r.kind, r.state])).toEqual([
      [foia, `F-${fy}-00001`, 'FOIA', 'open'],
      [mdr, `M-${fy}-00001`, 'MDR', 'answered'],
    ]);
    const [foiaReview] = await ds.query<
      { request_id: string; due_at: Date; snapshot: { context: { clock: unknown } } }[]
    >(`SELECT request_id, due_at, snapshot FROM reviews WHERE id = $1`, [foia]);
    expect(foiaReview!.request_id).toBe(foia);
    expect(rows[0]!.clock).toEqual(foiaReview!.snapshot.context.clock);
    expect(rows[0]!.due_at).toEqual(foiaReview!.due_at);
    expect(rows[1]!.outcome!.determination).toBe('GRANTED_IN_PART');
    expect(rows[1]!.outcome!.appealBy).not.toBeNull();
    // The day it was answered is where the annual report finds it.
    const [answered] = await ds.query<{ responded_on: string }[]>(
      `SELECT to_char(responded_on, 'YYYY-MM-DD') AS responded_on FROM requests WHERE id = $1`,
      [mdr],
    );
    expect(answered!.responded_on).toBe(rows[1]!.outcome!.respondedOn);

    // The next request of the year follows the migrated ones.
    const next = await t
      .http()
      .post('/api/requests')
      .set(bearer(officer.token))
      .send({
        kind: 'FOIA',
        requester: { name: 'B' },
        receivedOn: today,
        description: 'y',
        documentIds: [],
      });
    expect((next.body as { number: string }).number).toBe(`F-${fy}-00002`);

    // The migrated FOIA request moves its review's clock.
    const extended = await t
      .http()
      .post(`/api/requests/${foia}/events`)
      .set(bearer(officer.token))
      .send({ type: 'EXTEND', reason: 'Records in a field office' });
    expect(extended.status).toBe(200);
    const after = await ds.query<{ dueOn: string }[]>(
      `SELECT snapshot #>> '{context,clock,dueOn}' AS "dueOn" FROM reviews WHERE id = $1`,
      [foia],
    );
    expect(after[0]!.dueOn).toBe((extended.body as { dueOn: string }).dueOn);
  });
});
