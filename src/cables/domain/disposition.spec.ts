import { parseAttributeBlock } from './attribute-block';
import {
  csvHeader,
  dispositionBlock,
  dispositionCsvRow,
  dispositionOf,
  reasonCodes,
  type CompletedReview,
  type DispositionDocument,
  type StoredHistoryEntry,
} from './disposition';

const doc: DispositionDocument = {
  id: '11111111-1111-4111-8111-111111111111',
  collection: 'cfpf',
  documentNumber: '1976STATE900101',
  title: 'ALLIANCE CONSULTATIONS ON FORCE POSTURE',
  tags: ['PFOR', 'NATO', 'GW', 'US'],
  captions: [],
  originalCaptions: ['EXDIS'],
  originalClassification: 'SECRET',
  currentClassification: 'UNCLASSIFIED',
  classificationAuthority: 'E.O. 11652: XGDS-1',
};

const stored = (ordinal: number, fields: Partial<StoredHistoryEntry>): StoredHistoryEntry => ({
  ordinal,
  source: 'IMPORTED',
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

/** The 1976STATE900101 fixture's history, as the importer stores it. */
const IMPORTED_900101: StoredHistoryEntry[] = [
  stored(1, { action: 'RELEASED', date: '2008-06-16', by: 'oner' }),
  stored(2, { action: 'APPROVED', date: '2008-06-18', by: 'twot' }),
  stored(3, { attribute: 'Review Action', action: 'RELEASED, APPROVED', date: '2008-06-16' }),
  stored(4, {
    kind: 'DISPOSITION',
    attribute: 'Disposition History',
    action: 'Released in Part',
    date: '2008-06-17',
    by: 'REVIEWER ONE',
  }),
  stored(5, {
    kind: 'DISPOSITION',
    attribute: 'Disposition Action',
    action: 'Released in Part',
    date: '2009-05-22',
    reason: '1.4D, 25X1, 25X6',
    comment: '25 YEAR REVIEW',
    marking: 'Declassified/Released US Department of State EO Systematic Review 22 May 2009',
    approvedOn: '2008-06-18',
    caseNumber: '200800417',
  }),
];

const review: CompletedReview = {
  id: '22222222-2222-4222-8222-222222222222',
  kind: 'SYSTEMATIC',
  determination: 'RELEASE_IN_PART',
  withheldCodes: ['25X6, 20291231', '25X1, 20291231', '25X6, 20291231'],
  marking:
    'Declassified/Released in Part E.O. 13526 §3.4 Systematic Review 3 Mar 2026 by sup2; formerly SECRET; withheld under 25X6, 20291231',
  decidedBy: ['rev1'],
  proposedBy: 'rev1',
  proposedAt: '2026-03-02T15:00:00.000Z',
  approvedBy: 'sup2',
  approvedAt: '2026-03-03T09:30:00.000Z',
};

describe(dispositionOf.name, () => {
  it('gives back the imported disposition in the Department vocabulary', () => {
    const { fields } = dispositionOf(doc, IMPORTED_900101, []);
    expect(fields).toEqual({
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
  });

  it('adds a declass review after the imported history: reviewer and approver, determination, codes, marking', () => {
    const record = dispositionOf(doc, IMPORTED_900101, [review]);
    const { fields } = record;
    expect(fields.reviewHistory).toEqual([
      { action: 'RELEASED', date: '2008-06-16', by: 'oner', reason: null },
      { action: 'APPROVED', date: '2008-06-18', by: 'twot', reason: null },
      { action: 'RELEASED', date: '2026-03-02', by: 'rev1', reason: '25X6, 25X1' },
      { action: 'APPROVED', date: '2026-03-03', by: 'sup2', reason: null },
    ]);
    expect(fields.dispositionHistory).toEqual([
      { action: 'Released in Part', date: '2008-06-17', by: 'REVIEWER ONE', reason: null },
      { action: 'Released in Part', date: '2026-03-02', by: 'rev1', reason: '25X6, 25X1' },
    ]);
    expect(fields).toMatchObject({
      reviewAction: 'RELEASED, APPROVED',
      reviewDate: '2026-03-02',
      dispositionAction: 'Released in Part',
      dispositionDate: '2026-03-03',
      dispositionApprovedOn: '2026-03-03',
      dispositionAuthority: 'E.O. 13526 §3.4 Systematic Review',
      dispositionCaseNumber: review.id,
      dispositionReason: '25X6, 25X1',
      dispositionComment: 'SYSTEMATIC REVIEW',
      markings: review.marking,
    });
    expect(record.history.filter((h) => h.source === 'DECLASS').map((h) => h.reviewId)).toEqual(
      Array(5).fill(review.id),
    );
  });

  it('writes a denial as a withdrawal by the reviewer, approved by another', () => {
    const { fields } = dispositionOf(
      doc,
      [],
      [{ ...review, determination: 'DENY_IN_FULL', withheldCodes: ['b(6)'] }],
    );
    expect(fields.reviewAction).toBe('WITHDRAWN, APPROVED');
    expect(fields.reviewHistory).toEqual([
      { action: 'WITHDRAWN', date: '2026-03-02', by: 'rev1', reason: 'b(6)' },
      { action: 'APPROVED', date: '2026-03-03', by: 'sup2', reason: null },
    ]);
    expect(fields.dispositionAction).toBe('Denied in Full');
  });

  it('orders several declass reviews by approval and reports the latest', () => {
    const later = {
      ...review,
      id: '33333333-3333-4333-8333-333333333333',
      determination: 'RELEASE_IN_FULL' as const,
      withheldCodes: [],
      proposedAt: '2030-01-02T10:00:00.000Z',
      approvedAt: '2030-01-03T10:00:00.000Z',
    };
    const { fields } = dispositionOf(doc, [], [later, review]);
    expect(fields.dispositionHistory.map((h) => [h.action, h.date])).toEqual([
      ['Released in Part', '2026-03-02'],
      ['Released in Full', '2030-01-02'],
    ]);
    expect(fields.dispositionAction).toBe('Released in Full');
    expect(fields.dispositionReason).toBeNull();
  });

  it('reads back from its attribute block exactly: the round trip', () => {
    for (const record of [
      dispositionOf(doc, IMPORTED_900101, []),
      dispositionOf(doc, IMPORTED_900101, [review]),
      dispositionOf(
        { ...doc, tags: ['OVIP (HARRIS, PATRICIA R)', 'PFOR'], captions: ['NODIS', 'CHEROKEE'] },
        [stored(1, { action: 'WITHDRAWN', by: 'smith, j', reason: 'PRIVACY; <see file>' })],
        [{ ...review, proposedBy: 'x;y', marking: 'A  marking\nover two lines' }],
      ),
    ]) {
      const read = parseAttributeBlock(dispositionBlock(record));
      expect(read.warnings).toEqual([]);
      expect(read.fields).toEqual(record.fields);
    }
  });
});

describe('disposition CSV', () => {
  it('has one column per attribute and the values the block writes', () => {
    const header = csvHeader().split(',');
    expect(header.slice(0, 4)).toEqual([
      'Document ID',
      'Collection',
      'Current Classification',
      'Disposition Action',
    ]);
    expect(header).toContain('Review History');
    const row = dispositionCsvRow(dispositionOf(doc, IMPORTED_900101, []));
    expect(row).toContain(',Released in Part,');
    expect(row).toContain(',"1.4D, 25X1, 25X6",');
    expect(row.startsWith(`${doc.id},cfpf,UNCLASSIFIED,`)).toBe(true);
  });
});

describe(reasonCodes.name, () => {
  it('lists each code once, without the dates the marking carries', () => {
    expect(
      reasonCodes(['25X6, 20271231', '1.4(d)', '25X6, 20291231', 'b(3) 50 U.S.C. 3024(i)']),
    ).toBe('25X6, 1.4(d), b(3) 50 U.S.C. 3024(i)');
    expect(reasonCodes([])).toBeNull();
  });
});
