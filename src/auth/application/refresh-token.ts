import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A refresh token is `<session id>.<256 random bits, base64url>`. The session id lets a refresh
 * find its session even when the token is no longer the current one, which is how the reuse of a
 * rotated (stolen) token is noticed. Only the sha256 of a token is stored.
 */
export interface IssuedRefreshToken {
  token: string;
  hash: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function issueRefreshToken(sessionId: string): IssuedRefreshToken {
  const token = `${sessionId}.${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashRefreshToken(token) };
}

/** The session a token names, or null when it is not a refresh token at all. */
export function sessionOfRefreshToken(token: string): string | null {
  const [sessionId, secret, ...rest] = token.split('.');
  if (rest.length > 0 || !sessionId || !secret) return null;
  return UUID.test(sessionId) && SECRET.test(secret) ? sessionId : null;
}

/** Compares two sha256 hex digests without leaking where they differ. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}
