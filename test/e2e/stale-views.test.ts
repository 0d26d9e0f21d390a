/**
 * Views stay true with no reload (issue 10): a write in one view refreshes what it makes stale in
 * another (effects declared beside the contract, renderer/src/data/query.ts). On the training
 * district, so these run where ../shared/data is missing: a level change brings the checkpoint
 * warning, a new hamlet its "chưa có Tổ COVID" warning; and the basics of adding a post and
 * assigning a leader.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { UnitSummary } from '../../shared/contract';
import {
  api,
  cleanup,
  closeBrowser,
  openApp,
  shot,
  startServer,
  tempDb,
  waitForFeatures,
  type Server,
} from './helpers';

afterEach(cleanup);
afterAll(closeBrowser);

/** Xã An Bình of the training district: no checkpoint, no overseer, no team. */
const AN_BINH = '99901';

async function trainingApp(): Promise<{ server: Server; page: Page; problems: string[] }> {
  const server = await startServer(tempDb());
  const { page, problems } = await openApp(server);
  await page.getByTestId('training-dismiss').click();
  await waitForFeatures(page);
  return { server, page, problems };
}

async function openPostWarnings(page: Page): Promise<void> {
  await page.getByTestId('posts-menu').click();
  await page.getByTestId('posts-open-warnings').click();
  // The modal's root is a layout-less wrapper: wait for its dialog instead.
  await page.getByRole('dialog').waitFor();
}

describe('views follow writes with no reload (training district)', () => {
  it('a commune set to cấp 4 in the UI shows in Chốt & đồn → Cảnh báo at once', async () => {
    const { page, problems } = await trainingApp();
    // Nothing to warn about yet (every commune is cấp 0); the dialog's read is now cached.
    await openPostWarnings(page);
    await page.getByTestId('posts-warnings-empty').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('posts-warnings').waitFor({ state: 'detached' });

    await page.getByTestId(`tree-item-${AN_BINH}`).click();
    await page.getByTestId(`tree-item-${AN_BINH}`).focus();
    await page.keyboard.press('4');
    await page.getByTestId('set-level-reason').fill('Tập huấn: ổ dịch mới');
    await page.getByTestId('set-level-save').click();
    await page.getByTestId('set-level-modal').waitFor({ state: 'detached' });

    // The menu's badge and the list follow the write; no reload, no waiting for a poll.
    await expect.poll(() => page.getByTestId('posts-warning-count').textContent()).toBe('1');
    await openPostWarnings(page);
    const warning = page.locator('[data-testid="posts-warning"][data-kind="commune-uncovered"]');
    await expect.poll(() => warning.count()).toBe(1);
    expect(await warning.textContent()).toContain('Xã An Bình');
    await shot(page, 'stale-posts-warning');
    expect(problems).toEqual([]);
  });

  it('a hamlet added in the UI brings its "chưa có Tổ COVID" warning at once', async () => {
    const { server, page, problems } = await trainingApp();
    const warnings = page.getByTestId('coverage-warning');
    const hamletWarnings = page.locator('[data-testid="coverage-warning"][data-kind="hamlet-no-team"]');
    await expect.poll(() => hamletWarnings.count()).toBeGreaterThan(0);
    const before = await warnings.count();

    await page.getByTestId(`tree-item-${AN_BINH}`).click();
    await page.getByTestId('detail-add-hamlet').click();
    await page.getByTestId('create-hamlet-name').fill('Ấp Mới Lập');
    await page.getByTestId('create-hamlet-reason').fill('Tập huấn e2e');
    await page.getByTestId('create-hamlet-submit').click();

    const hamlets = await api<UnitSummary[]>(server, 'units.list', { within: AN_BINH, level: 'hamlet' });
    const created = hamlets.find((h) => h.name === 'Ấp Mới Lập');
    expect(created).toBeDefined();
    const mine = page.locator(`[data-testid="coverage-warning"][data-code="${created!.code}"]`);
    await expect.poll(() => mine.count()).toBe(1);
    expect(await mine.textContent()).toContain('Ấp Mới Lập');
    expect(await mine.getAttribute('data-kind')).toBe('hamlet-no-team');
    await expect.poll(() => warnings.count()).toBe(before + 1);
    await shot(page, 'stale-coverage-warning');
    expect(problems).toEqual([]);
  });

  it('adds a post by its coordinates and assigns a leader to its commune', async () => {
    const { server, page, problems } = await trainingApp();
    const [commune] = await api<UnitSummary[]>(server, 'units.list', { level: 'commune', query: 'Xã An Bình' });
    const [lon, lat] = commune!.labelPoint!;

    // A post: typed coordinates find the commune; saving opens its card.
    await page.getByTestId('posts-menu').click();
    await page.getByTestId('posts-new').click();
    await page.getByTestId('post-editor').waitFor();
    await page.getByTestId('post-lat').fill(String(lat));
    await page.getByTestId('post-lon').fill(String(lon));
    await expect.poll(() => page.getByTestId('post-commune').inputValue()).toContain('Xã An Bình');
    await page.getByTestId('post-name').fill('Chốt tập huấn An Bình');
    await page.getByTestId('post-staff-police').fill('3');
    await page.getByTestId('post-save').click();
    await page.getByTestId('post-card').waitFor();
    expect(await page.getByTestId('post-card-name').textContent()).toBe('Chốt tập huấn An Bình');
    expect(await page.getByTestId('post-card-commune').textContent()).toBe('Xã An Bình');
    expect(await page.getByTestId('post-card-staff').textContent()).toContain('Công an: 3');
    // The list, read through the same cache, has it at once.
    await page.getByTestId('posts-panel-close').click();
    await page.getByTestId('posts-menu').click();
    await page.getByTestId('posts-open-list').click();
    // Beside the training district's own checkpoint (it guards the training lockdown).
    await expect.poll(() => page.getByTestId('posts-row').count()).toBe(2);
    expect(await page.getByTestId('posts-row').allTextContents()).toContainEqual(
      expect.stringContaining('Chốt tập huấn An Bình'),
    );
    await page.keyboard.press('Escape');
    await page.getByTestId('posts-list').waitFor({ state: 'detached' });

    // A leader: a new person, assigned to oversee the commune; the map's coverage follows.
    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-people').click();
    await page.getByTestId('people-add').click();
    await page.getByTestId('person-name').fill('Trần Thị Tập Huấn');
    await page.getByTestId('person-phones').fill('0912 000 111');
    await page.getByTestId('person-save').click();
    await page.locator('[data-testid="people-row"]', { hasText: 'Trần Thị Tập Huấn' }).click();
    const unit = page.getByTestId('assign-unit');
    await unit.click();
    await unit.fill('an binh');
    await page.getByRole('option', { name: 'Xã An Bình', exact: true }).click();
    await page.getByTestId('assign-submit').click();
    const row = page.locator('[data-testid="assignment-row"][data-state="active"]', { hasText: 'Xã An Bình' });
    await row.waitFor();
    // The start day prints as dd/mm/yyyy, never ISO.
    expect(await row.textContent()).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(await row.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await shot(page, 'stale-assign-leader');
    await page.keyboard.press('Escape');
    await page.getByTestId('people-tab-people').waitFor({ state: 'detached' });

    await page.getByTestId('coverage-person').click();
    await page.getByRole('option', { name: /Trần Thị Tập Huấn/ }).click();
    await expect.poll(() => page.getByTestId('coverage-person-areas').textContent()).toContain('1');
    const [assignment] = await api<{ unitCode: string; role: string; state: string }[]>(server, 'people.assignments', {
      unitCode: AN_BINH,
    });
    expect(assignment).toMatchObject({ unitCode: AN_BINH, role: 'phu-trach', state: 'active' });
    expect(problems).toEqual([]);
  });
});
