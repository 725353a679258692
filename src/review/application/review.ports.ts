import type { AuditRecord } from '../../audit/domain/audit-hash';
import type { OutboxMessage } from '../../outbox/outbox.writer';
import {
  type PersistedReview,
  type ReviewClock,
  type ReviewKind,
  type ReviewState,
} from '../domain';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { type Classification } from '../../kernel/classification';
import type { Transaction } from '../../kernel/unit-of-work';
import type { DeadlinePlan } from './review-deadlines';

/**
 * A review as a step starts from: its row, the head of its audit chain and the access facts of
 * its document. The step is written only if the review is still at this version.
 */
export interface CurrentReview {
  id: string;
  documentId: string;
  kind: ReviewKind;
  /** The request the review answers; its clock is the request's. */
  requestId: string | null;
  createdAt: Date;
  version: number;
  snapshot: PersistedReview;
  documentClassification: Classification;
  documentCaptions: string[];
  /** The hash of the last event of the review's audit chain. */
  auditHead: string | null;
}

export interface NewReview {
  id: string;
  documentId: string;
  kind: ReviewKind;
  requestId: string | null;
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

/** A deadline's step, or the review a deadline opens, came after the deadline had ended. */
export const deadlineGone = (deadlineId: string) =>
  new DomainError(
    ErrorCode.ALREADY_EXISTS,
    `Deadline ${deadlineId} has already fired or was cancelled`,
  );

/** How saving a step went: written, or not written because the review or its deadline moved on. */
export type StepSaved =
  | { saved: true; version: number; updatedAt: Date }
  /** Another event was accepted since the review was read: decide again on the new state. */
  | { saved: false; reason: 'REVIEW_CHANGED' }
  /** The deadline the step fires has already fired or was cancelled. */
  | { saved: false; reason: 'DEADLINE_GONE' };

/**
 * The orders a review list can be read in, each paged by its key and then the review id, each
 * with an index in that order. Kind and state are filters, not orders: sorting millions of
 * reviews on a handful of values would read them all.
 */
export const REVIEW_SORTS = ['due', 'updated', 'document'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

/** Where a page of a review list starts: just after the review with this sort key and id. */
export interface ReviewListPosition {
  key: string;
  id: string;
}

export interface ReviewListFilter {
  state?: ReviewState;
  assigneeId?: string;
  kind?: ReviewKind;
  documentId?: string;
  /** Only reviews not yet released, withheld or closed. */
  open?: boolean;
  /** Only open reviews whose due date has passed at this instant. */
  overdueAt?: Date;
  /** Only open reviews due at or after this instant. */
  dueFrom?: Date;
  /** Only open reviews due before this instant. */
  dueBefore?: Date;
  /** Part of the document number or title, in any case. */
  q?: string;
  sort: ReviewSort;
  descending: boolean;
  after?: ReviewListPosition;
  limit: number;
  /** Need-to-know of the reader: only reviews of documents they may see. */
  clearanceRank: number;
  caveats: string[];
}

/** A review as a list shows it: what its row prints, read without the rest of the snapshot. */
export interface ReviewListRow {
  id: string;
  documentId: string;
  documentNumber: string;
  documentTitle: string;
  kind: ReviewKind;
  state: ReviewState;
  version: number;
  assigneeId: string | null;
  assigneeName: string | null;
  dueAt: Date | null;
  /** The machine's own mark that a deadline elapsed. */
  markedOverdue: boolean;
  clock: ReviewClock | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A search counts its matches up to this many: enough to page through, cheap to count. */
export const SEARCH_COUNT_LIMIT = 1_000;

export interface ReviewListPage {
  items: ReviewListRow[];
  /** How many reviews match the filter, on every page; see totalExact. */
  total: number;
  /**
   * False when a search matched more than SEARCH_COUNT_LIMIT reviews: total is then that limit,
   * and the true number is larger. Every other list's total is exact.
   */
  totalExact: boolean;
  /** Where the next page starts; null on the last page. */
  next: ReviewListPosition | null;
}

export interface ReviewRow {
  id: string;
  documentId: string;
  kind: ReviewKind;
  requestId: string | null;
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
  /** The review as a step starts from; null when there is no such review. */
  abstract current(reviewId: string, tx?: Transaction): Promise<CurrentReview | null>;
  /**
   * Writes everything a step changes at once, or nothing, and only if the review is still at the
   * version `from` was read at (and the deadline it fires still pending): optimistic concurrency,
   * one transition in one database transaction, with the version checked.
   */
  abstract saveStep(from: CurrentReview, step: ReviewStep, tx?: Transaction): Promise<StepSaved>;
  /** Writes a new review, its first audit event, deadlines and outbox rows in one transaction. */
  abstract insert(
    review: NewReview,
    audit: AuditRecord,
    tx?: Transaction,
  ): Promise<{ createdAt: Date }>;
  abstract findById(reviewId: string): Promise<ReviewRow | null>;
  abstract list(filter: ReviewListFilter): Promise<ReviewListPage>;
  abstract portionTexts(documentId: string): Promise<Map<string, string>>;
}
