/**
 * The one list of queues and jobs, with a typed payload per job. Jobs point at rows; they never
 * carry the truth. A worker that lacks a handler for any job here refuses to start.
 */
export const QUEUES = {
  /** Messages to people about reviews (assigned, proposed, returned, approved). */
  notifications: '{notifications}',
  /** Deadline rows falling due, and the sweep that turns the next day's rows into delayed jobs. */
  deadlines: '{deadlines}',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Jobs a worker process runs at once, per queue. A deadline job mostly waits on Postgres (its
 * commit's fsync above all), so more of them in flight share each fsync (group commit).
 */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = {
  [QUEUES.notifications]: 8,
  [QUEUES.deadlines]: 16,
};

export interface JobPayloads {
  notify: {
    reviewId: string;
    documentId: string;
    recipient: 'assignee' | 'supervisors';
    reason: string;
    /** The user the message is for, when the recipient is one person. */
    userId: string | null;
  };
  /** One deadline row fell due; the job id is `deadline-<id>`, so a double sweep is one job. */
  'fire-deadline': { deadlineId: string };
  /** Added by the job scheduler every DEADLINE_SWEEP_INTERVAL_MS. */
  'sweep-deadlines': Record<string, never>;
}

export type JobName = keyof JobPayloads;

/** Jobs relayed from outbox rows: their data also carries the outbox id. */
export type OutboxJobName = 'notify';

/** Which queue each job goes to. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  notify: QUEUES.notifications,
  'fire-deadline': QUEUES.deadlines,
  'sweep-deadlines': QUEUES.deadlines,
};
