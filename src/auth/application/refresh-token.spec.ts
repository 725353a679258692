import { randomUUID } from 'node:crypto';
import {
  hashRefreshToken,
  issueRefreshToken,
  sameHash,
  sessionOfRefreshToken,
} from './refresh-token';

describe('refresh tokens', () => {
  it('name their session and are stored only as a sha256', () => {
    const sessionId = randomUUID();
    const { token, hash } = issueRefreshToken(sessionId);
    expect(sessionOfRefreshToken(token)).toBe(sessionId);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashRefreshToken(token));
    expect(hash).not.toContain(token.split('.')[1]);
  });

  it('are never issued twice alike', () => {
    const sessionId = randomUUID();
    expect(issueRefreshToken(sessionId).token).not.toBe(issueRefreshToken(sessionId).token);
  });

  it.each([
    ['an access token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'],
    ['a bare uuid', randomUUID()],
    ['a short secret', `${randomUUID()}.abc`],
    ['a non-uuid session', `not-a-session.${'A'.repeat(43)}`],
    ['an extra part', `${randomUUID()}.${'A'.repeat(43)}.x`],
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
