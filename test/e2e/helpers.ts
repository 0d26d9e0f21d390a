/**
 * Shared helpers of the browser end-to-end tests: a fresh temp database per test, `saban serve`
 * ready on its URL line (never a sleep), Debian's Chromium through playwright-core, the API called
 * like the renderer calls it, and the map probe (window.__sabanMap, renderer/src/features/map/MapProbe.tsx).
 * Register `cleanup()` in afterEach and `closeBrowser()` in afterAll.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const INDEX_HTML = path.join(ROOT, 'out/renderer/index.html');
export const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
export const CLI = path.join(ROOT, 'electron/cli/main.ts');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** What the renderer exposes for tests. */
export interface ProbeWindow {
  __sabanMap?: {
    featureCount(): number;
    selectedCode(): string | null;
    selectedCodes(): string[];
    clickUnit(code: string): void;
    pagePointOf(code: string): { x: number; y: number } | null;
    pagePointOfLonLat(lonLat: readonly [number, number]): { x: number; y: number };
    moving(): boolean;
    fillOf(code: string): string | null;
    pixelAt(code: string): [number, number, number, number] | null;
  };
  __lastPoint?: string;
}

/** A running `saban serve`. */
export interface Server {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly proc: ChildProcess;
  /**
   * The session of the account the helpers act as (an administrator, "Trực ban E2E"); `api()`
   * and `openApp()` use it. Empty when started with `{ signIn: false }`.
   */
  readonly session: string;
}

/** The account `startServer` signs in with (created by the first-run setup when none exists). */
export const E2E_ADMIN = { login: 'e2e', displayName: 'Trực ban E2E', password: 'mật khẩu e2e 2021' } as const;
/** The password `addUser` gives accounts. */
export const E2E_PASSWORD = 'mật khẩu người dùng';
/** Where the renderer keeps the browser host's session for its tab (see renderer/src/api.ts). */
const SESSION_KEY = 'saban.session';

/** A page of the app with the problems seen on it. */
export interface OpenPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Page errors, console errors and JS dialogs seen so far. */
  readonly problems: string[];
}

const cleanups: (() => Promise<void> | void)[] = [];
let browser: Browser | undefined;
let shotCount = 0;

/** Runs and forgets every registered cleanup, newest first. */
export async function cleanup(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await fn();
}

/** Registers a cleanup for the end of the current test. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

/** Launches the shared browser (checks the renderer is built). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(INDEX_HTML)) {
    throw new Error(`${INDEX_HTML} is missing: build the renderer first (npx vite build, or npm run build)`);
  }
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  return browser;
}

/** Closes the shared browser. */
export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

/** A fresh database path in its own temp folder, removed after the test. */
export function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-e2e-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'saban.db');
}

/** Runs a `saban` command on a database (synchronously; throws with its output on failure). */
export function saban(args: readonly string[]): string {
  return execFileSync(TSX, [CLI, ...args], { cwd: ROOT, stdio: 'pipe' }).toString();
}

/**
 * Starts `saban serve`; ready when it prints its URL line. Then signs in as {@link E2E_ADMIN}
 * (running the first-run setup, office unchanged, when the database has no account yet), unless
 * `signIn` is false.
 */
export async function startServer(db: string, options: { signIn?: boolean } = {}): Promise<Server> {
  const proc = spawn(TSX, [CLI, 'serve', '--db', db, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  );
  let stderr = '';
  proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (c: Buffer): void => {
      out += c.toString();
      const m = /^Sa Bàn: (http:\/\/\S+)$/m.exec(out);
      if (m?.[1]) {
        proc.stdout?.off('data', onData);
        resolve(m[1]);
      }
    };
    proc.stdout?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`saban serve exited (${code}) before ready:\n${out}\n${stderr}`)));
  });
  const parsed = new URL(url);
  const server = { url, origin: parsed.origin, token: parsed.searchParams.get('token') ?? '', proc, session: '' };
  if (options.signIn === false) return server;
  const status = await api<{ setupNeeded: boolean }>(server, 'auth.status', {});
  const signed = status.setupNeeded
    ? await api<{ session: string }>(server, 'setup.run', {
        admin: { login: E2E_ADMIN.login, displayName: E2E_ADMIN.displayName, password: E2E_ADMIN.password },
      })
    : await api<{ session: string }>(server, 'auth.login', { login: E2E_ADMIN.login, password: E2E_ADMIN.password });
  return { ...server, session: signed.session };
}

/** The raw answer of one API call, like the renderer makes it (with `server.session` unless given). */
export async function apiResult<T>(
  server: Server,
  method: string,
  input: unknown,
  session: string = server.session,
): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  const res = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.token}`,
      'content-type': 'application/json',
      ...(session ? { 'x-saban-session': session } : {}),
    },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
}

/** Calls the API like the renderer does, as the server's signed-in account. */
export async function api<T>(server: Server, method: string, input: unknown): Promise<T> {
  const body = await apiResult<T>(server, method, input);
  if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
  return body.value;
}

/** Creates an account (password {@link E2E_PASSWORD}) and returns a server signed in as it. */
export async function addUser(
  server: Server,
  login: string,
  role: 'admin' | 'operator' | 'border' | 'leader' | 'viewer',
  more: { displayName?: string; posts?: string[]; communes?: string[] } = {},
): Promise<Server> {
  await api(server, 'users.save', {
    login,
    displayName: more.displayName ?? login,
    role,
    posts: more.posts ?? [],
    communes: more.communes ?? [],
    password: E2E_PASSWORD,
  });
  const signed = await api<{ session: string }>(server, 'auth.login', { login, password: E2E_PASSWORD });
  return { ...server, session: signed.session };
}

/**
 * Opens the app in a fresh browser context (1400×850, Vietnamese locale), collecting problems,
 * signed in with `server.session` (none when the server was started with `{ signIn: false }`).
 */
export async function openApp(server: Server, options: { acceptDownloads?: boolean } = {}): Promise<OpenPage> {
  const b = await launchBrowser();
  const context = await b.newContext({
    viewport: { width: 1400, height: 850 },
    locale: 'vi-VN',
    acceptDownloads: options.acceptDownloads ?? false,
  });
  cleanups.push(() => context.close());
  if (server.session) {
    // Once per tab: a page that signs out and reloads stays signed out.
    const [key, value] = [JSON.stringify(SESSION_KEY), JSON.stringify(server.session)];
    await context.addInitScript({
      content: `if (!sessionStorage.getItem(${key} + '.seeded')) { sessionStorage.setItem(${key} + '.seeded', '1'); sessionStorage.setItem(${key}, ${value}); }`,
    });
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(server.url);
  return { page, context, problems };
}

/** Waits until the map holds features (exactly `count` when given). */
export async function waitForFeatures(page: Page, count?: number): Promise<void> {
  await page.waitForFunction((n) => {
    const m = (globalThis as unknown as ProbeWindow).__sabanMap;
    return !!m && (n === undefined ? m.featureCount() > 0 : m.featureCount() === n);
  }, count);
}

/** The primary selected code on the map. */
export const selectedOnMap = (page: Page): Promise<string | null> =>
  page.evaluate(() => (globalThis as unknown as ProbeWindow).__sabanMap?.selectedCode() ?? null);

/** A unit's label point in page pixels, once the view has stopped moving and resizing. */
export async function stablePoint(page: Page, code: string): Promise<{ x: number; y: number }> {
  const handle = await page.waitForFunction(
    (c) => {
      const w = globalThis as unknown as ProbeWindow;
      const m = w.__sabanMap;
      if (!m || m.moving()) return false;
      const p = m.pagePointOf(c);
      const key = JSON.stringify(p);
      const same = w.__lastPoint === key;
      w.__lastPoint = key;
      return same && p ? p : false;
    },
    code,
    { polling: 150 },
  );
  return (await handle.jsonValue()) as { x: number; y: number };
}

/** Screenshot into the OS temp dir (for a person to look at). */
export async function shot(page: Page, name: string): Promise<string> {
  const file = path.join(os.tmpdir(), `saban-e2e-${++shotCount}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Picks a district in the header chooser by typing `search` and clicking `name`. */
export async function chooseDistrict(page: Page, search: string, name: string): Promise<void> {
  const select = page.getByTestId('district-select');
  await select.click();
  await select.fill(search);
  await page.getByRole('option', { name, exact: true }).click();
  await expect.poll(() => select.inputValue()).toBe(name);
}
