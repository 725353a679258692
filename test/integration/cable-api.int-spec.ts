import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAttributeBlock } from '../../src/cables/domain/attribute-block';
import { dispositionExport } from '../../src/cables/cli/cables.commands';
import { bearer, startTestApp, type TestApp } from '../support/harness';
import { accept, CABLE_YEAR, EXPIRY, openReview, person, type Person } from '../support/review-api';

const FIXTURES = join(__dirname, '../fixtures/cables');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

interface ImportBody {
  status: string;
  document: {
    id: string;
    documentNumber: string;
    collection: string;
    originalClassification: string;
    currentClassification: string;
    captions: string[];
    portions: { id: string; seq: number; classification: string }[];
  };
  warnings: string[];
}

/** A SECRET cable of ours, 49 years old, no disposition yet: (S), (C) and (U) paragraphs. */
const YY = String(CABLE_YEAR % 100).padStart(2, '0');
const OURS = [
  'PAGE 01 STATE 161616',
  `R 161200Z JUN ${YY}`,
  'FM SECSTATE WASHDC',
  'TO AMEMBASSY MOSCOW',
  'S E C R E T STATE 161616',
  'E.O. 11652: XGDS-2',
  'TAGS: PARM, UR',
  'SUBJECT: CRUISE MISSILE LIMITS',
  '1. (S) THE FOREIGN MINISTER SAID PRIVATELY THAT MOSCOW WOULD ACCEPT THE LIMITS.',
  '2. (C) HE NAMED THE LIAISON OFFICER WHO CARRIED THE MESSAGE.',
  '3. (U) THE MEETING TOOK PLACE AT THE MINISTRY.',
  'VANCE',
  'NNN',
].join('\n');

describe('cable import and disposition over the API', () => {
  let t: TestApp;
  let sup: Person;
  let sup2: Person;
  let admin: Person;
  let rev: Person;
  let revLimdis: Person;
  let lowSup: Person;
  let auditor: Person;

  beforeAll(async () => {
    t = await startTestApp('cable_api');
    sup = await person(t, 'sup', ['supervisor'], 'TOP SECRET', ['EXDIS']);
    sup2 = await person(t, 'sup2', ['supervisor'], 'TOP SECRET', ['EXDIS', 'LIMDIS']);
    admin = await person(t, 'adm', ['admin'], 'TOP SECRET', ['LIMDIS']);
    rev = await person(t, 'rev', ['reviewer'], 'SECRET');
    revLimdis = await person(t, 'revl', ['reviewer'], 'SECRET', ['LIMDIS']);
    lowSup = await person(t, 'lowsup', ['supervisor'], 'CONFIDENTIAL');
    auditor = await person(t, 'aud', ['auditor'], 'TOP SECRET', ['EXDIS', 'LIMDIS']);
  });

  afterAll(async () => {
    await t?.close();
  });

  const post = (who: Person | null, text: string | Buffer, query: Record<string, string> = {}) => {
    const req = t
      .http()
      .post('/api/documents/import')
      .query(query)
      .set('content-type', 'text/plain');
    return (who ? req.set(bearer(who.token)) : req).send(text);
  };

  describe('POST /api/documents/import', () => {
    it('imports one cable for a supervisor: 201 with the document', async () => {
      const res = await post(sup, fixture('1976STATE900101.txt'), {
        fileName: '1976STATE900101.txt',
      });
      expect(res.status).toBe(201);
      const body = res.body as ImportBody;
      expect(body).toMatchObject({
        status: 'imported',
        warnings: [],
        document: {
          documentNumber: '1976STATE900101',
          collection: 'default',
          title: 'ALLIANCE CONSULTATIONS ON FORCE POSTURE',
          documentDate: '1976-03-05',
          originalClassification: 'SECRET',
          // Released in part: what the Department withheld is still SECRET.
          currentClassification: 'SECRET',
          captions: [],
          tags: ['PFOR', 'NATO', 'GW', 'US'],
          classificationAuthority: 'E.O. 11652: XGDS-1',
          format: 'TEL',
        },
      });
      expect(body.document.portions.map((p) => p.classification)).toEqual([
        'SECRET',
        'CONFIDENTIAL',
        'SECRET',
        'CONFIDENTIAL',
      ]);
    });

    it('answers 200 unchanged for the same file again, and 409 for a different one under the number', async () => {
      const again = await post(admin, fixture('1976STATE900101.txt'));
      expect(again.status).toBe(200);
      expect((again.body as ImportBody).status).toBe('unchanged');
      const first = await t
        .http()
        .get('/api/documents')
        .query({ q: '1976STATE900101' })
        .set(bearer(sup.token))
        .expect(200);
      expect((first.body as { total: number }).total).toBe(1);

      const other = await post(
        sup,
        fixture('1976STATE900101.txt').replace('PARAGRAPH TWO', 'PARA 2'),
      );
      expect(other.status).toBe(409);
      expect(other.body).toMatchObject({
        error: 'ALREADY_EXISTS',
        message:
          '1976STATE900101 is already in collection default from a different file (the text differs); nothing was overwritten',
      });
    });

    it('takes the same number into another collection', async () => {
      const res = await post(sup, fixture('1976STATE900101.txt'), { collection: 'cfpf-1976' });
      expect(res.status).toBe(201);
      expect((res.body as ImportBody).document.collection).toBe('cfpf-1976');
    });

    it('is for supervisors and administrators only', async () => {
      expect((await post(null, fixture('1973STATE121974.txt'))).status).toBe(401);
      const byReviewer = await post(rev, fixture('1973STATE121974.txt'));
      expect(byReviewer.status).toBe(403);
      expect(byReviewer.body).toMatchObject({ error: 'ROLE_REQUIRED' });
      expect((await post(auditor, fixture('1973STATE121974.txt'))).status).toBe(403);
    });

    it('refuses a cable above the importer’s clearance or caveats, writing nothing', async () => {
      const low = await post(lowSup, fixture('1974QUITO06223.txt'));
      expect(low.status).toBe(403);
      expect(low.body).toMatchObject({ error: 'CLEARANCE_REQUIRED' });
      const noCaveat = await post(sup, fixture('1974QUITO06223.txt'));
      expect(noCaveat.status).toBe(403);
      const listed = await t
        .http()
        .get('/api/documents')
        .query({ q: '1974QUITO06223' })
        .set(bearer(admin.token))
        .expect(200);
      expect((listed.body as { total: number }).total).toBe(0);
    });

    it('keeps need-to-know on what it created: 404 to a reader without the caption', async () => {
      const res = await post(sup2, fixture('1974QUITO06223.txt'));
      expect(res.status).toBe(201);
      const doc = (res.body as ImportBody).document;
      expect(doc).toMatchObject({ originalClassification: 'SECRET', captions: ['LIMDIS'] });
      await t.http().get(`/api/documents/${doc.id}`).set(bearer(rev.token)).expect(404);
      await t.http().get(`/api/documents/${doc.id}/disposition`).set(bearer(rev.token)).expect(404);
      await t.http().get(`/api/documents/${doc.id}`).set(bearer(revLimdis.token)).expect(200);
      await t
        .http()
        .get(`/api/documents/${doc.id}/disposition`)
        .set(bearer(revLimdis.token))
        .expect(200);
    });

    it('answers 422 when nothing usable can be read, 400 when the body is not text', async () => {
      const empty = await post(sup, '');
      expect(empty.status).toBe(422);
      expect(empty.body).toMatchObject({ message: 'Nothing imported: the file is empty' });
      const binary = await post(sup, 'GIF89a\u0001\u0002\u0003\u0004\u0005\u0006\u0007');
      expect(binary.status).toBe(422);
      expect(binary.body).toMatchObject({
        message: 'Nothing imported: not a text file (binary content)',
      });
      // NUL cannot be stored at all: every route refuses it before it reaches the importer.
      expect((await post(sup, 'GIF89a\u0000\u0001')).status).toBe(400);
      const prose = await post(sup, 'Dear colleague,\nplease find the minutes attached.\n');
      expect(prose.status).toBe(422);
      expect((prose.body as { message: string }).message).toMatch(
        /^Nothing imported: nothing usable could be read: no document number/,
      );
      const json = await t
        .http()
        .post('/api/documents/import')
        .set(bearer(sup.token))
        .send({ text: fixture('1973STATE121974.txt') });
      expect(json.status).toBe(400);
      expect((json.body as { message: string }).message).toContain('Content-Type: text/plain');
      const badCollection = await post(sup, fixture('1973STATE121974.txt'), { collection: '../x' });
      expect(badCollection.status).toBe(400);
    });
  });

  describe('GET /api/documents/:id/disposition', () => {
    let importedId: string;

    beforeAll(async () => {
      const res = await t
        .http()
        .get('/api/documents')
        .query({ q: '1976STATE900101', collection: 'default' })
        .set(bearer(sup.token))
        .expect(200);
      importedId = (res.body as { items: { id: string }[] }).items[0]!.id;
    });

    it('gives the imported history in the Department vocabulary, as JSON and as the block', async () => {
      const json = await t
        .http()
        .get(`/api/documents/${importedId}/disposition`)
        .set(bearer(auditor.token))
        .expect(200);
      const fields = (json.body as { fields: Record<string, unknown> }).fields;
      expect(fields).toEqual({
        documentNumber: '1976STATE900101',
        subject: 'ALLIANCE CONSULTATIONS ON FORCE POSTURE',
        tags: ['PFOR', 'NATO', 'GW', 'US'],
        originalClassification: 'SECRET',
        currentClassification: 'SECRET',
        executiveOrder: '11652 XGDS-1',
        originalHandlingRestrictions: ['EXDIS'],
        handlingRestrictions: [],
        reviewAction: 'RELEASED, APPROVED',
        reviewDate: '2008-06-16',
        reviewHistory: [
          { action: 'RELEASED', date: '2008-06-16', by: 'oner', reason: null },
          { action: 'APPROVED', date: '2008-06-18', by: 'twot', reason: null },
        ],
        dispositionAction: 'Released in Part',
        dispositionDate: '2009-05-22',
        dispositionApprovedOn: '2008-06-18',
        dispositionAuthority: null,
        dispositionCaseNumber: '200800417',
        dispositionReason: '1.4D, 25X1, 25X6',
        dispositionComment: '25 YEAR REVIEW',
        dispositionHistory: [
          { action: 'Released in Part', date: '2008-06-17', by: 'REVIEWER ONE', reason: null },
        ],
        markings: 'Declassified/Released US Department of State EO Systematic Review 22 May 2009',
      });
      expect(
        (json.body as { history: { source: string }[] }).history.every(
          (h) => h.source === 'IMPORTED',
        ),
      ).toBe(true);

      const block = await t
        .http()
        .get(`/api/documents/${importedId}/disposition`)
        .query({ format: 'attributes' })
        .set(bearer(auditor.token))
        .expect(200);
      expect(block.headers['content-type']).toMatch(/^text\/plain/);
      expect(block.text).toContain(
        'Review History: RELEASED <16 Jun 2008 by oner>; APPROVED <18 Jun 2008 by twot>\n',
      );
      expect(block.text).toContain(
        'Disposition History: Released in Part by REVIEWER ONE on 17-JUN-08 ;\n',
      );
      const read = parseAttributeBlock(block.text);
      expect(read.warnings).toEqual([]);
      expect(read.fields).toEqual(fields);
    });

    it('answers 404 for an unknown document and 400 for a bad format', async () => {
      await t
        .http()
        .get('/api/documents/00000000-0000-4000-8000-000000000000/disposition')
        .set(bearer(auditor.token))
        .expect(404);
      await t
        .http()
        .get(`/api/documents/${importedId}/disposition`)
        .query({ format: 'xml' })
        .set(bearer(auditor.token))
        .expect(400);
    });

    it('adds a review done in declass: reviewer and approver, determination, codes and marking', async () => {
      const imported = await post(sup, OURS, { collection: 'reviewed' });
      expect(imported.status).toBe(201);
      const doc = (imported.body as ImportBody).document;
      expect(doc).toMatchObject({
        documentNumber: `${CABLE_YEAR}STATE161616`,
        originalClassification: 'SECRET',
        currentClassification: 'SECRET',
      });
      let review = await openReview(t, sup, doc.id);
      review = await accept(t, sup, review.id, { type: 'ASSIGN', assigneeId: rev.id });
      for (const p of doc.portions) {
        review = await accept(t, rev, review.id, {
          type: 'DECIDE_PORTION',
          portionId: p.id,
          ...(p.seq === 2
            ? {
                action: 'EXEMPT',
                exemptions: [`25X6, ${EXPIRY}`],
                justification: 'Names a liaison officer still protected by agreement.',
              }
            : { action: 'RELEASE' }),
        });
      }
      review = await accept(t, rev, review.id, {
        type: 'PROPOSE',
        determination: 'RELEASE_IN_PART',
      });
      review = await accept(t, sup2, review.id, { type: 'APPROVE' });
      expect(review.state).toBe('released');

      const res = await t
        .http()
        .get(`/api/documents/${doc.id}/disposition`)
        .set(bearer(auditor.token))
        .expect(200);
      const body = res.body as {
        fields: Record<string, unknown>;
        reviews: Record<string, unknown>[];
        attributes: string;
      };
      const today = new Date().toISOString().slice(0, 10);
      expect(body.fields).toMatchObject({
        currentClassification: 'CONFIDENTIAL',
        executiveOrder: '11652 XGDS-2',
        reviewAction: 'RELEASED, APPROVED',
        reviewDate: today,
        reviewHistory: [
          { action: 'RELEASED', date: today, by: 'rev', reason: '25X6' },
          { action: 'APPROVED', date: today, by: 'sup2', reason: null },
        ],
        dispositionAction: 'Released in Part',
        dispositionDate: today,
        dispositionApprovedOn: today,
        dispositionAuthority: 'E.O. 13526 §3.4 Systematic Review',
        dispositionCaseNumber: review.id,
        dispositionReason: '25X6',
        dispositionComment: 'SYSTEMATIC REVIEW',
        dispositionHistory: [
          { action: 'Released in Part', date: today, by: 'rev', reason: '25X6' },
        ],
        markings: review.releaseMarking,
      });
      expect(body.reviews).toEqual([
        expect.objectContaining({
          id: review.id,
          determination: 'RELEASE_IN_PART',
          decidedBy: ['rev'],
          proposedBy: 'rev',
          approvedBy: 'sup2',
          withheldCodes: [`25X6, ${EXPIRY}`],
        }),
      ]);
      expect(parseAttributeBlock(body.attributes).fields).toEqual(body.fields);
    });
  });

  describe('declass disposition:export', () => {
    let out: string[];

    beforeEach(() => {
      out = [];
      jest
        .spyOn(process.stdout, 'write')
        .mockImplementation((chunk) => out.push(String(chunk)) > 0);
    });

    afterEach(() => jest.restoreAllMocks());

    const exportArgs = (args: string[]) => dispositionExport(args, (work) => work(t.app));

    it('streams a collection as NDJSON, CSV or attribute blocks that read back the same', async () => {
      await post(sup, fixture('1977STATE139375.txt'), { collection: 'cfpf-1976' });
      await exportArgs(['--collection', 'cfpf-1976', '--format', 'ndjson']);
      const records = out
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { documentNumber: string; fields: Record<string, unknown> });
      expect(records.map((r) => r.documentNumber)).toEqual(['1976STATE900101', '1977STATE139375']);
      expect(records[1]!.fields).toMatchObject({
        reviewAction: 'RELEASED, APPROVED',
        reviewDate: '2005-03-11',
        dispositionAction: 'RELEASED',
        dispositionDate: '2009-05-22',
        dispositionComment: '25 YEAR REVIEW',
        markings:
          'Margaret P. Grafeld Declassified/Released US Department of State EO Systematic Review 22 May 2009',
      });

      out.length = 0;
      await exportArgs(['--collection', 'cfpf-1976', '--format', 'attributes']);
      const blocks = out
        .join('')
        .split(/\n(?=Message Attributes\n)/)
        .map((b) => parseAttributeBlock(b));
      expect(blocks.map((b) => b.fields)).toEqual(records.map((r) => r.fields));

      out.length = 0;
      await exportArgs(['--collection', 'cfpf-1976', '--format', 'csv']);
      const lines = out.join('').trim().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(
        /^Document ID,Collection,Current Classification,Disposition Action,/,
      );
      expect(lines[2]).toContain(',cfpf-1976,UNCLASSIFIED,RELEASED,');
    });

    it('exports one document by number, and says so when nothing matches', async () => {
      await exportArgs(['--document', `${CABLE_YEAR}STATE161616`, '--format', 'attributes']);
      const read = parseAttributeBlock(out.join(''));
      expect(read.fields).toMatchObject({
        documentNumber: `${CABLE_YEAR}STATE161616`,
        dispositionAction: 'Released in Part',
      });
      await expect(exportArgs(['--document', 'NO-SUCH-CABLE'])).rejects.toThrow(
        'No document matches; nothing exported',
      );
    });
  });
});
