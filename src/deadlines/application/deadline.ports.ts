import type { AuditRecord } from '../../audit/domain/audit-hash';
import type { Classification } from '../../kernel/classification';
import type { WithheldPortion } from '../domain/automatic-declassification';
import type { DeadlineStatus, NewDeadline } from '../domain/deadline';

/** A deadline row as the worker reads it. */
export interface DeadlineRow {
  id: string;
  /** One of DEADLINE_KINDS, or a kind this version does not know (written by a newer one). */
  kind: string;
  subjectType: string;
  subjectId: string;
  dueAt: Date;
  status: DeadlineStatus;
  firedAt: Date | null;
  outcome: string | null;
  rule: string | null;
  createdAt: Date;
}

/** What automatic declassification depends on, read with the document row locked. */
export interface DocumentUnderDeadline {
  id: string;
  documentNumber: string;
  currentClassification: Classification;
  restrictedData: boolean;
  autoDeclassifyOn: string | null;
  openReview: { id: string; kind: string; dueAt: string | null } | null;
  /** The portions the latest approved determination withheld, with the codes it cited. */
  withheld: WithheldPortion[];
}

/** Work on one deadline inside one database transaction. */
export interface DeadlineTransaction {
  /** Locks the deadline row until commit if it is still pending; null when it is not. */
  lockPending(deadlineId: string): Promise<DeadlineRow | null>;
  /** Locks the document row until commit and reads what its automatic declassification needs. */
  lockDocument(documentId: string): Promise<DocumentUnderDeadline | null>;
  /** Lowers the document's current classification: to UNCLASSIFIED, or to what stays exempted. */
  declassify(documentId: string, to: Classification): Promise<void>;
  /**
   * Makes `next` the document's only pending automatic-declassification check besides the locked
   * deadline `firing`: an approval may already have set one for the same date.
   */
  scheduleNextCheck(firing: string, next: NewDeadline): Promise<void>;
  audit(record: AuditRecord): Promise<void>;
  /** Marks the locked deadline FIRED with what firing did. */
  finish(deadlineId: string, outcome: string): Promise<void>;
}

export interface DeadlineCounts {
  kind: string;
  pending: number;
  /** Pending and due within the sweeper's horizon (these are the ones with jobs in Redis). */
  dueWithinHorizon: number;
  /** Pending although their time has passed: a worker is behind, or down. */
  overdue: number;
  fired: number;
  firedInWindow: number;
}

export interface DeadlineMetricsSnapshot {
  counts: DeadlineCounts[];
  /** Lag from due time (or creation, for a deadline created already due) to firing, in the window. */
  lagSeconds: {
    count: number;
    sum: number;
    p50: number | null;
    p99: number | null;
    max: number | null;
  };
  oldestOverdueSeconds: number | null;
}

/** The deadline store: implemented over TypeORM in persistence/. */
export abstract class DeadlineStore {
  abstract transaction<T>(work: (tx: DeadlineTransaction) => Promise<T>): Promise<T>;
  abstract find(deadlineId: string): Promise<DeadlineRow | null>;
  /** The review a referral belongs to, or null. */
  abstract reviewOfReferral(referralId: string): Promise<string | null>;
  /** Pending deadlines due before `before`, earliest first: what the sweeper queues. */
  abstract pendingDueBefore(before: Date, limit: number): Promise<{ id: string; dueAt: Date }[]>;
  abstract metrics(windowMs: number, horizonMs: number): Promise<DeadlineMetricsSnapshot>;
}
