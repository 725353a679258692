// Reachability: every review state is reached from queued with events step() accepts.
import { getShortestPaths } from 'xstate/graph';
import { startReview, step } from './review.lifecycle';
import { reviewMachine } from './review.machine';
import { REVIEW_STATES, type DocumentFacts, type ReviewEvent } from './review.types';
import {
  rita,
  sam,
  sue,
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
} from './review.fixtures';

// ---------------------------------------------------------------------------------------------
// Reachability: xstate/graph walks the machine with real events; step() replays each path.
// ---------------------------------------------------------------------------------------------
describe('reachability of every review state', () => {
  const SHORT_CABLE: DocumentFacts = { ...CABLE_1977, portions: CABLE_1977.portions.slice(0, 2) };
  const events: ReviewEvent[] = [
    assign(sam, rita),
    release(rita, 'p1'),
    release(rita, 'p2'),
    exempt(rita, 'p1', ['25X6, 20271231']),
    exempt(rita, 'p2', ['25X1, 20270630']),
    refer(rita, 'ref-dod', 'Department of Defense', ['p2']),
    respond(rita, 'ref-dod', 'RELEASE'),
    propose(rita, 'RELEASE_IN_FULL'),
    propose(rita, 'RELEASE_IN_PART'),
    propose(rita, 'DENY_IN_FULL'),
    approve(sue),
    sendBack(sue, 'Recheck paragraph 2'),
    close(sam, 'Request withdrawn'),
  ];
  const paths = getShortestPaths(reviewMachine, { input: inputFor(SHORT_CABLE), events });

  it.each(REVIEW_STATES.map((s) => [s]))(
    'reaches %s from queued with events step() accepts',
    (state) => {
      const path = paths.find((p) => p.state.value === state);
      expect(path).toBeDefined();
      if (!path) return;

      let review = startReview(inputFor(SHORT_CABLE));
      for (const { event } of path.steps) {
        if (event.type.startsWith('xstate.')) continue;
        const result = step(review, event);
        if (!result.ok)
          throw new Error(
            `${event.type} refused on the way to ${state}: ${result.violation.message}`,
          );
        review = result.next;
      }
      expect(review.value).toBe(state);
    },
  );

  it('finds no state outside the ones the API exposes', () => {
    const values = new Set(paths.map((p) => String(p.state.value)));
    expect([...values].sort()).toEqual([...REVIEW_STATES].sort());
  });
});
