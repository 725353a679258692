// Events a state does not accept: refused as invalid transitions, listing the events it does.
import { ErrorCode } from '../../kernel/errors';
import { nextEvents, step, type PersistedReview } from './review.lifecycle';
import type { ReviewEvent, ReviewEventType, ReviewState } from './review.types';
import {
  rita,
  ray,
  sam,
  sue,
  assign,
  release,
  respond,
  propose,
  approve,
  sendBack,
  close,
  queued,
  inReview,
  allReleased,
  awaitingReferral,
  pendingApproval,
  released,
  withheld,
  closed,
  sorted,
} from './review.fixtures';

describe('the review machine, stepped through step()', () => {
  describe('events a state does not accept', () => {
    // Every open state also takes the clock's events (and the worker's DEADLINE_ELAPSED, not listed).
    const CLOCK: ReviewEventType[] = ['TOLL', 'RESUME', 'EXTEND', 'SET_DUE_DATE'];
    const OPEN_STATE_EVENTS = {
      queued: ['ASSIGN', 'CLOSE', ...CLOCK],
      inReview: [
        'ASSIGN',
        'DECIDE_PORTION',
        'REFER',
        'DOWNGRADE',
        'DECAPTION',
        'PROPOSE',
        'CLOSE',
        ...CLOCK,
      ],
      awaitingReferral: [
        'ASSIGN',
        'DECIDE_PORTION',
        'REFER',
        'DOWNGRADE',
        'DECAPTION',
        'RECORD_REFERRAL_RESPONSE',
        'CLOSE',
        ...CLOCK,
      ],
      pendingApproval: ['APPROVE', 'RETURN', 'CLOSE', ...CLOCK],
    } satisfies Partial<Record<ReviewState, ReviewEventType[]>>;

    const rows: Array<{
      name: string;
      given: () => PersistedReview;
      event: ReviewEvent;
      accepts: ReviewEventType[];
    }> = [
      {
        name: 'refuses a portion decision on a queued review',
        given: () => queued(),
        event: release(rita, 'p1'),
        accepts: OPEN_STATE_EVENTS.queued,
      },
      {
        name: 'refuses a proposal on a queued review',
        given: () => queued(),
        event: propose(rita, 'RELEASE_IN_FULL'),
        accepts: OPEN_STATE_EVENTS.queued,
      },
      {
        name: 'refuses approval of a review still in review',
        given: allReleased,
        event: approve(sue),
        accepts: OPEN_STATE_EVENTS.inReview,
      },
      {
        name: 'refuses a return of a review that was not proposed',
        given: () => inReview(),
        event: sendBack(sue, 'Recheck'),
        accepts: OPEN_STATE_EVENTS.inReview,
      },
      {
        name: 'refuses a referral answer when no referral is open',
        given: () => inReview(),
        event: respond(rita, 'ref-dod', 'RELEASE'),
        accepts: OPEN_STATE_EVENTS.inReview,
      },
      {
        name: 'refuses a proposal while a referral is open',
        given: awaitingReferral,
        event: propose(rita, 'RELEASE_IN_PART'),
        accepts: OPEN_STATE_EVENTS.awaitingReferral,
      },
      {
        name: 'refuses approval while a referral is open',
        given: awaitingReferral,
        event: approve(sue),
        accepts: OPEN_STATE_EVENTS.awaitingReferral,
      },
      {
        name: 'refuses a portion decision on a proposal awaiting approval',
        given: () => pendingApproval(),
        event: release(rita, 'p1'),
        accepts: OPEN_STATE_EVENTS.pendingApproval,
      },
      {
        name: 'refuses reassignment of a proposal awaiting approval',
        given: () => pendingApproval(),
        event: assign(sam, ray),
        accepts: OPEN_STATE_EVENTS.pendingApproval,
      },
      {
        name: 'refuses a second proposal on a proposal awaiting approval',
        given: () => pendingApproval(),
        event: propose(rita, 'RELEASE_IN_FULL'),
        accepts: OPEN_STATE_EVENTS.pendingApproval,
      },
    ];

    it.each(rows)('$name, listing the events it accepts', ({ given, event, accepts }) => {
      const review = given();
      const result = step(review, event);

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.violation.code).toBe(ErrorCode.INVALID_TRANSITION);
      expect(sorted(result.violation.acceptedEvents ?? [])).toEqual(sorted(accepts));
      expect(result.violation.message).toContain(
        `in state ${review.value} does not accept ${event.type}`,
      );
      for (const type of accepts) expect(result.violation.message).toContain(type);
    });

    it.each([
      ['released', released],
      ['withheld', withheld],
      ['closed', closed],
    ] as const)(
      'refuses CLOSE on a review that is already %s, which accepts nothing',
      (state, given) => {
        const review = given();
        const result = step(review, close(sam, 'Duplicate'));

        expect(review.value).toBe(state);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.violation.code).toBe(ErrorCode.INVALID_TRANSITION);
        expect(result.violation.acceptedEvents).toEqual([]);
        expect(result.violation.message).toBe(
          `The review is ${state} and accepts no further events`,
        );
      },
    );

    it.each([
      ['released', released, approve(sam)],
      ['withheld', withheld, sendBack(sam, 'Recheck')],
      ['closed', closed, assign(sam, ray)],
    ] as const)(
      'refuses every further event once %s, leaving the outcome untouched',
      (_state, given, event) => {
        const review = given();
        const result = step(review, event);

        expect(result.ok).toBe(false);
        expect(nextEvents(review)).toEqual([]);
      },
    );

    it('lists for each open state exactly the events the lifecycle gives it', () => {
      const reviews = {
        queued: queued(),
        inReview: inReview(),
        awaitingReferral: awaitingReferral(),
        pendingApproval: pendingApproval(),
      };
      for (const [state, review] of Object.entries(reviews)) {
        expect(sorted(nextEvents(review))).toEqual(
          sorted(OPEN_STATE_EVENTS[state as keyof typeof OPEN_STATE_EVENTS]),
        );
      }
    });
  });
});
