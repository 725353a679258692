import type { Job } from 'bullmq';
import { JOB_QUEUE, type JobName, type JobPayloads } from './queues';

/** Every job carries the outbox row it came from, so a handler can be idempotent per message. */
export type JobData<J extends JobName> = JobPayloads[J] & { outboxId: string };

export type JobHandlers = { [J in JobName]: (job: Job<JobData<J>>) => Promise<void> };

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
