import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/application/audit.service';
import { verifyExportFile } from '../../src/audit/application/verify-file';
import { CAPTIONS } from '../../src/kernel/classification';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';

interface ExportedLine {
  seq: string;
  action: string;
  hash: string;
  payload: { heads?: { chainKey: string }[] };
  payloadDigest: string;
  payloadWithheld?: boolean;
}

/** As a superuser bypassing the append-only trigger would: the only way to tamper at all. */
async function asSuperuserBypassingTrigger(ds: DataSource, sql: string, params: unknown[] = []) {
  await ds.transaction(async (m) => {
    await m.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change');
    await m.query(sql, params);
    await m.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change');
  });
}

describe('audit trail integrity', () => {
  let t: TestApp;
  let ds: DataSource;
  let auditor: string;
  let reviewId: string;
  const dir = mkdtempSync(join(tmpdir(), 'declass-audit-'));

  beforeAll(async () => {
    t = await startTestApp('audit_integrity');
    ds = await openDataSource(t.env);
    const sup = await t.user({ username: 'sue', roles: ['supervisor'], clearance: 'TOP SECRET' });
    const rev = await t.user({ username: 'rita', roles: ['reviewer'], clearance: 'SECRET' });
    auditor = (await t.user({ username: 'otto', roles: ['auditor'], clearance: 'SECRET' })).token;
    const doc = await t
      .http()
      .post('/api/documents')
      .set(bearer(sup.token))
      .send({
        documentNumber: '1977STATE139375',
        title: 'SALT TWO',
        documentDate: '1977-06-16',
        originalClassification: 'SECRET',
        portions: [{ text: 'Para one.', classification: 'SECRET' }],
      })
      .expect(201);
    const review = await t
      .http()
      .post(`/api/documents/${doc.body.id}/reviews`)
      .set(bearer(sup.token))
      .send({ kind: 'SYSTEMATIC' })
      .expect(201);
    reviewId = review.body.id;
    await t
      .http()
      .post(`/api/reviews/${reviewId}/events`)
      .set(bearer(sup.token))
      .send({ type: 'ASSIGN', assigneeId: rev.id })
      .expect(200);
    await t.http().get(`/api/documents/${doc.body.id}/text`).set(bearer(rev.token)).expect(200);
    await t.app.get(AuditService).anchor();
  });

  afterAll(async () => {
    await ds.destroy();
    await t.close();
  });

  it('verifies an untouched trail, anchors included', async () => {
    const res = await t.http().get('/api/audit/verify').set(bearer(auditor)).expect(200);
    expect(res.body).toMatchObject({ ok: true, anchors: 1, firstBroken: null });
    expect(res.body.checked).toBeGreaterThanOrEqual(8);
  });

  it('lets only auditors verify', async () => {
    const sup = await t.user({ username: 'sam', roles: ['supervisor'], clearance: 'SECRET' });
    const res = await t.http().get('/api/audit/verify').set(bearer(sup.token)).expect(403);
    expect(res.body.error).toBe('ROLE_REQUIRED');
  });

  it('refuses UPDATE and DELETE to the application role, by grant', async () => {
    await expect(
      ds.transaction(async (m) => {
        await m.query('SET LOCAL ROLE declass_app');
        await m.query(`UPDATE audit_events SET action = 'X'`);
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      ds.transaction(async (m) => {
        await m.query('SET LOCAL ROLE declass_app');
        await m.query('DELETE FROM audit_events');
      }),
    ).rejects.toThrow(/permission denied/);
    const readable = await ds.transaction(async (m) => {
      await m.query('SET LOCAL ROLE declass_app');
      return m.query<{ n: number }[]>('SELECT count(*)::int AS n FROM audit_events');
    });
    expect(readable[0]!.n).toBeGreaterThan(0);
  });

  it('verifies an NDJSON export offline, and names a line changed in the file', async () => {
    const res = await t
      .http()
      .get(`/api/audit/events?reviewId=${reviewId}&format=ndjson`)
      .set(bearer(auditor))
      .expect(200);
    const file = join(dir, 'review.ndjson');
    writeFileSync(file, res.text);
    expect(await verifyExportFile(file)).toMatchObject({ ok: true, checked: 2 });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const second = JSON.parse(lines[1]!);
    second.payload.assigneeId = '00000000-0000-0000-0000-000000000001';
    writeFileSync(join(dir, 'tampered.ndjson'), [lines[0], JSON.stringify(second)].join('\n'));
    expect(await verifyExportFile(join(dir, 'tampered.ndjson'))).toMatchObject({
      ok: false,
      firstBroken: { seq: second.seq, reason: 'CHANGED' },
    });
  });

  it('shows the heads an anchor lists only to an auditor cleared for everything, and still verifies', async () => {
    const everything = await t.user({
      username: 'ada',
      roles: ['auditor'],
      clearance: 'TOP SECRET',
      caveats: [...CAPTIONS],
    });
    const anchorOf = async (token: string) => {
      const res = await t.http().get('/api/audit/events').set(bearer(token)).expect(200);
      const lines = res.text.trim().split('\n');
      return {
        text: res.text,
        anchor: lines
          .map((l) => JSON.parse(l) as ExportedLine)
          .find((e) => e.action === 'AUDIT_ANCHOR')!,
      };
    };
    const full = await anchorOf(everything.token);
    expect(full.anchor.payload.heads).toEqual(
      expect.arrayContaining([expect.objectContaining({ chainKey: `review:${reviewId}` })]),
    );
    expect(full.anchor.payloadWithheld).toBeUndefined();

    const limited = await anchorOf(auditor);
    expect(limited.anchor).toMatchObject({
      seq: full.anchor.seq,
      hash: full.anchor.hash,
      payload: {},
      payloadWithheld: true,
      payloadDigest: full.anchor.payloadDigest,
    });
    const file = join(dir, 'limited.ndjson');
    writeFileSync(file, limited.text);
    expect(await verifyExportFile(file, true)).toMatchObject({ ok: true, firstBroken: null });
  });

  it('catches a review whose state was set in the database, outside its lifecycle', async () => {
    const [{ state }] = await ds.query<[{ state: string }]>(
      `SELECT state FROM reviews WHERE id = $1`,
      [reviewId],
    );
    const [{ seq }] = await ds.query<[{ seq: string }]>(
      `SELECT max(seq)::text AS seq FROM audit_events WHERE chain_key = $1`,
      [`review:${reviewId}`],
    );
    await ds.query(`UPDATE reviews SET state = 'released' WHERE id = $1`, [reviewId]);
    try {
      const res = await t.http().get('/api/audit/verify').set(bearer(auditor)).expect(200);
      expect(res.body).toMatchObject({
        ok: false,
        firstBroken: { seq, chainKey: `review:${reviewId}`, reason: 'STATE_MISMATCH' },
      });
      expect(res.body.firstBroken.detail).toBe(
        `the review is released, but its audit events leave it ${state}: its state was changed outside its lifecycle`,
      );
    } finally {
      await ds.query(`UPDATE reviews SET state = $2 WHERE id = $1`, [reviewId, state]);
    }
    const res = await t.http().get('/api/audit/verify').set(bearer(auditor)).expect(200);
    expect(res.body).toMatchObject({ ok: true });
  });

  it('names the first event changed, removed or inserted in the database', async () => {
    const events = await ds.query<{ seq: string; chain_key: string }[]>(
      `SELECT seq, chain_key FROM audit_events WHERE review_id = $1 ORDER BY seq`,
      [reviewId],
    );
    const [created, assigned] = events;
    await asSuperuserBypassingTrigger(
      ds,
      `UPDATE audit_events SET payload = payload || '{"kind":"FOIA"}' WHERE seq = $1`,
      [created!.seq],
    );
    let res = await t.http().get('/api/audit/verify').set(bearer(auditor)).expect(200);
    expect(res.body).toMatchObject({
      ok: false,
      firstBroken: { seq: created!.seq, reason: 'CHANGED' },
    });
    // An auditor who may not read the SECRET record learns that the trail broke, not where.
    const low = await t.user({ username: 'cleo', roles: ['auditor'], clearance: 'CONFIDENTIAL' });
    const seen = await t.http().get('/api/audit/verify').set(bearer(low.token)).expect(200);
    expect(seen.body).toMatchObject({
      ok: false,
      firstBroken: { seq: null, chainKey: null, reason: 'CHANGED' },
    });
    expect(JSON.stringify(seen.body)).not.toContain(reviewId);

    // Restore it exactly, then remove the assignment: the chain no longer ends where the anchor says.
    await asSuperuserBypassingTrigger(
      ds,
      `UPDATE audit_events SET payload = payload - 'kind' || '{"kind":"SYSTEMATIC"}' WHERE seq = $1`,
      [created!.seq],
    );
    await asSuperuserBypassingTrigger(ds, `DELETE FROM audit_events WHERE seq = $1`, [
      assigned!.seq,
    ]);
    res = await t.http().get('/api/audit/verify').set(bearer(auditor)).expect(200);
    expect(res.body).toMatchObject({
      ok: false,
      firstBroken: { seq: assigned!.seq, reason: 'ANCHOR_MISMATCH' },
    });
  });
});
