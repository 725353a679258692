// Restricted Data and records unclassified now: outcomes the agency may not reach on its own.
import { ErrorCode } from '../../kernel/errors';
import { startReview, step } from './review.lifecycle';
import type { DocumentFacts } from './review.types';
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
  inputFor,
  run,
  inReview,
} from './review.fixtures';

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
