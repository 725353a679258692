import { startReview, step, type PersistedReview, type ReviewEvent } from '../domain';
import { SYSTEM_ACTOR, type Actor } from '../../kernel/actor';
import { deadlinePlan } from './review-deadlines';

const AT = '2026-11-27T15:00:00.000Z';
/** The agency's date of AT, in New York. */
const ON = '2026-11-27';
/** Every date of these tests falls in winter, when New York is five hours behind UTC. */
const settings = (reReviewLeadDays: number) => ({ reReviewLeadDays, timeZone: 'America/New_York' });
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

const opened = startReview({
  reviewId: 'rev-1',
  documentId: 'doc-1',
  kind: 'FOIA',
  clock: {
    receivedOn: '2026-11-20',
    basis: {},
    dueOn: '2026-12-21',
    tolled: false,
    adjustments: [],
    explanation: ['FOIA: 20 working days'],
  },
  document: {
    documentNumber: '1977STATE139375',
    documentDate: '1977-06-16',
    classification: 'SECRET',
    captions: [],
    portions: [{ id: 'p1', seq: 1, classification: 'SECRET' }],
  },
});

function next(review: PersistedReview, event: ReviewEvent): PersistedReview {
  const result = step(review, event);
  if (!result.ok) throw new Error(result.violation.message);
  return result.next;
}

const assigned = next(opened, {
  type: 'ASSIGN',
  actor: sue,
  at: AT,
  on: ON,
  assigneeId: rita.id,
  assignee: { ...rita, active: true },
});

describe(deadlinePlan.name, () => {
  it("adds the review's due deadline when it opens, at the end of the due day", () => {
    expect(deadlinePlan(null, opened, settings(365))).toEqual({
      cancel: [],
      add: [
        {
          kind: 'REVIEW_DUE',
          subjectType: 'REVIEW',
          subjectId: 'rev-1',
          dueAt: '2026-12-22T04:59:59.999Z',
          rule: 'FOIA: 20 working days',
        },
      ],
    });
  });

  it('leaves deadlines alone when a step does not move the due date', () => {
    expect(deadlinePlan(opened, assigned, settings(365))).toEqual({ cancel: [], add: [] });
  });

  it('replaces the due deadline when the clock moves, and drops it while tolled', () => {
    const tolled = next(assigned, {
      type: 'TOLL',
      actor: rita,
      at: AT,
      on: ON,
      reason: 'Asked the requester',
      basis: 'INFORMATION',
      clock: { ...assigned.context.clock!, dueOn: null, tolled: true },
    });
    expect(deadlinePlan(assigned, tolled, settings(365))).toEqual({
      cancel: [{ kind: 'REVIEW_DUE', subjectType: 'REVIEW', subjectId: 'rev-1' }],
      add: [],
    });
  });

  it('gives a FOIA referral the request’s own due date, and moves it with the request', () => {
    const referred = next(assigned, {
      type: 'REFER',
      actor: rita,
      at: AT,
      on: ON,
      referralId: 'ref-1',
      agency: 'CIA',
      portionIds: ['p1'],
    });
    expect(deadlinePlan(assigned, referred, settings(365)).add).toEqual([
      expect.objectContaining({
        kind: 'REFERRAL_DUE',
        subjectId: 'ref-1',
        dueAt: '2026-12-22T04:59:59.999Z',
        rule: expect.stringContaining('552(a)(6)(B)(iii)(III)') as string,
      }),
    ]);
    const extended = next(referred, {
      type: 'EXTEND',
      actor: rita,
      at: AT,
      on: ON,
      reason: 'Consultation with another agency',
      clock: { ...referred.context.clock!, dueOn: '2027-01-05' },
    });
    const plan = deadlinePlan(referred, extended, settings(365));
    expect(plan.cancel).toContainEqual({
      kind: 'REFERRAL_DUE',
      subjectType: 'REFERRAL',
      subjectId: 'ref-1',
    });
    expect(plan.add.map((d) => [d.kind, d.dueAt])).toEqual([
      ['REVIEW_DUE', '2027-01-06T04:59:59.999Z'],
      ['REFERRAL_DUE', '2027-01-06T04:59:59.999Z'],
    ]);
  });

  it('gives a referral of a systematic review one year and cancels it when the agency answers', () => {
    const systematic = {
      ...assigned,
      context: { ...assigned.context, kind: 'SYSTEMATIC' as const },
    };
    const referred = next(systematic, {
      type: 'REFER',
      actor: rita,
      at: AT,
      on: ON,
      referralId: 'ref-1',
      agency: 'CIA',
      portionIds: ['p1'],
    });
    const plan = deadlinePlan(systematic, referred, settings(365));
    expect(plan.add).toEqual([
      expect.objectContaining({
        kind: 'REFERRAL_DUE',
        subjectId: 'ref-1',
        dueAt: '2027-11-28T04:59:59.999Z',
      }),
    ]);
    const answered = next(referred, {
      type: 'RECORD_REFERRAL_RESPONSE',
      actor: rita,
      at: AT,
      on: ON,
      referralId: 'ref-1',
      decision: 'RELEASE',
    });
    expect(deadlinePlan(referred, answered, settings(365)).cancel).toEqual([
      { kind: 'REFERRAL_DUE', subjectType: 'REFERRAL', subjectId: 'ref-1' },
    ]);
  });

  it('cancels what is pending when the review ends; declassifies on the earliest expiry and re-reviews a lead time before it', () => {
    const decided = next(assigned, {
      type: 'DECIDE_PORTION',
      actor: rita,
      at: AT,
      on: ON,
      portionId: 'p1',
      action: 'EXEMPT',
      exemptions: ['25X6, 20271231'],
      justification: 'Shared with the other government',
    });
    const proposed = next(decided, {
      type: 'PROPOSE',
      actor: rita,
      at: AT,
      on: ON,
      determination: 'DENY_IN_FULL',
    });
    const approved = next(proposed, { type: 'APPROVE', actor: sam, at: AT, on: ON });
    const plan = deadlinePlan(proposed, approved, settings(365));
    expect(plan.cancel).toContainEqual({
      kind: 'REVIEW_DUE',
      subjectType: 'REVIEW',
      subjectId: 'rev-1',
    });
    // An earlier determination's re-review of the same document is superseded by this one.
    expect(plan.cancel).toContainEqual({
      kind: 'RE_REVIEW',
      subjectType: 'DOCUMENT',
      subjectId: 'doc-1',
    });
    expect(plan.cancel).toContainEqual({
      kind: 'AUTO_DECLASSIFY',
      subjectType: 'DOCUMENT',
      subjectId: 'doc-1',
    });
    expect(plan.add).toEqual([
      expect.objectContaining({
        kind: 'AUTO_DECLASSIFY',
        subjectType: 'DOCUMENT',
        subjectId: 'doc-1',
        dueAt: '2027-12-31T05:00:00.000Z',
      }),
      expect.objectContaining({
        kind: 'RE_REVIEW',
        subjectType: 'DOCUMENT',
        subjectId: 'doc-1',
        dueAt: '2026-12-31T05:00:00.000Z',
      }),
    ]);
    expect(deadlinePlan(proposed, approved, settings(30)).add[1]).toMatchObject({
      kind: 'RE_REVIEW',
      dueAt: '2027-12-01T05:00:00.000Z',
    });
  });

  it('schedules nothing for what a FOIA-only withholding leaves: the record is unclassified', () => {
    const decided = next(assigned, {
      type: 'DECIDE_PORTION',
      actor: rita,
      at: AT,
      on: ON,
      portionId: 'p1',
      action: 'EXEMPT',
      exemptions: ['b(6)'],
      justification: 'Personal privacy',
    });
    const proposed = next(decided, {
      type: 'PROPOSE',
      actor: rita,
      at: AT,
      on: ON,
      determination: 'DENY_IN_FULL',
    });
    const approved = next(proposed, { type: 'APPROVE', actor: sam, at: AT, on: ON });
    expect(approved.context.outcome?.currentClassification).toBe('UNCLASSIFIED');
    expect(deadlinePlan(proposed, approved, settings(365)).add).toEqual([]);
  });

  it('adds nothing when the worker marks a review overdue', () => {
    const overdue = next(assigned, {
      type: 'DEADLINE_ELAPSED',
      actor: SYSTEM_ACTOR,
      at: AT,
      on: ON,
      deadlineId: 'd-1',
      kind: 'REVIEW_DUE',
    });
    expect(deadlinePlan(assigned, overdue, settings(365))).toEqual({ cancel: [], add: [] });
  });
});
