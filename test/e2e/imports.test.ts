/**
 * Imports through the browser: a boundary file that would overwrite units with shapes of other
 * places is held back until "replace anyway", invalid shapes are repaired on request, a
 * Windows-1258 CSV from Excel keeps its diacritics, and a district without communes can be chosen.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UnitSummary } from '../../shared/contract';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';
import { api, cleanup, closeBrowser, launchBrowser, openApp, saban, shot, startServer, tempDb } from './helpers';

const BAC_LIEU = sharedFile('boundaries', 'communes_95_bac-lieu.geojson');
const LONG_DIEN_DONG = '31975';
const available = sharedDataAvailable();

beforeAll(async () => {
  await launchBrowser();
});
afterEach(cleanup);
afterAll(closeBrowser);

const square = (x: number, y: number, d: number): number[][][] => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];

describe.skipIf(!available)('imports from the browser', () => {
  it('holds units that would get another place, replaces them anyway, repairs invalid shapes', async () => {
    const db = tempDb();
    saban(['import-boundaries', BAC_LIEU, '--db', db]);
    const server = await startServer(db);
    const communes = await api<UnitSummary[]>(server, 'units.list', { level: 'commune' });
    const target = communes.find((c) => c.code === LONG_DIEN_DONG)!;
    const other = communes.find((c) => c.code !== LONG_DIEN_DONG && c.bbox)!;
    const [x0, y0, x1, y1] = other.bbox!;
    const mx = (x1 - x0) / 4;
    const my = (y1 - y0) / 4;
    const file = {
      type: 'FeatureCollection',
      features: [
        // Another name, in Hà Nội: held (name differs, far from the old shape).
        {
          type: 'Feature',
          properties: { code: LONG_DIEN_DONG, name: 'Phường Nơi Khác' },
          geometry: { type: 'Polygon', coordinates: square(105.8, 21.0, 0.02) },
        },
        // The same place drawn as a bow tie (crosses itself): skipped unless repaired.
        {
          type: 'Feature',
          properties: { code: other.code, name: other.name },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [x0 + mx, y0 + my],
                [x1 - mx, y1 - my],
                [x1 - mx, y0 + my],
                [x0 + mx, y1 - my],
                [x0 + mx, y0 + my],
              ],
            ],
          },
        },
      ],
    };

    const { page, problems } = await openApp(server);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-import').click();
    const input = page.getByTestId('import-modal').locator('input[type="file"]').nth(1);
    await input.setInputFiles({
      name: 'doubtful.geojson',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    await page.getByTestId('import-boundaries-run').click();
    const rows = page.getByTestId('import-held-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    const row = (await rows.first().textContent()) ?? '';
    expect(row).toContain(target.name);
    expect(row).toContain('Phường Nơi Khác');
    expect(row).toContain('Tên khác');
    expect(row).toContain('Xa vùng cũ');
    expect(await page.getByTestId('import-repair').isVisible()).toBe(true);
    console.log(`screenshot: ${await shot(page, 'import-held')}`);

    // Repair first: the bow tie is imported, Long Điền Đông is still held.
    await page.getByTestId('import-repair-run').click();
    await expect.poll(() => page.getByTestId('report-repaired').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByTestId('import-repair').count()).toBe(0);

    // Replace anyway, after a confirmation naming how many units.
    await page.getByTestId('import-force').click();
    console.log(`screenshot: ${await shot(page, 'import-force-confirm')}`);
    expect(await page.getByTestId('import-force-confirm').textContent()).toContain('Thay ranh giới của 1 đơn vị');
    await page.getByTestId('import-force-run').click();
    await expect.poll(() => page.getByTestId('import-held').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('report-updated').textContent()).not.toBe('0');
    const [after] = await api<UnitSummary[]>(server, 'units.list', { query: LONG_DIEN_DONG, level: 'commune' });
    expect(after!.bbox![1]).toBeGreaterThan(20.9);
    expect(problems).toEqual([]);
  });

  it('imports a Windows-1258 posts CSV with its diacritics, refuses unreadable bytes', async () => {
    const db = tempDb();
    saban(['import-boundaries', BAC_LIEU, '--db', db]);
    const server = await startServer(db);
    const [unit] = await api<UnitSummary[]>(server, 'units.list', { query: LONG_DIEN_DONG, level: 'commune' });
    const [lon, lat] = unit!.labelPoint!;
    const { page, problems } = await openApp(server);
    await page.getByTestId('posts-menu').click();
    await page.getByTestId('posts-open-io').click();
    const input = page.getByTestId('posts-io').locator('input[type="file"]');
    // "Chốt cầu Đông" as Excel's Vietnamese CSV saves it: base letters with combining tone marks.
    const name = Buffer.from([
      0x43, 0x68, 0xf4, 0xec, 0x74, 0x20, 0x63, 0xe2, 0xcc, 0x75, 0x20, 0xd0, 0xf4, 0x6e, 0x67,
    ]);
    await input.setInputFiles({
      name: 'excel.csv',
      mimeType: 'text/csv',
      buffer: Buffer.concat([Buffer.from('name,kind,lat,lon\r\n'), name, Buffer.from(`,checkpoint,${lat},${lon}\r\n`)]),
    });
    await expect.poll(() => page.getByTestId('posts-import-row').count(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('posts-import-commit').click();
    await expect
      .poll(async () => (await api<{ name: string }[]>(server, 'posts.list', {})).map((p) => p.name))
      .toEqual(['Chốt cầu Đông']);

    await page.getByTestId('posts-menu').click();
    await page.getByTestId('posts-open-io').click();
    await page
      .getByTestId('posts-io')
      .locator('input[type="file"]')
      .setInputFiles({
        name: 'utf16.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('name,kind,lat,lon\r\n\u0081,checkpoint,1,2\r\n', 'latin1'),
      });
    await expect.poll(() => page.getByText('utf16.csv, dòng 2').count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('chooses a district without communes (an island district) and shows an empty map that says why', async () => {
    const db = tempDb();
    saban(['import-boundaries', BAC_LIEU, '--db', db]);
    const server = await startServer(db);
    await api(server, 'import.units', {
      fileName: 'districts.csv',
      text: 'province_code,province_name,district_code,district_name,district_type\n77,Tỉnh Bà Rịa - Vũng Tàu,755,Huyện Côn Đảo,Huyện\n',
    });
    const { page, problems } = await openApp(server);
    await page.setViewportSize({ width: 1366, height: 768 });
    const select = page.getByTestId('district-select');
    await select.click();
    await select.fill('con dao');
    await page.getByRole('option', { name: /Huyện Côn Đảo/ }).click();
    await expect.poll(() => page.getByTestId('district-empty').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('district-empty').textContent()).toContain('chưa có xã/ranh giới');
    console.log(`screenshot: ${await shot(page, 'island-district')}`);

    // Its own panel: its level can be set.
    await page.getByTestId('district-open').click();
    await expect.poll(() => page.getByTestId('detail-code').textContent()).toBe('755');
    await page.getByTestId('risk-set-level').click();
    await page.getByTestId('set-level-reason').waitFor();
    await page.getByTestId('set-level-2').click();
    await page.getByTestId('set-level-reason').fill('Tàu từ vùng dịch cập cảng');
    console.log(`screenshot: ${await shot(page, 'island-district-level')}`);
    await page.getByTestId('set-level-save').click();
    await page.getByTestId('set-level-modal').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('risk-current').getAttribute('data-level')).toBe('2');

    // Its posts: the list opens (empty) without an error.
    await page.getByTestId('posts-menu').click();
    await page.getByTestId('posts-open-list').click();
    await page.getByTestId('posts-filter-kind').waitFor();
    expect(problems).toEqual([]);
  });
});
