import type { AuditRecord } from '../../audit/domain/audit-hash';
import type { OutboxMessage } from '../../outbox/outbox.writer';
import type { Classification, PersistedReview, ReviewKind, ReviewState } from '../domain';
import type { DeadlinePlan } from './review-deadlines';

/** A review row as the transition service needs it, with the access facts of its document. */
export interface LockedReview {
  id: string;
  documentId: string;
  kind: ReviewKind;
  createdAt: Date;
  version: number;
  snapshot: PersistedReview;
  documentClassification: Classification;
  documentCaptions: string[];
}

export interface NewReview {
  id: string;
  documentId: string;
  kind: ReviewKind;
  snapshot: PersistedReview;
  machineVersion: number;
  dueAt: string | null;
  deadlines: DeadlinePlan;
  /** A review the worker opens because a deadline fell due claims that deadline, or fails. */
  firesDeadline?: FiredDeadline | null;
  /** Side effects committed with the review (the supervisors told of a re-review). */
  outbox?: OutboxMessage[];
}

/** The deadline a step acts on, and what acting on it did, as the row will record it. */
export interface FiredDeadline {
  id: string;
  outcome: string;
}

/** The writes of one accepted event, committed together or not at all. */
export interface ReviewStep {
  before: PersistedReview;
  after: PersistedReview;
  audit: AuditRecord;
  outbox: OutboxMessage[];
  /** The review's due time after the step (end of its due day), or null. */
  dueAt: string | null;
  deadlines: DeadlinePlan;
  /** A DEADLINE_ELAPSED step marks its deadline fired, or fails if it already was. */
  firesDeadline: FiredDeadline | null;
}

/** Work inside one database transaction. */
export interface ReviewTransaction {
  /** Locks the review row until commit; null when there is no such review. */
  lock(reviewId: string): Promise<LockedReview | null>;
  /** Returns the review's creation time. */
  insert(review: NewReview, audit: AuditRecord): Promise<{ createdAt: Date }>;
  /** Returns the review's new version and update time. */
  saveStep(reviewId: string, step: ReviewStep): Promise<{ version: number; updatedAt: Date }>;
}

export interface ReviewListFilter {
  state?: ReviewState;
  assigneeId?: string;
  kind?: ReviewKind;
  documentId?: string;
  limit: number;
  offset: number;
  /** Need-to-know of the reader: only reviews of documents they may see. */
  clearanceRank: number;
  caveats: string[];
}

export interface ReviewRow {
  id: string;
  documentId: string;
  kind: ReviewKind;
  state: ReviewState;
  version: number;
  snapshot: PersistedReview;
  dueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  documentClassification: Classification;
  documentCaptions: string[];
}

/** The review store: implemented over TypeORM in persistence/. */
export abstract class ReviewStore {
  abstract transaction<T>(work: (tx: ReviewTransaction) => Promise<T>): Promise<T>;
  abstract findById(reviewId: string): Promise<ReviewRow | null>;
  abstract list(filter: ReviewListFilter): Promise<{ items: ReviewRow[]; total: number }>;
  abstract portionTexts(documentId: string): Promise<Map<string, string>>;
}
