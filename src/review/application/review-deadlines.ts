import { referralDueDate } from '../../deadlines/domain/clocks';
import { endOfDay, type DeadlineRef, type NewDeadline } from '../../deadlines/domain/deadline';
import { FINAL_STATES, type PersistedReview } from '../domain';

export type {
  DeadlineKind,
  DeadlineRef,
  DeadlineSubject,
  NewDeadline,
} from '../../deadlines/domain/deadline';
export { endOfDay };

/** Deadline rows to cancel and to add so that they match the review after a step. */
export interface DeadlinePlan {
  cancel: DeadlineRef[];
  add: NewDeadline[];
}

/**
 * Compares a review before and after a step and says which deadline rows change: the review's
 * own due date, one per referral, and a re-review of what an approval left withheld (replacing any
 * earlier re-review of the document). Everything still pending is cancelled when the review ends.
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
  if (outcome && !before?.context.outcome) {
    // The newest determination decides what stays withheld: an older re-review is superseded.
    plan.cancel.push({ kind: 'RE_REVIEW', subjectType: 'DOCUMENT', subjectId: ctx.documentId });
  }
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
