import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const DIST = resolve(__dirname, '../../dist/src');

/**
 * The API and the worker as deployed (`npm start`, `npm run start:worker`) do not start without
 * a signing secret of their own, and say how to make one, before they touch a database.
 */
describe('a server without a usable JWT_SECRET', () => {
  const boot = (script: string, jwtSecret: string | undefined) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // Nobody listens there: a process that got as far as the database would hang, not exit.
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/declass',
      NODE_ENV: 'development',
    };
    if (jwtSecret === undefined) delete env.JWT_SECRET;
    else env.JWT_SECRET = jwtSecret;
    return spawnSync(process.execPath, [resolve(DIST, script)], {
      env,
      encoding: 'utf8',
      timeout: 20_000,
    });
  };

  beforeAll(() => {
    if (!existsSync(resolve(DIST, 'main.js'))) throw new Error('run `npm run build` first');
  });

  it.each(['main.js', 'worker.js'])('%s exits 1 when it is unset', (script) => {
    const result = boot(script, undefined);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/JWT_SECRET is required/);
    expect(result.stderr).toMatch(/openssl rand -base64 48/);
  });

  it.each(['main.js', 'worker.js'])('%s exits 1 when it is guessable', (script) => {
    const result = boot(script, 'declass'.repeat(6));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/JWT_SECRET is too easy to guess/);
  });
});
