import 'reflect-metadata';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AuthService } from '../../../src/auth/application/auth.service';
import { createHttpApp } from '../../../src/http-app';
import { createTestEnv, type TestEnv } from '../../support/harness';
import { findChromium } from './find-chromium';

/**
 * A browser suite's world: the API (with the built web app) on an ephemeral port against a
 * database of its own, a Chromium (see find-chromium.ts) driven by playwright-core, and people to
 * sign in as.
 */

export const ROOT = join(__dirname, '..', '..', '..');
export const SCREENSHOTS = process.env.SCREENSHOTS === '1';

export interface Person {
  id: string;
  username: string;
  password: string;
  token: string;
}

export interface Tab {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

export interface Desk {
  baseUrl: string;
  app: INestApplication;
  env: TestEnv;
  browser: Browser;
  person(
    username: string,
    roles: string[],
    clearance?: string,
    caveats?: string[],
  ): Promise<Person>;
  /** A fresh browser context (its own storage) with its console watched. */
  open(viewport?: { width: number; height: number }): Promise<Tab>;
  /** Signs in through the login form and waits for the start page. */
  signIn(tab: Tab, who: Person): Promise<void>;
  api<T = unknown>(who: Person | null, method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startDesk(suite: string): Promise<Desk> {
  if (!existsSync(join(ROOT, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist is missing: run `npm run build` before the browser tests');
  }
  const found = await findChromium();
  const env = await createTestEnv(suite);
  const app = await createHttpApp(env.config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
  const baseUrl = `http://127.0.0.1:${port}`;
  // A fresh profile per suite: no cache, cookies or storage from any earlier run.
  const profile = mkdtempSync(join(tmpdir(), 'declass-chromium-'));
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    headless: true,
    ...(found.env ? { env: found.env } : {}),
    args: [
      ...found.args,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disk-cache-dir=${join(profile, 'cache')}`,
    ],
  });
  const contexts: BrowserContext[] = [];

  const api = async <T>(who: Person | null, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(who ? { authorization: `Bearer ${who.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };

  return {
    baseUrl,
    app,
    env,
    browser,
    api,
    async person(username, roles, clearance = 'SECRET', caveats = []) {
      const password = `pw-${username}-${randomBytes(4).toString('hex')}`;
      const created = await app
        .get(AuthService)
        .addUser({ username, password, roles, clearance, caveats });
      const { accessToken } = await api<{ accessToken: string }>(null, 'POST', '/auth/login', {
        username,
        password,
      });
      return { id: created.id, username, password, token: accessToken };
    },
    async open(viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport, acceptDownloads: true });
      contexts.push(context);
      // Fail in seconds, not half a minute: every page here answers from this machine.
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      return { page, context, errors };
    },
    async signIn(tab, who) {
      const { page } = tab;
      await page.goto(`${baseUrl}/login`);
      await page.getByLabel('Username').fill(who.username);
      await page.getByLabel('Password').fill(who.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('current-user').filter({ hasText: who.username }).waitFor();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await app.close();
      await env.drop();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot under docs/screenshots when the run asks for them (npm run screenshots). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  if (!SCREENSHOTS) return;
  const dir = join(ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  // Let fonts and layout settle so the picture shows what a person sees.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage });
}

/**
 * Every control has a name a screen reader can say: buttons, links, inputs, selects and text
 * areas without one are returned (as a short description) so a test can expect none.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const missing: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'button, a[href], input:not([type=hidden]), select, textarea, [role=button]',
    );
    for (const el of controls) {
      const labelled =
        (el.getAttribute('aria-label') ?? '').trim() ||
        (el.getAttribute('aria-labelledby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join('')
          .trim() ||
        ('labels' in el &&
          Array.from((el as HTMLInputElement).labels ?? [])
            .map((l) => l.textContent ?? '')
            .join('')
            .trim()) ||
        (el.tagName === 'BUTTON' || el.tagName === 'A' ? (el.textContent ?? '').trim() : '') ||
        (el.getAttribute('title') ?? '').trim();
      if (!labelled) missing.push(el.outerHTML.slice(0, 120));
    }
    return missing;
  });
}

/** Console errors other than the network refusals a test provoked on purpose. */
export function unexpected(errors: string[], expectedStatuses: number[] = []): string[] {
  return errors.filter(
    (e) => !expectedStatuses.some((s) => e.includes(`the server responded with a status of ${s}`)),
  );
}
