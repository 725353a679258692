import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

/**
 * Which Chromium the browser tests drive, first found wins:
 *   1. CHROMIUM_PATH, when set (and then it must exist);
 *   2. Playwright's own browser (`npx playwright-core install chromium`), if it is installed;
 *   3. the system's: /usr/bin/chromium, or chromium, chromium-browser, google-chrome or
 *      google-chrome-stable on PATH;
 *   4. the headless build shipped inside the npm package @sparticuz/chromium (a devDependency,
 *      so `npm ci` brings it), unpacked to the temp directory on first use.
 */

export interface FoundChromium {
  /** Where the executable came from, for messages. */
  source: 'CHROMIUM_PATH' | 'playwright' | 'system' | '@sparticuz/chromium';
  executablePath: string;
  /** Flags this build wants in front of the suite's own (later flags win). */
  args: string[];
  /** The environment to launch it with, when it needs more than process.env. */
  env?: Record<string, string | undefined>;
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * @sparticuz/chromium's recommended flags are made for AWS Lambda; these would change what a
 * test sees, so they are left out: one process for everything (a crashed page takes the browser
 * down, and Playwright's contexts share it), the same-origin policy and site isolation switched
 * off, and its own headless mode (Playwright chooses that).
 */
const SPARTICUZ_FLAGS_LEFT_OUT = [
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--disable-features=',
  '--headless',
];

export async function findChromium(): Promise<FoundChromium> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
    }
    return { source: 'CHROMIUM_PATH', executablePath: fromEnv, args: [] };
  }
  const found = playwrightChromium() ?? systemChromium() ?? (await sparticuzChromium());
  if (found) return found;
  throw new Error(
    'No Chromium for the browser tests: set CHROMIUM_PATH to a Chromium or Chrome executable, ' +
      'or run `npm ci` to install the devDependency @sparticuz/chromium (a headless Chromium ' +
      'inside an npm package); a system Chromium on PATH or `npx playwright-core install ' +
      'chromium` also work.',
  );
}

/** The browser Playwright downloads for itself, if someone installed it. */
export function playwrightChromium(): FoundChromium | null {
  let path: string;
  try {
    path = chromium.executablePath();
  } catch {
    return null;
  }
  return path && isExecutable(path)
    ? { source: 'playwright', executablePath: path, args: [] }
    : null;
}

/** Debian's /usr/bin/chromium, or a Chromium or Chrome on PATH. */
export function systemChromium(): FoundChromium | null {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const candidates = [
    '/usr/bin/chromium',
    ...SYSTEM_NAMES.flatMap((n) => dirs.map((d) => join(d, n))),
  ];
  const path = candidates.find(isExecutable);
  return path ? { source: 'system', executablePath: path, args: [] } : null;
}

/** The headless Chromium inside @sparticuz/chromium, unpacked to the temp directory. */
export async function sparticuzChromium(): Promise<FoundChromium | null> {
  let Chromium: (typeof import('@sparticuz/chromium'))['default'];
  try {
    Chromium = (await import('@sparticuz/chromium')).default;
  } catch {
    return null; // not installed (npm ci brings it)
  }
  // No WebGL: the suites run with --disable-gpu, so skip its SwiftShader flags.
  Chromium.setGraphicsMode = false;
  const executablePath = await Chromium.executablePath();
  const args = Chromium.args.filter(
    (flag) => !SPARTICUZ_FLAGS_LEFT_OUT.some((left) => flag.startsWith(left)),
  );
  // Its build reads the system's fontconfig; where a machine has none, use the fonts it ships
  // (unpacked beside the executable, in the temp directory).
  const env = existsSync('/etc/fonts/fonts.conf')
    ? undefined
    : { ...process.env, FONTCONFIG_PATH: join(executablePath, '..', 'fonts') };
  return { source: '@sparticuz/chromium', executablePath, args, env };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
