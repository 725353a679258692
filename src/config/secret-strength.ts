/**
 * The key that signs access tokens, refresh tokens and board cookies. Anyone who knows it can
 * mint an administrator's token, so a guessable one is refused wherever it is given, and a server
 * never falls back to a built-in value: only the local demo runs without JWT_SECRET, on a random
 * secret kept in its data directory.
 */
export const MIN_JWT_SECRET_LENGTH = 32;

/**
 * Shannon's estimate over the secret's own characters, in bits. It is a floor for obvious
 * mistakes (`aaaa…`, a short word repeated), not a measure of real randomness: 32 hexadecimal
 * characters from a random generator score about 110, 48 base64 characters about 250.
 */
const MIN_ESTIMATED_BITS = 80;

/** The value earlier versions used outside production: it is public, so it is never a secret. */
const PUBLISHED_SECRETS = ['declass-development-secret-not-for-production'];

export const SECRET_HINT = 'generate one with: openssl rand -base64 48';

export function estimatedBits(secret: string): number {
  const counts = new Map<string, number>();
  const chars = [...secret];
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    bits -= n * Math.log2(p);
  }
  return bits;
}

/** The secret repeats a shorter block (`abcabcabc…`, `passwordpassword…`). */
function isRepetition(secret: string): boolean {
  for (let size = 1; size <= secret.length / 2; size++) {
    if (secret.length % size === 0 && secret.slice(0, size).repeat(secret.length / size) === secret)
      return true;
  }
  return false;
}

/** What is wrong with a secret, or null when it may sign tokens. */
export function jwtSecretProblem(secret: string, name = 'JWT_SECRET'): string | null {
  if (secret.length < MIN_JWT_SECRET_LENGTH)
    return `${name} must be at least ${MIN_JWT_SECRET_LENGTH} characters long (${SECRET_HINT})`;
  if (PUBLISHED_SECRETS.some((published) => secret.includes(published)))
    return `${name} is a value published with declass, so anyone can sign tokens with it (${SECRET_HINT})`;
  if (isRepetition(secret) || estimatedBits(secret) < MIN_ESTIMATED_BITS)
    return `${name} is too easy to guess: it repeats too few different characters (${SECRET_HINT})`;
  return null;
}
