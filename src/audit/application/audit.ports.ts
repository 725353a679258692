import type { Classification } from '../../review/domain';

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

/** Reads the audit trail in `seq` order, a batch at a time. */
export abstract class AuditStore {
  abstract batch(filter: AuditFilter, afterSeq: string, size: number): Promise<StoredAuditEvent[]>;
}
