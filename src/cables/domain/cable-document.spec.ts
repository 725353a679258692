import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  executiveOrderOf,
  planCableDocument,
  readExecutiveOrder,
  type CableDocumentPlan,
  type LegacyHistoryEntry,
} from './cable-document';
import { parseCable } from './cable.parser';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/cables');

function plan(text: string): CableDocumentPlan {
  const result = planCableDocument(parseCable(text, 'test.txt'));
  if (!result.ok) throw new Error(result.reason);
  return result.plan;
}

function fixturePlan(name: string): CableDocumentPlan {
  return plan(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
}

const entry = (fields: Partial<LegacyHistoryEntry>): LegacyHistoryEntry => ({
  kind: 'REVIEW',
  attribute: 'Review History',
  action: null,
  date: null,
  by: null,
  reason: null,
  comment: null,
  marking: null,
  approvedOn: null,
  authority: null,
  caseNumber: null,
  raw: '',
  ...fields,
});

/** A teletype cable of our own: header, marked paragraphs, an optional attribute block. */
function cable(opts: { banner?: string; paragraphs: string[]; block?: string[] }): string {
  return [
    'PAGE 01 STATE 123456 160106Z',
    'ORIGIN EUR-12',
    'R 160106Z JUN 77',
    'FM SECSTATE WASHDC',
    'TO AMEMBASSY MOSCOW',
    ...(opts.banner === undefined
      ? ['CONFIDENTIAL STATE 123456']
      : opts.banner
        ? [opts.banner]
        : []),
    'E.O. 11652: GDS',
    'TAGS: PFOR, UR',
    'SUBJECT: TEST CABLE',
    ...opts.paragraphs,
    'VANCE',
    'NNN',
    ...(opts.block ?? []),
  ].join('\n');
}

describe(planCableDocument.name, () => {
  it('turns the complete 1977 export into the document a reader would register', () => {
    const p = fixturePlan('1977STATE139375.txt');
    expect(p).toMatchObject({
      documentNumber: '1977STATE139375',
      title: 'HUMAN RIGHTS: COUNTRY ACTION PLAN FOR THE USSR',
      documentDate: '1977-06-16',
      originator: 'SECSTATE WASHDC',
      format: 'TEL',
      tags: ['SHUM', 'PINT', 'UR', 'US'],
      captions: [],
      originalCaptions: [],
      originalClassification: 'CONFIDENTIAL',
      currentClassification: 'UNCLASSIFIED',
      classificationAuthority: 'E.O. 11652: GDS',
      declassifyOn: 'GDS',
      restrictedData: false,
      exemptions: [],
    });
    expect(p.portions).toHaveLength(21);
    // Unmarked paragraphs of a CONFIDENTIAL cable are CONFIDENTIAL: the conservative reading.
    expect(new Set(p.portions.map((x) => x.classification))).toEqual(new Set(['CONFIDENTIAL']));
    expect(p.portions[0]?.text).toMatch(/^1\. COUNTRY ACTION PLANS ON HUMAN RIGHTS/);
    expect(p.history).toEqual([
      entry({
        attribute: 'Review Action',
        action: 'RELEASED, APPROVED',
        date: '2005-03-11',
        raw: 'Review Action: RELEASED, APPROVED Review Date: 11-Mar-2005 12:00:00 am',
      }),
      entry({
        kind: 'DISPOSITION',
        attribute: 'Disposition Action',
        action: 'RELEASED',
        date: '2009-05-22',
        comment: '25 YEAR REVIEW',
        marking:
          'Margaret P. Grafeld Declassified/Released US Department of State EO Systematic Review 22 May 2009',
        raw: 'Disposition Action: RELEASED Disposition Date: 22 May 2009 Disposition Comment: 25 YEAR REVIEW',
      }),
    ]);
  });

  it('keeps the released-in-part cable at its level (what was withheld is still classified), decaptioned, with its whole recorded history', () => {
    const p = fixturePlan('1976STATE900101.txt');
    expect(p).toMatchObject({
      documentNumber: '1976STATE900101',
      originalClassification: 'SECRET',
      currentClassification: 'SECRET',
      captions: [],
      originalCaptions: ['EXDIS'],
      classificationAuthority: 'E.O. 11652: XGDS-1',
      declassifyOn: 'XGDS-1',
      exemptions: ['1.4D', '25X1', '25X6'],
    });
    expect(p.portions.map((x) => x.classification)).toEqual([
      'SECRET',
      'CONFIDENTIAL',
      'SECRET',
      'CONFIDENTIAL',
    ]);
    expect(p.history.map((h) => [h.kind, h.attribute, h.action, h.date, h.by, h.reason])).toEqual([
      ['REVIEW', 'Review History', 'RELEASED', '2008-06-16', 'oner', null],
      ['REVIEW', 'Review History', 'APPROVED', '2008-06-18', 'twot', null],
      ['REVIEW', 'Review Action', 'RELEASED, APPROVED', '2008-06-16', null, null],
      [
        'DISPOSITION',
        'Disposition History',
        'Released in Part',
        '2008-06-17',
        'REVIEWER ONE',
        null,
      ],
      [
        'DISPOSITION',
        'Disposition Action',
        'Released in Part',
        '2009-05-22',
        null,
        '1.4D, 25X1, 25X6',
      ],
    ]);
    expect(p.history[4]).toMatchObject({
      comment: '25 YEAR REVIEW',
      approvedOn: '2008-06-18',
      caseNumber: '200800417',
      marking: 'Declassified/Released US Department of State EO Systematic Review 22 May 2009',
    });
    expect(p.history[0]?.raw).toBe(
      'RELEASED <16 Jun 2008 by oner>; APPROVED <18 Jun 2008 by twot>',
    );
  });

  it('reads the Department stamp of a cable without an attribute block as its disposition', () => {
    const p = fixturePlan('1978MOSCOW30030.txt');
    expect(p.currentClassification).toBe('UNCLASSIFIED');
    expect(p.portions.map((x) => x.classification)).toEqual([
      'CONFIDENTIAL',
      'CONFIDENTIAL',
      'CONFIDENTIAL',
      'CONFIDENTIAL',
    ]);
    expect(p.history).toEqual([
      entry({
        kind: 'DISPOSITION',
        attribute: 'Markings',
        action: 'Declassified/Released',
        date: '2014-03-20',
        by: 'Sheryl P. Walter',
        marking:
          'Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014',
        raw: 'Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014',
      }),
    ]);
  });

  it('gives a cable without a subject line a title that says so', () => {
    const p = fixturePlan('1974STATE149165.txt');
    expect(p.title).toBe('(no subject)');
    expect(p.originalClassification).toBe('LIMITED OFFICIAL USE');
    expect(p.warnings).toContain('no subject line');
  });

  it('takes unmarked paragraphs at the level of an ENTIRE TEXT marking, else the cable level', () => {
    const entire = plan(
      cable({ paragraphs: ['1. (C - ENTIRE TEXT) FIRST.', '2. SECOND.', '3. THIRD.'] }),
    );
    expect(entire.portions.map((x) => x.classification)).toEqual([
      'CONFIDENTIAL',
      'CONFIDENTIAL',
      'CONFIDENTIAL',
    ]);
    const mixed = plan(cable({ paragraphs: ['1. (U) FIRST.', '2. SECOND.'] }));
    expect(mixed.portions.map((x) => x.classification)).toEqual(['UNCLASSIFIED', 'CONFIDENTIAL']);
  });

  it('raises the document to its highest portion, with a warning', () => {
    const p = plan(cable({ paragraphs: ['1. (S) A SECRET PARAGRAPH.', '2. (C) ANOTHER.'] }));
    expect(p.originalClassification).toBe('SECRET');
    expect(p.currentClassification).toBe('SECRET');
    expect(p.warnings).toContain(
      "a portion is marked SECRET, above the cable's CONFIDENTIAL: the document is classified SECRET, the level of its highest portion",
    );
  });

  it('keeps a cable denied in full at its level whatever the block says', () => {
    const p = plan(
      cable({
        paragraphs: ['1. (C) WITHHELD.'],
        block: [
          'Message Attributes',
          'Current Classification: UNCLASSIFIED',
          'Disposition Action: Denied in Full',
          'Disposition Reason: 25X6',
        ],
      }),
    );
    expect(p.currentClassification).toBe('CONFIDENTIAL');
    expect(p.exemptions).toEqual(['25X6']);
    expect(p.warnings.some((w) => w.includes('a record denied in full stays CONFIDENTIAL'))).toBe(
      true,
    );
  });

  it('reads attribute keys in any case and order', () => {
    const p = plan(
      cable({
        paragraphs: ['1. TEXT.'],
        block: [
          'Message Attributes',
          'markings: Declassified/Released US Department of State EO Systematic Review 01 Feb 2010',
          'REVIEW HISTORY: RELEASED <01 Jan 2010 by aa>; APPROVED <02 Jan 2010 by bb>',
          'current classification: UNCLASSIFIED',
          'handling restrictions: n/a',
          'Disposition action: RELEASED',
        ],
      }),
    );
    expect(p.currentClassification).toBe('UNCLASSIFIED');
    expect(p.history.map((h) => [h.attribute, h.action, h.by])).toEqual([
      ['Review History', 'RELEASED', 'aa'],
      ['Review History', 'APPROVED', 'bb'],
      ['Disposition Action', 'RELEASED', null],
    ]);
    expect(p.history[2]?.marking).toBe(
      'Declassified/Released US Department of State EO Systematic Review 01 Feb 2010',
    );
  });

  it('marks Restricted Data cited in the disposition', () => {
    const p = plan(
      cable({
        paragraphs: ['1. (C) TEXT.'],
        block: ['Message Attributes', 'Disposition Reason: RD, 25X2'],
      }),
    );
    expect(p.restrictedData).toBe(true);
  });

  it('imports a block without text as metadata and history only', () => {
    const p = plan(
      [
        'Message Attributes',
        '',
        'Document Number: 1975STATE000001 Original Classification: SECRET',
        'Sent Date: 03-Jan-1975 12:00:00 am',
        'Subject: A WITHDRAWN CABLE',
        'Disposition Action: Denied in Full',
        'Disposition Reason: 25X1',
      ].join('\n'),
    );
    expect(p).toMatchObject({
      documentNumber: '1975STATE000001',
      title: 'A WITHDRAWN CABLE',
      documentDate: '1975-01-03',
      originalClassification: 'SECRET',
      currentClassification: 'SECRET',
      portions: [],
    });
    expect(p.warnings).toContain(
      'no text: the record is imported with its metadata and history only',
    );
  });

  it('refuses what has no number, no date or no classification, saying which', () => {
    const result = planCableDocument(parseCable('HELLO WORLD\nTHIS IS NOT A CABLE.\n', 'x.txt'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/^nothing usable could be read: no document number/);
    expect(result.reason).toContain('no date');
    expect(result.reason).toContain('no classification');
  });
});

describe(readExecutiveOrder.name, () => {
  it.each([
    ['11652 GDS', 'E.O. 11652: GDS', 'GDS'],
    ['11652 XGDS-1', 'E.O. 11652: XGDS-1', 'XGDS-1'],
    [
      '12065 GDS 9/14/85 (PRECHT, HENRY)',
      'E.O. 12065: GDS 9/14/85 (PRECHT, HENRY)',
      'GDS 9/14/85 (PRECHT, HENRY)',
    ],
    ['11652 N/A', 'E.O. 11652: N/A', null],
    ['GDS', 'GDS', 'GDS'],
    ['N/A', null, null],
  ])('reads %s as the authority %s', (value, authority, declassifyOn) => {
    expect(readExecutiveOrder(value)).toEqual({ authority, declassifyOn });
    expect(executiveOrderOf(authority)).toBe(authority === null ? null : value);
  });
});
