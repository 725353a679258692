// The two-person rule across a return and a reassignment, and the rule behind PROPOSE.
import { ErrorCode } from '../../kernel/errors';
import { step } from './review.lifecycle';
import { checkEvent } from './review.rules';
import {
  rita,
  sam,
  sue,
  dana,
  assign,
  release,
  exempt,
  propose,
  approve,
  sendBack,
  run,
  queued,
  awaitingReferral,
} from './review.fixtures';

describe('the review machine, stepped through step()', () => {
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
