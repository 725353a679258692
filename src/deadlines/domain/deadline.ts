/**
 * A deadline is a row in `deadlines` first: the law's date, what it is
 * about and the rule that set it. BullMQ only executes it when it falls due.
 */

/**
 * - REVIEW_DUE: a review's decision is due (the statutory clock); firing marks it overdue.
 * - REFERRAL_DUE: another agency's answer to an equity referral is due; firing lapses the equity.
 * - RE_REVIEW: an exemption of a withheld portion expires; firing opens a RE_REVIEW review.
 * - AUTO_DECLASSIFY: 31 December of the 25th year; firing declassifies the record unless a review
 *   is in progress or an exemption is in force.
 */
export const DEADLINE_KINDS = [
  'REVIEW_DUE',
  'REFERRAL_DUE',
  'RE_REVIEW',
  'AUTO_DECLASSIFY',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export type DeadlineSubject = 'REVIEW' | 'REFERRAL' | 'DOCUMENT';

/** PENDING until it falls due; FIRED once the worker acted on it (`outcome` says how); CANCELLED
 * when the step that made it moot (an answer, a new due date, the end of the review) withdrew it. */
export type DeadlineStatus = 'PENDING' | 'FIRED' | 'CANCELLED';

export interface DeadlineRef {
  kind: DeadlineKind;
  subjectType: DeadlineSubject;
  subjectId: string;
}

export interface NewDeadline extends DeadlineRef {
  /** ISO timestamp at which the deadline falls due. */
  dueAt: string;
  /** The rule that set the date, in words an auditor can check. */
  rule: string;
}
