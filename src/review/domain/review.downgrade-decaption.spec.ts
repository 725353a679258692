// Downgrading and decaptioning what a review keeps withheld.
import { transition } from 'xstate';
import type { Classification } from '../../kernel/classification';
import { restore, step, type PersistedReview } from './review.lifecycle';
import { reviewMachine } from './review.machine';
import type { DecaptionEvent, DowngradeEvent, DocumentFacts, ReviewEvent } from './review.types';
import type { Actor } from '../../kernel/actor';
import {
  rita,
  ray,
  sam,
  sue,
  dana,
  CABLE_1977,
  TS_CABLE_1977,
  NODIS_CABLE_1976,
  AT,
  ON,
  assign,
  release,
  exempt,
  propose,
  approve,
  run,
  inReview,
  pendingApproval,
} from './review.fixtures';

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
