import { startReview, step, type PersistedReview } from './review.lifecycle';
import { type ReviewClock, type ReviewEvent } from './review.types';
import { SYSTEM_ACTOR, type Actor } from '../../kernel/actor';

const AT = '2026-11-27T15:00:00.000Z';
/** The agency's date of AT, in New York. */
const ON = '2026-11-27';
const sue: Actor = {
  id: 'u-sue',
  username: 'sue',
  roles: ['supervisor'],
  clearance: 'TOP SECRET',
  caveats: [],
};
const sam: Actor = { ...sue, id: 'u-sam', username: 'sam' };
const rita: Actor = {
  id: 'u-rita',
  username: 'rita',
  roles: ['reviewer'],
  clearance: 'SECRET',
  caveats: [],
};
const rob: Actor = { ...rita, id: 'u-rob', username: 'rob' };

const clock = (dueOn: string | null, tolled = false): ReviewClock => ({
  receivedOn: '2026-11-20',
  basis: {},
  dueOn,
  tolled,
  adjustments: [],
  explanation: [`due ${dueOn ?? 'when resumed'}`],
});

function open(): PersistedReview {
  return startReview({
    reviewId: 'rev-1',
    documentId: 'doc-1',
    kind: 'FOIA',
    clock: clock('2026-12-21'),
    document: {
      documentNumber: '1977STATE139375',
      documentDate: '1977-06-16',
      classification: 'SECRET',
      captions: [],
      portions: [
        { id: 'p1', seq: 1, classification: 'SECRET' },
        { id: 'p2', seq: 2, classification: 'UNCLASSIFIED' },
      ],
    },
  });
}

function run(review: PersistedReview, ...events: ReviewEvent[]): PersistedReview {
  for (const event of events) {
    const result = step(review, event);
    if (!result.ok) throw new Error(`${event.type} refused: ${result.violation.message}`);
    review = result.next;
  }
  return review;
}

const assign: ReviewEvent = {
  type: 'ASSIGN',
  actor: sue,
  at: AT,
  on: ON,
  assigneeId: rita.id,
  assignee: { ...rita, active: true },
};
const refer: ReviewEvent = {
  type: 'REFER',
  actor: rita,
  at: AT,
  on: ON,
  referralId: 'ref-1',
  agency: 'CIA',
  portionIds: ['p1'],
};

describe('the statutory clock in the review machine', () => {
  it('keeps the clock the server computed for a TOLL by the assignee, in the same state', () => {
    const tolled = clock(null, true);
    const result = step(run(open(), assign), {
      type: 'TOLL',
      actor: rita,
      at: AT,
      on: ON,
      reason: 'Asked to narrow',
      basis: 'INFORMATION',
      clock: tolled,
    });
    expect(result.ok && result.next.value).toBe('inReview');
    expect(result.ok && result.next.context.clock).toEqual(tolled);
  });

  it('refuses a clock adjustment from a reviewer who is not the assignee', () => {
    const result = step(run(open(), assign), {
      type: 'EXTEND',
      actor: rob,
      at: AT,
      on: ON,
      reason: 'Consulting',
      clock: clock('2027-01-05'),
    });
    expect(!result.ok && result.violation.code).toBe('NOT_ASSIGNEE');
  });

  it('lets only a supervisor set the due date by hand', () => {
    const byReviewer = step(run(open(), assign), {
      type: 'SET_DUE_DATE',
      actor: rita,
      at: AT,
      on: ON,
      dueAt: '2027-02-01',
      clock: clock('2027-02-01'),
    });
    expect(!byReviewer.ok && byReviewer.violation.code).toBe('ROLE_REQUIRED');
    const bySupervisor = step(run(open(), assign), {
      type: 'SET_DUE_DATE',
      actor: sam,
      at: AT,
      on: ON,
      dueAt: '2027-02-01',
      clock: clock('2027-02-01'),
    });
    expect(bySupervisor.ok && bySupervisor.next.context.clock?.dueOn).toBe('2027-02-01');
  });

  it('marks an open review overdue and tells the supervisors when its deadline elapses', () => {
    const result = step(run(open(), assign), {
      type: 'DEADLINE_ELAPSED',
      actor: SYSTEM_ACTOR,
      at: AT,
      on: ON,
      deadlineId: 'd-1',
      kind: 'REVIEW_DUE',
    });
    expect(result.ok && result.next.context.overdue).toBe(true);
    expect(result.ok && result.effects).toEqual([
      { type: 'notify', recipient: 'supervisors', reason: 'OVERDUE' },
    ]);
  });

  it('accepts DEADLINE_ELAPSED from the worker only', () => {
    const result = step(run(open(), assign), {
      type: 'DEADLINE_ELAPSED',
      actor: sue,
      at: AT,
      on: ON,
      deadlineId: 'd-1',
      kind: 'REVIEW_DUE',
    });
    expect(!result.ok && result.violation.code).toBe('ROLE_REQUIRED');
  });

  it('records an unanswered referral as lapsed and hands its portions back undecided', () => {
    const waiting = run(open(), assign, refer);
    expect(waiting.value).toBe('awaitingReferral');
    const result = step(waiting, {
      type: 'DEADLINE_ELAPSED',
      actor: SYSTEM_ACTOR,
      at: AT,
      on: ON,
      deadlineId: 'd-2',
      kind: 'REFERRAL_DUE',
      referralId: 'ref-1',
    });
    expect(result.ok && result.next.value).toBe('inReview');
    expect(result.ok && result.next.context.referrals[0]?.response?.decision).toBe('LAPSED');
    expect(result.ok && result.next.context.decisions.p1).toBeUndefined();
    expect(result.ok && result.effects).toEqual([
      { type: 'notify', recipient: 'assignee', reason: 'REFERRAL_LAPSED' },
    ]);
  });

  it('does not lapse a referral the agency already answered', () => {
    const answered = run(open(), assign, refer, {
      type: 'RECORD_REFERRAL_RESPONSE',
      actor: rita,
      at: AT,
      on: ON,
      referralId: 'ref-1',
      decision: 'RELEASE',
    });
    const result = step(answered, {
      type: 'DEADLINE_ELAPSED',
      actor: SYSTEM_ACTOR,
      at: AT,
      on: ON,
      deadlineId: 'd-2',
      kind: 'REFERRAL_DUE',
      referralId: 'ref-1',
    });
    expect(!result.ok && result.violation.code).toBe('RULE_VIOLATED');
  });

  it('takes no clock event once the review has ended', () => {
    const closed = run(open(), {
      type: 'CLOSE',
      actor: sue,
      at: AT,
      on: ON,
      reason: 'Withdrawn by the requester',
    });
    const result = step(closed, {
      type: 'DEADLINE_ELAPSED',
      actor: SYSTEM_ACTOR,
      at: AT,
      on: ON,
      deadlineId: 'd-1',
      kind: 'REVIEW_DUE',
    });
    expect(!result.ok && result.violation.code).toBe('INVALID_TRANSITION');
  });
});
