import type { EntityManager } from 'typeorm';
import { SqlParams } from '../database/sql-params';
import { JOB_QUEUE, type JobPayloads, type OutboxJobName } from '../jobs/queues';

/** A side effect to commit with the transaction that causes it. */
export interface OutboxMessage<J extends OutboxJobName = OutboxJobName> {
  job: J;
  payload: JobPayloads[J];
}

/** The INSERT of these outbox rows, for a statement built from parts; null when there are none. */
export function outboxInsert(messages: readonly OutboxMessage[], params: SqlParams): string | null {
  if (messages.length === 0) return null;
  const rows = messages.map(
    (m) =>
      `(${params.add(JOB_QUEUE[m.job])}, ${params.add(m.job)}, ${params.add(JSON.stringify(m.payload))})`,
  );
  return `INSERT INTO outbox (queue, job, payload) VALUES ${rows.join(', ')}`;
}

/** Writes outbox rows in the caller's transaction; the relay turns them into BullMQ jobs later. */
export async function writeOutbox(
  manager: EntityManager,
  messages: readonly OutboxMessage[],
): Promise<void> {
  const params = new SqlParams();
  const sql = outboxInsert(messages, params);
  if (sql) await manager.query(sql, params.values);
}
