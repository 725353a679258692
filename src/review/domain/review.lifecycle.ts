/**
 * The one way the host moves a review: restore the persisted snapshot, ask the rules, take the
 * transition, and hand back the new snapshot with the effects to carry out after commit.
 */
import { getNextTransitions, initialTransition, transition, type SnapshotFrom } from 'xstate';
import { ErrorCode, type Violation } from '../../kernel/errors';
import { reviewMachine } from './review.machine';
import { checkEvent } from './review.rules';
import type {
  ClientEventType,
  NotifyEffect,
  ReviewContext,
  ReviewEvent,
  ReviewEventType,
  ReviewInput,
  ReviewState,
} from './review.types';

export type ReviewSnapshot = SnapshotFrom<typeof reviewMachine>;

/** The JSON stored in `reviews.snapshot`. */
export interface PersistedReview {
  value: ReviewState;
  context: ReviewContext;
}

export function persist(snapshot: ReviewSnapshot): PersistedReview {
  return { value: snapshot.value, context: snapshot.context };
}

export function restore(persisted: PersistedReview): ReviewSnapshot {
  return reviewMachine.resolveState({ value: persisted.value, context: persisted.context });
}

export function startReview(input: ReviewInput): PersistedReview {
  const [snapshot] = initialTransition(reviewMachine, input);
  return persist(snapshot);
}

/** Event types the review's current state accepts, before any rule about who sends them. */
function acceptedEvents(persisted: PersistedReview): ReviewEventType[] {
  const snapshot = restore(persisted);
  if (snapshot.status !== 'active') return [];
  const types = getNextTransitions(snapshot).map((t) => t.eventType as ReviewEventType);
  return [...new Set(types)];
}

/** The events a person may send now (the worker's DEADLINE_ELAPSED is not one of them). */
export function nextEvents(persisted: PersistedReview): ClientEventType[] {
  return acceptedEvents(persisted).filter((t): t is ClientEventType => t !== 'DEADLINE_ELAPSED');
}

export type StepResult =
  | { ok: true; next: PersistedReview; effects: NotifyEffect[] }
  | { ok: false; violation: Violation & { acceptedEvents?: ClientEventType[] } };

/** Applies one event: refuses it with the reason, or returns the next snapshot and its effects. */
export function step(persisted: PersistedReview, event: ReviewEvent): StepResult {
  if (!acceptedEvents(persisted).includes(event.type)) {
    const accepted = nextEvents(persisted);
    return {
      ok: false,
      violation: {
        code: ErrorCode.INVALID_TRANSITION,
        message:
          accepted.length > 0
            ? `A review in state ${persisted.value} does not accept ${event.type}; it accepts ${accepted.join(', ')}`
            : `The review is ${persisted.value} and accepts no further events`,
        acceptedEvents: accepted,
      },
    };
  }
  const refused = checkEvent(persisted.context, event);
  if (refused) return { ok: false, violation: refused };
  const [next, actions] = transition(reviewMachine, restore(persisted), event);
  const effects = actions
    .filter((a) => a.type === 'notify')
    .map((a): NotifyEffect => ({ type: 'notify', ...(a.params as Omit<NotifyEffect, 'type'>) }));
  return { ok: true, next: persist(next), effects };
}
