import type { AuditRecord } from '../../audit/domain/audit-hash';
import type { NewDeadline } from '../../deadlines/domain/deadline';
import type { CableDocumentPlan } from '../domain/cable-document';
import type {
  CompletedReview,
  DispositionDocument,
  StoredHistoryEntry,
} from '../domain/disposition';

/** One cable ready to be written: the plan plus what the importer decided around it. */
export interface CableWrite {
  id: string;
  collection: string;
  /** sha256 of the source text: the same file imported twice is recognised by it. */
  sourceHash: string;
  /** sha256 of the portions, as registration computes it. */
  contentHash: string;
  plan: CableDocumentPlan;
  /** The jsonb kept with the record: the raw attributes, the warnings, the file and its hash. */
  sourceAttributes: Record<string, unknown>;
  autoDeclassifyOn: string | null;
  deadlines: NewDeadline[];
  /** DOCUMENT_IMPORTED, first event of the document's brand-new chain. */
  audit: AuditRecord;
}

export type CableWriteResult =
  | { status: 'imported'; id: string }
  | { status: 'unchanged'; id: string }
  /** Another record holds the number in the collection; nothing was written. */
  | { status: 'conflict'; id: string; reason: string };

/** Writes imported cables; implemented over TypeORM in persistence/. */
export abstract class CableImportStore {
  /**
   * In one transaction: inserts every document whose number is new in its collection, with its
   * portions, history, deadlines and audit event, and reports for each the others as unchanged
   * (same source hash) or in conflict. Throws when the transaction fails as a whole — a
   * DomainError UNAVAILABLE when the database cannot be reached.
   */
  abstract writeBatch(items: readonly CableWrite[]): Promise<CableWriteResult[]>;
}

/** Which documents an export covers. */
export type DispositionSelector =
  { documentId: string } | { documentNumber: string; collection?: string } | { collection: string };

/** Everything the disposition of one document is made of. */
export interface DispositionSource {
  document: DispositionDocument;
  imported: StoredHistoryEntry[];
  reviews: CompletedReview[];
}

/** Reads dispositions; implemented over TypeORM in persistence/. */
export abstract class DispositionStore {
  /**
   * Pages through the selected documents in (collection, document number) order, `pageSize` at
   * a time, so an export of any size holds one page in memory.
   */
  abstract pages(
    selector: DispositionSelector,
    pageSize: number,
  ): AsyncIterable<DispositionSource[]>;
}
