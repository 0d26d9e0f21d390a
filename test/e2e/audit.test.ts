/**
 * End-to-end test of the change log (audit viewer) on the training district: a level set with a
 * reason in the UI is found by its action in Menu → Nhật ký thay đổi, with its reason, and its
 * before/after opens beside each other. Needs a built renderer (npm run build).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { addUser, api, cleanup, closeBrowser, openApp, shot, startServer, tempDb, waitForFeatures } from './helpers';

afterEach(cleanup);
afterAll(closeBrowser);

/** Xã An Bình of the training district. */
const AN_BINH = '99901';
const REASON = 'Tập huấn: ổ dịch mới ở ấp 2';

async function setLevel(page: Page, code: string, key: string, reason: string): Promise<void> {
  await page.getByTestId(`tree-item-${code}`).click();
  await page.getByTestId(`tree-item-${code}`).focus();
  await page.keyboard.press(key);
  await page.getByTestId('set-level-reason').fill(reason);
  await page.getByTestId('set-level-save').click();
  await page.getByTestId('set-level-modal').waitFor({ state: 'detached' });
}

describe('change log (training district)', () => {
  it('finds a level set in the UI by its action, with its reason and its before/after', async () => {
    // Every entry names the account that made it: this operator's, in the UI and over the API.
    const server = await addUser(await startServer(tempDb()), 'duc', 'operator', {
      displayName: 'Trực ban Nguyễn Đức',
    });
    // Enough history for more than one page: earlier edits made through the API.
    const communes = await api<{ code: string }[]>(server, 'units.list', { within: '999', level: 'commune' });
    for (let i = 0; i < 60; i++) {
      const code = communes[i % communes.length]!.code;
      await api(server, 'units.update', { code, population: 1000 + i, reason: `Rà soát ${i + 1}` });
    }
    const { page, problems } = await openApp(server, { acceptDownloads: true });
    await page.getByTestId('training-dismiss').click();
    await waitForFeatures(page);
    await setLevel(page, AN_BINH, '3', REASON);

    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-audit').click();
    const viewer = page.getByTestId('audit-viewer');
    await viewer.waitFor();
    const rows = page.getByTestId('audit-row');
    // Unfiltered: the training seed, the settings and the level are all there, newest first.
    const total = (await api<{ audit: number }>(server, 'units.stats', {})).audit;
    expect(total).toBeGreaterThan(60);
    await expect.poll(() => rows.count()).toBe(50);
    expect(await rows.first().textContent()).toContain(REASON);
    // "Xem thêm" reads the next page under the first.
    await page.getByTestId('audit-more').click();
    await expect.poll(() => rows.count()).toBe(Math.min(total, 100));
    expect(await page.getByTestId('audit-count').textContent()).toContain(String(Math.min(total, 100)));

    // Filter by action: only the level set is left.
    await page.getByTestId('audit-action').click();
    await page.getByRole('option', { name: 'Đặt cấp độ dịch' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    const row = rows.first();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(REASON);
    expect(text).toContain('Trực ban Nguyễn Đức');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(text).toContain(AN_BINH);

    // The actor filter ignores diacritics; a name nobody has shows the empty state.
    await page.getByTestId('audit-actor').fill('nguyen duc');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByTestId('audit-actor').fill('khong ai');
    await page.getByTestId('audit-empty').waitFor();
    await page.getByTestId('audit-actor').fill('');
    await expect.poll(() => rows.count()).toBe(1);

    // The unit filter: found by name without diacritics, or typed as a code.
    await page.getByTestId('audit-unit').fill('an binh');
    await page.getByRole('option', { name: `${AN_BINH} · Xã An Bình` }).click();
    expect(await page.getByTestId('audit-unit').inputValue()).toBe(`${AN_BINH} · Xã An Bình`);
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByTestId('audit-unit').fill('99902');
    await page.getByTestId('audit-empty').waitFor();
    await page.getByTestId('audit-unit').fill('');
    await expect.poll(() => rows.count()).toBe(1);

    // Its before/after: a new assessment, so the level appears only after, highlighted.
    await rows.first().click();
    const detail = page.getByTestId('audit-detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain(REASON);
    const level = page.getByTestId('audit-field-level');
    expect(await level.getAttribute('data-changed')).toBe('true');
    expect(await level.locator('td').nth(2).textContent()).toBe('3');
    await shot(page, 'audit-viewer');

    // The CSV holds the filtered entry.
    const download = page.waitForEvent('download');
    await page.getByTestId('audit-export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^nhat-ky-\d{4}-\d{2}-\d{2}\.csv$/);

    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });
});
