import type { EntityManager } from 'typeorm';
import { SqlParams } from '../../database/sql-params';
import { hashAuditRecord, type AuditRecord } from '../domain/audit-hash';

/**
 * The INSERT of one audit event chained to `prevHash`, for a statement built from parts (a review
 * step writes its review, decisions, event and outbox rows in one statement), written only if
 * `when` holds. The caller must make sure nobody else appends to the chain meanwhile and know its
 * head. Returns the event's hash.
 */
export function auditEventInsert(
  record: AuditRecord,
  prevHash: string | null,
  params: SqlParams,
  when = 'true',
): { sql: string; hash: string } {
  const hash = hashAuditRecord(record, prevHash);
  const values = [
    [record.chainKey, 'text'],
    [record.occurredAt, 'timestamptz'],
    [record.actorId, 'uuid'],
    [record.actorUsername, 'text'],
    [record.actorRoles, 'text[]'],
    [record.action, 'text'],
    [record.reviewId, 'uuid'],
    [record.documentId, 'uuid'],
    [record.fromState, 'text'],
    [record.toState, 'text'],
    [JSON.stringify(record.payload), 'jsonb'],
    [prevHash, 'text'],
    [hash, 'text'],
  ].map(([value, type]) => `${params.add(value)}::${String(type)}`);
  return {
    sql: `INSERT INTO audit_events (chain_key, occurred_at, actor_id, actor_username, actor_roles, action,
       review_id, document_id, from_state, to_state, payload, prev_hash, hash) SELECT ${values.join(', ')} WHERE ${when}`,
    hash,
  };
}

/**
 * Appends one event to its hash chain inside the caller's transaction. The advisory lock keeps
 * two writers of the same chain (two readers of one document, say) from forking it; writers of
 * different chains never wait for each other.
 */
export async function appendAuditEvent(
  manager: EntityManager,
  record: AuditRecord,
): Promise<{ seq: string; hash: string }> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [record.chainKey]);
  const head = await manager.query<{ hash: string }[]>(
    'SELECT hash FROM audit_events WHERE chain_key = $1 ORDER BY seq DESC LIMIT 1',
    [record.chainKey],
  );
  const params = new SqlParams();
  const { sql, hash } = auditEventInsert(record, head[0]?.hash ?? null, params);
  const rows = await manager.query<{ seq: string }[]>(`${sql} RETURNING seq`, params.values);
  return { seq: rows[0]!.seq, hash };
}
