/**
 * End-to-end tests of the real Electron app: window, app:// origin, sandbox, IPC bridge and the
 * navigation / new-window lockdown. They need the Electron binary, which `npm install` downloads;
 * where it is missing (offline installs, ELECTRON_SKIP_BINARY_DOWNLOAD=1) the suite is skipped
 * and says so — it never passes without running.
 *
 * Each launch gets a fresh database and a fresh profile folder (SABAN_HOME), so the single-
 * instance lock never collides with a Sa Bàn the developer has open.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/result';
import { ensureElectronSqlite, findElectronBinary } from '../../scripts/electron-native';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ELECTRON = findElectronBinary();

if (ELECTRON === null) {
  console.warn(
    'Electron binary not installed: Electron tests skipped / Chưa cài Electron: bỏ qua kiểm thử Electron ' +
      '(run `npm install` where Electron can be downloaded; without it npm leaves the optional package out)',
  );
}

/**
 * The page's global object as these tests use it (preload bridge, renderer map probe). The root
 * tsconfig has no DOM library, so page functions reach it as `globalThis`.
 */
interface TestWindow {
  saban?: { invoke(method: string, input: unknown): Promise<Result<unknown>> };
  __sabanMap?: { featureCount(): number };
  require?: unknown;
  process?: unknown;
  location: { href: string; protocol: string };
  open(url: string): unknown;
}

describe.skipIf(ELECTRON === null)('Electron app', () => {
  let app: ElectronApplication;
  let page: Page;
  let dir: string;
  let db: string;

  beforeAll(async () => {
    // Build first so the test runs what `npm start` would (the test script also builds).
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    expect(build.status).toBe(0);
    const binding = await ensureElectronSqlite();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-electron-'));
    db = path.join(dir, 'saban.sqlite');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    app = await _electron.launch({
      executablePath: ELECTRON!,
      // Chromium refuses to start as root with its OS sandbox (CI containers); the renderer's
      // `sandbox: true` (no Node in the preload) is unaffected by this switch.
      args: [ROOT, '--db', db, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: ROOT,
      env: { ...env, SABAN_HOME: path.join(dir, 'profile'), SABAN_SQLITE_BINDING: binding },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens one window titled Sa Bàn, loaded from app://saban', async () => {
    const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.getTitle()));
    expect(title).toEqual(['Sa Bàn']);
    expect(page.url()).toMatch(/^app:\/\/saban\//);
  });

  it('renders the training district on the map of a new database', async () => {
    await page.waitForFunction(() => ((globalThis as unknown as TestWindow).__sabanMap?.featureCount() ?? 0) > 0);
    const info = await page.evaluate(() => (globalThis as unknown as TestWindow).saban!.invoke('app.info', {}));
    expect(info).toMatchObject({ ok: true, value: { dbPath: db, trainingOnly: true } });
  });

  it('exposes window.saban but no Node: no require, no process', async () => {
    const seen = await page.evaluate(() => {
      const w = globalThis as unknown as TestWindow;
      return { invoke: typeof w.saban?.invoke, require: typeof w.require, process: typeof w.process };
    });
    expect(seen).toEqual({ invoke: 'function', require: 'undefined', process: 'undefined' });
  });

  it('returns errors as envelopes through IPC', async () => {
    const r = await page.evaluate(() => (globalThis as unknown as TestWindow).saban!.invoke('no.such.method', {}));
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('blocks navigation away from app://saban', async () => {
    // Readiness signal: main's will-navigate event for the attempt (our handler cancels it).
    const attempted = app.evaluate(
      ({ BrowserWindow }) =>
        new Promise<string>((resolve) => {
          BrowserWindow.getAllWindows()[0]!.webContents.once('will-navigate', (e) => resolve(e.url));
        }),
    );
    await page.evaluate(() => {
      (globalThis as unknown as TestWindow).location.href = 'https://example.com/';
    });
    expect(await attempted).toBe('https://example.com/');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.getURL())).toMatch(
      /^app:\/\/saban\//,
    );
    expect(await page.evaluate(() => (globalThis as unknown as TestWindow).location.protocol)).toBe('app:');
  });

  it('denies window.open; only http(s) links go to the system browser', async () => {
    // Stub the system browser so the test never opens one.
    await app.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as { __opened?: string[] }).__opened = opened;
      shell.openExternal = (url: string) => {
        opened.push(url);
        return Promise.resolve();
      };
    });
    const results = await page.evaluate(() =>
      ['https://example.com/', 'about:blank', 'file:///etc/passwd', 'javascript:1'].map(
        (u) => (globalThis as unknown as TestWindow).open(u) === null,
      ),
    );
    expect(results).toEqual([true, true, true, true]);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    expect(await app.evaluate(() => (globalThis as { __opened?: string[] }).__opened)).toEqual([
      'https://example.com/',
    ]);
  });
});
