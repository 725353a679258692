import { referralDueDate } from '../../deadlines/domain/clocks';
import { FINAL_STATES, type PersistedReview } from '../domain';

export type DeadlineKind = 'REVIEW_DUE' | 'REFERRAL_DUE' | 'RE_REVIEW' | 'AUTO_DECLASSIFY';
export type DeadlineSubject = 'REVIEW' | 'REFERRAL' | 'DOCUMENT';

export interface DeadlineRef {
  kind: DeadlineKind;
  subjectType: DeadlineSubject;
  subjectId: string;
}

export interface NewDeadline extends DeadlineRef {
  /** ISO timestamp: the end (UTC) of the day the act is due. */
  dueAt: string;
  rule: string;
}

/** Deadline rows to cancel and to add so that they match the review after a step. */
export interface DeadlinePlan {
  cancel: DeadlineRef[];
  add: NewDeadline[];
}

/** A due date is met by acting on that day; the deadline falls due when the day ends. */
export const endOfDay = (isoDate: string) => `${isoDate}T23:59:59.999Z`;

/**
 * Compares a review before and after a step and says which deadline rows change: the review's
 * own due date, one per referral, and a re-review of what an approval left withheld. Everything
 * still pending is cancelled when the review ends.
 */
export function deadlinePlan(before: PersistedReview | null, after: PersistedReview): DeadlinePlan {
  const plan: DeadlinePlan = { cancel: [], add: [] };
  const ctx = after.context;
  const review = {
    kind: 'REVIEW_DUE' as const,
    subjectType: 'REVIEW' as const,
    subjectId: ctx.reviewId,
  };
  const ended = FINAL_STATES.includes(after.value);
  const oldReferrals = before?.context.referrals ?? [];

  if (ended) {
    plan.cancel.push(review);
    for (const r of ctx.referrals)
      plan.cancel.push({ kind: 'REFERRAL_DUE', subjectType: 'REFERRAL', subjectId: r.id });
  } else {
    const dueBefore = before?.context.clock?.dueOn ?? null;
    const dueAfter = ctx.clock?.dueOn ?? null;
    if (before === null || dueBefore !== dueAfter) {
      if (before !== null) plan.cancel.push(review);
      if (dueAfter)
        plan.add.push({
          ...review,
          dueAt: endOfDay(dueAfter),
          rule: ctx.clock?.explanation.join(' ') ?? '',
        });
    }
    for (const r of ctx.referrals) {
      const old = oldReferrals.find((o) => o.id === r.id);
      const ref = {
        kind: 'REFERRAL_DUE' as const,
        subjectType: 'REFERRAL' as const,
        subjectId: r.id,
      };
      if (!old) {
        const due = referralDueDate(r.sentAt.slice(0, 10));
        plan.add.push({ ...ref, dueAt: endOfDay(due.dueDate), rule: due.rule });
      } else if (!old.response && r.response) {
        plan.cancel.push(ref);
      }
    }
  }

  const outcome = ctx.outcome;
  if (outcome?.reReviewOn && !before?.context.outcome) {
    plan.add.push({
      kind: 'RE_REVIEW',
      subjectType: 'DOCUMENT',
      subjectId: ctx.documentId,
      dueAt: endOfDay(outcome.reReviewOn),
      rule: `Re-review when the earliest exemption withheld by review ${ctx.reviewId} expires (${outcome.reReviewOn}; E.O. 13526 §3.1)`,
    });
  }
  return plan;
}
