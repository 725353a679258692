import { getNextTransitions, initialTransition, transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import type { Classification, Clearance } from '../../kernel/classification';
import { ErrorCode } from '../../kernel/errors';
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
import { checkEvent } from './review.rules';
import {
  REVIEW_STATES,
  type ApproveEvent,
  type AssignEvent,
  type CloseEvent,
  type DecaptionEvent,
  type DecidePortionEvent,
  type DowngradeEvent,
  type Determination,
  type DocumentFacts,
  type NotifyEffect,
  type ProposeEvent,
  type RecordReferralResponseEvent,
  type ReferEvent,
  type ReturnEvent,
  type ReviewEvent,
  type ReviewEventType,
  type ReviewInput,
  type ReviewKind,
  type ReviewState,
} from './review.types';
import { type Actor, type Role } from '../../kernel/actor';

// ---------------------------------------------------------------------------------------------
// People. Everyone is cleared TOP SECRET with NODIS and EXDIS unless the name says otherwise.
// ---------------------------------------------------------------------------------------------
function person(
  id: string,
  username: string,
  roles: Role[],
  clearance: Clearance = 'TOP SECRET',
  caveats = ['NODIS', 'EXDIS'],
): Actor {
  return { id, username, roles, clearance, caveats };
}
const rita = person('u-rita', 'ritar', ['reviewer']);
const ray = person('u-ray', 'rayk', ['reviewer']);
const sam = person('u-sam', 'smithj', ['supervisor']);
const sue = person('u-sue', 'jonesk', ['supervisor']);
/** Holds both roles: may review one document and supervise another, never both on the same one. */
const dana = person('u-dana', 'danam', ['reviewer', 'supervisor']);
const al = person('u-al', 'alaud', ['auditor']);
const ada = person('u-ada', 'adadm', ['admin']);
const secretSupervisor = person('u-sid', 'sidp', ['supervisor'], 'SECRET');
const secretReviewer = person('u-sal', 'salr', ['reviewer'], 'SECRET');
const supervisorWithoutNodis = person('u-pat', 'patq', ['supervisor'], 'TOP SECRET', ['EXDIS']);
const reviewerWithoutNodis = person('u-max', 'maxw', ['reviewer'], 'TOP SECRET', ['EXDIS']);
const uncleared = person('u-una', 'unab', ['reviewer'], 'UNCLASSIFIED', []);

// ---------------------------------------------------------------------------------------------
// Documents: 1977 cables are past 25 years in 2026 (25X codes), the 2010 memo is not (1.4 codes).
// ---------------------------------------------------------------------------------------------
const CABLE_1977: DocumentFacts = {
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
const MEMO_2010: DocumentFacts = {
  documentNumber: '2010STATE020431',
  documentDate: '2010-03-04',
  classification: 'SECRET',
  captions: [],
  portions: [
    { id: 'p1', seq: 1, classification: 'SECRET' },
    { id: 'p2', seq: 2, classification: 'CONFIDENTIAL' },
  ],
};
const TS_CABLE_1977: DocumentFacts = {
  documentNumber: '1977MOSCOW12806',
  documentDate: '1977-09-02',
  classification: 'TOP SECRET',
  captions: [],
  portions: [
    { id: 'p1', seq: 1, classification: 'TOP SECRET' },
    { id: 'p2', seq: 2, classification: 'CONFIDENTIAL' },
  ],
};
const NODIS_CABLE_1976: DocumentFacts = {
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
const LOU_CABLE_1975: DocumentFacts = {
  documentNumber: '1975STATE133602',
  documentDate: '1975-06-06',
  classification: 'LIMITED OFFICIAL USE',
  captions: [],
  portions: [{ id: 'p1', seq: 1, classification: 'LIMITED OFFICIAL USE' }],
};
/** Turns 25 on 2 March 2026: a 1.4 code cited the day before is no longer valid on the day. */
const MEMO_2001: DocumentFacts = {
  documentNumber: '2001STATE038817',
  documentDate: '2001-03-02',
  classification: 'CONFIDENTIAL',
  captions: [],
  portions: [{ id: 'p1', seq: 1, classification: 'CONFIDENTIAL' }],
};

// ---------------------------------------------------------------------------------------------
// Events, stamped in 2026 as the server would stamp them.
// ---------------------------------------------------------------------------------------------
const AT = '2026-03-02T14:05:00.000Z';
/** The agency's date of AT, in New York. */
const ON = '2026-03-02';
const JUSTIFICATION = 'Names a human source whose identity is still protected';

const assign = (actor: Actor, to: Actor, active = true): AssignEvent => ({
  type: 'ASSIGN',
  actor,
  at: AT,
  on: ON,
  assigneeId: to.id,
  assignee: { id: to.id, roles: to.roles, clearance: to.clearance, caveats: to.caveats, active },
});
const release = (actor: Actor, portionId: string, at = AT): DecidePortionEvent => ({
  type: 'DECIDE_PORTION',
  actor,
  at,
  // The tests act at midday UTC, on the same date in New York.
  on: at.slice(0, 10),
  portionId,
  action: 'RELEASE',
});
const exempt = (
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
const refer = (
  actor: Actor,
  referralId: string,
  agency: string,
  portionIds: string[],
): ReferEvent => ({ type: 'REFER', actor, at: AT, on: ON, referralId, agency, portionIds });
const respond = (
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
const propose = (actor: Actor, determination: Determination, at = AT): ProposeEvent => ({
  type: 'PROPOSE',
  actor,
  at,
  // The tests act at midday UTC, on the same date in New York.
  on: at.slice(0, 10),
  determination,
});
const approve = (actor: Actor): ApproveEvent => ({ type: 'APPROVE', actor, at: AT, on: ON });
const sendBack = (actor: Actor, comment: string): ReturnEvent => ({
  type: 'RETURN',
  actor,
  at: AT,
  on: ON,
  comment,
});
const close = (actor: Actor, reason: string): CloseEvent => ({
  type: 'CLOSE',
  actor,
  at: AT,
  on: ON,
  reason,
});

// ---------------------------------------------------------------------------------------------
// Reviews in a given state, reached only through step() with valid events.
// ---------------------------------------------------------------------------------------------
const inputFor = (document: DocumentFacts, kind: ReviewKind = 'SYSTEMATIC'): ReviewInput => ({
  reviewId: 'rev-0001',
  documentId: 'doc-0001',
  kind,
  document,
  clock: null,
});

function run(review: PersistedReview, ...events: ReviewEvent[]): PersistedReview {
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

const queued = (document = CABLE_1977) => startReview(inputFor(document));
const inReview = (document = CABLE_1977) => run(queued(document), assign(sam, rita));
const allReleased = () =>
  run(inReview(), release(rita, 'p1'), release(rita, 'p2'), release(rita, 'p3'));
/** p1 (C) withheld under two 25X codes, p2 (S) and p3 (U) released. */
const mixed = () =>
  run(
    inReview(),
    exempt(rita, 'p1', ['25X1, 20271231', '25X6, 20270630']),
    release(rita, 'p2'),
    release(rita, 'p3'),
  );
const allExempt = () =>
  run(
    inReview(),
    exempt(rita, 'p1', ['25X6, 20271231']),
    exempt(rita, 'p2', ['25X1, 20270630']),
    exempt(rita, 'p3', ['50X1-HUM']),
  );
const awaitingReferral = () =>
  run(inReview(), refer(rita, 'ref-dod', 'Department of Defense', ['p2']));
const twoReferralsOpen = () => run(awaitingReferral(), refer(rita, 'ref-cia', 'CIA', ['p3']));
const pendingApproval = (determination: Determination = 'RELEASE_IN_FULL') => {
  const decided = { RELEASE_IN_FULL: allReleased, RELEASE_IN_PART: mixed, DENY_IN_FULL: allExempt }[
    determination
  ]();
  return run(decided, propose(rita, determination));
};
const returned = () =>
  run(pendingApproval('RELEASE_IN_PART'), sendBack(sue, 'Paragraph 2 names a source; withhold it'));
const released = () => run(pendingApproval('RELEASE_IN_FULL'), approve(sue));
const withheld = () => run(pendingApproval('DENY_IN_FULL'), approve(sue));
const closed = () => run(inReview(), close(sam, 'Duplicate of review rev-0002'));

const notify = (
  recipient: NotifyEffect['recipient'],
  reason: NotifyEffect['reason'],
): NotifyEffect => ({ type: 'notify', recipient, reason });
const sorted = (types: readonly string[]) => [...types].sort();

// ---------------------------------------------------------------------------------------------
// The tables: (state, event, actor) → (next state, effects) or → refusal code.
// ---------------------------------------------------------------------------------------------
interface Accepted {
  name: string;
  given: () => PersistedReview;
  event: ReviewEvent;
  state: ReviewState;
  /** Omitted where the lifecycle leaves the notification open. */
  effects?: NotifyEffect[];
  context?: Record<string, unknown>;
}

interface Refused {
  name: string;
  given: () => PersistedReview;
  event: ReviewEvent;
  code: ErrorCode;
  message?: RegExp;
}

const accepted: Accepted[] = [
  // ASSIGN
  {
    name: 'a supervisor assigns a queued review to a cleared reviewer',
    given: () => queued(),
    event: assign(sam, rita),
    state: 'inReview',
    effects: [notify('assignee', 'ASSIGNED')],
    context: { assigneeId: 'u-rita' },
  },
  {
    name: 'a supervisor reassigns a review in progress to another reviewer',
    given: () => inReview(),
    event: assign(sue, ray),
    state: 'inReview',
    effects: [notify('assignee', 'ASSIGNED')],
    context: { assigneeId: 'u-ray' },
  },
  {
    name: 'a supervisor reassigns a review that waits on a referral, which keeps waiting',
    given: awaitingReferral,
    event: assign(sam, ray),
    state: 'awaitingReferral',
    effects: [notify('assignee', 'ASSIGNED')],
    context: { assigneeId: 'u-ray' },
  },
  {
    name: 'a supervisor cleared for NODIS assigns a NODIS cable to a reviewer holding NODIS',
    given: () => queued(NODIS_CABLE_1976),
    event: assign(sam, rita),
    state: 'inReview',
    effects: [notify('assignee', 'ASSIGNED')],
  },
  {
    name: 'a supervisor assigns a LIMITED OFFICIAL USE cable to a reviewer with no clearance',
    given: () => queued(LOU_CABLE_1975),
    event: assign(sam, uncleared),
    state: 'inReview',
    effects: [notify('assignee', 'ASSIGNED')],
    context: { assigneeId: 'u-una' },
  },
  // DECIDE_PORTION
  {
    name: 'the assignee releases a portion',
    given: () => inReview(),
    event: release(rita, 'p1'),
    state: 'inReview',
    effects: [],
    context: {
      decisions: {
        p1: {
          action: 'RELEASE',
          exemptions: [],
          justification: null,
          agency: null,
          decidedBy: 'u-rita',
          decidedAt: AT,
        },
      },
    },
  },
  {
    name: 'the assignee withholds a portion of a 1977 cable under 25X6 with its date',
    given: () => inReview(),
    event: exempt(rita, 'p2', ['25X6, 20271231']),
    state: 'inReview',
    effects: [],
    context: {
      decisions: {
        p2: {
          action: 'EXEMPT',
          exemptions: [{ code: '25X6', family: '25X', expiresOn: '2027-12-31', statute: null }],
          justification: JUSTIFICATION,
          decidedBy: 'u-rita',
        },
      },
    },
  },
  {
    name: 'the assignee withholds a portion of a 2010 memo under 1.4(d), declassified 25 years from origin',
    given: () => inReview(MEMO_2010),
    event: exempt(rita, 'p1', ['1.4(d)']),
    state: 'inReview',
    effects: [],
    context: {
      decisions: {
        p1: {
          action: 'EXEMPT',
          exemptions: [{ code: '1.4(d)', family: '1.4', expiresOn: '2035-12-31', statute: null }],
        },
      },
    },
  },
  {
    name: 'the assignee changes a decision already made',
    given: () => run(inReview(), release(rita, 'p2')),
    event: exempt(rita, 'p2', ['25X6, 20271231']),
    state: 'inReview',
    effects: [],
    context: { decisions: { p2: { action: 'EXEMPT' } } },
  },
  {
    name: 'the assignee decides a portion that is not referred while a referral is open',
    given: awaitingReferral,
    event: release(rita, 'p1'),
    state: 'awaitingReferral',
    effects: [],
    context: { decisions: { p1: { action: 'RELEASE' }, p2: { action: 'REFER' } } },
  },
  // REFER
  {
    name: 'the assignee refers a portion to the agency holding the equity and supervisors are told',
    given: () => inReview(),
    event: refer(rita, 'ref-dod', 'Department of Defense', ['p2']),
    state: 'awaitingReferral',
    effects: [notify('supervisors', 'REFERRED')],
    context: {
      referrals: [
        {
          id: 'ref-dod',
          agency: 'Department of Defense',
          portionIds: ['p2'],
          sentBy: 'u-rita',
          sentAt: AT,
          response: null,
        },
      ],
      decisions: { p2: { action: 'REFER', agency: 'Department of Defense' } },
    },
  },
  {
    name: 'the assignee refers another portion while the first referral is open',
    given: awaitingReferral,
    event: refer(rita, 'ref-cia', 'CIA', ['p3']),
    state: 'awaitingReferral',
    context: {
      referrals: [
        { id: 'ref-dod', response: null },
        { id: 'ref-cia', response: null },
      ],
    },
  },
  // RECORD_REFERRAL_RESPONSE
  {
    name: 'answering the only open referral returns the review to inReview with the portion decided',
    given: awaitingReferral,
    event: respond(rita, 'ref-dod', 'RELEASE'),
    state: 'inReview',
    effects: [],
    context: {
      referrals: [
        {
          id: 'ref-dod',
          response: { decision: 'RELEASE', exemptions: [], recordedBy: 'u-rita', recordedAt: AT },
        },
      ],
      decisions: {
        p2: { action: 'RELEASE', agency: 'Department of Defense', decidedBy: 'u-rita' },
      },
    },
  },
  {
    name: "a supervisor records the other agency's exemption, justified by its equity",
    given: awaitingReferral,
    event: respond(sue, 'ref-dod', 'EXEMPT', ['25X1, 20271231']),
    state: 'inReview',
    effects: [],
    context: {
      decisions: {
        p2: {
          action: 'EXEMPT',
          exemptions: [{ code: '25X1', family: '25X', expiresOn: '2027-12-31', statute: null }],
          justification: 'Equity of Department of Defense',
          decidedBy: 'u-sue',
        },
      },
    },
  },
  {
    name: 'answering one of two open referrals keeps the review waiting',
    given: twoReferralsOpen,
    event: respond(rita, 'ref-dod', 'RELEASE'),
    state: 'awaitingReferral',
    effects: [],
    context: {
      referrals: [
        { id: 'ref-dod', response: { decision: 'RELEASE' } },
        { id: 'ref-cia', response: null },
      ],
    },
  },
  {
    name: 'answering the last of two open referrals returns the review to inReview',
    given: () => run(twoReferralsOpen(), respond(rita, 'ref-dod', 'RELEASE')),
    event: respond(rita, 'ref-cia', 'EXEMPT', ['25X1, 20271231']),
    state: 'inReview',
    effects: [],
    context: { decisions: { p2: { action: 'RELEASE' }, p3: { action: 'EXEMPT' } } },
  },
  // PROPOSE
  {
    name: 'the assignee proposes RELEASE_IN_FULL when every portion is released',
    given: allReleased,
    event: propose(rita, 'RELEASE_IN_FULL'),
    state: 'pendingApproval',
    effects: [notify('supervisors', 'PROPOSED')],
    context: { proposerId: 'u-rita', determination: 'RELEASE_IN_FULL' },
  },
  {
    name: 'the assignee proposes RELEASE_IN_PART when some portions are withheld',
    given: mixed,
    event: propose(rita, 'RELEASE_IN_PART'),
    state: 'pendingApproval',
    effects: [notify('supervisors', 'PROPOSED')],
    context: { proposerId: 'u-rita', determination: 'RELEASE_IN_PART' },
  },
  {
    name: 'the assignee proposes DENY_IN_FULL when every portion is withheld',
    given: allExempt,
    event: propose(rita, 'DENY_IN_FULL'),
    state: 'pendingApproval',
    effects: [notify('supervisors', 'PROPOSED')],
    context: { proposerId: 'u-rita', determination: 'DENY_IN_FULL' },
  },
  {
    name: 'the assignee proposes once the answered referral has decided the referred portion',
    given: () =>
      run(
        awaitingReferral(),
        respond(rita, 'ref-dod', 'RELEASE'),
        release(rita, 'p1'),
        release(rita, 'p3'),
      ),
    event: propose(rita, 'RELEASE_IN_FULL'),
    state: 'pendingApproval',
    effects: [notify('supervisors', 'PROPOSED')],
  },
  {
    name: "a new proposal after a return clears the supervisor's comment",
    given: returned,
    event: propose(rita, 'RELEASE_IN_PART'),
    state: 'pendingApproval',
    effects: [notify('supervisors', 'PROPOSED')],
    context: { returnComment: null },
  },
  // APPROVE
  {
    name: 'a second supervisor approves a release in full: the document becomes UNCLASSIFIED',
    given: () => pendingApproval('RELEASE_IN_FULL'),
    event: approve(sue),
    state: 'released',
    effects: [notify('assignee', 'APPROVED')],
    context: {
      approverId: 'u-sue',
      outcome: {
        currentClassification: 'UNCLASSIFIED',
        reReviewOn: null,
        withheldCodes: [],
        marking: expect.stringMatching(
          /^Declassified\/Released E\.O\. 13526 §3\.4 Systematic Review 2 Mar 2026 by jonesk/,
        ),
      },
    },
  },
  {
    name: 'a second supervisor approves a release in part: the withheld text keeps its highest level and a re-review date',
    given: () => pendingApproval('RELEASE_IN_PART'),
    event: approve(sue),
    state: 'released',
    effects: [notify('assignee', 'APPROVED')],
    context: {
      approverId: 'u-sue',
      outcome: {
        currentClassification: 'CONFIDENTIAL',
        reReviewOn: '2027-06-30',
        withheldCodes: ['25X1, 20271231', '25X6, 20270630'],
        marking: expect.stringContaining('Declassified/Released in Part'),
      },
    },
  },
  {
    name: 'a second supervisor approves a denial in full: the document stays SECRET and is withdrawn',
    given: () => pendingApproval('DENY_IN_FULL'),
    event: approve(sue),
    state: 'withheld',
    effects: [notify('assignee', 'APPROVED')],
    context: {
      approverId: 'u-sue',
      outcome: {
        currentClassification: 'SECRET',
        reReviewOn: '2027-06-30',
        withheldCodes: ['25X6, 20271231', '25X1, 20270630', '50X1-HUM, 20521231'],
        marking: expect.stringContaining(
          'Withdrawn: 1977STATE139375 denied in full under 25X6, 20271231; 25X1, 20270630; 50X1-HUM, 20521231',
        ),
      },
    },
  },
  {
    name: 'the supervisor who assigned the review may approve it',
    given: () => pendingApproval('RELEASE_IN_FULL'),
    event: approve(sam),
    state: 'released',
    effects: [notify('assignee', 'APPROVED')],
    context: { approverId: 'u-sam' },
  },
  // RETURN
  {
    name: 'a supervisor returns a proposal to the reviewer with a comment, keeping the decisions',
    given: () => pendingApproval('RELEASE_IN_PART'),
    event: sendBack(sue, '  Paragraph 2 names a source; withhold it  '),
    state: 'inReview',
    effects: [notify('assignee', 'RETURNED')],
    context: {
      returnComment: 'Paragraph 2 names a source; withhold it',
      decisions: { p1: { action: 'EXEMPT' }, p2: { action: 'RELEASE' } },
    },
  },
  // CLOSE
  ...(
    [
      ['queued', () => queued()],
      ['inReview', () => inReview()],
      ['awaitingReferral', awaitingReferral],
      ['pendingApproval', () => pendingApproval('RELEASE_IN_FULL')],
    ] as const
  ).map(([from, given]): Accepted => ({
    name: `a supervisor closes a review that is ${from}`,
    given,
    event: close(sam, 'Request withdrawn by the requester'),
    state: 'closed',
    effects: [],
    context: { closedReason: 'Request withdrawn by the requester' },
  })),
  {
    name: 'an administrator closes a duplicate review',
    given: () => inReview(),
    event: close(ada, 'Duplicate of review rev-0002'),
    state: 'closed',
    effects: [],
    context: { closedReason: 'Duplicate of review rev-0002' },
  },
];

const refused: Refused[] = [
  // Only a supervisor assigns, and only to an eligible reviewer.
  {
    name: 'refuses assignment by a reviewer',
    given: () => queued(),
    event: assign(rita, ray),
    code: ErrorCode.ROLE_REQUIRED,
    message: /Only a supervisor/,
  },
  {
    name: 'refuses assignment by an auditor',
    given: () => queued(),
    event: assign(al, rita),
    code: ErrorCode.ROLE_REQUIRED,
  },
  {
    name: 'refuses assignment of a TOP SECRET cable by a SECRET supervisor',
    given: () => queued(TS_CABLE_1977),
    event: assign(secretSupervisor, rita),
    code: ErrorCode.CLEARANCE_REQUIRED,
    message: /1977MOSCOW12806/,
  },
  {
    name: 'refuses assignment of a NODIS cable by a supervisor without NODIS',
    given: () => queued(NODIS_CABLE_1976),
    event: assign(supervisorWithoutNodis, rita),
    code: ErrorCode.CLEARANCE_REQUIRED,
  },
  {
    name: 'refuses to assign a TOP SECRET cable to a SECRET reviewer',
    given: () => queued(TS_CABLE_1977),
    event: assign(sam, secretReviewer),
    code: ErrorCode.ASSIGNEE_NOT_ELIGIBLE,
    message: /clearance or caveats/,
  },
  {
    name: 'refuses to assign a NODIS cable to a reviewer without NODIS',
    given: () => queued(NODIS_CABLE_1976),
    event: assign(sam, reviewerWithoutNodis),
    code: ErrorCode.ASSIGNEE_NOT_ELIGIBLE,
  },
  {
    name: 'refuses to assign a review to a deactivated reviewer',
    given: () => queued(),
    event: assign(sam, rita, false),
    code: ErrorCode.ASSIGNEE_NOT_ELIGIBLE,
    message: /deactivated/,
  },
  {
    name: 'refuses to assign a review to someone who is not a reviewer',
    given: () => queued(),
    event: assign(sam, sue),
    code: ErrorCode.ASSIGNEE_NOT_ELIGIBLE,
    message: /not one/,
  },
  {
    name: 'refuses to reassign a review to its current assignee',
    given: () => inReview(),
    event: assign(sue, rita),
    code: ErrorCode.RULE_VIOLATED,
    message: /already assigned/,
  },
  // Only the assignee decides, refers and proposes.
  {
    name: 'refuses a portion decision by a reviewer who is not the assignee',
    given: () => inReview(),
    event: release(ray, 'p1'),
    code: ErrorCode.NOT_ASSIGNEE,
  },
  {
    name: 'refuses a portion decision by a supervisor',
    given: () => inReview(),
    event: release(sam, 'p1'),
    code: ErrorCode.NOT_ASSIGNEE,
  },
  {
    name: 'refuses a portion decision by the former assignee after reassignment',
    given: () => run(inReview(), assign(sam, ray)),
    event: release(rita, 'p1'),
    code: ErrorCode.NOT_ASSIGNEE,
  },
  {
    name: 'refuses a portion decision by an assignee whose clearance has since dropped below the document',
    given: () => inReview(TS_CABLE_1977),
    event: release({ ...rita, clearance: 'SECRET' }, 'p1'),
    code: ErrorCode.CLEARANCE_REQUIRED,
  },
  {
    name: 'refuses a portion decision by an assignee who no longer holds NODIS',
    given: () => inReview(NODIS_CABLE_1976),
    event: release({ ...rita, caveats: ['EXDIS'] }, 'p1'),
    code: ErrorCode.CLEARANCE_REQUIRED,
  },
  {
    name: 'refuses a decision on a portion that is not in the document',
    given: () => inReview(),
    event: release(rita, 'p9'),
    code: ErrorCode.UNKNOWN_REFERENCE,
    message: /p9/,
  },
  {
    name: 'refuses a release that cites exemption codes',
    given: () => inReview(),
    event: { ...release(rita, 'p1'), exemptions: ['25X6, 20271231'] },
    code: ErrorCode.RULE_VIOLATED,
  },
  {
    name: 'refuses an exemption that cites no code',
    given: () => inReview(),
    event: exempt(rita, 'p1', []),
    code: ErrorCode.EXEMPTION_INVALID,
    message: /at least one code/,
  },
  {
    name: 'refuses an exemption citing something that is not a code',
    given: () => inReview(),
    event: exempt(rita, 'p1', ['SECRET']),
    code: ErrorCode.EXEMPTION_INVALID,
    message: /not an exemption code/,
  },
  {
    name: 'refuses an exemption without a justification',
    given: () => inReview(),
    event: {
      type: 'DECIDE_PORTION',
      actor: rita,
      at: AT,
      on: ON,
      portionId: 'p1',
      action: 'EXEMPT',
      exemptions: ['25X6, 20271231'],
    },
    code: ErrorCode.RULE_VIOLATED,
    message: /justification/,
  },
  {
    name: 'refuses an exemption whose justification is blank',
    given: () => inReview(),
    event: exempt(rita, 'p1', ['25X6, 20271231'], '   '),
    code: ErrorCode.RULE_VIOLATED,
    message: /justification/,
  },
  {
    name: 'refuses a 1.4 code on a 1977 cable, which is past 25 years',
    given: () => inReview(),
    event: exempt(rita, 'p1', ['1.4(d)']),
    code: ErrorCode.EXEMPTION_INVALID,
    message: /under 25 years old/,
  },
  {
    name: 'refuses a 25X code on a 2010 memo, which is under 25 years',
    given: () => inReview(MEMO_2010),
    event: exempt(rita, 'p1', ['25X6, 20271231']),
    code: ErrorCode.EXEMPTION_INVALID,
    message: /at least 25 years old/,
  },
  {
    name: 'refuses a 25X code without its date',
    given: () => inReview(),
    event: exempt(rita, 'p1', ['25X6']),
    code: ErrorCode.EXEMPTION_INVALID,
    message: /must carry its declassification date/,
  },
  {
    name: 'refuses a 25X date later than 50 years from origin',
    given: () => inReview(),
    event: exempt(rita, 'p1', ['25X6, 20280101']),
    code: ErrorCode.EXEMPTION_INVALID,
    message: /2027-12-31/,
  },
  {
    name: 'refuses a FOIA b-code in a systematic review',
    given: () => inReview(),
    event: exempt(rita, 'p1', ['b(6)']),
    code: ErrorCode.EXEMPTION_INVALID,
    message: /only in FOIA reviews/,
  },
  {
    // Fails today: exemptions.ts accepts a 1.4 code whose stated declassify-on date is in the past.
    name: 'refuses a 1.4 code whose declassify-on date has already passed',
    given: () => inReview(MEMO_2010),
    event: exempt(rita, 'p1', ['1.4(d), 20200101']),
    code: ErrorCode.EXEMPTION_INVALID,
  },
  {
    name: 'refuses a portion REFER decision that names no agency',
    given: () => inReview(),
    event: { ...release(rita, 'p1'), action: 'REFER' },
    code: ErrorCode.RULE_VIOLATED,
    message: /agency/,
  },
  {
    name: 'refuses a decision on a portion that is with another agency',
    given: awaitingReferral,
    event: release(rita, 'p2'),
    code: ErrorCode.REFERRAL_OPEN,
  },
  // REFER
  {
    name: 'refuses a referral by someone other than the assignee',
    given: () => inReview(),
    event: refer(sam, 'ref-dod', 'Department of Defense', ['p2']),
    code: ErrorCode.NOT_ASSIGNEE,
  },
  {
    name: 'refuses a referral that names no agency',
    given: () => inReview(),
    event: refer(rita, 'ref-dod', '  ', ['p2']),
    code: ErrorCode.RULE_VIOLATED,
    message: /agency/,
  },
  {
    name: 'refuses a referral that names no portion',
    given: () => inReview(),
    event: refer(rita, 'ref-dod', 'Department of Defense', []),
    code: ErrorCode.RULE_VIOLATED,
    message: /at least one portion/,
  },
  {
    name: 'refuses a referral of a portion that is not in the document',
    given: () => inReview(),
    event: refer(rita, 'ref-dod', 'Department of Defense', ['p7']),
    code: ErrorCode.UNKNOWN_REFERENCE,
  },
  {
    name: 'refuses to refer a portion that already awaits an answer',
    given: awaitingReferral,
    event: refer(rita, 'ref-cia', 'CIA', ['p2']),
    code: ErrorCode.REFERRAL_OPEN,
  },
  // RECORD_REFERRAL_RESPONSE
  {
    name: "refuses an agency's answer recorded by a reviewer who is not the assignee",
    given: awaitingReferral,
    event: respond(ray, 'ref-dod', 'RELEASE'),
    code: ErrorCode.NOT_ASSIGNEE,
  },
  {
    name: 'refuses an answer to a referral that is not part of the review',
    given: awaitingReferral,
    event: respond(rita, 'ref-nsa', 'RELEASE'),
    code: ErrorCode.UNKNOWN_REFERENCE,
  },
  {
    name: 'refuses a second answer to the same referral',
    given: () => run(twoReferralsOpen(), respond(rita, 'ref-dod', 'RELEASE')),
    event: respond(rita, 'ref-dod', 'EXEMPT', ['25X1, 20271231']),
    code: ErrorCode.RULE_VIOLATED,
    message: /already answered/,
  },
  {
    name: "refuses an agency's exemption under an invalid code",
    given: awaitingReferral,
    event: respond(rita, 'ref-dod', 'EXEMPT', ['1.4(c)']),
    code: ErrorCode.EXEMPTION_INVALID,
  },
  {
    name: "refuses an agency's answer recorded by a supervisor without NODIS on a NODIS cable",
    given: () =>
      run(inReview(NODIS_CABLE_1976), refer(rita, 'ref-dod', 'Department of Defense', ['p1'])),
    event: respond(supervisorWithoutNodis, 'ref-dod', 'RELEASE'),
    code: ErrorCode.CLEARANCE_REQUIRED,
  },
  // PROPOSE: every portion decided, matching determination.
  {
    name: 'refuses a proposal by someone other than the assignee',
    given: allReleased,
    event: propose(ray, 'RELEASE_IN_FULL'),
    code: ErrorCode.NOT_ASSIGNEE,
  },
  {
    name: 'refuses a proposal by a supervisor',
    given: allReleased,
    event: propose(sam, 'RELEASE_IN_FULL'),
    code: ErrorCode.NOT_ASSIGNEE,
  },
  {
    name: 'refuses a proposal while portions are undecided, naming them',
    given: () => run(inReview(), release(rita, 'p1')),
    event: propose(rita, 'RELEASE_IN_FULL'),
    code: ErrorCode.PORTIONS_UNDECIDED,
    message: /#2, #3/,
  },
  {
    name: 'refuses a proposal while a portion is only marked for referral',
    given: () => run(allReleased(), { ...release(rita, 'p3'), action: 'REFER', agency: 'CIA' }),
    event: propose(rita, 'RELEASE_IN_PART'),
    code: ErrorCode.PORTIONS_UNDECIDED,
    message: /#3/,
  },
  {
    name: 'refuses RELEASE_IN_PART when every portion is released',
    given: allReleased,
    event: propose(rita, 'RELEASE_IN_PART'),
    code: ErrorCode.DETERMINATION_MISMATCH,
    message: /RELEASE_IN_FULL/,
  },
  {
    name: 'refuses DENY_IN_FULL when every portion is released',
    given: allReleased,
    event: propose(rita, 'DENY_IN_FULL'),
    code: ErrorCode.DETERMINATION_MISMATCH,
  },
  {
    name: 'refuses RELEASE_IN_FULL when a portion is withheld',
    given: mixed,
    event: propose(rita, 'RELEASE_IN_FULL'),
    code: ErrorCode.DETERMINATION_MISMATCH,
    message: /RELEASE_IN_PART/,
  },
  {
    name: 'refuses DENY_IN_FULL when a portion is released',
    given: mixed,
    event: propose(rita, 'DENY_IN_FULL'),
    code: ErrorCode.DETERMINATION_MISMATCH,
  },
  {
    name: 'refuses RELEASE_IN_PART when every portion is withheld',
    given: allExempt,
    event: propose(rita, 'RELEASE_IN_PART'),
    code: ErrorCode.DETERMINATION_MISMATCH,
    message: /DENY_IN_FULL/,
  },
  {
    name: 'refuses RELEASE_IN_FULL when every portion is withheld',
    given: allExempt,
    event: propose(rita, 'RELEASE_IN_FULL'),
    code: ErrorCode.DETERMINATION_MISMATCH,
  },
  {
    name: 'refuses a proposal citing a 1.4 code after the record turned 25',
    given: () =>
      run(
        inReview(MEMO_2001),
        exempt(rita, 'p1', ['1.4(d)'], JUSTIFICATION, '2026-03-01T16:00:00.000Z'),
      ),
    event: propose(rita, 'DENY_IN_FULL', '2026-03-02T09:00:00.000Z'),
    code: ErrorCode.EXEMPTION_INVALID,
    message: /Portion #1: .*under 25 years old/,
  },
  {
    name: 'refuses a proposal citing a 25X date that passed after the decision',
    given: () =>
      run(
        inReview(),
        exempt(rita, 'p1', ['25X6, 20260630']),
        release(rita, 'p2'),
        release(rita, 'p3'),
      ),
    event: propose(rita, 'RELEASE_IN_PART', '2026-07-01T09:00:00.000Z'),
    code: ErrorCode.EXEMPTION_INVALID,
    message: /already passed/,
  },
  // APPROVE: only a supervisor, cleared, and not one of the people who made the proposal.
  {
    name: 'refuses approval by a reviewer',
    given: () => pendingApproval(),
    event: approve(ray),
    code: ErrorCode.ROLE_REQUIRED,
  },
  {
    name: 'refuses approval by the proposing reviewer',
    given: () => pendingApproval(),
    event: approve(rita),
    code: ErrorCode.ROLE_REQUIRED,
  },
  {
    name: 'refuses approval by an auditor',
    given: () => pendingApproval(),
    event: approve(al),
    code: ErrorCode.ROLE_REQUIRED,
  },
  {
    name: 'refuses approval by the proposer who also holds the supervisor role',
    given: () =>
      run(
        queued(),
        assign(sam, dana),
        release(dana, 'p1'),
        release(dana, 'p2'),
        release(dana, 'p3'),
        propose(dana, 'RELEASE_IN_FULL'),
      ),
    event: approve(dana),
    code: ErrorCode.TWO_PERSON_RULE,
    message: /You proposed/,
  },
  {
    name: 'refuses approval by a supervisor who decided a portion before the review was reassigned',
    given: () =>
      run(
        queued(),
        assign(sam, dana),
        release(dana, 'p1'),
        assign(sam, rita),
        release(rita, 'p2'),
        release(rita, 'p3'),
        propose(rita, 'RELEASE_IN_FULL'),
      ),
    event: approve(dana),
    code: ErrorCode.TWO_PERSON_RULE,
    message: /decided portions of this review/,
  },
  {
    name: "refuses approval by the supervisor who recorded the other agency's answer",
    given: () =>
      run(
        awaitingReferral(),
        respond(sue, 'ref-dod', 'RELEASE'),
        release(rita, 'p1'),
        release(rita, 'p3'),
        propose(rita, 'RELEASE_IN_FULL'),
      ),
    event: approve(sue),
    code: ErrorCode.TWO_PERSON_RULE,
  },
  {
    name: "refuses approval by the recorder of an agency's answer even after the assignee re-decided those portions",
    given: () =>
      run(
        awaitingReferral(),
        respond(sue, 'ref-dod', 'RELEASE'),
        release(rita, 'p1'),
        release(rita, 'p2'),
        release(rita, 'p3'),
        propose(rita, 'RELEASE_IN_FULL'),
      ),
    event: approve(sue),
    code: ErrorCode.TWO_PERSON_RULE,
  },
  {
    name: 'refuses approval of a TOP SECRET cable by a SECRET supervisor',
    given: () =>
      run(
        inReview(TS_CABLE_1977),
        release(rita, 'p1'),
        release(rita, 'p2'),
        propose(rita, 'RELEASE_IN_FULL'),
      ),
    event: approve(secretSupervisor),
    code: ErrorCode.CLEARANCE_REQUIRED,
  },
  {
    name: 'refuses approval of a NODIS cable by a supervisor without NODIS',
    given: () =>
      run(
        inReview(NODIS_CABLE_1976),
        release(rita, 'p1'),
        release(rita, 'p2'),
        propose(rita, 'RELEASE_IN_FULL'),
      ),
    event: approve(supervisorWithoutNodis),
    code: ErrorCode.CLEARANCE_REQUIRED,
  },
  // RETURN
  {
    name: 'refuses a return by a reviewer',
    given: () => pendingApproval(),
    event: sendBack(ray, 'Recheck paragraph 2'),
    code: ErrorCode.ROLE_REQUIRED,
  },
  {
    name: 'refuses a return without a comment',
    given: () => pendingApproval(),
    event: sendBack(sue, '  '),
    code: ErrorCode.RULE_VIOLATED,
    message: /what the reviewer should change/,
  },
  {
    name: 'refuses a return of a TOP SECRET cable by a SECRET supervisor',
    given: () =>
      run(
        inReview(TS_CABLE_1977),
        release(rita, 'p1'),
        release(rita, 'p2'),
        propose(rita, 'RELEASE_IN_FULL'),
      ),
    event: sendBack(secretSupervisor, 'Recheck paragraph 1'),
    code: ErrorCode.CLEARANCE_REQUIRED,
  },
  // CLOSE
  {
    name: 'refuses closure by a reviewer',
    given: () => inReview(),
    event: close(rita, 'Out of scope'),
    code: ErrorCode.ROLE_REQUIRED,
  },
  {
    name: 'refuses closure by an auditor',
    given: () => inReview(),
    event: close(al, 'Out of scope'),
    code: ErrorCode.ROLE_REQUIRED,
  },
  {
    name: 'refuses closure without a reason',
    given: () => inReview(),
    event: close(sam, ' '),
    code: ErrorCode.RULE_VIOLATED,
    message: /reason/,
  },
];

describe('the review machine, stepped through step()', () => {
  describe('accepted events', () => {
    it.each(accepted)('$name', ({ given, event, state, effects, context }) => {
      const result = step(given(), event);

      if (!result.ok)
        throw new Error(`refused: ${result.violation.code}: ${result.violation.message}`);
      expect(result.next.value).toBe(state);
      if (effects) expect(result.effects).toEqual(effects);
      if (context) expect(result.next.context).toMatchObject(context);
    });
  });

  describe('refused events', () => {
    it.each(refused)('$name', ({ given, event, code, message }) => {
      const before = given();
      const result = step(before, event);

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.violation.code).toBe(code);
      if (message) expect(result.violation.message).toMatch(message);
      // The machine's guard agrees with the rule the host quotes back to the user.
      const [unchanged] = transition(reviewMachine, restore(before), event);
      expect(unchanged.value).toBe(before.value);
      expect(unchanged.context).toEqual(before.context);
    });
  });

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

  describe('two-person rule across a return and a reassignment', () => {
    // Both fail today: APPROVE looks only at the current proposerId and at the current decisions,
    // which a later proposal or decision overwrites (referral answers, by contrast, stay counted).
    it('refuses approval by a supervisor who proposed the review before it was returned and reassigned', () => {
      const review = run(
        queued(),
        assign(sam, dana),
        release(dana, 'p1'),
        release(dana, 'p2'),
        release(dana, 'p3'),
        propose(dana, 'RELEASE_IN_FULL'),
        sendBack(sue, 'Have a second reviewer check paragraph 2'),
        assign(sam, rita),
        release(rita, 'p1'),
        release(rita, 'p2'),
        release(rita, 'p3'),
        propose(rita, 'RELEASE_IN_FULL'),
      );

      const result = step(review, approve(dana));

      expect(result.ok).toBe(false);
      expect(result.ok ? null : result.violation.code).toBe(ErrorCode.TWO_PERSON_RULE);
    });

    it('refuses approval by a supervisor whose portion decision the new assignee later replaced', () => {
      const review = run(
        queued(),
        assign(sam, dana),
        exempt(dana, 'p1', ['25X6, 20271231']),
        assign(sam, rita),
        release(rita, 'p1'),
        release(rita, 'p2'),
        release(rita, 'p3'),
        propose(rita, 'RELEASE_IN_FULL'),
      );

      const result = step(review, approve(dana));

      expect(result.ok).toBe(false);
      expect(result.ok ? null : result.violation.code).toBe(ErrorCode.TWO_PERSON_RULE);
    });
  });

  describe('the rule behind PROPOSE', () => {
    it('refuses a proposal with a referral still open, even if the state were to accept it', () => {
      const waiting = run(awaitingReferral(), release(rita, 'p1'), release(rita, 'p3'));

      expect(checkEvent(waiting.context, propose(rita, 'RELEASE_IN_PART'))).toMatchObject({
        code: ErrorCode.REFERRAL_OPEN,
      });
    });
  });
});

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

// ---------------------------------------------------------------------------------------------
// Restricted Data and reclassification: outcomes the agency may not reach on its own.
// ---------------------------------------------------------------------------------------------
describe('a record flagged as holding Restricted Data', () => {
  const RD_CABLE: DocumentFacts = { ...CABLE_1977, restrictedData: true };
  const decidedToRelease = () =>
    run(inReview(RD_CABLE), release(rita, 'p1'), exempt(rita, 'p2', ['RD']), release(rita, 'p3'));

  it('refuses a determination that releases a portion DOE has not cleared, and says to refer it', () => {
    const result = step(decidedToRelease(), propose(rita, 'RELEASE_IN_PART'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.violation).toMatchObject({
      code: ErrorCode.RULE_VIOLATED,
      message: expect.stringMatching(/refer #1, #3 to DOE/) as string,
    });
  });

  it('releases what DOE answered RELEASE, once its referral is back', () => {
    const cleared = run(
      inReview(RD_CABLE),
      exempt(rita, 'p2', ['RD']),
      refer(rita, 'ref-doe', 'DOE', ['p1', 'p3']),
      respond(rita, 'ref-doe', 'RELEASE'),
    );
    const proposed = run(cleared, propose(rita, 'RELEASE_IN_PART'));
    const approved = run(proposed, approve(sue));
    expect(approved.value).toBe('released');
    expect(approved.context.outcome?.restrictedData).toBe(true);
  });

  it('treats a record without the flag as flagged once a portion is withheld as FRD', () => {
    const found = run(
      inReview(),
      release(rita, 'p1'),
      exempt(rita, 'p2', ['FRD']),
      release(rita, 'p3'),
    );
    const refused = step(found, propose(rita, 'RELEASE_IN_PART'));
    expect(!refused.ok && refused.violation.message).toMatch(/refer #1, #3 to DOE/);
    const proposed = run(
      found,
      refer(rita, 'ref-doe', 'DOE', ['p1', 'p3']),
      respond(rita, 'ref-doe', 'RELEASE'),
      propose(rita, 'RELEASE_IN_PART'),
    );
    expect(run(proposed, approve(sue)).context.outcome?.restrictedData).toBe(true);
  });
});

describe('a record that is unclassified now', () => {
  const RELEASED_CABLE: DocumentFacts = {
    ...CABLE_1977,
    classification: 'UNCLASSIFIED',
    portions: CABLE_1977.portions.map((p) => ({ ...p, classification: 'UNCLASSIFIED' as const })),
  };

  it('refuses to withhold it as classified (§1.7(c)), and writes nothing', () => {
    const review = run(startReview(inputFor(RELEASED_CABLE, 'FOIA')), assign(sam, rita));
    const result = step(review, exempt(rita, 'p1', ['b(1)', '25X6, 20271231']));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.violation).toMatchObject({
      code: ErrorCode.EXEMPTION_INVALID,
      message: expect.stringContaining('§1.7(c)') as string,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Downgrading and decaptioning: what stays withheld may keep a lower level and fewer captions.
// ---------------------------------------------------------------------------------------------
describe('a review that downgrades or decaptions what it keeps withheld', () => {
  const downgrade = (actor: Actor, to: Classification): DowngradeEvent => ({
    type: 'DOWNGRADE',
    actor,
    at: AT,
    on: ON,
    to,
  });
  const decaption = (actor: Actor, captions: string[]): DecaptionEvent => ({
    type: 'DECAPTION',
    actor,
    at: AT,
    on: ON,
    captions,
  });
  /** TOP SECRET, NODIS and EXDIS: p1 (TS) withheld under 25X1, p2 (C) released. */
  const TS_NODIS: DocumentFacts = { ...TS_CABLE_1977, captions: ['NODIS', 'EXDIS'] };
  const partly = (...steps: ReviewEvent[]) =>
    run(
      inReview(TS_NODIS),
      exempt(rita, 'p1', ['25X1, 20271231']),
      release(rita, 'p2'),
      ...steps,
      propose(rita, 'RELEASE_IN_PART'),
      approve(sue),
    ).context.outcome!;

  it('leaves the withheld portion at the lower level and says so in the marking', () => {
    const outcome = partly(downgrade(rita, 'SECRET'));
    expect(outcome.currentClassification).toBe('SECRET');
    expect(outcome.marking).toContain('; downgraded to SECRET, formerly T̶O̶P̶ ̶S̶E̶C̶R̶E̶T̶');
    // Without the downgrade the record keeps TOP SECRET.
    expect(partly().currentClassification).toBe('TOP SECRET');
  });

  it('removes the captions chosen, keeps the others, and says so in the marking', () => {
    const outcome = partly(decaption(rita, ['NODIS']));
    expect(outcome.decaptioned).toEqual(['NODIS']);
    expect(outcome.marking).toContain('; decaptioned, formerly N̶O̶D̶I̶S̶');
    expect(partly().decaptioned).toBeUndefined();
  });

  it('takes a withdrawal: the record’s own level, or no captions', () => {
    const outcome = partly(
      downgrade(rita, 'CONFIDENTIAL'),
      decaption(rita, ['EXDIS', 'NODIS']),
      downgrade(rita, 'TOP SECRET'),
      decaption(rita, []),
    );
    expect(outcome.currentClassification).toBe('TOP SECRET');
    expect(outcome.decaptioned).toBeUndefined();
    expect(outcome.marking).not.toContain('downgraded');
  });

  it('denied in full, the record keeps the lower level and loses the captions chosen', () => {
    const outcome = run(
      inReview(TS_NODIS),
      exempt(rita, 'p1', ['25X1, 20271231']),
      exempt(rita, 'p2', ['25X6, 20271231']),
      downgrade(rita, 'CONFIDENTIAL'),
      decaption(rita, ['EXDIS']),
      propose(rita, 'DENY_IN_FULL'),
      approve(sue),
    ).context.outcome!;
    expect(outcome.currentClassification).toBe('CONFIDENTIAL');
    expect(outcome.decaptioned).toEqual(['EXDIS']);
    expect(outcome.marking).toMatch(
      /^Withdrawn: .*; downgraded to CONFIDENTIAL, formerly .*; decaptioned, formerly E̶X̶D̶I̶S̶$/,
    );
  });

  it('counts the reviewer who downgrades as a participant, who may not approve', () => {
    const review = run(inReview(), assign(sam, dana), downgrade(dana, 'CONFIDENTIAL'));
    expect(review.context.participants).toContain('u-dana');
  });

  const refusals: Array<{
    name: string;
    given: () => PersistedReview;
    event: ReviewEvent;
    message: RegExp;
  }> = [
    {
      name: 'a level above the record’s',
      given: () => inReview(),
      event: downgrade(rita, 'TOP SECRET'),
      message: /is SECRET; a downgrade lowers the level and cannot raise it to TOP SECRET/,
    },
    {
      name: 'an unclassified level, which is a release',
      given: () => inReview(),
      event: downgrade(rita, 'UNCLASSIFIED'),
      message: /RELEASE its portions instead/,
    },
    {
      name: 'the record’s own level when nothing is downgraded',
      given: () => inReview(),
      event: downgrade(rita, 'SECRET'),
      message: /already SECRET and no downgrade is recorded/,
    },
    {
      name: 'a record holding Restricted Data',
      given: () => inReview({ ...CABLE_1977, restrictedData: true }),
      event: downgrade(rita, 'CONFIDENTIAL'),
      message: /only the Department of Energy changes/,
    },
    {
      name: 'a downgrade by someone other than the assignee',
      given: () => inReview(),
      event: downgrade(ray, 'CONFIDENTIAL'),
      message: /Only the reviewer assigned/,
    },
    {
      name: 'a caption the record does not carry',
      given: () => inReview(NODIS_CABLE_1976),
      event: decaption(rita, ['EXDIS']),
      message: /carries no EXDIS; its captions are NODIS/,
    },
    {
      name: 'a caption named twice',
      given: () => inReview(NODIS_CABLE_1976),
      event: decaption(rita, ['NODIS', 'NODIS']),
      message: /Name each caption to remove once/,
    },
    {
      name: 'an empty list when nothing is decaptioned',
      given: () => inReview(NODIS_CABLE_1976),
      event: decaption(rita, []),
      message: /No decaptioning is recorded/,
    },
  ];
  it.each(refusals)('refuses $name, and changes nothing', ({ given, event, message }) => {
    const before = given();
    const result = step(before, event);
    expect(!result.ok && result.violation.message).toMatch(message);
    const [unchanged] = transition(reviewMachine, restore(before), event);
    expect(unchanged.context).toEqual(before.context);
  });

  it('reads a review stored before these events existed as neither downgraded nor decaptioned', () => {
    const old = pendingApproval('RELEASE_IN_PART');
    const { downgradeTo: _d, decaptions: _c, ...context } = old.context;
    const approved = run({ ...old, context }, approve(sue));
    expect(approved.context.outcome?.currentClassification).toBe('CONFIDENTIAL');
  });
});
