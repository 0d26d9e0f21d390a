/**
 * Browser end-to-end tests of the renderer against the real engine through the loopback HTTP host.
 * Each test gets a fresh database and server; the browser is shared, each test has a fresh context.
 * Needs a built renderer (out/renderer): `npx vite build` (the test script builds first).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INDEX_HTML = path.join(ROOT, 'out/renderer/index.html');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'electron/cli/main.ts');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const BAC_LIEU = sharedFile('boundaries', 'communes_95_bac-lieu.geojson');
const LONG_DIEN_DONG = '31975';
const HTML_NAME = '<img src=x onerror=alert(1)>';
const available = sharedDataAvailable();

/** What the renderer exposes for tests (renderer/src/components/MapView.tsx). */
interface ProbeWindow {
  __sabanMap?: {
    featureCount(): number;
    selectedCode(): string | null;
    clickUnit(code: string): void;
    pagePointOf(code: string): { x: number; y: number } | null;
    moving(): boolean;
  };
  __lastPoint?: string;
}

interface Server {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly proc: ChildProcess;
}

const cleanups: (() => Promise<void> | void)[] = [];
let browser: Browser | undefined;
let shotCount = 0;

function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-e2e-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'saban.db');
}

function importBacLieu(db: string): void {
  execFileSync(TSX, [CLI, 'import-boundaries', BAC_LIEU, '--db', db], { cwd: ROOT, stdio: 'pipe' });
}

/** Starts `saban serve`; ready when it prints its URL line (never a sleep). */
async function startServer(db: string): Promise<Server> {
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
  return { url, origin: parsed.origin, token: parsed.searchParams.get('token') ?? '', proc };
}

/** Calls the API like the renderer does (for expectations computed from the database). */
async function api<T>(server: Server, method: string, input: unknown): Promise<T> {
  const res = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
  return body.value;
}

interface OpenPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Page errors, console errors and JS dialogs seen so far. */
  readonly problems: string[];
}

async function openApp(server: Server): Promise<OpenPage> {
  if (!browser) throw new Error('browser not launched');
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 }, locale: 'vi-VN' });
  cleanups.push(() => context.close());
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

async function waitForFeatures(page: Page, count?: number): Promise<void> {
  await page.waitForFunction((n) => {
    const m = (globalThis as unknown as ProbeWindow).__sabanMap;
    return !!m && (n === undefined ? m.featureCount() > 0 : m.featureCount() === n);
  }, count);
}

const selectedOnMap = (page: Page): Promise<string | null> =>
  page.evaluate(() => (globalThis as unknown as ProbeWindow).__sabanMap?.selectedCode() ?? null);

/** A unit's label point in page pixels, once the view has stopped moving and resizing. */
async function stablePoint(page: Page, code: string): Promise<{ x: number; y: number }> {
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

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(os.tmpdir(), `saban-e2e-${++shotCount}-${name}.png`) });
}

async function chooseDistrict(page: Page, search: string, name: string): Promise<void> {
  const select = page.getByTestId('district-select');
  await select.click();
  await select.fill(search);
  await page.getByRole('option', { name, exact: true }).click();
  await expect.poll(() => select.inputValue()).toBe(name);
}

beforeAll(async () => {
  if (!fs.existsSync(INDEX_HTML)) {
    throw new Error(`${INDEX_HTML} is missing: build the renderer first (npx vite build, or npm run build)`);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!available)('renderer on real Bạc Liêu communes', () => {
  it('shows the communes of the chosen district on the map', async () => {
    const db = tempDb();
    importBacLieu(db);
    const server = await startServer(db);
    const [unit] = await api<{ parentCode: string }[]>(server, 'units.list', { query: 'Xã Long Điền Đông' });
    const districtCode = unit!.parentCode;
    const communes = await api<{ hasGeometry: boolean }[]>(server, 'units.list', {
      within: districtCode,
      level: 'commune',
    });
    const expected = communes.filter((c) => c.hasGeometry).length;
    const [district] = await api<{ name: string }[]>(server, 'units.list', { level: 'district', query: districtCode });
    expect(expected).toBeGreaterThan(1);

    const { page, problems } = await openApp(server);
    await waitForFeatures(page);
    expect(page.url()).not.toContain('token=');
    await chooseDistrict(page, 'dong hai', district!.name);
    await waitForFeatures(page, expected);
    await expect.poll(() => page.locator('[data-testid^="tree-item-"]').count()).toBe(communes.length);
    await expect.poll(() => page.locator('.saban-label-commune').count()).toBe(expected);
    await shot(page, 'district');
    // The choice is remembered.
    expect((await api<{ currentDistrict: string | null }>(server, 'settings.get', {})).currentDistrict).toBe(
      districtCode,
    );
    expect(problems).toEqual([]);
  });

  it('finds a commune without diacritics and selects it from the list and from the canvas', async () => {
    const db = tempDb();
    importBacLieu(db);
    const server = await startServer(db);
    const { page, problems } = await openApp(server);
    await waitForFeatures(page);

    await page.keyboard.press('/');
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (
              globalThis as unknown as {
                document: { activeElement: { getAttribute(n: string): string | null } | null };
              }
            ).document.activeElement?.getAttribute('data-testid') ?? null,
        ),
      )
      .toBe('unit-search');
    await page.getByTestId('unit-search').fill('long dien dong');
    // Long Điền Đông may be in the open district or another one: the search finds it either way.
    const result = page.locator(
      `[data-testid="tree-item-${LONG_DIEN_DONG}"], [data-testid="search-result-${LONG_DIEN_DONG}"]`,
    );
    await result.first().click();

    const row = page.getByTestId(`tree-item-${LONG_DIEN_DONG}`);
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => selectedOnMap(page)).toBe(LONG_DIEN_DONG);
    await expect.poll(() => page.getByTestId('detail-name').textContent()).toBe('Xã Long Điền Đông');
    await expect.poll(() => page.getByTestId('detail-code').textContent()).toBe(LONG_DIEN_DONG);
    await shot(page, 'selected');

    // Escape clears the selection; a real click on the polygon (canvas) selects it again.
    await page
      .getByTestId('map')
      .click({ position: { x: 5, y: 5 } })
      .catch(() => undefined);
    await page.keyboard.press('Escape');
    await expect.poll(() => selectedOnMap(page)).toBeNull();
    await expect.poll(() => page.getByTestId('detail-panel').count()).toBe(0);
    const p = await stablePoint(page, LONG_DIEN_DONG);
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => selectedOnMap(page)).toBe(LONG_DIEN_DONG);
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByTestId('detail-name').textContent()).toBe('Xã Long Điền Đông');
    expect(problems).toEqual([]);
  });

  it('shows a hamlet name containing HTML as text, on the map, in the tree and in the panel', async () => {
    const db = tempDb();
    importBacLieu(db);
    const server = await startServer(db);
    const { page, problems } = await openApp(server);
    await waitForFeatures(page);
    await page.getByTestId('unit-search').fill('long dien dong');
    await page
      .locator(`[data-testid="tree-item-${LONG_DIEN_DONG}"], [data-testid="search-result-${LONG_DIEN_DONG}"]`)
      .first()
      .click();
    await expect.poll(() => page.getByTestId('detail-name').textContent()).toBe('Xã Long Điền Đông');
    await page.getByTestId('unit-search').fill('');

    // Draw a point hamlet: one click on the map, then Enter.
    await page.getByTestId('detail-draw-hamlet').click();
    await page.getByTestId('draw-help').waitFor();
    const p = await stablePoint(page, LONG_DIEN_DONG);
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => page.getByTestId('draw-count').textContent()).toMatch(/^1 /);
    await page.keyboard.press('Enter');
    await page.getByTestId('create-hamlet-shape').waitFor();
    await page.getByTestId('create-hamlet-name').fill(HTML_NAME);
    await page.getByTestId('create-hamlet-submit').click();

    const hamletCode = `${LONG_DIEN_DONG}-001`;
    const row = page.getByTestId(`tree-item-${hamletCode}`);
    await expect.poll(() => row.locator('.saban-tree-name').textContent()).toBe(HTML_NAME);
    await expect.poll(() => page.getByTestId('detail-name').textContent()).toBe(HTML_NAME);
    await expect.poll(() => selectedOnMap(page)).toBe(hamletCode);
    await expect.poll(() => page.locator('.saban-label-hamlet').first().textContent()).toBe(HTML_NAME);
    // Nothing was parsed as markup anywhere on the page.
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    const stored = await api<{ unit: { name: string; hasGeometry: boolean } }>(server, 'units.get', {
      code: hamletCode,
    });
    expect(stored.unit).toMatchObject({ name: HTML_NAME, hasGeometry: true });
    await shot(page, 'html-name');
    expect(problems).toEqual([]);
  });

  it('switches the interface to English and remembers it', async () => {
    const db = tempDb();
    importBacLieu(db);
    const server = await startServer(db);
    const { page, problems } = await openApp(server);
    await waitForFeatures(page);
    const search = page.getByTestId('unit-search');
    expect(await search.getAttribute('placeholder')).toContain('Tìm xã');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => search.getAttribute('placeholder')).toContain('Find a commune');
    await expect.poll(() => page.getByTestId('app-tagline').textContent()).toBe('Epidemic situation map');
    await expect.poll(() => page.getByTestId('lang-switch').textContent()).toBe('Tiếng Việt');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(async () => (await api<{ lang: string }>(server, 'settings.get', {})).lang).toBe('en');
    await page.getByTestId('tree-item-31975').or(page.locator('[data-testid^="tree-item-"]').first()).first().click();
    await expect.poll(() => page.getByTestId('detail-panel').textContent()).toContain('Change history');

    await page.reload();
    await waitForFeatures(page);
    await expect.poll(() => page.getByTestId('unit-search').getAttribute('placeholder')).toContain('Find a commune');
    await shot(page, 'english');
    expect(problems).toEqual([]);
  });
});

describe('renderer on the training district', () => {
  it('creates a hamlet and shows it in the tree with its history', async () => {
    const db = tempDb();
    const server = await startServer(db);
    const { page, problems } = await openApp(server);

    await page.getByTestId('training-modal').getByText('Đây là dữ liệu tập huấn giả định').first().waitFor();
    await page.getByTestId('training-dismiss').click();
    await waitForFeatures(page);

    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-settings').click();
    await page.getByTestId('settings-operator').fill('Nguyễn Văn A');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-form').waitFor({ state: 'detached' });

    const commune = '99901';
    await page.getByTestId(`tree-item-${commune}`).click();
    await page.getByTestId('detail-add-hamlet').click();
    await page.getByTestId('create-hamlet-name').fill('Ấp Thử Nghiệm');
    await page.getByTestId('create-hamlet-reason').fill('Tập huấn e2e');
    await page.getByTestId('create-hamlet-submit').click();

    const before = await api<unknown[]>(server, 'units.list', { within: commune, level: 'hamlet' });
    const created = (before as { code: string; name: string }[]).find((h) => h.name === 'Ấp Thử Nghiệm');
    expect(created?.code).toBe(`${commune}-005`);
    const row = page.getByTestId(`tree-item-${commune}-005`);
    await expect.poll(() => row.textContent()).toContain('Ấp Thử Nghiệm');
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByTestId('detail-name').textContent()).toBe('Ấp Thử Nghiệm');
    const history = page.getByTestId('history-entry').first();
    await expect.poll(() => history.textContent()).toContain('Tập huấn e2e');
    expect(await history.textContent()).toContain('Thêm ấp');
    expect(await history.textContent()).toContain('Nguyễn Văn A');
    await shot(page, 'training-hamlet');
    expect(problems).toEqual([]);
  });

  it.skipIf(!available)('imports real boundaries from the first-run dialog and reports what it did', async () => {
    const db = tempDb();
    const server = await startServer(db);
    const { page, problems } = await openApp(server);
    await page.getByTestId('training-import').click();
    await page.getByTestId('import-boundaries-file').waitFor();
    // Mantine's FileInput keeps the real <input type=file> hidden beside its button.
    const boundaryInput = page.getByTestId('import-modal').locator('input[type="file"]').nth(1);
    await boundaryInput.setInputFiles(BAC_LIEU);
    await page.getByTestId('import-boundaries-run').click();
    await expect.poll(() => page.getByTestId('report-created').textContent(), { timeout: 30_000 }).toBe('64');
    await expect.poll(() => page.getByTestId('training-badge').count()).toBe(0);
    await shot(page, 'import-report');

    await boundaryInput.setInputFiles({
      name: 'bad.geojson',
      mimeType: 'application/json',
      buffer: Buffer.from('{"type":"Nope"}'),
    });
    await page.getByTestId('import-boundaries-run').click();
    await expect.poll(() => page.getByTestId('import-error').textContent()).toContain('Tệp không hợp lệ');
    expect(await page.getByTestId('import-error').textContent()).toContain('Không có gì được thay đổi');
    expect(problems).toEqual([]);
  });
});
