import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A refresh token is `<session id>.<128 random bits>.<HMAC of both>`, base64url. The session id
 * lets a refresh find its session even when the token is no longer the current one; the HMAC,
 * keyed with a secret the server holds, tells a token the server issued (and rotated since: a
 * stolen token reused, which ends the session) from one made up by someone who read a session
 * id in an audit export (refused, ending nothing). Only the sha256 of a token is stored.
 *
 * The random-looking part is derived from the session and how often it has been rotated, keyed
 * with the same secret, so nobody without the key can predict it, yet the server can say again
 * which token a rotation gave: two refreshes of one token racing each other (two tabs, a retry)
 * get the same new token instead of ending the session as a theft.
 */
export interface IssuedRefreshToken {
  token: string;
  hash: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NONCE = /^[A-Za-z0-9_-]{22}$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;

/** The key refresh tokens are signed with, derived from the server's token secret. */
export function refreshTokenKey(serverSecret: string): Buffer {
  return createHmac('sha256', serverSecret).update('declass refresh token').digest();
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function mac(key: Buffer, sessionId: string, nonce: string): string {
  return createHmac('sha256', key).update(`${sessionId}.${nonce}`).digest('base64url');
}

/** The refresh token a session holds after `rotation` rotations (0: the one its login gave). */
export function refreshTokenFor(
  sessionId: string,
  rotation: number,
  key: Buffer,
): IssuedRefreshToken {
  const nonce = createHmac('sha256', key)
    .update(`nonce.${sessionId}.${rotation}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
  const token = `${sessionId}.${nonce}.${mac(key, sessionId, nonce)}`;
  return { token, hash: hashRefreshToken(token) };
}

/** The session a token names, or null when it is not a refresh token at all. */
export function sessionOfRefreshToken(token: string): string | null {
  const [sessionId, nonce, signature, ...rest] = token.split('.');
  if (rest.length > 0 || !sessionId || !nonce || !signature) return null;
  return UUID.test(sessionId) && NONCE.test(nonce) && MAC.test(signature) ? sessionId : null;
}

/** Whether the server issued this token (now or before a rotation), not someone who guessed it. */
export function issuedByUs(token: string, key: Buffer): boolean {
  const [sessionId, nonce, signature] = token.split('.');
  if (!sessionId || !nonce || !signature) return false;
  const expected = Buffer.from(mac(key, sessionId, nonce));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Compares two sha256 hex digests without leaking where they differ. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}
