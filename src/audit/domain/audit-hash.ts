import { createHash } from 'node:crypto';

/** One audit event as it is hashed, stored and exported. */
export interface AuditRecord {
  chainKey: string;
  /** ISO timestamp with milliseconds. */
  occurredAt: string;
  actorId: string | null;
  actorUsername: string | null;
  actorRoles: string[];
  /** The event type for transitions (`APPROVE`), a named act otherwise (`DOCUMENT_READ`). */
  action: string;
  reviewId: string | null;
  documentId: string | null;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
}

/** JSON with object keys sorted at every depth, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256 over the previous hash of the same chain and the event's canonical JSON. */
export function hashAuditRecord(record: AuditRecord, prevHash: string | null): string {
  return createHash('sha256')
    .update(prevHash ?? '')
    .update('\n')
    .update(canonicalJson(record))
    .digest('hex');
}

export const chainOf = {
  review: (id: string) => `review:${id}`,
  document: (id: string) => `document:${id}`,
  user: (id: string) => `user:${id}`,
  /** Logins by unknown names, which have no user to chain to. */
  auth: 'auth',
};
