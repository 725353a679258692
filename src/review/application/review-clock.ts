import { computeClock, type ClockInput } from '../../deadlines/domain/clock-replay';
import type { ClockAdjustmentRecord, ReviewClock, ReviewContext, ReviewKind } from '../domain';

/**
 * The review's statutory clock, computed with the calendar of deadlines/domain and handed to the
 * machine as data: the machine stores clocks, it never counts days.
 */
export function openingClock(
  kind: ReviewKind,
  receivedOn: string,
  documentDate: string,
  basis: ReviewClock['basis'],
): ReviewClock {
  const result = computeClock({
    ...inputOf(kind, receivedOn, documentDate, basis),
    adjustments: [],
  });
  if (!result.ok)
    throw new Error(`The opening clock of a ${kind} review cannot be computed: ${result.message}`);
  return {
    receivedOn,
    basis,
    dueOn: result.dueDate,
    tolled: result.tolled,
    adjustments: [],
    explanation: [...result.explanation],
  };
}

/** Replays the clock with one more adjustment: the new clock, or the rule that refuses it. */
export function adjustedClock(
  ctx: ReviewContext,
  adjustment: ClockAdjustmentRecord,
): { ok: true; clock: ReviewClock } | { ok: false; message: string } {
  const clock = ctx.clock;
  if (!clock) return { ok: false, message: 'This review has no statutory clock to adjust' };
  const adjustments = [...clock.adjustments, adjustment];
  const result = computeClock({
    ...inputOf(ctx.kind, clock.receivedOn, ctx.document.documentDate, clock.basis),
    adjustments,
  });
  if (!result.ok) return { ok: false, message: result.message };
  return {
    ok: true,
    clock: {
      ...clock,
      adjustments,
      dueOn: result.dueDate,
      tolled: result.tolled,
      explanation: [...result.explanation],
    },
  };
}

function inputOf(
  kind: ReviewKind,
  receivedOn: string,
  documentDate: string,
  basis: ReviewClock['basis'],
): Omit<ClockInput, 'adjustments'> {
  return { kind, receivedOn, documentDate, ...basis };
}
