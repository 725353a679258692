import {
  inRefreshGrace,
  LOGIN_THROTTLE,
  recordsThrottle,
  REFRESH_GRACE_SECONDS,
  THROTTLE_RECORD_EVERY_SECONDS,
  throttleVerdict,
} from './auth-policy';

const now = new Date('2026-11-27T12:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const times = (n: number, every: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ago(from + i * every));

describe(throttleVerdict.name, () => {
  it('lets attempts through below both limits', () => {
    expect(throttleVerdict({ byUsername: times(4, 10), byAddress: times(19, 10) }, now)).toEqual({
      limited: false,
    });
  });

  it('throttles a username at its limit until the oldest counted failure leaves the window', () => {
    // Five failures 0, 60, … 240 s ago: the one 240 s ago leaves the 900 s window in 660 s.
    expect(throttleVerdict({ byUsername: times(5, 60), byAddress: [] }, now)).toEqual({
      limited: true,
      scope: 'username',
      retryAfterSeconds: LOGIN_THROTTLE.windowSeconds - 240,
    });
  });

  it('throttles an address at its limit, whatever the usernames', () => {
    expect(throttleVerdict({ byUsername: [], byAddress: times(20, 1) }, now)).toEqual({
      limited: true,
      scope: 'address',
      retryAfterSeconds: LOGIN_THROTTLE.windowSeconds - 19,
    });
  });

  it('answers with the longer wait when both limits are reached', () => {
    const verdict = throttleVerdict({ byUsername: times(5, 1), byAddress: times(20, 1, 100) }, now);
    // The username's oldest counted failure is 4 s old, the address's 119 s: the username waits longer.
    expect(verdict).toEqual({
      limited: true,
      scope: 'username',
      retryAfterSeconds: LOGIN_THROTTLE.windowSeconds - 4,
    });
  });

  it('ignores failures older than the window', () => {
    const old = times(10, 1, LOGIN_THROTTLE.windowSeconds);
    expect(throttleVerdict({ byUsername: old, byAddress: old }, now)).toEqual({ limited: false });
  });

  it('never asks to wait less than a second', () => {
    const edge = times(5, 0, LOGIN_THROTTLE.windowSeconds - 0.2);
    expect(throttleVerdict({ byUsername: edge, byAddress: [] }, now)).toMatchObject({
      retryAfterSeconds: 1,
    });
  });
});

describe(inRefreshGrace.name, () => {
  it('holds for the grace window after a rotation, and not for a session never rotated', () => {
    expect(inRefreshGrace(now, now)).toBe(true);
    expect(inRefreshGrace(ago(REFRESH_GRACE_SECONDS - 1), now)).toBe(true);
    expect(inRefreshGrace(ago(REFRESH_GRACE_SECONDS), now)).toBe(false);
    expect(inRefreshGrace(ago(-1), now)).toBe(false);
    expect(inRefreshGrace(null, now)).toBe(false);
  });
});

describe(recordsThrottle.name, () => {
  it('records the first refused attempt, then one a minute', () => {
    expect(recordsThrottle(null, now)).toBe(true);
    const tally = (secondsAgo: number) => ({ recordedAt: ago(secondsAgo), unrecorded: 7 });
    expect(recordsThrottle(tally(THROTTLE_RECORD_EVERY_SECONDS - 1), now)).toBe(false);
    expect(recordsThrottle(tally(THROTTLE_RECORD_EVERY_SECONDS), now)).toBe(true);
  });
});
