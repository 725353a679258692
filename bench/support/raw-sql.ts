import { Pool, type PoolClient } from 'pg';
import { chainOf, type AuditRecord } from '../../src/audit/domain/audit-hash';
import { auditEventInsert } from '../../src/audit/persistence/audit-log';
import { SqlParams } from '../../src/database/sql-params';
import { JOB_QUEUE } from '../../src/jobs/queues';
import { elapsedMs } from './stats';

/**
 * The floor the HTTP path is compared with: one lifecycle transition as bare SQL over a pg.Pool,
 * with the transaction shape of a transition (one transition is one database transaction) and
 * nothing else — no HTTP, no auth, no validation, no state machine, no ORM, no read-back:
 *
 *   BEGIN
 *   SELECT …, audit_head FROM reviews WHERE id = $1 FOR UPDATE   (the audit chain's head with it)
 *   UPDATE reviews SET snapshot, state, version = version + 1, audit_head …
 *   INSERT INTO audit_events (…, prev_hash, hash)   sha256 chained to the head
 *   INSERT INTO outbox (…)
 *   COMMIT
 *
 * one statement per step; the API sends its writes (review, decisions,
 * audit event, outbox rows) as one statement.
 *
 * It runs on fresh copies of reviews the HTTP phase created (same snapshot sizes, same tables and
 * indexes, same database), one copy per lifecycle, each taken through the same seven steps.
 */

/** The seven transitions of one lifecycle, as the HTTP phase drives them. */
export const LIFECYCLE: readonly { action: string; from: string; to: string }[] = [
  { action: 'ASSIGN', from: 'queued', to: 'inReview' },
  { action: 'DECIDE_PORTION', from: 'inReview', to: 'inReview' },
  { action: 'DECIDE_PORTION', from: 'inReview', to: 'inReview' },
  { action: 'DECIDE_PORTION', from: 'inReview', to: 'inReview' },
  { action: 'DECIDE_PORTION', from: 'inReview', to: 'inReview' },
  { action: 'PROPOSE', from: 'inReview', to: 'pendingApproval' },
  { action: 'APPROVE', from: 'pendingApproval', to: 'released' },
];

export interface RawActor {
  id: string;
  username: string;
  roles: string[];
}

export interface RawPhaseResult {
  transitions: number;
  wallMs: number;
  latenciesMs: number[];
}

interface LockedRow {
  id: string;
  document_id: string;
  version: number;
  snapshot: { value: string; context: Record<string, unknown> };
  audit_head: string | null;
}

/** Inserts one fresh `queued` copy of each review (untimed); returns the copies' ids in order. */
export async function copyReviews(pool: Pool, sourceIds: readonly string[]): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO reviews (id, document_id, kind, state, snapshot, machine_version, version)
     SELECT gen_random_uuid(), r.document_id, r.kind, 'queued', jsonb_set(r.snapshot, '{value}', '"queued"'),
            r.machine_version, 1
       FROM unnest($1::uuid[]) WITH ORDINALITY AS s(id, n) JOIN reviews r ON r.id = s.id
      ORDER BY s.n
     RETURNING id`,
    [sourceIds],
  );
  if (rows.length !== sourceIds.length) {
    throw new Error(
      `copied ${rows.length} reviews for the raw phase, expected ${sourceIds.length}`,
    );
  }
  return rows.map((r) => r.id);
}

/** One transition in one transaction; returns its latency in ms (pool wait included). */
export async function rawTransition(
  pool: Pool,
  reviewId: string,
  step: { action: string; from: string; to: string },
  actor: RawActor,
): Promise<number> {
  const start = process.hrtime.bigint();
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN');
    const locked = await client.query<LockedRow>(
      'SELECT id, document_id, version, snapshot, audit_head FROM reviews WHERE id = $1 FOR UPDATE',
      [reviewId],
    );
    const row = locked.rows[0];
    if (!row) throw new Error(`raw phase: review ${reviewId} vanished`);
    if (row.snapshot.value !== step.from) {
      throw new Error(
        `raw phase: review ${reviewId} is ${row.snapshot.value}, expected ${step.from} before ${step.action}`,
      );
    }
    // The host's share of a step: restore, change, serialise (the machine itself is not run).
    const next = {
      ...row.snapshot,
      value: step.to,
      context: { ...row.snapshot.context, benchVersion: row.version + 1 },
    };
    const chainKey = chainOf.review(reviewId);
    const prevHash = row.audit_head;
    const record: AuditRecord = {
      chainKey,
      occurredAt: new Date().toISOString(),
      actorId: actor.id,
      actorUsername: actor.username,
      actorRoles: actor.roles,
      action: step.action,
      reviewId,
      documentId: row.document_id,
      fromState: step.from,
      toState: step.to,
      payload: { type: step.action, bench: 'raw-sql' },
    };
    const params = new SqlParams();
    const event = auditEventInsert(record, prevHash, params);
    await client.query(
      `UPDATE reviews SET snapshot = $2, state = $3, version = version + 1, audit_head = $4, updated_at = now()
        WHERE id = $1 RETURNING version`,
      [reviewId, JSON.stringify(next), step.to, event.hash],
    );
    await client.query(event.sql, params.values);
    await client.query('INSERT INTO outbox (queue, job, payload) VALUES ($1, $2, $3)', [
      JOB_QUEUE.notify,
      'notify',
      JSON.stringify({
        reviewId,
        documentId: row.document_id,
        recipient: 'assignee',
        reason: step.action,
        userId: actor.id,
      }),
    ]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  return elapsedMs(start);
}

/** Drives every copy through the seven steps with `loops` concurrent loops; times each transaction. */
export async function runRawLifecycles(
  pool: Pool,
  reviewIds: readonly string[],
  loops: number,
  actor: RawActor,
): Promise<RawPhaseResult> {
  const latenciesMs: number[] = [];
  let next = 0;
  const start = process.hrtime.bigint();
  const loop = async (): Promise<void> => {
    for (let i = next++; i < reviewIds.length; i = next++) {
      for (const step of LIFECYCLE) {
        latenciesMs.push(await rawTransition(pool, reviewIds[i]!, step, actor));
      }
    }
  };
  await Promise.all(Array.from({ length: loops }, loop));
  return { transitions: latenciesMs.length, wallMs: elapsedMs(start), latenciesMs };
}
