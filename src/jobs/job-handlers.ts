import type { Job } from 'bullmq';
import { JOB_QUEUE, type JobName, type JobPayloads, type OutboxJobName } from './queues';

/**
 * A relayed job carries the outbox row it came from, so a handler can be idempotent per message;
 * the others point at their row themselves (a deadline job at its deadline).
 */
export type JobData<J extends JobName> = J extends OutboxJobName
  ? JobPayloads[J] & { outboxId: string }
  : JobPayloads[J];

/** `token` is the worker's lock on the job, for handlers that move it (back to delayed). */
export type JobHandlers = {
  [J in JobName]: (job: Job<JobData<J>>, token?: string) => Promise<void>;
};

/** Refuses to start a worker that lacks a handler for a job, or has one for a job nobody sends. */
export function checkHandlers(handlers: Partial<Record<string, unknown>>): void {
  const expected = Object.keys(JOB_QUEUE).sort();
  const given = Object.keys(handlers).sort();
  const missing = expected.filter((j) => !given.includes(j));
  const unknown = given.filter((j) => !expected.includes(j));
  if (missing.length || unknown.length) {
    throw new Error(
      `Worker job handlers do not match the job list: ${missing.length ? `missing ${missing.join(', ')}` : ''}${unknown.length ? ` unknown ${unknown.join(', ')}` : ''}`,
    );
  }
}
