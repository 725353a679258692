import type { INestApplicationContext } from '@nestjs/common';
import { Clock } from '../../src/kernel/clock';
import type { DataSource } from 'typeorm';
import {
  bearer,
  createTestEnv,
  openDataSource,
  startTestApp,
  type TestApp,
} from '../support/harness';
import {
  auditCount,
  bringForward,
  deadlinesOf,
  FAST_DEADLINES,
  startWorker,
  type DeadlineRowBody,
} from '../support/deadlines';
import {
  accept,
  eventually,
  openReview,
  person,
  registerDocument,
  type DocumentBody,
  type Person,
} from '../support/review-api';

// `testTimeout` in a Jest project entry is ignored (it is a global option): set it here.
jest.setTimeout(30_000);

type DatedDocument = DocumentBody & { autoDeclassifyOn: string | null; restrictedData: boolean };

interface AuditRow {
  chain_key: string;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  payload: Record<string, unknown>;
}

describe('automatic declassification', () => {
  let t: TestApp;
  let ds: DataSource;
  let worker: INestApplicationContext | undefined;
  let registrar: Person;
  let approver: Person;
  let reviewer: Person;

  const documentOf = async (id: string): Promise<DatedDocument> =>
    (await t.http().get(`/api/documents/${id}`).set(bearer(registrar.token)).expect(200))
      .body as DatedDocument;

  const auditOf = (documentId: string, action: string) =>
    ds.query<AuditRow[]>(
      `SELECT chain_key, actor_id, actor_username, action, payload FROM audit_events
        WHERE document_id = $1 AND action = $2 ORDER BY seq`,
      [documentId, action],
    );

  beforeAll(async () => {
    t = await startTestApp('auto_declassify', FAST_DEADLINES);
    ds = await openDataSource(t.env);
    [registrar, approver, reviewer] = await Promise.all([
      person(t, 'registrar', ['supervisor'], 'TOP SECRET'),
      person(t, 'approver', ['supervisor'], 'TOP SECRET'),
      person(t, 'reviewer', ['reviewer'], 'TOP SECRET'),
    ]);
  });

  afterAll(async () => {
    await worker?.close();
    await ds?.destroy();
    await t?.close();
  });

  describe('registration', () => {
    it('gives a 1977 SECRET cable 31 December 2002 and writes its deadline with it', async () => {
      const document = (await registerDocument(t, registrar)) as DatedDocument;
      expect(document).toMatchObject({ autoDeclassifyOn: '2002-12-31', restrictedData: false });
      expect(await documentOf(document.id)).toMatchObject({ autoDeclassifyOn: '2002-12-31' });
      const rows = await deadlinesOf(ds, document.id);
      expect(rows).toEqual([
        expect.objectContaining({
          kind: 'AUTO_DECLASSIFY',
          subject_type: 'DOCUMENT',
          status: 'PENDING',
          rule: expect.stringContaining('E.O. 13526 §3.3(a)') as string,
        }),
      ]);
      // The start of 31 December in Washington, the agency's zone.
      expect(rows[0]!.due_at.toISOString()).toBe('2002-12-31T05:00:00.000Z');
      const [registered] = await auditOf(document.id, 'DOCUMENT_REGISTERED');
      expect(registered!.payload).toMatchObject({
        autoDeclassifyOn: '2002-12-31',
        restrictedData: false,
      });
    });

    it('gives Restricted Data and an unclassified record no date and no deadline', async () => {
      const rd = (await registerDocument(t, registrar, { restrictedData: true })) as DatedDocument;
      expect(rd).toMatchObject({ autoDeclassifyOn: null, restrictedData: true });
      expect(await deadlinesOf(ds, rd.id)).toEqual([]);
      const [registered] = await auditOf(rd.id, 'DOCUMENT_REGISTERED');
      expect(registered!.payload.autoDeclassifyRule).toContain('Department of Energy');

      const plain = (await registerDocument(t, registrar, {
        originalClassification: 'UNCLASSIFIED',
        portions: [{ text: 'Press guidance follows.', classification: 'UNCLASSIFIED' }],
      })) as DatedDocument;
      expect(plain.autoDeclassifyOn).toBeNull();
      expect(await deadlinesOf(ds, plain.id)).toEqual([]);
    });

    it('refuses a restrictedData that is not true or false', async () => {
      const res = await t
        .http()
        .post('/api/documents')
        .set(bearer(registrar.token))
        .send({
          documentNumber: '1977STATE000RD',
          title: 'x',
          documentDate: '1977-01-01',
          originalClassification: 'SECRET',
          restrictedData: 'yes',
          portions: [{ text: 'x', classification: 'SECRET' }],
        });
      expect(res.status).toBe(400);
      expect((res.body as { message: string }).message).toContain('restrictedData');
    });
  });

  describe('an import of 1950s cables', () => {
    const COLLECTION = 'import-1950s';
    let plain: DatedDocument[];
    let restricted: DatedDocument[];
    let underReview: { document: DatedDocument; reviewId: string }[];
    let exempted: DatedDocument[];

    const cable1950s = (i: number, over: Record<string, unknown> = {}) => {
      const level = ['CONFIDENTIAL', 'SECRET', 'TOP SECRET'][i % 3]!;
      return {
        collection: COLLECTION,
        documentNumber: `195${i % 10}STATE${String(1000 + i)}`,
        documentDate: `195${i % 10}-0${1 + (i % 9)}-1${i % 10}`,
        originalClassification: level,
        portions: [
          { text: `Paragraph one of cable ${i}.`, classification: level },
          { text: `Paragraph two of cable ${i}.`, classification: 'UNCLASSIFIED' },
        ],
        ...over,
      };
    };
    const register = (i: number, over: Record<string, unknown> = {}) =>
      registerDocument(t, registrar, cable1950s(i, over)) as Promise<DatedDocument>;

    beforeAll(async () => {
      // As an importer would: many registrations at once, each with its own date and deadline.
      [plain, restricted] = await Promise.all([
        Promise.all(Array.from({ length: 12 }, (_, i) => register(i))),
        Promise.all(
          Array.from({ length: 4 }, (_, i) => register(20 + i, { restrictedData: true })),
        ),
      ]);
      underReview = await Promise.all(
        Array.from({ length: 4 }, async (_, i) => {
          const document = await register(30 + i);
          return {
            document,
            reviewId: (await openReview(t, registrar, document.id, 'SYSTEMATIC')).id,
          };
        }),
      );
      // Two cables already reviewed: paragraph one withheld under 50X1-HUM, good for 75 years
      // (to the end of 2030 and 2031).
      exempted = await Promise.all(
        Array.from({ length: 2 }, async (_, i) => {
          const document = await register(45 + i); // 1955 CONFIDENTIAL, 1956 SECRET
          const fixed = await t
            .http()
            .get(`/api/documents/${document.id}`)
            .set(bearer(registrar.token))
            .expect(200);
          const portions = (fixed.body as DocumentBody).portions;
          let review = await openReview(t, registrar, document.id, 'SYSTEMATIC');
          review = await accept(t, registrar, review.id, {
            type: 'ASSIGN',
            assigneeId: reviewer.id,
          });
          await accept(t, reviewer, review.id, {
            type: 'DECIDE_PORTION',
            portionId: portions[0]!.id,
            action: 'EXEMPT',
            exemptions: ['50X1-HUM'],
            justification: 'Names a human source whose identity is still protected.',
          });
          await accept(t, reviewer, review.id, {
            type: 'DECIDE_PORTION',
            portionId: portions[1]!.id,
            action: 'RELEASE',
          });
          await accept(t, reviewer, review.id, {
            type: 'PROPOSE',
            determination: 'RELEASE_IN_PART',
          });
          await accept(t, approver, review.id, { type: 'APPROVE' });
          return document;
        }),
      );
    }, 30_000);

    it('declassifies what is past its date with no exemption, under review or not, and leaves the rest', async () => {
      expect(
        plain.every((d) => d.autoDeclassifyOn !== null && d.autoDeclassifyOn < '1985-01-01'),
      ).toBe(true);
      const pendingOf = async (documents: DatedDocument[]) =>
        (await Promise.all(documents.map((d) => deadlinesOf(ds, d.id))))
          .flat()
          .filter((r) => r.kind === 'AUTO_DECLASSIFY' && r.status === 'PENDING');
      const firstRows = await pendingOf([...plain, ...underReview.map((u) => u.document)]);
      expect(firstRows).toHaveLength(16);
      // The approved exemptions replaced the two reviewed cables' 25-year date with the day
      // their exemption ends.
      const exemptionEnds = await pendingOf(exempted);
      expect(exemptionEnds.map((r) => r.due_at.toISOString()).sort()).toEqual([
        '2030-12-31T05:00:00.000Z',
        '2031-12-31T05:00:00.000Z',
      ]);

      worker = await startWorker(t.env.config);
      await eventually(
        'every 25-year deadline acted on',
        async () => {
          const rows = await ds.query<DeadlineRowBody[]>(
            `SELECT * FROM deadlines WHERE id = ANY($1::uuid[]) AND status = 'FIRED'`,
            [firstRows.map((r) => r.id)],
          );
          return rows.length === firstRows.length ? rows : undefined;
        },
        10_000,
      );

      for (const document of plain) {
        const now = await documentOf(document.id);
        expect(now.currentClassification).toBe('UNCLASSIFIED');
        expect(now.originalClassification).toBe(document.originalClassification);
        const audit = await auditOf(document.id, 'DOCUMENT_AUTO_DECLASSIFIED');
        expect(audit).toHaveLength(1);
        expect(audit[0]).toMatchObject({
          chain_key: `document:${document.id}`,
          actor_id: '00000000-0000-0000-0000-000000000000',
          actor_username: 'declass-system',
          payload: {
            from: document.originalClassification,
            to: 'UNCLASSIFIED',
            autoDeclassifyOn: document.autoDeclassifyOn,
          },
        });
        expect(audit[0]!.payload.rule).toContain('E.O. 13526 §3.3(a)');
        expect(audit[0]!.payload).not.toHaveProperty('reviewInProgress');
        const [row] = await deadlinesOf(ds, document.id);
        expect(row!.outcome).toMatch(/^DECLASSIFIED: /);
      }

      for (const document of restricted) {
        expect(document.autoDeclassifyOn).toBeNull();
        expect((await documentOf(document.id)).currentClassification).toBe(
          document.originalClassification,
        );
        expect(await deadlinesOf(ds, document.id)).toEqual([]);
      }

      // A review still open on the date does not hold the record: it is declassified, and the
      // audit event names the review so that its reviewer knows what changed under them.
      for (const { document, reviewId } of underReview) {
        expect((await documentOf(document.id)).currentClassification).toBe('UNCLASSIFIED');
        const [declassified] = await auditOf(document.id, 'DOCUMENT_AUTO_DECLASSIFIED');
        expect(declassified!.payload).toMatchObject({
          from: document.originalClassification,
          to: 'UNCLASSIFIED',
          reviewInProgress: { id: reviewId, kind: 'SYSTEMATIC' },
        });
        expect(await auditOf(document.id, 'DOCUMENT_NOT_AUTO_DECLASSIFIED')).toEqual([]);
        const review = (await t.http().get(`/api/reviews/${reviewId}`).set(bearer(registrar.token)))
          .body as { state: string };
        expect(review.state).toBe('queued');
        expect((await deadlinesOf(ds, document.id)).filter((r) => r.status === 'PENDING')).toEqual(
          [],
        );
      }

      for (const document of exempted) {
        // The withheld paragraph keeps the document at its level until its exemption ends.
        expect((await documentOf(document.id)).currentClassification).toBe(
          document.originalClassification,
        );
        expect(
          await auditCount(ds, 'DOCUMENT_AUTO_DECLASSIFIED', { documentId: document.id }),
        ).toBe(0);
      }
    }, 30_000);

    it('keeps an exempted paragraph classified before its exemption ends and declassifies it on that day', async () => {
      const document = exempted[0]!; // 1955 CONFIDENTIAL, 50X1-HUM to the end of 2030
      const clock = worker!.get(Clock, { strict: false });
      const now = jest.spyOn(clock, 'now');
      try {
        now.mockReturnValue(new Date('2030-12-30T12:00:00Z'));
        const early = await bringForward(ds, document.id, 'AUTO_DECLASSIFY', 0, worker);
        await eventually('the early check', async () => {
          const [row] = await ds.query<DeadlineRowBody[]>(`SELECT * FROM deadlines WHERE id = $1`, [
            early.id,
          ]);
          return row?.status === 'FIRED' ? row : undefined;
        });
        expect((await documentOf(document.id)).currentClassification).toBe('CONFIDENTIAL');
        const [kept] = await auditOf(document.id, 'DOCUMENT_NOT_AUTO_DECLASSIFIED');
        expect(kept!.payload).toMatchObject({ reason: 'EXEMPTED', nextCheckOn: '2030-12-31' });
        expect(kept!.payload.message).toContain('portion #1 under 50X1-HUM until 2030-12-31');
        // One check left, on the day the exemption ends.
        const pending = (await deadlinesOf(ds, document.id)).filter(
          (r) => r.kind === 'AUTO_DECLASSIFY' && r.status === 'PENDING',
        );
        expect(pending.map((r) => r.due_at.toISOString())).toEqual(['2030-12-31T05:00:00.000Z']);

        // Five seconds into 31 December in Washington.
        now.mockReturnValue(new Date('2030-12-31T05:00:05Z'));
        const onTheDay = await bringForward(ds, document.id, 'AUTO_DECLASSIFY', 0, worker);
        await eventually('the check on the day the exemption ends', async () => {
          const [row] = await ds.query<DeadlineRowBody[]>(`SELECT * FROM deadlines WHERE id = $1`, [
            onTheDay.id,
          ]);
          return row?.status === 'FIRED' ? row : undefined;
        });
      } finally {
        now.mockRestore();
      }
      expect((await documentOf(document.id)).currentClassification).toBe('UNCLASSIFIED');
      const [declassified] = await auditOf(document.id, 'DOCUMENT_AUTO_DECLASSIFIED');
      expect(declassified!.payload).toMatchObject({ from: 'CONFIDENTIAL', to: 'UNCLASSIFIED' });
      expect(declassified!.payload.rule).toContain('every exemption has ended');
    });
  });
});

describe('the migration that adds automatic declassification', () => {
  it('gives documents registered before it their date and their deadline, and reverts', async () => {
    const env = await createTestEnv('auto_declassify_migration');
    const ds = await openDataSource(env);
    try {
      const applied = await ds.query<{ name: string }[]>(`SELECT name FROM migrations ORDER BY id`);
      const index = applied.findIndex(
        (m) => m.name === 'AddAutomaticDeclassification1795820158303',
      );
      expect(index).toBeGreaterThanOrEqual(0);
      for (let i = applied.length - 1; i >= index; i--) await ds.undoLastMigration();
      await ds.query(
        `INSERT INTO documents (id, document_number, title, document_date, original_classification,
           current_classification, classification_rank, content_hash)
         VALUES (gen_random_uuid(), '1976STATE000001', 'old', '1976-03-12', 'CONFIDENTIAL', 'CONFIDENTIAL', 1, 'h'),
                (gen_random_uuid(), '1978STATE000002', 'old', '1978-09-01', 'LIMITED OFFICIAL USE', 'LIMITED OFFICIAL USE', 0, 'h')`,
      );
      await ds.runMigrations();
      const rows = await ds.query<
        { document_number: string; auto: string | null; due_at: Date | null; rule: string | null }[]
      >(
        `SELECT d.document_number, to_char(d.auto_declassify_on, 'YYYY-MM-DD') AS auto, l.due_at, l.rule
           FROM documents d LEFT JOIN deadlines l ON l.subject_id = d.id ORDER BY d.document_number`,
      );
      expect(rows).toEqual([
        {
          document_number: '1976STATE000001',
          auto: '2001-12-31',
          due_at: new Date('2001-12-31T00:00:00.000Z'),
          rule: expect.stringContaining('origin 1976-03-12, declassified on 2001-12-31') as string,
        },
        { document_number: '1978STATE000002', auto: null, due_at: null, rule: null },
      ]);
    } finally {
      await ds.destroy();
      await env.drop();
    }
  });
});
