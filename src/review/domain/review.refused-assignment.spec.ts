// Refused events: assigning, and the assignee's decisions, referrals and referral answers.
import { transition } from 'xstate';
import { ErrorCode } from '../../kernel/errors';
import { restore, step } from './review.lifecycle';
import { reviewMachine } from './review.machine';
import {
  rita,
  ray,
  sam,
  sue,
  al,
  secretSupervisor,
  secretReviewer,
  supervisorWithoutNodis,
  reviewerWithoutNodis,
  MEMO_2010,
  TS_CABLE_1977,
  NODIS_CABLE_1976,
  AT,
  ON,
  assign,
  release,
  exempt,
  refer,
  respond,
  run,
  queued,
  inReview,
  awaitingReferral,
  twoReferralsOpen,
  type Refused,
} from './review.fixtures';

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
];

describe('the review machine, stepped through step()', () => {
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
});
