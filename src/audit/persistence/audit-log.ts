import type { EntityManager } from 'typeorm';
import { SqlParams } from '../../database/sql-params';
import { hashAuditRecord, type AuditRecord } from '../domain/audit-hash';

/**
 * The INSERT of one audit event chained to `prevHash`, for a statement built from parts (a
 * transition writes its review, decisions, event and outbox rows in one statement). The caller
 * must hold what serialises the writers of the chain and know its head. Returns the event's hash.
 */
export function auditEventInsert(
  record: AuditRecord,
  prevHash: string | null,
  params: SqlParams,
): { sql: string; hash: string } {
  const hash = hashAuditRecord(record, prevHash);
  const values = [
    record.chainKey,
    record.occurredAt,
    record.actorId,
    record.actorUsername,
    record.actorRoles,
    record.action,
    record.reviewId,
    record.documentId,
    record.fromState,
    record.toState,
    JSON.stringify(record.payload),
    prevHash,
    hash,
  ].map((v) => params.add(v));
  return {
    sql: `INSERT INTO audit_events (chain_key, occurred_at, actor_id, actor_username, actor_roles, action,
       review_id, document_id, from_state, to_state, payload, prev_hash, hash) VALUES (${values.join(', ')})`,
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
