// The review machine stepped through step(): the events each state accepts, and what they do.
import { step } from './review.lifecycle';
import {
  rita,
  ray,
  sam,
  sue,
  ada,
  uncleared,
  MEMO_2010,
  NODIS_CABLE_1976,
  LOU_CABLE_1975,
  AT,
  JUSTIFICATION,
  assign,
  release,
  exempt,
  refer,
  respond,
  propose,
  approve,
  sendBack,
  close,
  run,
  queued,
  inReview,
  allReleased,
  mixed,
  allExempt,
  awaitingReferral,
  twoReferralsOpen,
  pendingApproval,
  returned,
  notify,
  type Accepted,
} from './review.fixtures';

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
});
