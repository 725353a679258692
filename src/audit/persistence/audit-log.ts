import type { EntityManager } from 'typeorm';
import { hashAuditRecord, type AuditRecord } from '../domain/audit-hash';

/**
 * Appends one event to its hash chain inside the caller's transaction. The advisory lock keeps
 * two writers of the same chain (two readers of one document, say) from forking it; writers of
 * different chains never wait for each other. A caller that already holds a lock serialising
 * every writer of the chain (a review's row lock) says so with `chainLocked` and saves a round
 * trip.
 */
export async function appendAuditEvent(
  manager: EntityManager,
  record: AuditRecord,
  options: { chainLocked?: boolean } = {},
): Promise<{ seq: string; hash: string }> {
  if (!options.chainLocked) {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [record.chainKey]);
  }
  const head = await manager.query<{ hash: string }[]>(
    'SELECT hash FROM audit_events WHERE chain_key = $1 ORDER BY seq DESC LIMIT 1',
    [record.chainKey],
  );
  const prevHash = head[0]?.hash ?? null;
  const hash = hashAuditRecord(record, prevHash);
  const rows = await manager.query<{ seq: string }[]>(
    `INSERT INTO audit_events (chain_key, occurred_at, actor_id, actor_username, actor_roles, action,
       review_id, document_id, from_state, to_state, payload, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING seq`,
    [
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
    ],
  );
  return { seq: rows[0]!.seq, hash };
}
