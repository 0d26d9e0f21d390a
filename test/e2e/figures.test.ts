/**
 * End-to-end test of the daily figures on the training district: the entry grid typed with the
 * keyboard and pasted from a spreadsheet (`1.234`), an invalid cell marked and Save refused, the
 * fix saved in one batch, the values back after a reload; the trend chart of a commune and the
 * district dashboard. Needs a built renderer (npx vite build).
 */
import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../../shared/contract';
import { addDays, vnToday } from '../../shared/time';
import {
  api,
  cleanup,
  closeBrowser,
  launchBrowser,
  openApp,
  shot,
  startServer,
  tempDb,
  waitForFeatures,
  type ProbeWindow,
  type Server,
} from './helpers';

beforeAll(async () => {
  await launchBrowser();
});
afterEach(cleanup);
afterAll(closeBrowser);

const TRAINING = '999';

/** The grid cell of `row` (0-based among the communes) and `field`. */
function cell(page: Page, row: number, field: string): Locator {
  // aria-rowindex counts the two header rows (group headers, then field headers) from 1.
  return page
    .getByTestId('figures-grid')
    .locator(`[role="row"][aria-rowindex="${row + 3}"] [role="gridcell"]:has([data-field="${field}"])`);
}

/** Pastes `text` as the clipboard's text/plain into the active cell (what Ctrl+V from Excel sends). */
async function paste(page: Page, text: string): Promise<void> {
  const active = page.getByTestId('figures-grid').locator('[role="gridcell"][aria-selected="true"]');
  await active.evaluate((el, t) => {
    // The page's DOM types (this file compiles without the DOM library).
    const w = globalThis as unknown as {
      DataTransfer: new () => { setData(type: string, value: string): void };
      ClipboardEvent: new (type: string, init: object) => object;
    };
    const data = new w.DataTransfer();
    data.setData('text/plain', t);
    (el as unknown as { dispatchEvent(e: object): boolean }).dispatchEvent(
      new w.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

async function openGrid(page: Page): Promise<void> {
  await page.getByTestId('menu-button').click();
  await page.getByTestId('menu-figures').click();
  await page.getByTestId('figures-grid').waitFor();
}

const saved = async (
  server: Server,
  code: string,
  day = vnToday(),
): Promise<Output<'figures.day'>['rows'][number] | undefined> =>
  (await api<Output<'figures.day'>>(server, 'figures.day', { code: TRAINING, day })).rows.find(
    (r) => r.unitCode === code,
  );

describe('daily figures (training district)', () => {
  it('types and pastes a day, refuses an invalid cell, saves once fixed, and shows the trend', async () => {
    const server = await startServer(tempDb());
    await api(server, 'settings.set', { operatorName: 'Trực ban E2E' });
    const { page, problems } = await openApp(server);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('training-dismiss').click();
    await openGrid(page);
    const day = await api<Output<'figures.day'>>(server, 'figures.day', { code: TRAINING, day: vnToday() });
    const communes = day.rows.filter((r) => r.unitLevel === 'commune');
    expect(communes.length).toBeGreaterThan(3);
    const [a, b, c] = communes.map((r) => r.unitCode);

    // Keyboard: type to replace, Tab to the next field, Enter commits and moves down.
    await cell(page, 0, 'samples').click();
    await page.keyboard.type('120');
    await page.keyboard.press('Tab');
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 0, 'samples').textContent()).toBe('120');
    await expect.poll(() => cell(page, 0, 'positives').textContent()).toBe('5');
    // Enter moved to the row below: typing there fills the second commune.
    await page.keyboard.type('9');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 1, 'positives').textContent()).toBe('9');
    // Delete clears, Ctrl+Z brings it back.
    await cell(page, 1, 'positives').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => cell(page, 1, 'positives').textContent()).toBe('');
    await page.keyboard.press('Control+z');
    await expect.poll(() => cell(page, 1, 'positives').textContent()).toBe('9');

    // A block copied from Excel, pasted at the second commune's samples: 1.234 is 1234.
    await cell(page, 1, 'samples').click();
    await paste(page, '1.234\t7\r\n200\t250\r\n');
    await expect.poll(() => cell(page, 1, 'samples').textContent()).toBe('1.234');
    await expect.poll(() => cell(page, 2, 'positives').textContent()).toBe('250');
    // 250 positives of 200 samples: marked, listed, and Save refused.
    const bad = cell(page, 2, 'positives');
    await expect.poll(() => bad.getAttribute('class')).toContain('figures-bad');
    expect(await bad.locator('[title]').getAttribute('title')).toContain('dương tính');
    const list = page.getByTestId('figures-problems');
    await list.waitFor();
    expect(await list.textContent()).toContain('250');
    await shot(page, 'figures-invalid');
    await page.keyboard.press('Control+s');
    await page.getByText('Chưa lưu: có ô không hợp lệ').first().waitFor();
    expect((await saved(server, b!))?.values.samples ?? null).toBeNull();

    // Fix it: type over the bad cell; the mark and the list go; Ctrl+S saves the day.
    await bad.click();
    await page.keyboard.type('25');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('figures-problems').count()).toBe(0);
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await saved(server, b!))?.values.samples ?? null, { timeout: 10_000 }).toBe(1234);
    expect((await saved(server, a!))?.values).toMatchObject({ samples: 120, positives: 5 });
    expect((await saved(server, c!))?.values).toMatchObject({ samples: 200, positives: 25 });
    await expect.poll(() => page.getByTestId('figures-dirty').textContent()).toBe('Chưa có thay đổi');
    await shot(page, 'figures-saved');

    // After a reload the grid reads the saved values back.
    await page.reload();
    await openGrid(page);
    await expect.poll(() => cell(page, 1, 'samples').textContent()).toBe('1.234');
    await expect.poll(() => cell(page, 2, 'positives').textContent()).toBe('25');

    // The district dashboard draws its charts.
    await page.getByTestId('figures-tab-dashboard').click();
    await page.getByTestId('chart-tests').locator('.recharts-surface').first().waitFor();
    await shot(page, 'figures-dashboard');

    // The commune panel's trends.
    await page
      .getByTestId('figures-workspace')
      .getByRole('button', { name: 'Close' })
      .or(page.locator('.mantine-Modal-close'))
      .first()
      .click();
    await waitForFeatures(page);
    await page.evaluate((code) => (globalThis as unknown as ProbeWindow).__sabanMap?.clickUnit(code), b!);
    const trends = page.getByTestId('commune-trends');
    await trends.getByTestId('chart-tests').locator('.recharts-surface').first().waitFor();
    // The training district's four weeks of figures draw the cases chart too.
    await trends.getByTestId('chart-cases').locator('.recharts-surface').first().waitFor();
    await shot(page, 'figures-commune-trends');
    expect(problems).toEqual([]);
  });

  it('imports a CSV: recognised columns pre-filled, the bad row, column and value named, nothing written until it is fixed', async () => {
    const server = await startServer(tempDb());
    const { page, problems } = await openApp(server, { acceptDownloads: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('training-dismiss').click();
    await openGrid(page);
    await page.getByTestId('figures-tab-import').click();
    // Before the training district's four weeks of figures: every row is new.
    const day = addDays(vnToday(), -60);
    const [y, m, d] = day.split('-');
    const csv = (f0: string): Buffer =>
      Buffer.from(
        `Mã xã,Ngày,F0 cộng đồng,Số mẫu xét nghiệm,Số mẫu dương tính,Cột riêng\n` +
          `99901,${d}/${m}/${y},2,100,3,\n99902,${d}/${m}/${y},${f0},1.500,7,\n`,
      );
    const file = page.getByTestId('figures-import-file');
    await file.setInputFiles({ name: 'tram-y-te.csv', mimeType: 'text/csv', buffer: csv('abc') });
    const errors = page.getByTestId('figures-import-problems');
    await errors.waitFor();
    // Row 3 of the file (the header is row 1), its column and its value.
    const text = (await errors.textContent()) ?? '';
    expect(text).toContain('Dòng 3');
    expect(text).toContain('F0 cộng đồng');
    expect(text).toContain('abc');
    expect(await page.getByTestId('figures-import-commit').isDisabled()).toBe(true);
    await shot(page, 'figures-import-error');
    expect((await saved(server, '99901', day))?.values.samples ?? null).toBeNull();

    // The fixed file: recognised columns pre-filled, the odd one ignored, every row previewed.
    await file.setInputFiles({ name: 'tram-y-te.csv', mimeType: 'text/csv', buffer: csv('4') });
    await expect.poll(() => page.getByTestId('figures-import-row').count()).toBe(2);
    expect(await page.getByTestId('figures-import-problems').count()).toBe(0);
    await page.getByTestId('figures-import-commit').click();
    await expect
      .poll(async () => (await saved(server, '99902', day))?.values, { timeout: 10_000 })
      .toMatchObject({ f0Community: 4, samples: 1500, positives: 7 });

    // Export the imported day as XLSX from the same tab: codes as text, counts as numbers.
    await page.getByTestId('figures-tab-import').click();
    const from = page.getByTestId('figures-export-from');
    await from.fill(`${d}/${m}/${y}`);
    await from.press('Tab');
    await shot(page, 'figures-export');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('figures-export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^so-lieu-999-.*\.xlsx$/);
    const wb = XLSX.read(fs.readFileSync(await download.path()));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: true });
    const row = rows.find((r) => r[0] === '99902' && r[6] === 1500);
    expect(row?.slice(0, 8)).toEqual(['99902', 'Xã Phú Thạnh', expect.any(Number), 4, undefined, undefined, 1500, 7]);
    expect(problems).toEqual([]);
  });
});
