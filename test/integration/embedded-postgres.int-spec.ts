import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve, join } from 'node:path';

const CLI = resolve(__dirname, '../../dist/src/cli.js');

/**
 * With no DATABASE_URL the CLI (and the demo) start the embedded PostgreSQL under the data
 * directory, which is private because it holds the demo's signing secret. As root the server runs
 * as `postgres`, which must still reach its files through that directory.
 */
describe('the embedded PostgreSQL under a private data directory', () => {
  let dataDir: string;

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error('run `npm run build` first');
    // mkdtemp makes it 0700, as the demo makes `.declass`.
    dataDir = mkdtempSync(join(tmpdir(), 'declass-private-'));
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, migrates and stops, and others still cannot list or write the directory', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DECLASS_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const result = spawnSync(process.execPath, [CLI, 'db:migrate'], {
      env,
      encoding: 'utf8',
      timeout: 110_000,
    });
    // The server's own error, if any, is in stderr: shown when the status is wrong.
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { applied: string[] };
    expect(summary.applied).toContain('CreateSchema1764281000000');
    expect(statSync(dataDir).mode & 0o006).toBe(0);
  }, 120_000);
});
