// Persistence: a review restored from JSON behaves like the live one.
import { getNextTransitions, initialTransition, transition } from 'xstate';
import {
  nextEvents,
  persist,
  restore,
  startReview,
  step,
  type PersistedReview,
  type ReviewSnapshot,
} from './review.lifecycle';
import { reviewMachine } from './review.machine';
import type { NotifyEffect, ReviewEvent, ReviewState } from './review.types';
import {
  rita,
  ray,
  sam,
  sue,
  ada,
  CABLE_1977,
  assign,
  release,
  exempt,
  refer,
  respond,
  propose,
  approve,
  sendBack,
  close,
  inputFor,
  pendingApproval,
  sorted,
} from './review.fixtures';

// ---------------------------------------------------------------------------------------------
// Persistence: a snapshot that went through JSON behaves like the live actor snapshot.
// ---------------------------------------------------------------------------------------------
describe('a persisted review restored from JSON', () => {
  const effectsOf = (actions: ReadonlyArray<{ type: string; params?: unknown }>): NotifyEffect[] =>
    actions
      .filter((a) => a.type === 'notify')
      .map((a) => ({ type: 'notify', ...(a.params as Omit<NotifyEffect, 'type'>) }));
  const liveNextEvents = (snapshot: ReviewSnapshot): string[] =>
    snapshot.status === 'active'
      ? [...new Set(getNextTransitions(snapshot).map((t): string => String(t.eventType)))].filter(
          (t) => t !== 'DEADLINE_ELAPSED', // the worker's event, never offered to people
        )
      : [];

  const lifecycles: Array<[string, ReviewState, ReviewEvent[]]> = [
    [
      'referred, returned, reassigned and released in part',
      'released',
      [
        assign(sam, rita),
        exempt(rita, 'p1', ['25X6, 20271231']),
        refer(rita, 'ref-dod', 'Department of Defense', ['p2']),
        refer(rita, 'ref-cia', 'CIA', ['p3']),
        respond(sue, 'ref-dod', 'EXEMPT', ['25X1, 20270630']),
        respond(rita, 'ref-cia', 'RELEASE'),
        propose(rita, 'RELEASE_IN_PART'),
        sendBack(sam, 'Paragraph 2 names a source; withhold it'),
        assign(sam, ray),
        release(ray, 'p1'),
        propose(ray, 'RELEASE_IN_PART'),
        approve(sam),
      ],
    ],
    [
      'denied in full',
      'withheld',
      [
        assign(sam, rita),
        exempt(rita, 'p1', ['25X6, 20271231']),
        exempt(rita, 'p2', ['25X1, 20270630']),
        exempt(rita, 'p3', ['50X1-HUM']),
        propose(rita, 'DENY_IN_FULL'),
        approve(sue),
      ],
    ],
    [
      'closed while a referral is open',
      'closed',
      [
        assign(sam, rita),
        refer(rita, 'ref-dod', 'Department of Defense', ['p2']),
        close(ada, 'Request withdrawn'),
      ],
    ],
  ];

  it.each(lifecycles)(
    'behaves like the live review at every step when %s',
    (_name, finalState, events) => {
      const input = inputFor(CABLE_1977);
      let [live] = initialTransition(reviewMachine, input);
      let persisted = startReview(input);

      for (const event of events) {
        const fromJson = JSON.parse(JSON.stringify(persisted)) as PersistedReview;
        expect(sorted(nextEvents(fromJson))).toEqual(sorted(liveNextEvents(live)));

        const [nextLive, actions] = transition(reviewMachine, live, event);
        const result = step(fromJson, event);
        if (!result.ok) throw new Error(`${event.type} refused: ${result.violation.message}`);

        expect(result.next.value).toBe(nextLive.value);
        expect(result.next.context).toEqual(nextLive.context);
        expect(result.effects).toEqual(effectsOf(actions));
        expect(restore(JSON.parse(JSON.stringify(result.next)) as PersistedReview).status).toBe(
          nextLive.status,
        );

        live = nextLive;
        persisted = result.next;
      }
      expect(persisted.value).toBe(finalState);
      expect(persist(live)).toEqual(JSON.parse(JSON.stringify(persisted)));
      expect(nextEvents(persisted)).toEqual([]);
    },
  );

  it('refuses the same event with the same reason before and after the round trip', () => {
    const live = pendingApproval('RELEASE_IN_PART');
    const fromJson = JSON.parse(JSON.stringify(live)) as PersistedReview;

    expect(step(fromJson, approve(rita))).toEqual(step(live, approve(rita)));
    expect(step(fromJson, release(rita, 'p1'))).toEqual(step(live, release(rita, 'p1')));
  });
});
