import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/application/audit.service';
import { Clock } from '../../src/kernel/clock';
import { WorkerModule } from '../../src/worker.module';
import { bearer, openDataSource, startTestApp, type TestApp } from '../support/harness';
import { eventually } from '../support/review-api';

/** As a superuser bypassing the append-only trigger would: the only way to tamper at all. */
async function asSuperuserBypassingTrigger(ds: DataSource, sql: string, params: unknown[] = []) {
  await ds.transaction(async (m) => {
    await m.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change');
    await m.query(sql, params);
    await m.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change');
  });
}

interface Line {
  anchorSeq: string;
  anchorHash: string;
  heads: { chainKey: string; seq: string; hash: string }[];
  keyId: string;
  mac: string;
}

describe('signed audit checkpoints outside the database', () => {
  let t: TestApp;
  let ds: DataSource;
  let auditor: string;
  let documentId: string;
  let file: string;

  const verify = async () =>
    (await t.http().get('/api/audit/verify').set(bearer(auditor)).expect(200)).body as {
      ok: boolean;
      checkpoints: number;
      firstBroken: { seq: string; chainKey: string; reason: string; detail: string } | null;
    };
  const lines = () =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);

  beforeAll(async () => {
    t = await startTestApp('audit_checkpoints', {
      auditCheckpointEveryEvents: 5,
      auditCheckpointIntervalMs: 60_000,
    });
    ds = await openDataSource(t.env);
    file = join(t.env.config.auditCheckpointDir, 'checkpoints.ndjson');
    const registrar = await t.user({ username: 'rex', roles: ['supervisor'], clearance: 'SECRET' });
    auditor = (await t.user({ username: 'ora', roles: ['auditor'], clearance: 'SECRET' })).token;
    const doc = await t
      .http()
      .post('/api/documents')
      .set(bearer(registrar.token))
      .send({
        documentNumber: '1977STATE000777',
        collection: 'checkpoints',
        title: 'A cable to checkpoint',
        documentDate: '1977-05-02',
        originalClassification: 'SECRET',
        portions: [{ text: 'Para one.', classification: 'SECRET' }],
      })
      .expect(201);
    documentId = (doc.body as { id: string }).id;
    await t
      .http()
      .get(`/api/documents/${documentId}/text`)
      .set(bearer(registrar.token))
      .expect(200);
  });

  afterAll(async () => {
    await ds.destroy();
    await t.close();
  });

  it('anchors and checkpoints the trail once enough events were written, and not again until it moves', async () => {
    const audit = t.app.get(AuditService);
    expect(await audit.tick()).toEqual({ anchored: true, checkpointed: 1 });
    const [line] = lines();
    const [anchor] = await ds.query<{ seq: string; hash: string }[]>(
      `SELECT seq::text, hash FROM audit_events WHERE action = 'AUDIT_ANCHOR'`,
    );
    expect(line).toMatchObject({ anchorSeq: anchor!.seq, anchorHash: anchor!.hash });
    expect(line!.heads.map((h) => h.chainKey)).toContain(`document:${documentId}`);
    expect(line!.mac).toMatch(/^[0-9a-f]{64}$/);
    // Only the anchor was written since: not due, and nothing new to copy.
    expect(await audit.tick()).toEqual({ anchored: false, checkpointed: 0 });
    expect(await verify()).toMatchObject({ ok: true, checkpoints: 1, firstBroken: null });
  });

  it('anchors a trail that moved a little once the interval has passed, on the injected clock', async () => {
    const audit = t.app.get(AuditService);
    // Two events (the user created, their login): fewer than five, and the interval not over.
    await t.user({ username: 'una', roles: ['reviewer'], clearance: 'SECRET' });
    expect(await audit.tick()).toEqual({ anchored: false, checkpointed: 0 });
    const clock = jest
      .spyOn(t.app.get(Clock), 'now')
      .mockImplementation(() => new Date(Date.now() + 61_000));
    try {
      expect(await audit.tick()).toMatchObject({ anchored: true, checkpointed: 1 });
    } finally {
      clock.mockRestore();
    }
    expect(lines()).toHaveLength(2);
    expect(await verify()).toMatchObject({ ok: true, checkpoints: 2 });
  });

  it('breaks verification on a checkpoint altered in its file, or signed with another key', async () => {
    const original = readFileSync(file, 'utf8');
    try {
      const [first, ...rest] = lines();
      const altered = { ...first!, heads: first!.heads.slice(1) };
      writeFileSync(file, [altered, ...rest].map((l) => JSON.stringify(l)).join('\n') + '\n');
      expect((await verify()).firstBroken).toMatchObject({
        reason: 'CHECKPOINT_INVALID',
        detail: expect.stringMatching(/line 1: its signature does not match its content/),
      });
      writeFileSync(
        file,
        `${original}${JSON.stringify({ ...first!, keyId: 'feedfacefeedface' })}\n`,
      );
      expect((await verify()).firstBroken).toMatchObject({
        reason: 'CHECKPOINT_INVALID',
        detail: expect.stringMatching(/line 3: it is signed with another key/),
      });
    } finally {
      writeFileSync(file, original);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('catches the newest events deleted together with the anchors that listed them', async () => {
    const [newest] = await ds.query<{ seq: string }[]>(
      `SELECT seq::text FROM audit_events WHERE chain_key = $1 ORDER BY seq DESC LIMIT 1`,
      [`document:${documentId}`],
    );
    const listed = lines().flatMap((l) => l.heads.map((h) => h.seq));
    expect(listed).toContain(newest!.seq);
    // Everything the database itself could tell from is gone: the event and every anchor.
    await asSuperuserBypassingTrigger(
      ds,
      `DELETE FROM audit_events WHERE seq = $1 OR action = 'AUDIT_ANCHOR'`,
      [newest!.seq],
    );
    const report = await verify();
    expect(report).toMatchObject({
      ok: false,
      firstBroken: { reason: 'CHECKPOINT_MISMATCH' },
    });
    expect(report.firstBroken!.detail).toMatch(/it is gone: the trail was truncated or rewritten/);
  });

  it('is written by the worker on its own', async () => {
    const dir = join(t.env.config.auditCheckpointDir, `worker-${randomBytes(4).toString('hex')}`);
    const worker: INestApplicationContext = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({
        ...t.env.config,
        auditCheckpointDir: dir,
        auditCheckpointIntervalMs: 200,
      }),
      { logger: false },
    );
    try {
      const written = await eventually('a checkpoint written by the worker', () =>
        readFile(join(dir, 'checkpoints.ndjson'), 'utf8').then(
          (text) => text.trim(),
          () => undefined,
        ),
      );
      expect(JSON.parse(written.split('\n')[0]!)).toMatchObject({ mac: expect.any(String) });
    } finally {
      await worker.close();
    }
  });
});
