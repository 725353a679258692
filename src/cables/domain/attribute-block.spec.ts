import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  formatAttributeBlock,
  parseAttributeBlock,
  type DispositionFields,
} from './attribute-block';
import { readClassification, readDate, readExemptionCodes, readTags } from './attribute-values';
import { parseCable } from './cable.parser';
import type { Classification, HistoryEntry } from './cable.types';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/cables');

const RELEASED_IN_FULL: DispositionFields = {
  documentNumber: '1977STATE139375',
  subject: 'HUMAN RIGHTS: COUNTRY ACTION PLAN FOR THE USSR',
  tags: ['SHUM', 'PINT', 'UR', 'US'],
  originalClassification: 'CONFIDENTIAL',
  currentClassification: 'UNCLASSIFIED',
  executiveOrder: '11652 GDS',
  originalHandlingRestrictions: [],
  handlingRestrictions: [],
  reviewAction: 'RELEASED, APPROVED',
  reviewDate: '2005-03-11',
  reviewHistory: [
    { action: 'RELEASED', date: '2005-03-11', by: 'smithj', reason: null },
    { action: 'APPROVED', date: '2005-03-14', by: 'jonesk', reason: null },
  ],
  dispositionAction: 'RELEASED',
  dispositionDate: '2009-05-22',
  dispositionApprovedOn: null,
  dispositionAuthority: null,
  dispositionCaseNumber: null,
  dispositionReason: null,
  dispositionComment: '25 YEAR REVIEW',
  dispositionHistory: [],
  markings:
    'Margaret P. Grafeld Declassified/Released US Department of State EO Systematic Review 22 May 2009',
};

const RELEASED_IN_PART: DispositionFields = {
  documentNumber: '1976STATE900101',
  subject: 'ALLIANCE CONSULTATIONS ON FORCE POSTURE',
  tags: ['PFOR', 'NATO', 'GW', 'US'],
  originalClassification: 'SECRET',
  currentClassification: 'UNCLASSIFIED',
  executiveOrder: '11652 XGDS-1',
  originalHandlingRestrictions: ['EXDIS'],
  handlingRestrictions: [],
  reviewAction: 'RELEASED, APPROVED',
  reviewDate: '2008-06-16',
  reviewHistory: [
    { action: 'RELEASED', date: '2008-06-16', by: 'oner', reason: '1.4D, 25X1' },
    { action: 'APPROVED', date: '2008-06-18', by: 'twot', reason: null },
  ],
  dispositionAction: 'Released in Part',
  dispositionDate: '2009-05-22',
  dispositionApprovedOn: '2008-06-18',
  dispositionAuthority: 'EO 13526 SECTION 3.3',
  dispositionCaseNumber: '200800417',
  dispositionReason: '1.4D, 25X1, 25X6',
  dispositionComment: '25 YEAR REVIEW',
  dispositionHistory: [
    { action: 'Released in Part', date: '2008-06-17', by: 'REVIEWER ONE', reason: null },
  ],
  markings: 'Declassified/Released US Department of State EO Systematic Review 22 May 2009',
};

const DENIED: DispositionFields = {
  documentNumber: '1975MOSCOW01234',
  subject: 'OVIP (HARRIS, PATRICIA R) VISIT',
  tags: ['OVIP (HARRIS, PATRICIA R)', 'UR'],
  originalClassification: 'TOP SECRET',
  currentClassification: 'TOP SECRET',
  executiveOrder: '12065 GDS 9/14/85 (PRECHT, HENRY)',
  originalHandlingRestrictions: ['NODIS', 'CHEROKEE'],
  handlingRestrictions: ['NODIS'],
  reviewAction: 'WITHDRAWN, APPROVED',
  reviewDate: '2004-03-12',
  reviewHistory: [
    { action: 'WITHDRAWN', date: '2004-03-12', by: 'smithj', reason: 'PRIVACY' },
    { action: 'APPROVED', date: null, by: 'jonesk', reason: null },
    { action: 'NOTED', date: '2004-03-20', by: null, reason: null },
  ],
  dispositionAction: 'Denied in Full',
  dispositionDate: '2014-03-20',
  dispositionApprovedOn: '2014-03-19',
  dispositionAuthority: null,
  dispositionCaseNumber: 'M-2013-00042',
  dispositionReason: '25X1, 25X6, B6',
  dispositionComment: 'MDR',
  dispositionHistory: [
    { action: 'Denied in Full', date: '2014-03-18', by: 'REVIEWER TWO', reason: '25X1' },
    { action: 'Referred', date: null, by: 'DOE', reason: null },
    { action: 'Withdrawn', date: '1999-12-31', by: null, reason: null },
  ],
  markings: null,
};

const EMPTY: DispositionFields = {
  documentNumber: null,
  subject: null,
  tags: [],
  originalClassification: null,
  currentClassification: null,
  executiveOrder: null,
  originalHandlingRestrictions: [],
  handlingRestrictions: [],
  reviewAction: null,
  reviewDate: null,
  reviewHistory: [],
  dispositionAction: null,
  dispositionDate: null,
  dispositionApprovedOn: null,
  dispositionAuthority: null,
  dispositionCaseNumber: null,
  dispositionReason: null,
  dispositionComment: null,
  dispositionHistory: [],
  markings: null,
};

/** Deterministic variety for the round trip: seeds replay. */
function generatedFields(seed: number): DispositionFields {
  let x = seed * 2654435761;
  const next = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
  const pick = <T>(items: readonly T[]): T => items[next(items.length)] as T;
  const maybe = <T>(value: T): T | null => (next(4) === 0 ? null : value);
  const day = (): string =>
    `${1990 + next(40)}-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}`;
  const word = (): string =>
    pick(['ALLIANCE', 'TALKS', 'VISIT', 'TRADE', 'HUMAN', 'RIGHTS', 'AID', 'SALT']);
  const entry = (actions: readonly string[]): HistoryEntry => ({
    action: pick(actions),
    date: maybe(day()),
    by: maybe(pick(['smithj', 'jonesk', 'REVIEWER ONE', 'garcia.m'])),
    reason: next(3) === 0 ? pick(['PRIVACY', '1.4D', '25X6, 20271231', 'B6']) : null,
  });
  const levels: Classification[] = [
    'UNCLASSIFIED',
    'LIMITED OFFICIAL USE',
    'CONFIDENTIAL',
    'SECRET',
    'TOP SECRET',
  ];
  return {
    documentNumber: maybe(
      `${1973 + next(7)}${pick(['STATE', 'MOSCOW', 'QUITO'])}${String(next(999999)).padStart(6, '0')}`,
    ),
    subject: maybe(Array.from({ length: 1 + next(6) }, word).join(' ')),
    tags: Array.from({ length: next(5) }, () => pick(['PFOR', 'PINT', 'SHUM', 'UR', 'US', 'EGEN'])),
    originalClassification: maybe(pick(levels)),
    currentClassification: maybe(pick(levels)),
    executiveOrder: maybe(pick(['11652 GDS', 'GDS', 'X1', '11652 XGDS-1', '12065 RDS-1 6/1/98'])),
    originalHandlingRestrictions: Array.from({ length: next(3) }, () =>
      pick(['EXDIS', 'NODIS', 'LIMDIS']),
    ),
    handlingRestrictions: Array.from({ length: next(2) }, () => pick(['EXDIS', 'NOFORN'])),
    reviewAction: maybe(pick(['RELEASED, APPROVED', 'WITHDRAWN, APPROVED', 'DENIED'])),
    reviewDate: maybe(day()),
    reviewHistory: Array.from({ length: next(4) }, () =>
      entry(['RELEASED', 'APPROVED', 'WITHDRAWN']),
    ),
    dispositionAction: maybe(
      pick(['RELEASED', 'Released in Full', 'Released in Part', 'Denied in Full']),
    ),
    dispositionDate: maybe(day()),
    dispositionApprovedOn: maybe(day()),
    dispositionAuthority: maybe(pick(['EO 13526', 'SYSTEMATIC REVIEW'])),
    dispositionCaseNumber: maybe(String(200000000 + next(1000000))),
    dispositionReason: maybe(pick(['1.4D', '1.4D, 25X6', '25X1, 25X6', 'B1, B6'])),
    dispositionComment: maybe(pick(['25 YEAR REVIEW', 'MDR', 'FOIA APPEAL'])),
    dispositionHistory: Array.from({ length: next(3) }, () =>
      entry(['Released in Part', 'Released in Full', 'Denied in Full']),
    ),
    markings: maybe(
      `Declassified/Released US Department of State EO Systematic Review ${String(1 + next(28)).padStart(2, '0')} May 2009`,
    ),
  };
}

describe(formatAttributeBlock.name, () => {
  it('writes the Department key spellings and date formats', () => {
    const block = formatAttributeBlock(RELEASED_IN_PART);
    const lines = block.split('\n');
    expect(lines[0]).toBe('Message Attributes');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Current Classification: UNCLASSIFIED',
        'Disposition Action: Released in Part',
        'Disposition Approved on Date: 18 Jun 2008',
        'Disposition Authority: EO 13526 SECTION 3.3',
        'Disposition Date: 22 May 2009',
        'Disposition History: Released in Part by REVIEWER ONE on 17-JUN-08 ;',
        'Disposition Reason: 1.4D, 25X1, 25X6',
        'Document Number: 1976STATE900101',
        'Executive Order: 11652 XGDS-1',
        'Handling Restrictions: n/a',
        'Original Handling Restrictions: EXDIS',
        'Review Date: 16-Jun-2008 12:00:00 am',
        'Review History: RELEASED <16 Jun 2008 by oner, 1.4D, 25X1>; APPROVED <18 Jun 2008 by twot>',
        'TAGS: PFOR, NATO, GW, US',
        'Markings: Declassified/Released US Department of State EO Systematic Review 22 May 2009',
      ]),
    );
  });

  it.each([
    ['released in full', RELEASED_IN_FULL],
    ['released in part', RELEASED_IN_PART],
    ['denied in full, partial history entries', DENIED],
    ['nothing known', EMPTY],
  ])('reads back what it wrote: %s', (_name, fields) => {
    const read = parseAttributeBlock(formatAttributeBlock(fields));
    expect(read.fields).toEqual(fields);
    expect(read.warnings).toEqual([]);
  });

  it('reads back 200 generated dispositions unchanged', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const fields = generatedFields(seed);
      const read = parseAttributeBlock(formatAttributeBlock(fields));
      expect({ seed, fields: read.fields }).toEqual({ seed, fields });
      expect({ seed, warnings: read.warnings }).toEqual({ seed, warnings: [] });
    }
  });

  it('gives parseCable the same fields, since it reads blocks the same way', () => {
    const cable = parseCable(formatAttributeBlock(RELEASED_IN_PART));
    const { documentNumber, dispositionAction, reviewHistory, dispositionHistory, markings } =
      cable;
    expect({
      documentNumber,
      dispositionAction,
      reviewHistory,
      dispositionHistory,
      markings,
    }).toEqual({
      documentNumber: RELEASED_IN_PART.documentNumber,
      dispositionAction: RELEASED_IN_PART.dispositionAction,
      reviewHistory: RELEASED_IN_PART.reviewHistory,
      dispositionHistory: RELEASED_IN_PART.dispositionHistory,
      markings: RELEASED_IN_PART.markings,
    });
    expect(cable.exemptions).toEqual(['1.4D', '25X1', '25X6']);
  });

  it('keeps free text on one line and history delimiters out of history text', () => {
    const fields: DispositionFields = {
      ...EMPTY,
      dispositionComment: 'FIRST LINE\nSECOND LINE',
      reviewHistory: [
        { action: 'RELEASED; APPROVED', date: '2008-06-16', by: 'a<b>', reason: null },
      ],
    };
    const block = formatAttributeBlock(fields);
    expect(block).toContain('Disposition Comment: FIRST LINE SECOND LINE\n');
    const read = parseAttributeBlock(block).fields;
    expect(read.dispositionComment).toBe('FIRST LINE SECOND LINE');
    expect(read.reviewHistory).toEqual([
      { action: 'RELEASED APPROVED', date: '2008-06-16', by: 'a b', reason: null },
    ]);
  });
});

describe(parseAttributeBlock.name, () => {
  it('reads pairs that share a line, values that continue on the next line, and empty values', () => {
    const { attributes, fields, warnings } = parseAttributeBlock(
      [
        'Copy: SINGLE Sent Date: 16-Jun-1977 12:00:00 am Decaption Note:',
        'Subject: HUMAN RIGHTS: COUNTRY',
        'ACTION PLAN FOR THE USSR',
        'Review History: RELEASED <16 Sep 2003 by smithj>;',
        'APPROVED <17 Sep 2003 by jonesk>',
        'Errors: n/a **Expiration:**',
        'Drafter: EUR;SOV;MLEVITSKY:REH Disposition Reason:',
      ].join('\n'),
    );
    expect(attributes).toEqual({
      Copy: 'SINGLE',
      'Sent Date': '16-Jun-1977 12:00:00 am',
      'Decaption Note': null,
      Subject: 'HUMAN RIGHTS: COUNTRY ACTION PLAN FOR THE USSR',
      'Review History': 'RELEASED <16 Sep 2003 by smithj>; APPROVED <17 Sep 2003 by jonesk>',
      Errors: null,
      Expiration: null,
      Drafter: 'EUR;SOV;MLEVITSKY:REH',
      'Disposition Reason': null,
    });
    expect(fields.subject).toBe('HUMAN RIGHTS: COUNTRY ACTION PLAN FOR THE USSR');
    expect(fields.reviewHistory).toEqual([
      { action: 'RELEASED', date: '2003-09-16', by: 'smithj', reason: null },
      { action: 'APPROVED', date: '2003-09-17', by: 'jonesk', reason: null },
    ]);
    expect(warnings).toEqual([]);
  });

  it('reads the 1977STATE139375 block without a warning', () => {
    const text = fs.readFileSync(path.join(FIXTURES, '1977STATE139375.txt'), 'utf8');
    const { attributes, fields, warnings } = parseAttributeBlock(
      text.slice(text.indexOf('<< END OF DOCUMENT >>')),
    );
    expect(warnings).toEqual([]);
    expect(fields.documentNumber).toBe('1977STATE139375');
    expect(fields.originalClassification).toBe('CONFIDENTIAL');
    expect(fields.currentClassification).toBe('UNCLASSIFIED');
    expect(attributes['Capture Date']).toBe('22-Sep-1999 12:00:00 am');
    expect(attributes['Concepts']).toBe('INSTRUCTIONS, HUMAN RIGHTS');
    expect(attributes['Review Content Flags']).toBeNull();
    expect(attributes['Review Date']).toBe('11-Mar-2005 12:00:00 am');
  });

  it('reports what it cannot read, and keeps it', () => {
    const { attributes, fields, warnings } = parseAttributeBlock(
      [
        'stray words before any key',
        'Review Date: sometime in spring',
        'Original Classification: SORT OF SECRET',
        'Disposition Reason: 1.4D, BECAUSE',
        'Review History: RELEASED <yesterday by smithj>',
        'Document Number: 1977STATE000001',
        'Document Number: 1977STATE000002',
      ].join('\n'),
    );
    expect(fields.reviewDate).toBeNull();
    expect(fields.originalClassification).toBeNull();
    expect(fields.documentNumber).toBe('1977STATE000001');
    expect(fields.reviewHistory).toEqual([
      { action: 'RELEASED', date: null, by: 'smithj', reason: null },
    ]);
    expect(attributes['Original Classification']).toBe('SORT OF SECRET');
    expect(attributes['Document Number #2']).toBe('1977STATE000002');
    expect(warnings).toEqual([
      'attribute block line not understood: "stray words before any key"',
      'attribute "Document Number" appears more than once; the later value is kept as "Document Number #2"',
      'Disposition Reason: "BECAUSE" is not an exemption code',
      'Original Classification: "SORT OF SECRET" is not a classification',
      'Review Date: "sometime in spring" is not a date we can read',
      'unreadable date "yesterday" in history entry "RELEASED <yesterday by smithj>"',
    ]);
  });

  it('does not split upper-case cable text that looks like a key', () => {
    const { attributes } = parseAttributeBlock('Subject: TALKS STATUS: REPORT ON TO: DATE');
    expect(attributes).toEqual({ Subject: 'TALKS STATUS: REPORT ON TO: DATE' });
  });
});

describe('record vocabulary', () => {
  it.each([
    ['16-Jun-1977 12:00:00 am', '1977-06-16'],
    ['22 May 2009', '2009-05-22'],
    ['16 JUN 2008', '2008-06-16'],
    ['17-JUN-08', '2008-06-17'],
    ['05-Mar-1976', '1976-03-05'],
    ['2009-05-22', '2009-05-22'],
    ['20271231', '2027-12-31'],
    ['6/21/73', '1973-06-21'],
    ['June 16, 1977', '1977-06-16'],
    ['01-Jan-1960', null],
    ['01-Jan-1960 12:00:00 am', null],
    ['n/a', null],
    ['N/A', null],
    ['', null],
  ])('reads the date %j as %j', (raw, iso) => {
    expect(readDate(raw)).toEqual({ value: iso, understood: true });
  });

  it.each(['31 Feb 2009', '32-Jan-1977', 'sometime', '16-Jun-1977 at noon'])(
    'does not pretend to read %j',
    (raw) => {
      expect(readDate(raw)).toEqual({ value: null, understood: false });
    },
  );

  it.each([
    ['S E C R E T', 'SECRET'],
    ['C O N F I D E N T I A L', 'CONFIDENTIAL'],
    ['UNCLAS', 'UNCLASSIFIED'],
    ['Unclassified', 'UNCLASSIFIED'],
    ['LIMITED OFFICIAL USE', 'LIMITED OFFICIAL USE'],
    ['(LOU)', 'LIMITED OFFICIAL USE'],
    ['(C)', 'CONFIDENTIAL'],
    ['TS', 'TOP SECRET'],
    ['SECRETARY', null],
  ])('reads the classification %j as %j', (raw, level) => {
    expect(readClassification(raw)).toBe(level);
  });

  it('reads exemption codes as found, upper case without spaces', () => {
    expect(readExemptionCodes('1.4D, 25X6')).toEqual({ codes: ['1.4D', '25X6'], other: [] });
    expect(readExemptionCodes('1.4 (d); b(6); 50x1-hum')).toEqual({
      codes: ['1.4(D)', 'B(6)', '50X1-HUM'],
      other: [],
    });
    expect(readExemptionCodes('25X6, 20271231')).toEqual({ codes: ['25X6'], other: [] });
    expect(readExemptionCodes('PRIVACY')).toEqual({ codes: [], other: ['PRIVACY'] });
  });

  it('keeps person tags whole', () => {
    expect(readTags('OVIP (HARRIS, PATRICIA R), UR')).toEqual(['OVIP (HARRIS, PATRICIA R)', 'UR']);
    expect(readTags('PFOR PINT')).toEqual(['PFOR', 'PINT']);
  });
});
