/**
 * The one list of queues and jobs, with a typed payload per job. Jobs point at rows; they never
 * carry the truth. A worker that lacks a handler for any job here refuses to start.
 */
export const QUEUES = {
  /** Messages to people about reviews (assigned, proposed, returned, approved). */
  notifications: '{notifications}',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  notify: {
    reviewId: string;
    documentId: string;
    recipient: 'assignee' | 'supervisors';
    reason: string;
    /** The user the message is for, when the recipient is one person. */
    userId: string | null;
  };
}

export type JobName = keyof JobPayloads;

/** Which queue each job goes to. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  notify: QUEUES.notifications,
};
