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

/** sha256 of the payload alone, so an export can withhold a payload and still be verified. */
export function payloadDigest(payload: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

/**
 * The event's hash: sha256 over the previous hash of the same chain and the canonical JSON of
 * the event, in which the payload stands as its digest. Changing any field, the payload, or the
 * order of a chain changes every hash after it.
 */
export function hashAuditRecord(
  record: AuditRecord,
  prevHash: string | null,
  digest = payloadDigest(record.payload),
): string {
  const { payload: _payload, ...fields } = record;
  return createHash('sha256')
    .update(prevHash ?? '')
    .update('\n')
    .update(canonicalJson({ ...fields, payloadDigest: digest }))
    .digest('hex');
}

export const chainOf = {
  review: (id: string) => `review:${id}`,
  document: (id: string) => `document:${id}`,
  user: (id: string) => `user:${id}`,
  request: (id: string) => `request:${id}`,
  /** Logins by unknown names, which have no user to chain to. */
  auth: 'auth',
  /** Anchors: periodic hashes of every chain head. */
  anchor: 'anchor',
};
