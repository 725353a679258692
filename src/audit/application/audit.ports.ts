import type { Classification } from '../../kernel/classification';
import type { AnchorHead, ReviewOutOfStep } from '../domain/audit-verifier';

export interface AuditFilter {
  documentId?: string;
  reviewId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

/** An audit event as exported, with the access facts of its document when it has one. */
export interface StoredAuditEvent {
  seq: string;
  chainKey: string;
  occurredAt: string;
  actorId: string | null;
  actorUsername: string | null;
  actorRoles: string[];
  action: string;
  reviewId: string | null;
  documentId: string | null;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
  documentClassification: Classification | null;
  documentCaptions: string[] | null;
}

export interface DocumentAccessGroup extends Pick<
  StoredAuditEvent,
  'documentClassification' | 'documentCaptions'
> {
  events: number;
}

/** Reads the audit trail in `seq` order, a batch at a time, and writes anchors. */
export abstract class AuditStore {
  abstract batch(filter: AuditFilter, afterSeq: string, size: number): Promise<StoredAuditEvent[]>;
  /** The events matching the filter that are of a document, counted by its access facts. */
  abstract documentAccessGroups(filter: AuditFilter): Promise<DocumentAccessGroup[]>;
  /**
   * The access facts of the record a chain belongs to (a document's chain, or a review's, which
   * is its document's); null for chains of no record (users, logins, anchors) or of none left.
   */
  abstract chainAccess(
    chainKey: string,
  ): Promise<{ classification: Classification; captions: string[] } | null>;
  /**
   * The first review (by id) whose stored state is not the state its last audit event left it
   * in; null when every review is where its events say.
   */
  abstract reviewOutOfStep(): Promise<ReviewOutOfStep | null>;
  /** Anchor events after `afterSeq`, oldest first, at most `limit`, with the heads they list. */
  abstract anchorsAfter(
    afterSeq: string,
    limit: number,
  ): Promise<{ seq: string; hash: string; occurredAt: string; heads: AnchorHead[] }[]>;
  /** The newest event, and the newest anchor with when it was written. */
  abstract trailPosition(): Promise<{
    lastSeq: string;
    lastAnchorSeq: string | null;
    lastAnchorAt: string | null;
  }>;
  /** The chain and hash of each of these events that still exists. */
  abstract bySeq(seqs: string[]): Promise<Map<string, { chainKey: string; hash: string }>>;
  /**
   * Appends an anchor over the head of every chain that moved since the previous anchor (with a
   * margin for transactions that committed late); null when nothing moved.
   */
  abstract appendAnchor(at: string): Promise<{ seq: string; hash: string; heads: number } | null>;
}
