import { execFile, spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AppConfig } from '../../src/config/config';
import { createHttpApp } from '../../src/http-app';
import { serviceEnv } from './bench-setup';

/** The API under test, listening on 127.0.0.1:port. */
export interface Api {
  port: number;
  /** The API's own process; null when it runs in the bench's (`--in-process`). */
  pid: number | null;
  /** Stops it; safe to call more than once. */
  stop(): Promise<void>;
}

/** The API's process did not come up: the message says why, with the end of its stderr. */
export class ApiBootFailure extends Error {
  override name = 'ApiBootFailure';
}

const BOOT_TIMEOUT_MS = 30_000;
const KILL_AFTER_MS = 5_000;
const TAIL_LINES = 50;
// Compiled, this file is dist/bench/support/api.js; the service's entry points are in dist/src.
const MAIN = join(__dirname, '..', '..', 'src', 'main.js');
const CLI = join(__dirname, '..', '..', 'src', 'cli.js');

/** What the API and the CLI run with: the bench's database and queue prefix, errors logged only. */
function apiEnv(config: AppConfig): NodeJS.ProcessEnv {
  return serviceEnv(config, { LOG_LEVEL: 'error' });
}

/** A port nobody listens on right now: the kernel picks one and we let it go. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** null when GET /api/health answers 200; otherwise what it answered, or why it did not. */
async function unhealthy(port: number): Promise<string | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, {
      signal: AbortSignal.timeout(2_000),
    });
    const body = await res.text();
    return res.status === 200 ? null : `${res.status} ${body}`;
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    return code ?? (err instanceof Error ? err.message : String(err));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The API as deployed: `node dist/src/main.js` (what `npm start` runs) in a process of its own,
 * on a free port. The last lines of its stderr are kept for the error message if it fails, and
 * copied to ours with `passLog`. Resolves once GET /api/health answers 200; stop() sends SIGTERM,
 * then SIGKILL after 5 s.
 */
export async function startApiProcess(config: AppConfig, passLog: boolean): Promise<Api> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...apiEnv(config), PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (passLog) process.stderr.write(chunk);
    tail = (tail + chunk)
      .split('\n')
      .slice(-TAIL_LINES - 1)
      .join('\n');
  });
  const stderrTail = () =>
    tail.trim() ? `; its stderr ends:\n${tail.trimEnd()}` : '; nothing on its stderr';

  let exit = null as string | null; // how it ended, once it has (set in the handler below)
  let running = false; // booted and not being stopped: an exit now is news
  const closed = new Promise<void>((resolve) =>
    child.once('close', (code, signal) => {
      exit = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      if (running) console.error(`[bench] the API (pid ${child.pid}) ${exit}${stderrTail()}`);
      resolve();
    }),
  );
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    running = false;
    return (stopping ??= (async () => {
      if (exit) return;
      const force = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      child.kill('SIGTERM');
      await closed;
      clearTimeout(force);
    })());
  };

  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  for (;;) {
    const answer = await unhealthy(port);
    if (answer === null) {
      running = true;
      return { port, pid: child.pid!, stop };
    }
    const failure = exit
      ? `${exit} while booting`
      : Date.now() > deadline
        ? `gave no 200 on GET /api/health within ${BOOT_TIMEOUT_MS / 1000} s (last: ${answer})`
        : null;
    if (failure) {
      await stop();
      throw new ApiBootFailure(`the API (node ${MAIN}, port ${port}) ${failure}${stderrTail()}`);
    }
    await sleep(200);
  }
}

/**
 * `--in-process`: the API in the bench's own process and event loop (createHttpApp, 127.0.0.1,
 * an ephemeral port), as the SQL and V8 profilers need. Logs errors with `passLog`, else nothing.
 */
export async function startApiInProcess(config: AppConfig, passLog: boolean): Promise<Api> {
  // Nest ends the process itself (exit 1, silently with logging off) when the app cannot boot.
  const bootHint = (code: number) => {
    if (code !== 0) {
      console.error(
        `bench failed: the API exited (code ${code}) while booting; its logs are off in the bench — ` +
          'rerun with --api-log to see why',
      );
    }
  };
  process.on('exit', bootHint);
  const app = await createHttpApp(
    { ...config, logLevel: 'error' },
    passLog ? {} : { logger: false },
  );
  process.off('exit', bootHint);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    await app.close();
    throw err;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { port, pid: null, stop: () => app.close() };
}

/** Adds a user the way an operator does: `node dist/src/cli.js users:add …`. */
export async function addUserWithCli(
  config: AppConfig,
  user: { username: string; password: string; roles: string[]; clearance: string },
): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [
      CLI,
      'users:add',
      '--username',
      user.username,
      '--password',
      user.password,
      '--roles',
      user.roles.join(','),
      '--clearance',
      user.clearance,
    ],
    { env: apiEnv(config) },
  );
}
