import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';
import { demoJwtSecret, ephemeralJwtSecret, requireJwtSecret } from './jwt-secret';
import { jwtSecretProblem } from './secret-strength';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('JWT_SECRET', () => {
  it.each([
    ['shorter than 32 characters', 'x7Qp2mZr9', /at least 32 characters/],
    ['one character repeated', 'a'.repeat(32), /too easy to guess/],
    ['a word repeated', 'password'.repeat(4), /too easy to guess/],
    ['two characters alternating', 'ab'.repeat(20), /too easy to guess/],
    [
      'the development value earlier versions fell back to',
      'declass-development-secret-not-for-production',
      /published with declass/,
    ],
  ])('is refused at boot when %s, with the command that makes a good one', (_l, secret, why) => {
    const problems = problemsOf({ JWT_SECRET: secret });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(why);
    expect(problems[0]).toMatch(/openssl rand -base64 48/);
  });

  it('accepts what a random generator gives, in hexadecimal or base64', () => {
    for (let i = 0; i < 200; i++) {
      expect(jwtSecretProblem(randomBytes(16).toString('hex'))).toBeNull();
      expect(jwtSecretProblem(randomBytes(48).toString('base64'))).toBeNull();
    }
    expect(loadConfig({ JWT_SECRET: 'Zs0c8V1qk4B7yPq2Lr6tWn3Xe5Hj9Ua0' }).jwtSecret).toBe(
      'Zs0c8V1qk4B7yPq2Lr6tWn3Xe5Hj9Ua0',
    );
  });

  it('is never filled in with a built-in value when unset', () => {
    expect(loadConfig({}).jwtSecret).toBeNull();
    expect(loadConfig({ NODE_ENV: 'development' }).jwtSecret).toBeNull();
  });

  it('is required by the API and the worker, and the error says how to make one', () => {
    expect(() => requireJwtSecret(loadConfig({}))).toThrow(ConfigError);
    expect(() => requireJwtSecret(loadConfig({}))).toThrow(
      /JWT_SECRET is required .* openssl rand -base64 48/,
    );
    const secret = randomBytes(48).toString('base64url');
    expect(requireJwtSecret(loadConfig({ JWT_SECRET: secret })).jwtSecret).toBe(secret);
  });

  it('gives each offline command a secret of its own when unset', () => {
    const a = ephemeralJwtSecret(loadConfig({})).jwtSecret;
    const b = ephemeralJwtSecret(loadConfig({})).jwtSecret;
    expect(jwtSecretProblem(a)).toBeNull();
    expect(a).not.toBe(b);
  });

  describe('of the demo', () => {
    let dataDir: string;
    beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'declass-secret-'))));
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it('is made at random on the first start, readable by its owner only, and kept for the next', () => {
      const first = demoJwtSecret(loadConfig({ DECLASS_DATA_DIR: dataDir }));
      expect(first.file).toBe(join(dataDir, 'jwt-secret'));
      expect(jwtSecretProblem(first.settings.jwtSecret)).toBeNull();
      expect(statSync(first.file!).mode & 0o777).toBe(0o600);

      const second = demoJwtSecret(loadConfig({ DECLASS_DATA_DIR: dataDir }));
      expect(second.settings.jwtSecret).toBe(first.settings.jwtSecret);

      const other = mkdtempSync(join(tmpdir(), 'declass-secret-'));
      try {
        const elsewhere = demoJwtSecret(loadConfig({ DECLASS_DATA_DIR: other }));
        expect(elsewhere.settings.jwtSecret).not.toBe(first.settings.jwtSecret);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('is the one JWT_SECRET gives, when given, and no file is written', () => {
      const secret = randomBytes(48).toString('base64url');
      const given = demoJwtSecret(loadConfig({ DECLASS_DATA_DIR: dataDir, JWT_SECRET: secret }));
      expect(given.settings.jwtSecret).toBe(secret);
      expect(given.file).toBeUndefined();
      expect(() => statSync(join(dataDir, 'jwt-secret'))).toThrow(/ENOENT/);
    });

    it('narrows a kept file that others could read', () => {
      const file = join(dataDir, 'jwt-secret');
      const secret = randomBytes(48).toString('base64url');
      writeFileSync(file, `${secret}\n`);
      chmodSync(file, 0o644);
      expect(demoJwtSecret(loadConfig({ DECLASS_DATA_DIR: dataDir })).settings.jwtSecret).toBe(
        secret,
      );
      expect(statSync(file).mode & 0o777).toBe(0o600);
    });

    it('refuses a kept file that holds a guessable value, and says to delete it', () => {
      const file = join(dataDir, 'jwt-secret');
      writeFileSync(file, 'a'.repeat(40), { mode: 0o600 });
      expect(() => demoJwtSecret(loadConfig({ DECLASS_DATA_DIR: dataDir }))).toThrow(
        /does not hold a usable secret: delete it/,
      );
      expect(readFileSync(file, 'utf8')).toBe('a'.repeat(40));
    });
  });
});
