import type { EntityManager } from 'typeorm';
import { JOB_QUEUE, type JobPayloads, type OutboxJobName } from '../jobs/queues';

/** A side effect to commit with the transaction that causes it. */
export interface OutboxMessage<J extends OutboxJobName = OutboxJobName> {
  job: J;
  payload: JobPayloads[J];
}

/** Writes outbox rows in the caller's transaction; the relay turns them into BullMQ jobs later. */
export async function writeOutbox(
  manager: EntityManager,
  messages: readonly OutboxMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  const values: unknown[] = [];
  const rows = messages.map((m, i) => {
    values.push(JOB_QUEUE[m.job], m.job, JSON.stringify(m.payload));
    return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`;
  });
  await manager.query(`INSERT INTO outbox (queue, job, payload) VALUES ${rows.join(', ')}`, values);
}
