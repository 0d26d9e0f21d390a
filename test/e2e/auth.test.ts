/**
 * Accounts in the browser (issue 14): a fresh database walks through the first-run setup to the
 * map, signing out returns to the sign-in screen, and a leader sees no edit controls (on the map,
 * in a checkpoint's card, in people and teams, in the weekly figures) while the engine refuses the leader's write over HTTP with `forbidden`.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  addUser,
  apiResult,
  cleanup,
  closeBrowser,
  openApp,
  shot,
  startServer,
  tempDb,
  waitForFeatures,
} from './helpers';

afterEach(cleanup);
afterAll(closeBrowser);

const AN_BINH = '99901';

describe('accounts (training district)', () => {
  it('sets up a fresh database from the browser, signs in and out, and reaches the map', async () => {
    const server = await startServer(tempDb(), { signIn: false });
    const { page, problems } = await openApp(server);
    await page.getByTestId('setup-wizard').waitFor();
    // Nothing but the setup answers before an account exists.
    expect((await apiResult(server, 'units.list', {})).ok).toBe(false);
    await shot(page, 'setup-office');
    await page.getByTestId('setup-training').check();
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-name').fill('Nguyễn Thị Quản Trị');
    await page.getByTestId('setup-login').fill('quantri');
    await page.getByTestId('setup-password').fill('mật khẩu quản trị');
    await page.getByTestId('setup-password-again').fill('mật khẩu quản trị');
    await shot(page, 'setup-admin');
    await page.getByTestId('setup-finish').click();
    await page.getByTestId('setup-open-map').click();
    await waitForFeatures(page);
    const dismiss = page.getByTestId('training-dismiss');
    if (await dismiss.isVisible()) await dismiss.click();
    expect(await page.getByTestId('user-menu').textContent()).toContain('Nguyễn Thị Quản Trị');
    await shot(page, 'setup-map');

    // Sign out: the sign-in screen; a wrong password says so; the right one opens the map again.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-sign-out').click();
    await page.getByTestId('login-screen').waitFor();
    await page.getByTestId('login-name').fill('quantri');
    await page.getByTestId('login-password').fill('sai mật khẩu');
    await page.getByTestId('login-submit').click();
    expect(await page.getByTestId('login-error').textContent()).toContain('Sai tên đăng nhập hoặc mật khẩu');
    await shot(page, 'login-wrong');
    await page.getByTestId('login-password').fill('mật khẩu quản trị');
    await page.getByTestId('login-submit').click();
    await waitForFeatures(page);
    expect(problems.filter((p) => !p.includes('401') && !p.includes('Failed to load resource'))).toEqual([]);
  });

  it('shows a leader no edit controls, and the engine refuses the leader’s write over HTTP', async () => {
    const admin = await startServer(tempDb());
    const leader = await addUser(admin, 'lanhdao', 'leader', { displayName: 'Lãnh đạo Hùng' });
    const { page } = await openApp(leader);
    await waitForFeatures(page);
    const dismiss = page.getByTestId('training-dismiss');
    if (await dismiss.isVisible()) await dismiss.click();
    await page.getByTestId(`tree-item-${AN_BINH}`).click();
    await page.getByTestId('risk-section').waitFor();
    expect(await page.getByTestId('detail-edit').count()).toBe(0);
    expect(await page.getByTestId('risk-set-level').count()).toBe(0);
    expect(await page.getByTestId('set-level-open').count()).toBe(0);
    // The commune's weekly figures read, disabled, without a save button.
    await page.getByTestId('risk-figures').waitFor();
    expect(await page.getByTestId('figures-save').count()).toBe(0);
    expect(await page.getByTestId('figures-cases').isDisabled()).toBe(true);
    // The training commune has daily figures: the form says the week is computed from them.
    expect(await page.getByTestId('figures-source').textContent()).toContain('số liệu hằng ngày');
    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-audit').waitFor();
    expect(await page.getByTestId('menu-import').count()).toBe(0);
    expect(await page.getByTestId('menu-settings').count()).toBe(0);
    expect(await page.getByTestId('menu-figures').count()).toBe(0);
    // The dashboard is for reading: a leader keeps it.
    expect(await page.getByTestId('menu-dashboard').count()).toBe(1);
    await shot(page, 'leader-view');
    await page.keyboard.press('Escape');
    await page.getByTestId('posts-menu').click();
    await page.getByTestId('posts-open-list').waitFor();
    expect(await page.getByTestId('posts-new').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('clusters-menu').click();
    await page.getByTestId('clusters-open-list').waitFor();
    expect(await page.getByTestId('clusters-new').count()).toBe(0);
    expect(await page.getByTestId('lockdowns-new').count()).toBe(0);
    await page.keyboard.press('Escape');

    // The deeper screens read too: a checkpoint's card without log/edit/delete, people and teams without add/edit/delete, the
    // coverage rules disabled, no people import.
    await page.getByTestId('posts-menu').click();
    await page.getByTestId('posts-open-list').click();
    await page.getByTestId('posts-row').first().click();
    await page.getByTestId('post-card').waitFor();
    expect(await page.getByTestId('post-log-shift').count()).toBe(0);
    expect(await page.getByTestId('post-edit').count()).toBe(0);
    expect(await page.getByTestId('post-delete').count()).toBe(0);
    await shot(page, 'leader-post-card');
    await page.keyboard.press('Escape');
    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-people').click();
    await page.getByTestId('people-tab-people').waitFor();
    expect(await page.getByTestId('people-add').count()).toBe(0);
    expect(await page.getByTestId('people-tab-import').count()).toBe(0);
    await page.getByTestId('people-tab-teams').click();
    await page.getByTestId('steering-teams').waitFor();
    expect(await page.getByTestId('steering-add').count()).toBe(0);
    expect(await page.getByTestId('community-add').count()).toBe(0);
    expect(await page.getByTestId('community-delete').count()).toBe(0);
    await page.getByTestId('people-tab-rules').click();
    await page.getByTestId('coverage-rules').waitFor();
    expect(await page.getByTestId('coverage-rules-save').count()).toBe(0);
    await shot(page, 'leader-people');
    await page.keyboard.press('Escape');

    const refused = await apiResult(leader, 'units.update', { code: AN_BINH, name: 'Xã Khác', reason: 'thử' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(refused.ok || refused.error.message).toContain(
      'Lãnh đạo Hùng (vai trò lãnh đạo) không được thay đổi dữ liệu',
    );
    // The administrator's own session may.
    expect((await apiResult(admin, 'units.update', { code: AN_BINH, population: 1234, reason: 'thử' })).ok).toBe(true);
  });
});
