import { computeClock } from '../../deadlines/domain/clock-replay';
import { addCalendarDays } from '../../deadlines/domain/working-days';
import type { ClockAdjustmentRecord, ReviewClock } from '../../review/domain';
import { DomainError, ErrorCode } from '../../kernel/errors';
import type { RequestKind, Track } from '../domain/request.types';

/** What the rule of a kind needs besides the day of receipt. */
export interface RequestClockBasis {
  /** APPEAL: the kind of request appealed (FOIA 20 working days, MDR 60). */
  appealOf?: 'FOIA' | 'MDR';
  /** MDR: NARA forwarded the request, which then has 180 days. */
  forwardedByNara?: boolean;
}

/** Calendar days to decide whether to expedite a FOIA request (5 U.S.C. 552(a)(6)(E)(ii)(I)). */
export const EXPEDITE_DECISION_DAYS = 10;

/**
 * A request's statutory clock: the rule of its kind counted from the day it was received, then
 * every TOLL, RESUME and EXTEND replayed, with one line of explanation for each. Its reviews start
 * with a copy and follow every change, so each record is due when its request is.
 */
export function requestClock(
  kind: RequestKind,
  receivedOn: string,
  track: Track,
  basis: RequestClockBasis,
  adjustments: ClockAdjustmentRecord[] = [],
): { ok: true; clock: ReviewClock } | { ok: false; message: string } {
  const result = computeClock({
    kind,
    receivedOn,
    documentDate: receivedOn,
    ...basis,
    adjustments,
  });
  if (!result.ok) return { ok: false, message: result.message };
  const explanation = [...result.explanation];
  if (kind === 'FOIA' && track === 'expedited') {
    const by = addCalendarDays(receivedOn, EXPEDITE_DECISION_DAYS).dueDate;
    explanation.splice(
      1,
      0,
      `Expedited processing asked: whether to grant it is decided by ${by}, ${EXPEDITE_DECISION_DAYS} calendar days after receipt (5 U.S.C. 552(a)(6)(E)(ii)(I))`,
    );
  }
  return {
    ok: true,
    clock: {
      receivedOn,
      basis,
      dueOn: result.dueDate,
      tolled: result.tolled,
      adjustments,
      explanation,
    },
  };
}

/** The clock a request opens with; a kind whose rule cannot be computed is a defect. */
export function openingRequestClock(
  kind: RequestKind,
  receivedOn: string,
  track: Track,
  basis: RequestClockBasis = {},
): ReviewClock {
  const result = requestClock(kind, receivedOn, track, basis);
  if (!result.ok)
    throw new Error(`A ${kind} request's clock cannot be computed: ${result.message}`);
  return result.clock;
}

/** The clock after one more adjustment, or the rule that refuses it (422). */
export function adjustedRequestClock(
  kind: RequestKind,
  track: Track,
  clock: ReviewClock,
  adjustment: ClockAdjustmentRecord,
): ReviewClock {
  const result = requestClock(kind, clock.receivedOn, track, clock.basis, [
    ...clock.adjustments,
    adjustment,
  ]);
  if (!result.ok) throw new DomainError(ErrorCode.RULE_VIOLATED, result.message);
  return result.clock;
}
