import { randomUUID } from 'node:crypto';
import {
  hashRefreshToken,
  issuedByUs,
  refreshTokenFor,
  refreshTokenKey,
  sameHash,
  sessionOfRefreshToken,
} from './refresh-token';

const KEY = refreshTokenKey('a server secret of thirty-two characters or more');

describe('refresh tokens', () => {
  it('name their session and are stored only as a sha256', () => {
    const sessionId = randomUUID();
    const { token, hash } = refreshTokenFor(sessionId, 0, KEY);
    expect(sessionOfRefreshToken(token)).toBe(sessionId);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashRefreshToken(token));
    expect(hash).not.toContain(token.split('.')[1]);
  });

  it('differ for every rotation and every session, and can be said again by the server only', () => {
    const sessionId = randomUUID();
    const tokens = [0, 1, 2].map((n) => refreshTokenFor(sessionId, n, KEY).token);
    tokens.push(refreshTokenFor(randomUUID(), 0, KEY).token);
    expect(new Set(tokens).size).toBe(4);
    expect(refreshTokenFor(sessionId, 1, KEY).token).toBe(tokens[1]);
    const otherKey = refreshTokenKey('another server secret, thirty-two chars');
    expect(refreshTokenFor(sessionId, 1, otherKey).token.split('.')[1]).not.toBe(
      tokens[1]!.split('.')[1],
    );
  });

  it('tell a token the server issued from one made up around a known session id', () => {
    const sessionId = randomUUID();
    const { token } = refreshTokenFor(sessionId, 0, KEY);
    expect(issuedByUs(token, KEY)).toBe(true);
    const [, nonce, signature] = token.split('.');
    const forged = `${sessionId}.${nonce}.${'A'.repeat(43)}`;
    expect(sessionOfRefreshToken(forged)).toBe(sessionId);
    expect(issuedByUs(forged, KEY)).toBe(false);
    expect(issuedByUs(`${randomUUID()}.${nonce}.${signature}`, KEY)).toBe(false);
    expect(issuedByUs(token, refreshTokenKey('another server secret, thirty-two chars'))).toBe(
      false,
    );
  });

  it.each([
    ['an access token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'],
    ['a bare uuid', randomUUID()],
    ['a short nonce', `${randomUUID()}.abc.${'A'.repeat(43)}`],
    ['the old two-part form', `${randomUUID()}.${'A'.repeat(43)}`],
    ['a non-uuid session', `not-a-session.${'A'.repeat(22)}.${'A'.repeat(43)}`],
    ['an extra part', `${randomUUID()}.${'A'.repeat(22)}.${'A'.repeat(43)}.x`],
  ])('refuses %s as a refresh token', (_label, token) => {
    expect(sessionOfRefreshToken(token)).toBeNull();
  });

  it('compares digests, and only well-formed ones', () => {
    const a = hashRefreshToken('a');
    expect(sameHash(a, hashRefreshToken('a'))).toBe(true);
    expect(sameHash(a, hashRefreshToken('b'))).toBe(false);
    expect(sameHash(a, 'zz')).toBe(false);
  });
});
