import type { Clearance } from '../../kernel/classification';
import { ErrorCode } from '../../kernel/errors';
import { transition } from 'xstate';
import { restore, startReview, step, type PersistedReview } from './review.lifecycle';
import { reviewMachine } from './review.machine';
import type {
  ApproveEvent,
  AssignEvent,
  CloseEvent,
  DecidePortionEvent,
  Determination,
  DocumentFacts,
  NotifyEffect,
  ProposeEvent,
  RecordReferralResponseEvent,
  ReferEvent,
  ReturnEvent,
  ReviewEvent,
  ReviewInput,
  ReviewKind,
  ReviewState,
} from './review.types';
import type { Actor, Role } from '../../kernel/actor';

/**
 * Test support for the review machine: people, documents, event builders, reviews reached in a
 * given state through step(), and the row types of the accepted and refused tables. Only specs
 * import this module.
 */

// ---------------------------------------------------------------------------------------------
// People. Everyone is cleared TOP SECRET with NODIS and EXDIS unless the name says otherwise.
// ---------------------------------------------------------------------------------------------
export function person(
  id: string,
  username: string,
  roles: Role[],
  clearance: Clearance = 'TOP SECRET',
  caveats = ['NODIS', 'EXDIS'],
): Actor {
  return { id, username, roles, clearance, caveats };
}
export const rita = person('u-rita', 'ritar', ['reviewer']);
export const ray = person('u-ray', 'rayk', ['reviewer']);
export const sam = person('u-sam', 'smithj', ['supervisor']);
export const sue = person('u-sue', 'jonesk', ['supervisor']);
/** Holds both roles: may review one document and supervise another, never both on the same one. */
export const dana = person('u-dana', 'danam', ['reviewer', 'supervisor']);
export const al = person('u-al', 'alaud', ['auditor']);
export const ada = person('u-ada', 'adadm', ['admin']);
export const secretSupervisor = person('u-sid', 'sidp', ['supervisor'], 'SECRET');
export const secretReviewer = person('u-sal', 'salr', ['reviewer'], 'SECRET');
export const supervisorWithoutNodis = person('u-pat', 'patq', ['supervisor'], 'TOP SECRET', [
  'EXDIS',
]);
export const reviewerWithoutNodis = person('u-max', 'maxw', ['reviewer'], 'TOP SECRET', ['EXDIS']);
export const uncleared = person('u-una', 'unab', ['reviewer'], 'UNCLASSIFIED', []);

// ---------------------------------------------------------------------------------------------
// Documents: 1977 cables are past 25 years in 2026 (25X codes), the 2010 memo is not (1.4 codes).
// ---------------------------------------------------------------------------------------------
export const CABLE_1977: DocumentFacts = {
  documentNumber: '1977STATE139375',
  documentDate: '1977-06-16',
  classification: 'SECRET',
  captions: [],
  portions: [
    { id: 'p1', seq: 1, classification: 'CONFIDENTIAL' },
    { id: 'p2', seq: 2, classification: 'SECRET' },
    { id: 'p3', seq: 3, classification: 'UNCLASSIFIED' },
  ],
};
export const MEMO_2010: DocumentFacts = {
  documentNumber: '2010STATE020431',
  documentDate: '2010-03-04',
  classification: 'SECRET',
  captions: [],
  portions: [
    { id: 'p1', seq: 1, classification: 'SECRET' },
    { id: 'p2', seq: 2, classification: 'CONFIDENTIAL' },
  ],
};
export const TS_CABLE_1977: DocumentFacts = {
  documentNumber: '1977MOSCOW12806',
  documentDate: '1977-09-02',
  classification: 'TOP SECRET',
  captions: [],
  portions: [
    { id: 'p1', seq: 1, classification: 'TOP SECRET' },
    { id: 'p2', seq: 2, classification: 'CONFIDENTIAL' },
  ],
};
export const NODIS_CABLE_1976: DocumentFacts = {
  documentNumber: '1976STATE181062',
  documentDate: '1976-07-21',
  classification: 'CONFIDENTIAL',
  captions: ['NODIS'],
  portions: [
    { id: 'p1', seq: 1, classification: 'CONFIDENTIAL' },
    { id: 'p2', seq: 2, classification: 'UNCLASSIFIED' },
  ],
};
/** LIMITED OFFICIAL USE is a handling control, not a level: it counts as UNCLASSIFIED for clearance. */
export const LOU_CABLE_1975: DocumentFacts = {
  documentNumber: '1975STATE133602',
  documentDate: '1975-06-06',
  classification: 'LIMITED OFFICIAL USE',
  captions: [],
  portions: [{ id: 'p1', seq: 1, classification: 'LIMITED OFFICIAL USE' }],
};
/** Turns 25 on 2 March 2026: a 1.4 code cited the day before is no longer valid on the day. */
export const MEMO_2001: DocumentFacts = {
  documentNumber: '2001STATE038817',
  documentDate: '2001-03-02',
  classification: 'CONFIDENTIAL',
  captions: [],
  portions: [{ id: 'p1', seq: 1, classification: 'CONFIDENTIAL' }],
};

// ---------------------------------------------------------------------------------------------
// Events, stamped in 2026 as the server would stamp them.
// ---------------------------------------------------------------------------------------------
export const AT = '2026-03-02T14:05:00.000Z';
/** The agency's date of AT, in New York. */
export const ON = '2026-03-02';
export const JUSTIFICATION = 'Names a human source whose identity is still protected';

export const assign = (actor: Actor, to: Actor, active = true): AssignEvent => ({
  type: 'ASSIGN',
  actor,
  at: AT,
  on: ON,
  assigneeId: to.id,
  assignee: { id: to.id, roles: to.roles, clearance: to.clearance, caveats: to.caveats, active },
});
export const release = (actor: Actor, portionId: string, at = AT): DecidePortionEvent => ({
  type: 'DECIDE_PORTION',
  actor,
  at,
  // The tests act at midday UTC, on the same date in New York.
  on: at.slice(0, 10),
  portionId,
  action: 'RELEASE',
});
export const exempt = (
  actor: Actor,
  portionId: string,
  exemptions: string[],
  justification = JUSTIFICATION,
  at = AT,
): DecidePortionEvent => ({
  type: 'DECIDE_PORTION',
  actor,
  at,
  // The tests act at midday UTC, on the same date in New York.
  on: at.slice(0, 10),
  portionId,
  action: 'EXEMPT',
  exemptions,
  justification,
});
export const refer = (
  actor: Actor,
  referralId: string,
  agency: string,
  portionIds: string[],
): ReferEvent => ({ type: 'REFER', actor, at: AT, on: ON, referralId, agency, portionIds });
export const respond = (
  actor: Actor,
  referralId: string,
  decision: 'RELEASE' | 'EXEMPT',
  exemptions?: string[],
): RecordReferralResponseEvent => ({
  type: 'RECORD_REFERRAL_RESPONSE',
  actor,
  at: AT,
  on: ON,
  referralId,
  decision,
  ...(exemptions ? { exemptions } : {}),
});
export const propose = (actor: Actor, determination: Determination, at = AT): ProposeEvent => ({
  type: 'PROPOSE',
  actor,
  at,
  // The tests act at midday UTC, on the same date in New York.
  on: at.slice(0, 10),
  determination,
});
export const approve = (actor: Actor): ApproveEvent => ({ type: 'APPROVE', actor, at: AT, on: ON });
export const sendBack = (actor: Actor, comment: string): ReturnEvent => ({
  type: 'RETURN',
  actor,
  at: AT,
  on: ON,
  comment,
});
export const close = (actor: Actor, reason: string): CloseEvent => ({
  type: 'CLOSE',
  actor,
  at: AT,
  on: ON,
  reason,
});

// ---------------------------------------------------------------------------------------------
// Reviews in a given state, reached only through step() with valid events.
// ---------------------------------------------------------------------------------------------
export const inputFor = (
  document: DocumentFacts,
  kind: ReviewKind = 'SYSTEMATIC',
): ReviewInput => ({
  reviewId: 'rev-0001',
  documentId: 'doc-0001',
  kind,
  document,
  clock: null,
});

export function run(review: PersistedReview, ...events: ReviewEvent[]): PersistedReview {
  let current = review;
  for (const event of events) {
    const result = step(current, event);
    if (!result.ok)
      throw new Error(
        `setup: ${event.type} refused with ${result.violation.code}: ${result.violation.message}`,
      );
    current = result.next;
  }
  return current;
}

export const queued = (document = CABLE_1977) => startReview(inputFor(document));
export const inReview = (document = CABLE_1977) => run(queued(document), assign(sam, rita));
export const allReleased = () =>
  run(inReview(), release(rita, 'p1'), release(rita, 'p2'), release(rita, 'p3'));
/** p1 (C) withheld under two 25X codes, p2 (S) and p3 (U) released. */
export const mixed = () =>
  run(
    inReview(),
    exempt(rita, 'p1', ['25X1, 20271231', '25X6, 20270630']),
    release(rita, 'p2'),
    release(rita, 'p3'),
  );
export const allExempt = () =>
  run(
    inReview(),
    exempt(rita, 'p1', ['25X6, 20271231']),
    exempt(rita, 'p2', ['25X1, 20270630']),
    exempt(rita, 'p3', ['50X1-HUM']),
  );
export const awaitingReferral = () =>
  run(inReview(), refer(rita, 'ref-dod', 'Department of Defense', ['p2']));
export const twoReferralsOpen = () =>
  run(awaitingReferral(), refer(rita, 'ref-cia', 'CIA', ['p3']));
export const pendingApproval = (determination: Determination = 'RELEASE_IN_FULL') => {
  const decided = { RELEASE_IN_FULL: allReleased, RELEASE_IN_PART: mixed, DENY_IN_FULL: allExempt }[
    determination
  ]();
  return run(decided, propose(rita, determination));
};
export const returned = () =>
  run(pendingApproval('RELEASE_IN_PART'), sendBack(sue, 'Paragraph 2 names a source; withhold it'));
export const released = () => run(pendingApproval('RELEASE_IN_FULL'), approve(sue));
export const withheld = () => run(pendingApproval('DENY_IN_FULL'), approve(sue));
export const closed = () => run(inReview(), close(sam, 'Duplicate of review rev-0002'));

export const notify = (
  recipient: NotifyEffect['recipient'],
  reason: NotifyEffect['reason'],
): NotifyEffect => ({ type: 'notify', recipient, reason });
export const sorted = (types: readonly string[]) => [...types].sort();

// ---------------------------------------------------------------------------------------------
// The tables: (state, event, actor) → (next state, effects) or → refusal code.
// ---------------------------------------------------------------------------------------------
export interface Accepted {
  name: string;
  given: () => PersistedReview;
  event: ReviewEvent;
  state: ReviewState;
  /** Omitted where the lifecycle leaves the notification open. */
  effects?: NotifyEffect[];
  context?: Record<string, unknown>;
}

export interface Refused {
  name: string;
  given: () => PersistedReview;
  event: ReviewEvent;
  code: ErrorCode;
  message?: RegExp;
}

/**
 * A row of a refused table: the event is refused with its code (and message), and the machine's
 * guard agrees with the rule the host quotes back to the user, leaving the review as it was.
 */
export function expectRefused({ given, event, code, message }: Refused): void {
  const before = given();
  const result = step(before, event);

  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.violation.code).toBe(code);
  if (message) expect(result.violation.message).toMatch(message);
  const [unchanged] = transition(reviewMachine, restore(before), event);
  expect(unchanged.value).toBe(before.value);
  expect(unchanged.context).toEqual(before.context);
}
