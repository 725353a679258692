import { referralDueDate } from '../../deadlines/domain/clocks';
import { fromDayNumber, toDayNumber } from '../../kernel/calendar-date';
import { EXEMPTION_EXPIRY_RULE } from '../../deadlines/domain/automatic-declassification';
import { dateIn, endOfDay, startOfDay } from '../../kernel/agency-day';
import type { DeadlineRef, NewDeadline } from '../../deadlines/domain/deadline';
import { FINAL_STATES, type PersistedReview } from '../domain';
import { rankOf } from '../../kernel/classification';

export type {
  DeadlineKind,
  DeadlineRef,
  DeadlineSubject,
  NewDeadline,
} from '../../deadlines/domain/deadline';
/** Deadline rows to cancel and to add so that they match the review after a step. */
export interface DeadlinePlan {
  cancel: DeadlineRef[];
  add: NewDeadline[];
}

/**
 * Compares a review before and after a step and says which deadline rows change: the review's
 * own due date, one per referral, and for what an approval left classified, the day its earliest
 * exemption ends (when that information is declassified) and a re-review `reReviewLeadDays`
 * before it, so that it can be exempted again in time. Each date is a day in the agency's
 * `timeZone`: a due date ends with it, a declassification begins with it. An approval replaces the document's
 * earlier re-review and declassification dates. Everything still pending is cancelled when the
 * review ends.
 */
export function deadlinePlan(
  before: PersistedReview | null,
  after: PersistedReview,
  { reReviewLeadDays, timeZone }: { reReviewLeadDays: number; timeZone: string },
): DeadlinePlan {
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
    const dueMoved = before === null || dueBefore !== dueAfter;
    if (dueMoved) {
      if (before !== null) plan.cancel.push(review);
      if (dueAfter)
        plan.add.push({
          ...review,
          dueAt: endOfDay(dueAfter, timeZone),
          rule: ctx.clock?.explanation.join(' ') ?? '',
        });
    }
    const insideRequest = underFoia(after);
    for (const r of ctx.referrals) {
      const old = oldReferrals.find((o) => o.id === r.id);
      const ref = {
        kind: 'REFERRAL_DUE' as const,
        subjectType: 'REFERRAL' as const,
        subjectId: r.id,
      };
      if (old && !old.response && r.response) {
        plan.cancel.push(ref);
      } else if (insideRequest && !r.response && (!old || dueMoved)) {
        // A FOIA consultation or referral has no clock of its own: it is answered within the
        // request's, and follows it when it is extended or tolled.
        if (old) plan.cancel.push(ref);
        if (dueAfter)
          plan.add.push({
            ...ref,
            dueAt: endOfDay(dueAfter, timeZone),
            rule: `FOIA referral to ${r.agency}: answered within the request's own time limit, due ${dueAfter}; a referral does not stop the FOIA clock, though the need to consult may justify its one extension (5 U.S.C. 552(a)(6)(B)(iii)(III))`,
          });
      } else if (!insideRequest && !old) {
        const due = referralDueDate(dateIn(r.sentAt, timeZone));
        plan.add.push({ ...ref, dueAt: endOfDay(due.dueDate, timeZone), rule: due.rule });
      }
    }
  }

  const outcome = ctx.outcome;
  if (outcome && !before?.context.outcome) {
    // The newest determination decides what stays classified: older dates are superseded.
    const document = { subjectType: 'DOCUMENT' as const, subjectId: ctx.documentId };
    plan.cancel.push({ kind: 'RE_REVIEW', ...document }, { kind: 'AUTO_DECLASSIFY', ...document });
    const expiry = outcome.reReviewOn;
    if (expiry && rankOf(outcome.currentClassification) > 0) {
      // A re-review whose day has already come falls due at once.
      const opensOn = fromDayNumber(toDayNumber(expiry) - reReviewLeadDays);
      plan.add.push(
        {
          kind: 'AUTO_DECLASSIFY',
          ...document,
          dueAt: startOfDay(expiry, timeZone),
          rule: `The earliest exemption withheld by review ${ctx.reviewId} ends on ${expiry} (${EXEMPTION_EXPIRY_RULE})`,
        },
        {
          kind: 'RE_REVIEW',
          ...document,
          dueAt: startOfDay(opensOn, timeZone),
          rule: `Re-review ${reReviewLeadDays} days before the earliest exemption withheld by review ${ctx.reviewId} ends (${expiry}), so that it is decided before the information is declassified (E.O. 13526 §3.1, §3.3)`,
        },
      );
    }
  }
  return plan;
}

/** A FOIA request or a FOIA appeal: its referrals run on its own clock. */
function underFoia(review: PersistedReview): boolean {
  const { kind, clock } = review.context;
  return kind === 'FOIA' || (kind === 'APPEAL' && clock?.basis.appealOf !== 'MDR');
}
