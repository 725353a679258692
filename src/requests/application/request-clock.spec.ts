import { adjustedRequestClock, openingRequestClock } from './request-clock';

describe('a request’s clock', () => {
  it('gives FOIA 20 working days, skipping weekends and the holidays of the year end', () => {
    // Received Thursday 17 December 2026: Christmas (Friday) and New Year's Day (Friday) are skipped.
    const clock = openingRequestClock('FOIA', '2026-12-17', 'simple');
    expect(clock.dueOn).toBe('2027-01-19');
    expect(clock.explanation[0]).toContain('20 working days');
  });

  it('says by when an expedited FOIA request’s expedition is decided', () => {
    const clock = openingRequestClock('FOIA', '2026-12-24', 'expedited');
    expect(clock.explanation[1]).toContain('decided by 2027-01-03, 10 calendar days after receipt');
  });

  it('gives MDR one year, 180 days when NARA forwarded it, and an MDR appeal 60 working days', () => {
    expect(openingRequestClock('MDR', '2026-12-31', 'simple').dueOn).toBe('2027-12-31');
    expect(
      openingRequestClock('MDR', '2026-12-31', 'simple', { forwardedByNara: true }).dueOn,
    ).toBe('2027-06-29');
    expect(
      openingRequestClock('APPEAL', '2026-12-01', 'simple', { appealOf: 'MDR' }).explanation[0],
    ).toContain('60 working days');
  });

  it('extends once by ten working days and refuses a second extension with the rule', () => {
    const clock = openingRequestClock('FOIA', '2026-12-01', 'simple');
    const extended = adjustedRequestClock('FOIA', 'simple', clock, {
      type: 'EXTEND',
      on: '2026-12-02',
      reason: 'field office',
    });
    expect(extended.dueOn! > clock.dueOn!).toBe(true);
    expect(() =>
      adjustedRequestClock('FOIA', 'simple', extended, {
        type: 'EXTEND',
        on: '2026-12-03',
        reason: 'again',
      }),
    ).toThrow(/already extended by 10 working days/);
  });

  it('stops while tolled and keeps the days that were left', () => {
    const clock = openingRequestClock('FOIA', '2026-12-01', 'simple');
    const tolled = adjustedRequestClock('FOIA', 'simple', clock, {
      type: 'TOLL',
      on: '2026-12-01',
      reason: 'which years?',
      basis: 'INFORMATION',
    });
    expect(tolled.tolled).toBe(true);
    expect(tolled.dueOn).toBeNull();
    const resumed = adjustedRequestClock('FOIA', 'simple', tolled, {
      type: 'RESUME',
      on: '2026-12-01',
    });
    expect(resumed.dueOn).toBe(clock.dueOn);
  });
});
