import type { OutboxMessage } from '../../outbox/outbox.writer';
import { dateOf } from '../../kernel/agency-day';
import {
  type ClockAdjustmentRecord,
  type ClockEvent,
  type NotifyEffect,
  type PersistedReview,
  type ReviewEvent,
} from '../domain';
import { DomainError, ErrorCode } from '../../kernel/errors';
import { adjustedClock } from './review-clock';

/**
 * What one review step writes besides the new snapshot, computed from the event and the step's
 * result: the clock a clock event leaves, the audit payload, the notifications, and what a fired
 * deadline did.
 */

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type PendingClockEvent = DistributiveOmit<ClockEvent, 'clock'> & { pendingClock: true };

/**
 * Computes the clock a TOLL, RESUME, EXTEND or SET_DUE_DATE leaves behind, by replaying the
 * review's recorded adjustments plus this one; a refusal names the rule (422).
 */
export function withClock(
  event: ReviewEvent | PendingClockEvent,
  current: PersistedReview,
  timeZone: string,
): ReviewEvent {
  if (!('pendingClock' in event)) return event;
  const { pendingClock: _pending, ...rest } = event;
  const { on } = event;
  const adjustment: ClockAdjustmentRecord =
    rest.type === 'TOLL'
      ? { type: 'TOLL', on, reason: rest.reason, basis: rest.basis }
      : rest.type === 'RESUME'
        ? { type: 'RESUME', on }
        : rest.type === 'EXTEND'
          ? { type: 'EXTEND', on, reason: rest.reason }
          : {
              type: 'SET_DUE_DATE',
              on,
              dueDate: dateOf(rest.dueAt, timeZone),
              reason: rest.reason,
            };
  const adjusted = adjustedClock(current.context, adjustment);
  // A review without a clock is refused here with the rule's own words.
  if (!adjusted.ok) throw new DomainError(ErrorCode.RULE_VIOLATED, adjusted.message);
  return { ...rest, clock: adjusted.clock };
}

/** What a DEADLINE_ELAPSED did to the review, as its deadline row records it. */
export function elapsedOutcome(
  event: Extract<ReviewEvent, { type: 'DEADLINE_ELAPSED' }>,
  effects: NotifyEffect[],
  next: PersistedReview,
): string {
  const review = next.context.reviewId;
  if (effects.some((e) => e.reason === 'OVERDUE')) {
    return `REVIEW_OVERDUE: review ${review} is overdue; its supervisors are notified`;
  }
  if (effects.some((e) => e.reason === 'REFERRAL_LAPSED')) {
    return `REFERRAL_LAPSED: referral ${event.referralId ?? ''} of review ${review} lapsed unanswered; the equity is no longer protected`;
  }
  return `NO_CHANGE: review ${review} (${next.value}) took no action on ${event.kind}`;
}

export function notificationsFor(
  effects: NotifyEffect[],
  next: PersistedReview,
  review: { id: string; documentId: string },
): OutboxMessage[] {
  return effects.map((effect) => ({
    job: 'notify',
    payload: {
      reviewId: review.id,
      documentId: review.documentId,
      recipient: effect.recipient,
      reason: effect.reason,
      userId: effect.recipient === 'assignee' ? next.context.assigneeId : null,
    },
  }));
}

/**
 * What the audit keeps of an event: everything the client said, the agency's date of the act
 * (`on`: the day the law counted, whatever zone is configured later), and what the step decided.
 */
export function auditPayload(event: ReviewEvent, next: PersistedReview): Record<string, unknown> {
  const { actor: _actor, at: _at, ...said } = event;
  const payload: Record<string, unknown> = { ...said };
  // The assignee's roles and clearance are looked up, not said; the id is what was asked for.
  delete payload.assignee;
  if (event.type === 'APPROVE' && next.context.outcome) {
    payload.outcome = next.context.outcome;
    payload.determination = next.context.determination;
  }
  if ('clock' in payload && next.context.clock) {
    // The rule that produced the new due date, not the whole replayed history.
    payload.clock = {
      dueOn: next.context.clock.dueOn,
      tolled: next.context.clock.tolled,
      explanation: next.context.clock.explanation,
    };
  }
  return payload;
}
