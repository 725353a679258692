import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Settings } from './config';
import { jwtSecretProblem, SECRET_HINT } from './secret-strength';

export interface SignedSettings extends Settings {
  jwtSecret: string;
}

/**
 * The API and the worker need JWT_SECRET: both sign or check what the other one signed, and
 * every process of a deployment must share it.
 */
export function requireJwtSecret(settings: Settings): SignedSettings {
  if (settings.jwtSecret === null)
    throw new ConfigError([
      `JWT_SECRET is required to run the API or the worker: 32 or more random characters, the same in every process (${SECRET_HINT}). Only \`npm run demo\` runs without it.`,
    ]);
  return { ...settings, jwtSecret: settings.jwtSecret };
}

/**
 * The demo's secret: JWT_SECRET when given, otherwise a random one made on the first start and
 * kept, readable by its owner only, in the data directory, so a restart keeps everyone signed in.
 */
export function demoJwtSecret(settings: Settings): {
  settings: SignedSettings;
  /** The file the secret was read from or written to; absent when JWT_SECRET gave it. */
  file?: string;
} {
  if (settings.jwtSecret !== null)
    return { settings: { ...settings, jwtSecret: settings.jwtSecret } };
  mkdirSync(settings.dataDir, { recursive: true, mode: 0o700 });
  const file = join(settings.dataDir, 'jwt-secret');
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
    // A copy that others could read is not a secret any more: narrow it, as ssh refuses to.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    secret = randomBytes(48).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  }
  const problem = jwtSecretProblem(secret);
  if (problem)
    throw new ConfigError([`${file} does not hold a usable secret: delete it to make a new one`]);
  return { settings: { ...settings, jwtSecret: secret }, file };
}

/**
 * CLI commands that never serve HTTP (migrate, import, export, verify) sign nothing that
 * outlives them, so they run on a secret of their own that nobody else ever sees.
 */
export function ephemeralJwtSecret(settings: Settings): SignedSettings {
  return { ...settings, jwtSecret: settings.jwtSecret ?? randomBytes(48).toString('base64url') };
}
