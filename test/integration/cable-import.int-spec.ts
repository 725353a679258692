import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/application/audit.service';
import {
  CableImportService,
  type FileResult,
  type ImportSummary,
} from '../../src/cables/application/cable-import.service';
import { readCableFiles, walkCableFiles } from '../../src/cables/cli/cable-files';
import { run as cli } from '../../src/cli';
import { openDataSource, startTestApp, type TestApp } from '../support/harness';

const FIXTURES = join(__dirname, '../fixtures/cables');
const OPERATOR = { id: null, username: 'cli:test', roles: [] };

/** What a person reading each fixture writes down about it. */
const EXPECTED = [
  {
    document_number: '1973STATE121974',
    title: 'NEW SALT PRINCIPLES AGREEMENT',
    document_date: '1973-06-22',
    originator: 'SECSTATE WASHDC',
    original_classification: 'UNCLASSIFIED',
    current_classification: 'UNCLASSIFIED',
    captions: [],
    tags: ['OGEN', 'PARM'],
    classification_authority: 'E.O. 11652: N/A',
    portions: ['UNCLASSIFIED', 'UNCLASSIFIED', 'UNCLASSIFIED'],
    history: [],
  },
  {
    document_number: '1974QUITO06223',
    title: 'AID POLICY TOWARDS ECUADOR',
    document_date: '1974-09-20',
    originator: 'AMEMBASSY QUITO',
    original_classification: 'SECRET',
    current_classification: 'SECRET',
    captions: ['LIMDIS'],
    tags: ['EAIR', 'PFOR', 'EC'],
    classification_authority: 'E.O. 11652: GDS',
    portions: ['SECRET', 'SECRET', 'SECRET', 'SECRET', 'SECRET'],
    history: [],
  },
  {
    document_number: '1974STATE149165',
    title: '(no subject)',
    document_date: '1974-07-10',
    originator: null,
    original_classification: 'LIMITED OFFICIAL USE',
    current_classification: 'LIMITED OFFICIAL USE',
    captions: [],
    tags: [],
    classification_authority: null,
    portions: Array(4).fill('LIMITED OFFICIAL USE'),
    history: [],
  },
  {
    document_number: '1975STATE133602',
    title: 'CONSULTATIONS ON DEALING WITH REFERENCES TO CERDS',
    document_date: '1975-06-07',
    originator: 'SECSTATE WASHDC',
    original_classification: 'LIMITED OFFICIAL USE',
    current_classification: 'LIMITED OFFICIAL USE',
    captions: [],
    tags: ['UN', 'EGEN'],
    classification_authority: 'E.O. 11652: GDS',
    portions: ['LIMITED OFFICIAL USE'],
    history: [],
  },
  {
    document_number: '1976STATE181062',
    title: 'DAILY ACTIVITY REPORTS, WEDNESDAY, JULY 21, 1976',
    document_date: '1976-07-22',
    originator: 'SECSTATE WASHDC',
    original_classification: 'SECRET',
    current_classification: 'SECRET',
    captions: ['STADIS', 'EXDIS'],
    tags: ['PFOR'],
    classification_authority: 'E.O. 11652: GDS',
    portions: Array(5).fill('SECRET'),
    history: [],
  },
  {
    document_number: '1976STATE900101',
    title: 'ALLIANCE CONSULTATIONS ON FORCE POSTURE',
    document_date: '1976-03-05',
    originator: 'SECSTATE WASHDC',
    original_classification: 'SECRET',
    // Released in part under 1.4D, 25X1, 25X6: what was withheld is still SECRET.
    current_classification: 'SECRET',
    captions: [],
    tags: ['PFOR', 'NATO', 'GW', 'US'],
    classification_authority: 'E.O. 11652: XGDS-1',
    portions: ['SECRET', 'CONFIDENTIAL', 'SECRET', 'CONFIDENTIAL'],
    history: [
      'REVIEW Review History RELEASED 2008-06-16 oner',
      'REVIEW Review History APPROVED 2008-06-18 twot',
      'REVIEW Review Action RELEASED, APPROVED 2008-06-16 -',
      'DISPOSITION Disposition History Released in Part 2008-06-17 REVIEWER ONE',
      'DISPOSITION Disposition Action Released in Part 2009-05-22 -',
    ],
  },
  {
    document_number: '1977MOSCOW12806',
    title:
      "US-USSR HOUSING AGREEMENT: JOINT COMMITTEE MEETING (JCM): SECRETARY HARRIS' VISIT TO THE USSR",
    document_date: '1977-09-02',
    originator: 'AMEMBASSY MOSCOW',
    original_classification: 'LIMITED OFFICIAL USE',
    current_classification: 'LIMITED OFFICIAL USE',
    captions: [],
    tags: ['TGEN', 'OVIP', 'UR', 'US'],
    classification_authority: 'E.O. 11652: N/A',
    portions: Array(3).fill('LIMITED OFFICIAL USE'),
    history: [],
  },
  {
    document_number: '1977STATE139375',
    title: 'HUMAN RIGHTS: COUNTRY ACTION PLAN FOR THE USSR',
    document_date: '1977-06-16',
    originator: 'SECSTATE WASHDC',
    original_classification: 'CONFIDENTIAL',
    current_classification: 'UNCLASSIFIED',
    captions: [],
    tags: ['SHUM', 'PINT', 'UR', 'US'],
    classification_authority: 'E.O. 11652: GDS',
    portions: Array(21).fill('CONFIDENTIAL'),
    history: [
      'REVIEW Review Action RELEASED, APPROVED 2005-03-11 -',
      'DISPOSITION Disposition Action RELEASED 2009-05-22 -',
    ],
  },
  {
    document_number: '1978MOSCOW30030',
    title: 'OFFICIAL-INFORMAL',
    document_date: '1978-12-06',
    originator: 'AMEMBASSY MOSCOW',
    original_classification: 'CONFIDENTIAL',
    current_classification: 'UNCLASSIFIED',
    captions: [],
    tags: ['OGEN'],
    classification_authority: 'E.O. 12065: GDS - 12/6/84 (GARRISON, MARK) OR-M',
    portions: Array(4).fill('CONFIDENTIAL'),
    history: ['DISPOSITION Markings Declassified/Released 2014-03-20 Sheryl P. Walter'],
  },
  {
    document_number: '1979STATE241927',
    title: 'CALL ON IRANIAN CHARGE AGAH',
    document_date: '1979-09-14',
    originator: 'SECSTATE WASHDC',
    original_classification: 'CONFIDENTIAL',
    current_classification: 'UNCLASSIFIED',
    captions: ['LIMDIS'],
    tags: ['PINT', 'IR'],
    classification_authority: 'E.O. 12065: GDS 9/14/85 (PRECHT, HENRY)',
    portions: Array(3).fill('CONFIDENTIAL'),
    history: ['DISPOSITION Markings Declassified/Released 2014-03-20 Sheryl P. Walter'],
  },
];

describe('cable import', () => {
  let t: TestApp;
  let ds: DataSource;
  let importer: CableImportService;
  const work = mkdtempSync(join(tmpdir(), 'declass-cable-import-'));

  beforeAll(async () => {
    t = await startTestApp('cable_import');
    ds = await openDataSource(t.env);
    importer = t.app.get(CableImportService);
  });

  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function importPaths(
    paths: string[],
    collection: string,
    batchSize?: number,
  ): Promise<{ summary: ImportSummary; results: FileResult[] }> {
    const results: FileResult[] = [];
    const summary = await importer.run(readCableFiles(walkCableFiles(paths)), {
      collection,
      actor: OPERATOR,
      batchSize,
      onResult: (r) => results.push(r),
    });
    return { summary, results };
  }

  const byName = (results: FileResult[], name: string) =>
    results.find((r) => r.name.endsWith(name));

  async function counts(collection: string): Promise<Record<string, number>> {
    const [row] = await ds.query<Record<string, number>[]>(
      `SELECT
         (SELECT count(*)::int FROM documents WHERE collection = $1) AS documents,
         (SELECT count(*)::int FROM portions p JOIN documents d ON d.id = p.document_id WHERE d.collection = $1) AS portions,
         (SELECT count(*)::int FROM document_history h JOIN documents d ON d.id = h.document_id WHERE d.collection = $1) AS history,
         (SELECT count(*)::int FROM audit_events a JOIN documents d ON d.id = a.document_id WHERE d.collection = $1) AS audit,
         (SELECT count(*)::int FROM deadlines x JOIN documents d ON d.id = x.subject_id WHERE d.collection = $1) AS deadlines`,
      [collection],
    );
    return row!;
  }

  it('imports every fixture with the values a person reading it would write down', async () => {
    const { summary, results } = await importPaths([FIXTURES], 'fixtures');
    expect(summary).toMatchObject({ done: 10, imported: 10, unchanged: 0, failed: 0 });
    expect(results.every((r) => r.status === 'imported')).toBe(true);

    const docs = await ds.query<Record<string, unknown>[]>(
      `SELECT d.document_number, d.title, to_char(d.document_date, 'YYYY-MM-DD') AS document_date, d.originator,
              d.original_classification, d.current_classification, d.captions, d.tags, d.classification_authority,
              (SELECT array_agg(p.classification ORDER BY p.seq) FROM portions p WHERE p.document_id = d.id) AS portions,
              (SELECT coalesce(array_agg(concat_ws(' ', h.kind, h.attribute, h.action, coalesce(to_char(h.date, 'YYYY-MM-DD'), '-'), coalesce(h.performed_by, '-')) ORDER BY h.ordinal), '{}')
                 FROM document_history h WHERE h.document_id = d.id) AS history
         FROM documents d WHERE d.collection = 'fixtures' ORDER BY d.document_number`,
    );
    expect(docs).toEqual(EXPECTED);
  });

  it('keeps every raw attribute and warning, marks the history as imported, and audits without text', async () => {
    const [doc] = await ds.query<
      {
        id: string;
        source_attributes: Record<string, unknown>;
        classification_rank: number;
        auto_declassify_on: string | null;
      }[]
    >(
      `SELECT id, source_attributes, classification_rank, to_char(auto_declassify_on, 'YYYY-MM-DD') AS auto_declassify_on
         FROM documents WHERE collection = 'fixtures' AND document_number = '1976STATE900101'`,
    );
    const text = readFileSync(join(FIXTURES, '1976STATE900101.txt'), 'utf8');
    const sourceHash = createHash('sha256').update(text).digest('hex');
    const attributes = doc!.source_attributes.attributes as Record<string, string | null>;
    expect(doc!.source_attributes).toMatchObject({
      file: '1976STATE900101.txt',
      sourceHash,
      warnings: [],
      originalCaptions: ['EXDIS'],
    });
    expect(Object.keys(attributes)).toHaveLength(70);
    expect(attributes).toMatchObject({
      'Film Number': 'D760083-0412',
      'Legacy Key': 'link1976/newtext/t19760353/aaaacpxq.tel',
      'Disposition Reason': '1.4D, 25X1, 25X6',
      'Handling Restrictions': null,
    });
    expect(doc!.classification_rank).toBe(2);
    // Its 25X exemptions end 50 years from origin (E.O. 13526 §3.3(h)).
    expect(doc!.auto_declassify_on).toBe('2026-12-31');

    const history = await ds.query<{ source: string; raw: string; reason: string | null }[]>(
      `SELECT source, raw, reason FROM document_history WHERE document_id = $1 ORDER BY ordinal`,
      [doc!.id],
    );
    expect(history.map((h) => h.source)).toEqual(Array(5).fill('IMPORTED'));
    expect(history[4]).toEqual({
      source: 'IMPORTED',
      reason: '1.4D, 25X1, 25X6',
      raw: 'Disposition Action: Released in Part Disposition Date: 22 May 2009 Disposition Approved on Date: 18 Jun 2008 Disposition Case Number: 200800417 Disposition Reason: 1.4D, 25X1, 25X6 Disposition Comment: 25 YEAR REVIEW',
    });

    const events = await ds.query<
      { action: string; chain_key: string; payload: Record<string, unknown> }[]
    >(`SELECT action, chain_key, payload FROM audit_events WHERE document_id = $1`, [doc!.id]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'DOCUMENT_IMPORTED',
      chain_key: `document:${doc!.id}`,
      payload: {
        file: '1976STATE900101.txt',
        sourceHash,
        warnings: 0,
        documentNumber: '1976STATE900101',
      },
    });
    const payload = JSON.stringify(events[0]!.payload);
    expect(payload).not.toContain('ALLIANCE CONSULTATIONS');
    expect(payload).not.toContain('PARAGRAPH');
    expect((await t.app.get(AuditService).verify({})).ok).toBe(true);
  });

  it('schedules automatic declassification for what is still classified, withheld parts when their exemptions end', async () => {
    const rows = await ds.query<{ document_number: string; due: string }[]>(
      `SELECT d.document_number, to_char(x.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due
         FROM deadlines x JOIN documents d ON d.id = x.subject_id
        WHERE x.kind = 'AUTO_DECLASSIFY' AND d.collection = 'fixtures' ORDER BY 1`,
    );
    expect(rows).toEqual([
      { document_number: '1974QUITO06223', due: '1999-12-31' },
      { document_number: '1976STATE181062', due: '2001-12-31' },
      { document_number: '1976STATE900101', due: '2026-12-31' },
    ]);
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await counts('fixtures');
    expect(before).toEqual({ documents: 10, portions: 53, history: 9, audit: 10, deadlines: 3 });
    const { summary } = await importPaths([FIXTURES], 'fixtures');
    expect(summary).toMatchObject({ done: 10, imported: 0, unchanged: 10, failed: 0 });
    expect(await counts('fixtures')).toEqual(before);
  });

  it('refuses a different file under a number already imported, and overwrites nothing', async () => {
    const changed = join(work, '1977STATE139375-edited.txt');
    writeFileSync(
      changed,
      readFileSync(join(FIXTURES, '1977STATE139375.txt'), 'utf8').replace(
        'BY COB FRIDAY',
        'BY MONDAY',
      ),
    );
    const [before] = await ds.query<{ content_hash: string }[]>(
      `SELECT content_hash FROM documents WHERE collection = 'fixtures' AND document_number = '1977STATE139375'`,
    );
    const { summary, results } = await importPaths([changed], 'fixtures');
    expect(summary).toMatchObject({ imported: 0, unchanged: 0, failed: 1 });
    expect(results[0]).toMatchObject({
      status: 'failed',
      documentNumber: '1977STATE139375',
      reason:
        '1977STATE139375 is already in collection fixtures from a different file (the text differs); nothing was overwritten',
    });
    const [after] = await ds.query<{ content_hash: string }[]>(
      `SELECT content_hash FROM documents WHERE collection = 'fixtures' AND document_number = '1977STATE139375'`,
    );
    expect(after).toEqual(before);
  });

  it('refuses a cable dated after today, naming the date, and imports nothing of it', async () => {
    const dir = join(work, 'future');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'future.txt'),
      [
        'Message Attributes',
        '',
        'Document Number: 2030STATE000001 Original Classification: SECRET',
        'Sent Date: 03-Jan-2030 12:00:00 am Subject: A CABLE FROM A DATE TO COME',
      ].join('\n'),
    );
    const { summary, results } = await importPaths([dir], 'future', 1);
    expect(summary).toMatchObject({ done: 1, imported: 0, failed: 1 });
    expect(byName(results, 'future.txt')?.reason).toMatch(
      /^the cable is dated 2030-01-03, after today \(\d{4}-\d{2}-\d{2}\); check its date$/,
    );
    const rows = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM documents WHERE document_number = '2030STATE000001'`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('names every hostile file with its reason and imports the rest', async () => {
    const dir = join(work, 'hostile');
    mkdirSync(dir);
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(
      join(dir, 'binary.txt'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    );
    const page = readFileSync(join(FIXTURES, '1977STATE139375.txt'), 'utf8');
    writeFileSync(join(dir, 'huge.txt'), page.repeat(Math.ceil((50 * 1024 * 1024) / page.length)));
    writeFileSync(
      join(dir, 'attributes-only.txt'),
      [
        'Message Attributes',
        '',
        'Document Number: 1975STATE000017 Original Classification: SECRET',
        'Sent Date: 03-Jan-1975 12:00:00 am Subject: A CABLE WITHDRAWN FROM THE PUBLIC FILE',
        'Disposition Action: Denied in Full Disposition Reason: 25X1',
        'Review History: WITHDRAWN <04 Feb 2005 by smithj, PRIVACY>; APPROVED <05 Feb 2005 by jonesk>',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'odd-keys.txt'),
      [
        'PAGE 01 STATE 054321',
        'R 021530Z MAR 76',
        'FM SECSTATE WASHDC',
        'TO AMEMBASSY PARIS',
        'CONFIDENTIAL STATE 054321',
        'EXDIS',
        'E.O. 11652: GDS',
        'TAGS: PFOR, FR',
        'SUBJECT: KEYS IN ODD CASE AND ORDER',
        '1. (C) FIRST PARAGRAPH.',
        '2. (U) SECOND PARAGRAPH.',
        'KISSINGER',
        '<< END OF DOCUMENT >>',
        'Message Attributes',
        'review history: RELEASED <01 Jan 2010 by aa>; APPROVED <02 Jan 2010 by bb>',
        'HANDLING RESTRICTIONS: n/a',
        'markings: Declassified/Released US Department of State EO Systematic Review 01 Feb 2010',
        'CURRENT CLASSIFICATION: UNCLASSIFIED disposition action: RELEASED',
        'Original Handling Restrictions: EXDIS',
      ].join('\n'),
    );
    copyFileSync(join(FIXTURES, '1974QUITO06223.txt'), join(dir, 'good.txt'));

    const { summary, results } = await importPaths([dir], 'hostile', 2);
    expect(summary).toMatchObject({ done: 6, imported: 3, unchanged: 0, failed: 3 });
    expect(byName(results, 'empty.txt')).toMatchObject({
      status: 'failed',
      reason: 'the file is empty',
    });
    expect(byName(results, 'binary.txt')).toMatchObject({
      status: 'failed',
      reason: 'not a text file (binary content)',
    });
    expect(byName(results, 'huge.txt')?.reason).toMatch(
      /^the file is 50\.\d MB; a cable export is at most a few hundred KB, and declass takes files up to 10 MB$/,
    );

    const docs = await ds.query<Record<string, unknown>[]>(
      `SELECT d.document_number, d.title, d.original_classification, d.current_classification, d.captions,
              (SELECT count(*)::int FROM portions p WHERE p.document_id = d.id) AS portions,
              (SELECT array_agg(concat_ws(' ', h.attribute, h.action, h.performed_by, h.reason) ORDER BY h.ordinal)
                 FROM document_history h WHERE h.document_id = d.id) AS history
         FROM documents d WHERE d.collection = 'hostile' ORDER BY d.document_number`,
    );
    expect(docs).toEqual([
      {
        document_number: '1974QUITO06223',
        title: 'AID POLICY TOWARDS ECUADOR',
        original_classification: 'SECRET',
        current_classification: 'SECRET',
        captions: ['LIMDIS'],
        portions: 5,
        history: null,
      },
      {
        document_number: '1975STATE000017',
        title: 'A CABLE WITHDRAWN FROM THE PUBLIC FILE',
        original_classification: 'SECRET',
        current_classification: 'SECRET',
        captions: [],
        portions: 0,
        history: [
          'Review History WITHDRAWN smithj PRIVACY',
          'Review History APPROVED jonesk',
          'Disposition Action Denied in Full 25X1',
        ],
      },
      {
        document_number: '1976STATE054321',
        title: 'KEYS IN ODD CASE AND ORDER',
        original_classification: 'CONFIDENTIAL',
        current_classification: 'UNCLASSIFIED',
        captions: [],
        portions: 2,
        history: [
          'Review History RELEASED aa',
          'Review History APPROVED bb',
          'Disposition Action RELEASED',
        ],
      },
    ]);
    // A record denied in full under 25X1 is declassified when that exemption reaches 50 years.
    const [withdrawn] = await ds.query<{ due: string; rule: string }[]>(
      `SELECT to_char(x.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due, x.rule
         FROM deadlines x JOIN documents d ON d.id = x.subject_id
        WHERE d.document_number = '1975STATE000017' AND x.kind = 'AUTO_DECLASSIFY'`,
    );
    expect(withdrawn).toEqual({
      due: '2025-12-31',
      rule: expect.stringContaining('E.O. 13526 §3.3(h)') as string,
    });
    expect(withdrawn!.rule).toContain('withheld part of it under 25X1');
  });

  it('isolates a cable the database refuses: the rest of its batch goes in, it leaves nothing behind', async () => {
    const dir = join(work, 'poisoned');
    mkdirSync(dir);
    for (const name of ['1973STATE121974.txt', '1975STATE133602.txt', '1977MOSCOW12806.txt']) {
      copyFileSync(join(FIXTURES, name), join(dir, name));
    }
    writeFileSync(
      join(dir, 'poisoned.txt'),
      [
        'PAGE 01 STATE 099999',
        'R 021530Z MAR 76',
        'FM SECSTATE WASHDC',
        'TO AMEMBASSY ROME',
        'UNCLAS STATE 099999',
        'TAGS: PFOR',
        'SUBJECT: A CABLE THE DATABASE REFUSES',
        '1. FIRST PARAGRAPH.',
        '2. A POISONED PARAGRAPH.',
        'NNN',
      ].join('\n'),
    );
    // Stands for any refusal of one row (a constraint, a trigger, a bad byte) after the
    // document row itself went in: the batch must not keep a document without its portions.
    await ds.query(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.text LIKE '%POISONED%' THEN RAISE EXCEPTION 'portion refused by test trigger'; END IF; RETURN NEW; END $$`);
    await ds.query(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON portions FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
    try {
      const { summary, results } = await importPaths([dir], 'poisoned', 10);
      expect(summary).toMatchObject({ done: 4, imported: 3, failed: 1 });
      expect(byName(results, 'poisoned.txt')).toMatchObject({
        status: 'failed',
        documentNumber: '1976STATE099999',
        reason: 'the database refused this cable: portion refused by test trigger',
      });
    } finally {
      await ds.query(`DROP TRIGGER refuse_poison ON portions`);
      await ds.query(`DROP FUNCTION refuse_poison()`);
    }
    expect(await counts('poisoned')).toEqual({
      documents: 3,
      portions: 7,
      history: 0,
      audit: 3,
      deadlines: 0,
    });
    const [orphans] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM documents WHERE document_number = '1976STATE099999'`,
    );
    expect(orphans!.n).toBe(0);
  });

  it('lets two imports of the same folder race: each cable goes in once', async () => {
    const [a, b] = await Promise.all([
      importPaths([FIXTURES], 'race', 3),
      importPaths([FIXTURES], 'race', 3),
    ]);
    expect(a.summary.imported + b.summary.imported).toBe(10);
    expect(a.summary.unchanged + b.summary.unchanged).toBe(10);
    expect(a.summary.failed + b.summary.failed).toBe(0);
    expect(await counts('race')).toMatchObject({ documents: 10, audit: 10, history: 9 });
  });

  describe('declass cables:import', () => {
    let out: string[];
    let err: string[];

    beforeEach(() => {
      out = [];
      err = [];
      jest
        .spyOn(process.stdout, 'write')
        .mockImplementation((chunk) => out.push(String(chunk)) > 0);
      jest
        .spyOn(process.stderr, 'write')
        .mockImplementation((chunk) => err.push(String(chunk)) > 0);
    });

    afterEach(() => {
      jest.restoreAllMocks();
      process.exitCode = undefined;
    });

    it('prints progress and failures on stderr, the summary on stdout, and exits 2 when a file failed', async () => {
      const dir = join(work, 'cli');
      mkdirSync(dir);
      copyFileSync(join(FIXTURES, '1979STATE241927.txt'), join(dir, '1979STATE241927.txt'));
      writeFileSync(join(dir, 'empty.txt'), '');
      writeFileSync(join(dir, 'notes.md'), 'not a cable');
      const saved = process.env.DATABASE_URL;
      process.env.DATABASE_URL = t.env.config.databaseUrl;
      try {
        await cli(['cables:import', dir, '--collection', 'cli']);
      } finally {
        process.env.DATABASE_URL = saved;
      }
      const summary = JSON.parse(out.join('').trim()) as Record<string, unknown>;
      expect(summary).toMatchObject({
        collection: 'cli',
        done: 2,
        imported: 1,
        unchanged: 0,
        failed: 1,
        skipped: 1,
        failures: [{ file: join(dir, 'empty.txt'), reason: 'the file is empty' }],
      });
      expect(summary.peakRssMb).toEqual(expect.any(Number));
      const stderr = err.join('');
      expect(stderr).toContain(`failed: ${join(dir, 'empty.txt')}: the file is empty\n`);
      expect(stderr).toMatch(
        /cables:import 2 of 2 files \(100%\), \d+ cables\/s, ETA 0:00; imported 1, unchanged 0, failed 1/,
      );
      expect(stderr).toContain('imported 1, unchanged 0, failed 1');
      expect(process.exitCode).toBe(2);
    });

    it('answers --help and -h on a command with that command’s usage, without a database', async () => {
      const printed: string[] = [];
      jest.spyOn(console, 'log').mockImplementation((line: string) => printed.push(line));
      const saved = process.env.DATABASE_URL;
      // Nothing listens there: help must not need the database.
      process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/none';
      try {
        await cli(['cables:import', '--help']);
        await cli(['cables:import', 'some/folder', '-h']);
      } finally {
        process.env.DATABASE_URL = saved;
      }
      expect(printed).toHaveLength(2);
      const [long, short] = printed as [string, string];
      expect(long).toBe(short);
      expect(long).toMatch(/^declass cables:import <files or folders…> \[--collection NAME\]/);
      expect(long).toContain('exit code 2');
      expect(long).not.toContain('cables:parse');
      expect(process.exitCode).toBeUndefined();
    });

    it('prints what the parser reads, one JSON object a file, without a database', async () => {
      await cli([
        'cables:parse',
        join(FIXTURES, '1976STATE900101.txt'),
        join(work, 'hostile', 'binary.txt'),
      ]);
      const lines = out
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({
        file: join(FIXTURES, '1976STATE900101.txt'),
        documentNumber: '1976STATE900101',
        originalClassification: 'SECRET',
        currentClassification: 'UNCLASSIFIED',
        captions: ['EXDIS'],
        tags: ['PFOR', 'NATO', 'GW', 'US'],
        executiveOrder: '11652 XGDS-1',
        subject: 'ALLIANCE CONSULTATIONS ON FORCE POSTURE',
        sentAt: '1976-03-05T17:00:00.000Z',
        from: 'SECSTATE WASHDC',
        to: ['USMISSION NATO'],
        dispositionAction: 'Released in Part',
        reviewHistory: [
          { action: 'RELEASED', date: '2008-06-16', by: 'oner', reason: null },
          { action: 'APPROVED', date: '2008-06-18', by: 'twot', reason: null },
        ],
        exemptions: ['1.4D', '25X1', '25X6'],
        hasText: true,
        warnings: [],
      });
      expect(
        (lines[0]!.portions as { classification: string }[]).map((p) => p.classification),
      ).toEqual(['SECRET', 'CONFIDENTIAL', 'SECRET', 'CONFIDENTIAL']);
      expect(lines[1]).toEqual({
        file: join(work, 'hostile', 'binary.txt'),
        error: 'not a text file (binary content)',
      });
      expect(process.exitCode).toBe(2);
    });
  });
});
