/**
 * Browser end-to-end tests of the renderer against the real engine through the loopback HTTP host.
 * Each test gets a fresh database and server; the browser is shared, each test has a fresh context.
 * Needs a built renderer (out/renderer): `npx vite build` (the test script builds first).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';
import {
  api,
  chooseDistrict,
  cleanup,
  closeBrowser,
  launchBrowser,
  openApp,
  saban,
  selectedOnMap,
  shot,
  stablePoint,
  startServer,
  tempDb,
  waitForFeatures,
} from './helpers';

const BAC_LIEU = sharedFile('boundaries', 'communes_95_bac-lieu.geojson');
const LONG_DIEN_DONG = '31975';
const HTML_NAME = '<img src=x onerror=alert(1)>';
const available = sharedDataAvailable();

function importBacLieu(db: string): void {
  saban(['import-boundaries', BAC_LIEU, '--db', db]);
}

beforeAll(async () => {
  await launchBrowser();
});
afterEach(cleanup);
afterAll(closeBrowser);

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
    // The office's key fingerprint is shown in settings, as the sync dialog shows it.
    const identity = await api<{ fingerprintDisplay: string }>(server, 'sync.identity', {});
    await expect.poll(() => page.getByTestId('settings-fingerprint').textContent()).toBe(identity.fingerprintDisplay);
    // The settings name is kept for reference; the history names the signed-in account (below).
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
    expect(await history.textContent()).toContain('Trực ban E2E');
    await shot(page, 'training-hamlet');
    expect(problems).toEqual([]);
  });

  it('keeps at least 60% of a 1366×768 window for the map with a commune panel open, and pads zooms for the overlays', async () => {
    const db = tempDb();
    const server = await startServer(db);
    const { page, problems } = await openApp(server);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('training-dismiss').click();
    await waitForFeatures(page);
    await page.getByTestId('tree-item-99901').click();
    await page.getByTestId('risk-section').waitFor();
    await expect.poll(() => selectedOnMap(page)).toBe('99901');
    const p = await stablePoint(page, '99901');
    const box = await page.locator('.leaflet-container').boundingBox();
    expect(box!.width / 1366).toBeGreaterThanOrEqual(0.6);
    // The coverage box is docked beside the list, not over the map.
    const dock = await page.getByTestId('coverage-panel').boundingBox();
    expect(dock!.x + dock!.width).toBeLessThanOrEqual(box!.x + 1);
    // The unit flown to is not under an overlay: what is at its label point is the map itself.
    const hit = await page.evaluate(
      ({ x, y }) =>
        (
          globalThis as unknown as {
            document: { elementFromPoint(x: number, y: number): { closest(s: string): unknown } | null };
          }
        ).document
          .elementFromPoint(x, y)
          ?.closest('.saban-map-overlay') ?? null,
      p,
    );
    expect(hit).toBeNull();
    await shot(page, 'layout-1366');
    expect(problems).toEqual([]);
  });

  it('highlights every selected unit in the list (shift-click and lasso)', async () => {
    const db = tempDb();
    const server = await startServer(db);
    const { page, problems } = await openApp(server);
    await page.getByTestId('training-dismiss').click();
    // Until the modal has faded out, its overlay would take the first click meant for the map.
    await page.getByTestId('training-dismiss').waitFor({ state: 'detached' });
    await waitForFeatures(page);
    // The training communes are tiled by their hamlets, so clicks on the map pick hamlets.
    const codes = ['99901-001', '99902-002', '99903-003'];
    for (const code of codes) {
      const p = await stablePoint(page, code);
      await page.keyboard.down('Shift');
      await page.mouse.click(p.x, p.y);
      await page.keyboard.up('Shift');
    }
    await expect.poll(() => page.getByTestId('selected-count').textContent()).toBe('Đã chọn 3');
    for (const code of codes) {
      await expect.poll(() => page.getByTestId(`tree-item-${code}`).getAttribute('aria-selected')).toBe('true');
    }
    expect(await page.locator('[data-testid^="tree-item-"][aria-selected="true"]').count()).toBe(3);

    // A lasso around one hamlet's label point: that one only.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid^="tree-item-"][aria-selected="true"]').count()).toBe(0);
    await page.getByTestId('legend-collapse').click();
    const p = await stablePoint(page, '99904-001');
    await page.keyboard.down('Control');
    await page.mouse.move(p.x - 8, p.y - 8);
    await page.mouse.down();
    for (const [dx, dy] of [
      [8, -8],
      [8, 8],
      [-8, 8],
      [-8, -8],
    ] as const) {
      await page.mouse.move(p.x + dx, p.y + dy, { steps: 3 });
    }
    await page.mouse.up();
    await page.keyboard.up('Control');
    await expect.poll(() => page.getByTestId('tree-item-99904-001').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('[data-testid^="tree-item-"][aria-selected="true"]').count()).toBe(1);
    await shot(page, 'multi-select');
    expect(problems).toEqual([]);
  });

  it('says in words where a GeoJSON file is broken, in the chosen language only', async () => {
    const db = tempDb();
    const server = await startServer(db);
    const { page, problems } = await openApp(server);
    await page.getByTestId('training-import').click();
    const input = page.getByTestId('import-modal').locator('input[type="file"]').nth(1);
    await input.setInputFiles({
      name: 'broken.geojson',
      mimeType: 'application/json',
      // An unquoted key on line 2 (a hand edit gone wrong).
      buffer: Buffer.from('{"type": "FeatureCollection",\n "features": [ {type: 1} ]}'),
    });
    await page.getByTestId('import-boundaries-run').click();
    const error = page.getByTestId('import-error');
    await expect.poll(() => error.textContent()).toContain('dòng 2, cột');
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('Không có gì được thay đổi');
    expect(text).not.toMatch(/Unexpected token|SyntaxError|JSON\.parse|not valid JSON/);
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
