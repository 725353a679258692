import type { SqlParams } from '../database/sql-params';
import { JOB_QUEUE, type JobPayloads, type OutboxJobName } from '../jobs/queues';

/** A side effect to commit with the transaction that causes it. */
export interface OutboxMessage<J extends OutboxJobName = OutboxJobName> {
  job: J;
  payload: JobPayloads[J];
}

/**
 * The INSERT of these outbox rows, for a statement built from parts, written only if `when`
 * holds; null when there are none.
 */
export function outboxInsert(
  messages: readonly OutboxMessage[],
  params: SqlParams,
  when = 'true',
): string | null {
  if (messages.length === 0) return null;
  const column = (f: (m: OutboxMessage) => string) => `${params.add(messages.map(f))}::text[]`;
  return `INSERT INTO outbox (queue, job, payload)
     SELECT o.queue, o.job, o.payload::jsonb
       FROM unnest(${column((m) => JOB_QUEUE[m.job])}, ${column((m) => m.job)}, ${column((m) => JSON.stringify(m.payload))})
         WITH ORDINALITY AS o(queue, job, payload, n)
      WHERE ${when} ORDER BY o.n`;
}
