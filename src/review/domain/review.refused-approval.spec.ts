// Refused events: proposing, approving, returning and closing.
import { ErrorCode } from '../../kernel/errors';
import {
  rita,
  ray,
  sam,
  sue,
  dana,
  al,
  secretSupervisor,
  supervisorWithoutNodis,
  TS_CABLE_1977,
  NODIS_CABLE_1976,
  MEMO_2001,
  JUSTIFICATION,
  assign,
  release,
  exempt,
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
  pendingApproval,
  expectRefused,
  type Refused,
} from './review.fixtures';

const refused: Refused[] = [
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
  describe('refused events', () => {
    it.each(refused)('$name', expectRefused);
  });
});
