/**
 * How long logins last and how many failed attempts they tolerate. Throttling reads the audit
 * trail (every attempt is already an audit event), so it holds across API processes and restarts
 * without a store of its own.
 */

/** A session ends this long after its login, however often its refresh token is rotated. */
export const SESSION_LIFETIME_SECONDS = 12 * 3600;

/**
 * How long after a rotation the refresh token it retired still answers, with the token that
 * replaced it: long enough for two requests sent together to both succeed, too short to be worth
 * stealing. Later, the retired token is a theft and ends the session.
 */
export const REFRESH_GRACE_SECONDS = 10;

/** Whether a retired refresh token presented `now` is still inside its grace window. */
export function inRefreshGrace(rotatedAt: Date | null, now: Date): boolean {
  if (rotatedAt === null) return false;
  const ms = now.getTime() - rotatedAt.getTime();
  return ms >= 0 && ms < REFRESH_GRACE_SECONDS * 1000;
}

export const LOGIN_THROTTLE = {
  /** Failures counted back this far. */
  windowSeconds: 15 * 60,
  /** Failed logins for one username (since its last successful login) before it is throttled. */
  perUsername: 5,
  /** Failed logins from one client address, whatever the usernames, before it is throttled. */
  perAddress: 20,
} as const;

/**
 * A throttled client may keep trying; the audit trail records its refused attempts once this
 * often per username or address, each event with how many attempts it stands for.
 */
export const THROTTLE_RECORD_EVERY_SECONDS = 60;

/** Refused attempts of one username or address not yet in the audit trail. */
export interface ThrottleTally {
  recordedAt: Date;
  unrecorded: number;
}

/** Whether a refused attempt `now` writes an audit event, or only adds to the tally. */
export function recordsThrottle(tally: ThrottleTally | null, now: Date): boolean {
  return (
    tally === null ||
    now.getTime() - tally.recordedAt.getTime() >= THROTTLE_RECORD_EVERY_SECONDS * 1000
  );
}

export type ThrottleScope = 'username' | 'address';

export type ThrottleVerdict =
  { limited: false } | { limited: true; scope: ThrottleScope; retryAfterSeconds: number };

/** The recent failures, newest first, at most `limit` of each kind. */
export interface RecentFailures {
  byUsername: readonly Date[];
  byAddress: readonly Date[];
}

/**
 * Whether one more attempt may check a password. With `limit` failures inside the window the
 * next attempt waits until the oldest of them leaves it; the longer wait of the two scopes wins.
 */
export function throttleVerdict(
  failures: RecentFailures,
  now: Date,
  policy: { windowSeconds: number; perUsername: number; perAddress: number } = LOGIN_THROTTLE,
): ThrottleVerdict {
  const waits: { scope: ThrottleScope; seconds: number }[] = [];
  const check = (scope: ThrottleScope, times: readonly Date[], limit: number) => {
    const inWindow = times.filter((t) => now.getTime() - t.getTime() < policy.windowSeconds * 1000);
    if (inWindow.length < limit) return;
    const oldestCounted = Math.min(...inWindow.slice(0, limit).map((t) => t.getTime()));
    const ms = oldestCounted + policy.windowSeconds * 1000 - now.getTime();
    waits.push({ scope, seconds: Math.max(1, Math.ceil(ms / 1000)) });
  };
  check('username', failures.byUsername, policy.perUsername);
  check('address', failures.byAddress, policy.perAddress);
  if (waits.length === 0) return { limited: false };
  const longest = waits.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  return { limited: true, scope: longest.scope, retryAfterSeconds: longest.seconds };
}
