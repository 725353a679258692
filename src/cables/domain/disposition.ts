/**
 * A record's disposition history in the State Department's vocabulary (the fields of its
 * released cables' "Message Attributes" block): the entries imported with it, then every review completed in
 * declass, as the `DispositionFields` that `formatAttributeBlock` writes.
 *
 * A declass review maps onto the Department's fields as its released cables do: the reviewer's
 * act (`RELEASED`, or `WITHDRAWN` for a denial) and the approver's (`APPROVED`) in Review History
 * — two different people, since declass refuses an approval by the proposer —, the determination
 * as Disposition Action (`Released in Full`, `Released in Part`, `Denied in Full`), the codes
 * behind withheld portions as Disposition Reason, and the release marking as Markings. The latest
 * disposition gives the single-valued fields; the histories keep every one, oldest first.
 */
import { AUTHORITY } from '../../review/domain/markings';
import type { Determination, ReviewKind } from '../../review/domain/review.types';
import { emptyDispositionFields, formatAttributeBlock } from './attribute-block';
import { readCaptionList, readTags } from './attribute-values';
import { csvCell } from '../../common/csv';
import type { Classification, DispositionFields, HistoryEntry } from './cable.types';
import { executiveOrderOf, type HistoryKind, type LegacyHistoryEntry } from './cable-document';

/** The document as the export needs it. */
export interface DispositionDocument {
  id: string;
  collection: string;
  documentNumber: string;
  title: string;
  tags: string[];
  captions: string[];
  /** Captions the record was imported with; null for a record registered in declass. */
  originalCaptions: string[] | null;
  originalClassification: Classification;
  currentClassification: Classification;
  classificationAuthority: string | null;
}

export interface StoredHistoryEntry extends LegacyHistoryEntry {
  ordinal: number;
  source: string;
}

/** A review completed (approved) in declass, with the people and dates from its audit trail. */
export interface CompletedReview {
  id: string;
  kind: ReviewKind;
  determination: Determination;
  /** Codes behind the withheld portions as the outcome lists them: `25X6, 20271231`, `b(6)`. */
  withheldCodes: string[];
  marking: string | null;
  /** Everyone who decided a portion, in the order they first did. */
  decidedBy: string[];
  proposedBy: string | null;
  proposedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
}

/** One entry of the combined history, as the JSON export lists it. */
export interface DispositionHistoryEntry {
  source: 'IMPORTED' | 'DECLASS';
  kind: HistoryKind;
  /** The attribute it was read from (imported entries) or `Review History` / `Disposition Action`. */
  attribute: string;
  action: string | null;
  date: string | null;
  by: string | null;
  reason: string | null;
  comment: string | null;
  marking: string | null;
  approvedOn: string | null;
  authority: string | null;
  caseNumber: string | null;
  /** The declass review it belongs to. */
  reviewId: string | null;
}

export interface DispositionRecord {
  documentId: string;
  collection: string;
  documentNumber: string;
  fields: DispositionFields;
  history: DispositionHistoryEntry[];
  reviews: CompletedReview[];
}

export const DISPOSITION_ACTION: Record<Determination, string> = {
  RELEASE_IN_FULL: 'Released in Full',
  RELEASE_IN_PART: 'Released in Part',
  DENY_IN_FULL: 'Denied in Full',
};

/** The reviewer's act in Review History; a denial is a withdrawal from the public file. */
export const REVIEWER_ACTION: Record<Determination, string> = {
  RELEASE_IN_FULL: 'RELEASED',
  RELEASE_IN_PART: 'RELEASED',
  DENY_IN_FULL: 'WITHDRAWN',
};

/** Disposition Comment: the review programme, as the Department writes `25 YEAR REVIEW`. */
export const DISPOSITION_COMMENT: Record<ReviewKind, string> = {
  AUTOMATIC_25: '25 YEAR REVIEW',
  SYSTEMATIC: 'SYSTEMATIC REVIEW',
  MDR: 'MANDATORY DECLASSIFICATION REVIEW',
  FOIA: 'FOIA REVIEW',
  APPEAL: 'FOIA APPEAL',
  RE_REVIEW: 'RE-REVIEW ON EXEMPTION EXPIRY',
};

export function dispositionOf(
  doc: DispositionDocument,
  imported: readonly StoredHistoryEntry[],
  reviews: readonly CompletedReview[],
): DispositionRecord {
  const history: DispositionHistoryEntry[] = imported.map((e) => ({
    source: 'IMPORTED',
    kind: e.kind,
    attribute: e.attribute,
    action: e.action,
    date: e.date,
    by: e.by,
    reason: e.reason,
    comment: e.comment,
    marking: e.marking,
    approvedOn: e.approvedOn,
    authority: e.authority,
    caseNumber: e.caseNumber,
    reviewId: null,
  }));
  const completed = [...reviews].sort((a, b) =>
    (a.approvedAt ?? '').localeCompare(b.approvedAt ?? ''),
  );
  for (const r of completed) history.push(...reviewEntries(r));

  const fields: DispositionFields = {
    ...emptyDispositionFields(),
    documentNumber: line(doc.documentNumber),
    subject: line(doc.title),
    // Read back as the block reads them, so the JSON and the block say the same.
    tags: readTags(doc.tags.join(', ')),
    originalClassification: doc.originalClassification,
    currentClassification: doc.currentClassification,
    executiveOrder: line(executiveOrderOf(doc.classificationAuthority)),
    originalHandlingRestrictions: readCaptionList(
      (doc.originalCaptions ?? doc.captions).join(', '),
    ),
    handlingRestrictions: readCaptionList(doc.captions.join(', ')),
  };

  for (const e of history) {
    switch (e.attribute) {
      case 'Review History':
        fields.reviewHistory.push(historyEntry(e));
        break;
      case 'Disposition History':
        fields.dispositionHistory.push(historyEntry(e));
        break;
      case 'Review Action':
        fields.reviewAction = line(e.action);
        fields.reviewDate = e.date;
        break;
      case 'Disposition Action':
        fields.dispositionAction = line(e.action);
        fields.dispositionDate = e.date;
        fields.dispositionApprovedOn = e.approvedOn;
        fields.dispositionAuthority = line(e.authority);
        fields.dispositionCaseNumber = line(e.caseNumber);
        fields.dispositionReason = line(e.reason);
        fields.dispositionComment = line(e.comment);
        fields.markings = line(e.marking);
        break;
      case 'Markings':
        fields.markings = line(e.marking);
        break;
      default:
        break;
    }
  }
  return {
    documentId: doc.id,
    collection: doc.collection,
    documentNumber: doc.documentNumber,
    fields,
    history,
    reviews: completed,
  };
}

/** A completed review as the Department would have recorded it. */
function reviewEntries(r: CompletedReview): DispositionHistoryEntry[] {
  const codes = reasonCodes(r.withheldCodes);
  const proposed = day(r.proposedAt);
  const approved = day(r.approvedAt);
  const base = {
    source: 'DECLASS' as const,
    comment: null,
    marking: null,
    approvedOn: null,
    authority: null,
    caseNumber: null,
    reviewId: r.id,
  };
  return [
    {
      ...base,
      kind: 'REVIEW',
      attribute: 'Review History',
      action: REVIEWER_ACTION[r.determination],
      date: proposed,
      by: r.proposedBy,
      reason: codes,
    },
    {
      ...base,
      kind: 'REVIEW',
      attribute: 'Review History',
      action: 'APPROVED',
      date: approved,
      by: r.approvedBy,
      reason: null,
    },
    {
      ...base,
      kind: 'REVIEW',
      attribute: 'Review Action',
      action: `${REVIEWER_ACTION[r.determination]}, APPROVED`,
      date: proposed,
      by: null,
      reason: null,
    },
    {
      ...base,
      kind: 'DISPOSITION',
      attribute: 'Disposition History',
      action: DISPOSITION_ACTION[r.determination],
      date: proposed,
      by: r.proposedBy,
      reason: codes,
    },
    {
      ...base,
      kind: 'DISPOSITION',
      attribute: 'Disposition Action',
      action: DISPOSITION_ACTION[r.determination],
      date: approved,
      by: r.approvedBy,
      reason: codes,
      comment: DISPOSITION_COMMENT[r.kind],
      marking: r.marking,
      approvedOn: approved,
      authority: AUTHORITY[r.kind],
      caseNumber: r.id,
    },
  ];
}

/** `25X6, 20271231` → `25X6`: Disposition Reason lists codes; their dates are in the marking. */
export function reasonCodes(withheld: readonly string[]): string | null {
  const codes = [...new Set(withheld.map((c) => c.replace(/\s*,\s*\d{8}$/, '').trim()))];
  const text = codes.filter((c) => c !== '').join(', ');
  return text === '' ? null : text;
}

function historyEntry(e: DispositionHistoryEntry): HistoryEntry {
  return {
    action: historyText(e.action) ?? '',
    date: e.date,
    // A comma ends the name in both history formats.
    by: historyText(e.by === null ? null : e.by.replace(/,/g, ' ')),
    reason: historyText(e.reason),
  };
}

/**
 * Free text in one line with single spaces, as the block writes it, so that what the JSON export
 * says and what the block reads back are the same.
 */
function line(value: string | null): string | null {
  if (value === null) return null;
  const text = value.replace(/\s+/g, ' ').trim();
  return text === '' || /^n\/a$/i.test(text) ? null : text;
}

/** History parts also lose the characters that delimit the formats (`;`, `<`, `>`). */
function historyText(value: string | null): string | null {
  return line(value === null ? null : value.replace(/[;<>]/g, ' '));
}

function day(iso: string | null): string | null {
  return iso === null ? null : iso.slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Formats

/** The record as a "Message Attributes" block. */
export function dispositionBlock(record: DispositionRecord): string {
  return formatAttributeBlock(record.fields);
}

/** The JSON export: the fields, the combined history, the reviews, and the block itself. */
export function dispositionJson(record: DispositionRecord): Record<string, unknown> {
  return { ...record, attributes: dispositionBlock(record) };
}

/** `Key: value` pairs of a block in its order (every value is one line). */
function blockPairs(block: string): Array<[string, string]> {
  return block
    .split('\n')
    .slice(2)
    .filter((l) => l !== '')
    .map((l) => {
      const colon = l.indexOf(': ');
      return [l.slice(0, colon), l.slice(colon + 2)];
    });
}

/** CSV columns: the document's id and collection, then the block's attributes in its order. */
export const DISPOSITION_CSV_COLUMNS: readonly string[] = [
  'Document ID',
  'Collection',
  ...blockPairs(formatAttributeBlock(emptyDispositionFields())).map(([key]) => key),
];

/** One CSV line (RFC 4180, no line break) for the record, values as the block writes them. */
export function dispositionCsvRow(record: DispositionRecord): string {
  const values = [
    record.documentId,
    record.collection,
    ...blockPairs(dispositionBlock(record)).map(([, value]) => value),
  ];
  return values.map(csvCell).join(',');
}

export function csvHeader(): string {
  return DISPOSITION_CSV_COLUMNS.map(csvCell).join(',');
}
