/**
 * End-to-end test of backups in the app (header menu → Sao lưu…) on the training district: a
 * backup made from the UI, a hamlet deleted afterwards, the backup restored from the UI with its
 * preview and typed confirmation, the hamlet back in the unit tree without a reload; a damaged
 * backup file is refused with a clear message and nothing changes. Needs a built renderer.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { api, cleanup, closeBrowser, openApp, shot, startServer, tempDb, waitForFeatures } from './helpers';

afterEach(cleanup);
afterAll(closeBrowser);

interface Backup {
  file: string;
  fileName: string;
  reason: string;
}

/** Rows of the unit tree for `code` (the search box holds the unit's name). */
const inTree = (page: Page, code: string): Promise<number> => page.getByTestId(`tree-item-${code}`).count();

async function openBackups(page: Page): Promise<void> {
  await page.getByTestId('menu-button').click();
  await page.getByTestId('menu-backup').click();
  await page.getByTestId('backup-dialog').waitFor();
}

describe('backups in the app (training district)', () => {
  it('backs up, restores what was deleted after, and refuses a damaged copy', async () => {
    const server = await startServer(tempDb());
    const [hamlet] = await api<{ code: string; name: string }[]>(server, 'units.list', {
      within: '99901',
      level: 'hamlet',
    });
    const { page, problems } = await openApp(server);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('training-dismiss').click();
    await waitForFeatures(page);
    await page.getByTestId('unit-search').fill(hamlet!.name);
    await expect.poll(() => inTree(page, hamlet!.code)).toBe(1);

    // Back up now, from the dialog.
    await openBackups(page);
    const before = (await api<Backup[]>(server, 'backup.list', {})).length;
    await page.getByTestId('backup-create').click();
    const rows = page.getByTestId('backup-row');
    await expect.poll(() => rows.count()).toBe(before + 1);
    const list = await api<Backup[]>(server, 'backup.list', {});
    const manual = list.find((b) => b.reason === 'manual')!;
    expect(await rows.first().getAttribute('data-file')).toBe(manual.fileName);
    expect(await rows.first().textContent()).toContain('thủ công');
    expect(await page.getByTestId('backup-last').textContent()).toContain('thủ công');
    expect(await page.getByTestId('backup-next').textContent()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await shot(page, 'backup-dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('backup-dialog').waitFor({ state: 'detached' });

    // Delete something after the backup.
    await api(server, 'units.deleteHamlet', { code: hamlet!.code, reason: 'Tập huấn: xóa nhầm' });
    // (Deleted behind the app's back, so the page is reloaded to show it.)
    await page.reload();
    await waitForFeatures(page);
    await page.getByTestId('unit-search').fill(hamlet!.name);
    await expect.poll(() => inTree(page, hamlet!.code)).toBe(0);

    // Restore it: the preview shows the counts, the word must be typed.
    await openBackups(page);
    await page
      .locator(`[data-testid="backup-row"][data-file="${manual.fileName}"]`)
      .getByTestId('backup-restore')
      .click();
    await page.getByTestId('restore-counts').waitFor();
    const units = page.getByTestId('restore-count-units');
    const [, copyUnits, nowUnits] = (await units.locator('td').allTextContents()).map(Number);
    expect(copyUnits).toBe(nowUnits! + 1);
    expect(await page.getByTestId('restore-do').isDisabled()).toBe(true);
    await page.getByTestId('restore-confirm').fill('khôi phục');
    await shot(page, 'backup-restore-preview');
    await page.getByTestId('restore-do').click();
    await page.getByTestId('backup-dialog').waitFor({ state: 'detached' });
    // Every view refreshes: the hamlet is back in the tree's search, no reload.
    await expect.poll(() => inTree(page, hamlet!.code)).toBe(1);
    const after = await api<Backup[]>(server, 'backup.list', {});
    expect(after.some((b) => b.reason === 'before-restore')).toBe(true);

    // A damaged copy (truncated) is refused with a clear message; nothing changes.
    const stats = await api<unknown>(server, 'units.stats', {});
    const bytes = fs.readFileSync(manual.file);
    fs.writeFileSync(manual.file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await openBackups(page);
    await page
      .locator(`[data-testid="backup-row"][data-file="${manual.fileName}"]`)
      .getByTestId('backup-restore')
      .click();
    const refused = page.getByTestId('restore-refused');
    await refused.waitFor({ timeout: 15_000 }).catch(async (err: unknown) => {
      await shot(page, 'backup-refused-missing');
      throw err;
    });
    expect(await refused.textContent()).toMatch(/Không khôi phục được/);
    expect(await page.getByTestId('restore-do').isDisabled()).toBe(true);
    await shot(page, 'backup-restore-refused');
    expect(await api<unknown>(server, 'units.stats', {})).toEqual(stats);
    expect(problems.filter((p) => !p.includes('status of 4'))).toEqual([]);
  });
});
