import type { AuditRecord } from '../../audit/domain/audit-hash';
import type { NewDeadline } from '../../deadlines/domain/deadline';
import type { DocumentFacts } from '../../review/domain';
import type { AccessRequirement, Classification, Holder } from '../../kernel/classification';

export interface DocumentRecord {
  id: string;
  collection: string;
  documentNumber: string;
  title: string;
  originator: string | null;
  documentDate: string;
  format: string;
  tags: string[];
  captions: string[];
  originalClassification: Classification;
  currentClassification: Classification;
  classificationAuthority: string | null;
  declassifyOn: string | null;
  equities: string[];
  /** Restricted Data / Formerly Restricted Data: never declassified automatically. */
  restrictedData: boolean;
  /** 31 December of origin + 25, when E.O. 13526 §3.3 declassifies it; null if never. */
  autoDeclassifyOn: string | null;
  contentHash: string;
  createdAt: Date;
  updatedAt: Date;
  portions: { id: string; seq: number; classification: Classification }[];
}

export interface NewDocument extends Omit<DocumentRecord, 'createdAt' | 'updatedAt' | 'portions'> {
  classificationRank: number;
  sourceAttributes: Record<string, unknown> | null;
  portions: { id: string; seq: number; classification: Classification; text: string }[];
  /** Timers the record starts with (its automatic declassification), written with it. */
  deadlines: NewDeadline[];
}

export interface DocumentListFilter {
  collection?: string;
  classification?: Classification;
  caption?: string;
  tag?: string;
  q?: string;
  dateFrom?: string;
  dateTo?: string;
  limit: number;
  offset: number;
  clearanceRank: number;
  caveats: string[];
}

export interface PortionText {
  id: string;
  seq: number;
  classification: Classification;
  text: string;
  withheldUnder: string[];
}

/** The document store: implemented over TypeORM in persistence/. */
export abstract class DocumentStore {
  /** Inserts the document, its portions, its deadlines and the audit event in one transaction. */
  abstract register(doc: NewDocument, audit: AuditRecord): Promise<void>;
  /**
   * The document if it exists and `reader` may see it, null either way otherwise. Visibility is
   * decided in the query, before the portions are loaded, so a hidden record costs no more to
   * refuse than a missing one.
   */
  abstract findById(id: string, reader: Holder): Promise<DocumentRecord | null>;
  abstract list(filter: DocumentListFilter): Promise<{ items: DocumentRecord[]; total: number }>;
  /**
   * Returns the portions' text, each with the codes the latest approved determination withheld it
   * under (empty when released or never reviewed), and records the read in the same transaction.
   */
  abstract readText(id: string, audit: AuditRecord): Promise<PortionText[]>;
  /** What a review of the document needs to know, under the same visibility as `findById`. */
  abstract facts(id: string, reader: Holder): Promise<DocumentFacts | null>;
  /** The record holding a number in a collection, with what a reader must hold to see it. */
  abstract holderOf(
    collection: string,
    documentNumber: string,
  ): Promise<{ id: string; access: AccessRequirement } | null>;
  /** Records a refusal worth an auditor's attention (no document is written). */
  abstract recordRefusal(audit: AuditRecord): Promise<void>;
}
