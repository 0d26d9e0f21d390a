/**
 * End-to-end test of outbreak clusters and lockdowns on the training district: the seeded cluster
 * and lockdown are on the map at first start (circle by status, hatched area, its checkpoint
 * ringed, the legend); an operator locks down a whole hamlet with a checkpoint, extends it by
 * 7 days and reads its history; a lockdown ending within a day shows its reminder banner.
 * Needs a built renderer (npx vite build).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { UnitSummary } from '../../shared/contract';
import type { Cluster, Lockdown } from '../../shared/contract-clusters';
import { addDays, formatDate, vnToday } from '../../shared/time';
import { probe } from './clusters-probe';
import { api, cleanup, closeBrowser, openApp, shot, startServer, tempDb, waitForFeatures } from './helpers';

afterEach(cleanup);
afterAll(closeBrowser);

describe('clusters and lockdowns (training district)', () => {
  it('shows the seeded cluster and lockdown, locks down a hamlet with a checkpoint, extends it and shows its history', async () => {
    const server = await startServer(tempDb());
    // A lockdown ending in 5 hours: its reminder shows on the map.
    const soon = Date.now() + 5 * 3_600_000;
    await api(server, 'lockdowns.save', {
      name: 'Phong tỏa khu chợ',
      area: { kind: 'units', codes: ['99904-001'] },
      startsAt: new Date(soon - 3 * 86_400_000).toISOString(),
      endsAt: new Date(soon).toISOString(),
      reason: 'F0 tại chợ',
    });
    const { page, problems } = await openApp(server);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('training-dismiss').click();
    await waitForFeatures(page);
    const p = probe(page);

    // The seeded outbreak, on the map at first start.
    await expect.poll(p.clusters).toEqual(['training-cluster-1']);
    await expect.poll(async () => (await p.lockdowns()).sort()).toHaveLength(2);
    expect(await p.lockdowns()).toContain('training-lockdown-1');
    expect(await p.fill('training-lockdown-1')).toBe('url(#saban-hatch)');
    expect(await p.guarded()).toEqual(['training-post-1']);
    // 10 cases in 28 days: bigger than a cluster with none (7 px).
    expect(await p.radius('training-cluster-1')).toBeGreaterThan(15);
    await page.getByTestId('clusters-legend').waitFor();
    await expect
      .poll(() => page.getByTestId('lockdown-reminder').textContent())
      .toMatch(/Phong tỏa “Phong tỏa khu chợ” hết hạn lúc .* \(còn (4 giờ 5\d|5 giờ 0) phút\)/);
    expect(await page.getByTestId('clusters-reminder-count').textContent()).toBe('1');
    await shot(page, 'clusters-map');

    // The list shows the 28-day suggestion.
    await page.getByTestId('clusters-menu').click();
    await page.getByTestId('clusters-open-list').click();
    const row = page.locator('[data-testid="cluster-row"][data-id="training-cluster-1"]');
    await expect
      .poll(() => row.getByTestId('cluster-suggestion').textContent())
      .toMatch(/^5 ngày từ ca cuối; có thể kết thúc từ \d\d\/\d\d\/\d{4}$/);
    await shot(page, 'clusters-list');
    await page.keyboard.press('Escape');
    await page.getByTestId('clusters-list').waitFor({ state: 'detached' });

    // A new lockdown of a whole hamlet, guarded by the training checkpoint.
    await page.getByTestId('clusters-menu').click();
    await page.getByTestId('lockdowns-new').click();
    await page.getByTestId('lockdown-name').fill('Phong tỏa Ấp 1, Xã An Bình');
    await page.getByTestId('area-units').click();
    await page.getByTestId('area-units').fill('ap 1 an binh');
    await page.getByRole('option', { name: 'Ấp 1 — Xã An Bình' }).click();
    await page.getByTestId('lockdown-reason').fill('3 ca F0 cộng đồng');
    await page.getByTestId('lockdown-posts').click();
    await page.getByRole('option', { name: /Chốt cầu Ấp 2/ }).click();
    await page.keyboard.press('Escape');
    await shot(page, 'lockdown-form');
    await page.getByTestId('lockdown-save').click();

    const detail = page.getByTestId('lockdown-detail');
    await detail.getByTestId('lockdown-history').waitFor();
    await expect.poll(() => detail.getByTestId('lockdown-history-row').count()).toBe(1);
    expect(await detail.getByTestId('lockdown-posts-list').textContent()).toContain('Chốt cầu Ấp 2 (tập huấn)');
    await expect.poll(async () => (await p.lockdowns()).length).toBe(3);
    const mine = (await api<Lockdown[]>(server, 'lockdowns.list', {})).find(
      (l) => l.name === 'Phong tỏa Ấp 1, Xã An Bình',
    )!;
    expect(mine).toMatchObject({
      state: 'in_force',
      postIds: ['training-post-1'],
      area: { kind: 'units', codes: ['99901-001'] },
    });

    // Extend it by 7 days; the history keeps both, with the reason.
    await detail.getByTestId('lockdown-plus-7').click();
    await detail.getByTestId('lockdown-extend-reason').fill('Thêm 2 ca F0');
    await detail.getByTestId('lockdown-extend').click();
    await expect.poll(() => detail.getByTestId('lockdown-history-row').count()).toBe(2);
    const extended = detail.locator('[data-testid="lockdown-history-row"][data-kind="extended"]');
    expect(await extended.textContent()).toMatch(/Gia hạn: .* → .*Thêm 2 ca F0/);
    const after = (await api<Lockdown[]>(server, 'lockdowns.list', {})).find((l) => l.id === mine.id)!;
    expect(Date.parse(after.endsAt) - Date.parse(mine.endsAt)).toBe(7 * 86_400_000);
    await shot(page, 'lockdown-history');
    expect(problems).toEqual([]);
  });

  it('draws a cluster’s area on the map with geoman; the cluster belongs to the commune drawn in', async () => {
    const server = await startServer(tempDb());
    const { page, problems } = await openApp(server);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('training-dismiss').click();
    await waitForFeatures(page);
    const { unit } = await api<{ unit: UnitSummary }>(server, 'units.get', { code: '99903' });
    const [lon, lat] = unit.labelPoint!;
    const d = 0.006;
    const at = (x: number, y: number) =>
      page.evaluate(
        (ll) =>
          (
            globalThis as unknown as {
              __sabanMap: { pagePointOfLonLat(p: readonly [number, number]): { x: number; y: number } };
            }
          ).__sabanMap.pagePointOfLonLat(ll),
        [x, y] as const,
      );

    await page.getByTestId('clusters-menu').click();
    await page.getByTestId('clusters-new').click();
    await page.getByTestId('cluster-name').fill('Ổ dịch khu phố chợ');
    await page.getByTestId('area-mode').getByText('Vẽ vùng').click();
    await page.getByTestId('area-draw').click();
    await page.getByTestId('clusters-draw-help').waitFor();
    const corners = [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ] as const;
    for (const [x, y] of corners) {
      const p = await at(x, y);
      await page.mouse.click(p.x, p.y);
    }
    await page.getByTestId('clusters-draw-help').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('area-drawn').textContent()).toBe('Đã vẽ vùng 4 đỉnh');
    // Drawing did not select a unit under the clicks.
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as { __sabanMap: { selectedCode(): string | null } }).__sabanMap.selectedCode(),
      ),
    ).toBeNull();
    await page.getByTestId('cluster-save').click();
    await expect.poll(async () => (await api<Cluster[]>(server, 'clusters.list', {})).length).toBe(2);
    const drawn = (await api<Cluster[]>(server, 'clusters.list', {})).find((c) => c.name === 'Ổ dịch khu phố chợ')!;
    expect(drawn).toMatchObject({ unitCode: '99903', place: { kind: 'polygon' } });
    await shot(page, 'cluster-drawn');
    expect(problems).toEqual([]);
  });

  it('warns where a cluster’s cases exceed the daily F0; deletes it from its form by keyboard, with a reason, and undoes it; deletes a lockdown', async () => {
    const server = await startServer(tempDb());
    // More cases yesterday than Xã Vĩnh Phước's figures report.
    const yesterday = addDays(vnToday(), -1);
    await api(server, 'clusters.setCases', { id: 'training-cluster-1', day: yesterday, count: 999 });
    const { page, problems } = await openApp(server);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('training-dismiss').click();
    await page.getByTestId('training-dismiss').waitFor({ state: 'detached' });
    await waitForFeatures(page);
    const p = probe(page);
    await expect.poll(p.clusters).toEqual(['training-cluster-1']);

    await page.getByTestId('clusters-menu').click();
    await page.getByTestId('clusters-open-list').click();
    const row = page.locator('[data-testid="cluster-row"][data-id="training-cluster-1"]');
    expect(await row.getByTestId('cluster-warning').textContent()).toBe('⚠ 1 ngày có số ca vượt số F0 mới');
    await shot(page, 'clusters-list-warning');
    await row.getByRole('button').click();
    const warnings = page.getByTestId('cluster-form-warnings');
    await warnings.waitFor();
    expect(await warnings.textContent()).toContain(
      `${formatDate(yesterday)}: 999 ca gắn với ổ dịch, nhưng số liệu hằng ngày của Xã Vĩnh Phước chỉ có`,
    );
    await shot(page, 'cluster-form-warning');
    const remove = page.getByTestId('cluster-form').getByTestId('cluster-remove');
    await remove.focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByTestId('confirm-delete');
    await confirm.waitFor();
    expect(await confirm.getByTestId('confirm-delete-message').textContent()).toContain(
      'Vùng phong tỏa liên kết vẫn giữ, chỉ bỏ liên kết',
    );
    // The reason has the focus; without one nothing can be sent.
    expect(await confirm.getByTestId('confirm-delete-submit').isDisabled()).toBe(true);
    await page.keyboard.type('Nhập nhầm ổ dịch');
    await shot(page, 'cluster-remove-confirm');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('clusters-undo-bar').waitFor();
    await expect.poll(p.clusters).toEqual([]);
    expect(await api<Cluster[]>(server, 'clusters.list', {})).toEqual([]);
    expect((await api<Lockdown[]>(server, 'lockdowns.list', {}))[0]!.clusterId).toBeNull();
    await shot(page, 'cluster-removed-undo');

    await page.getByTestId('clusters-undo').click();
    await page.getByTestId('clusters-undo-bar').waitFor({ state: 'detached' });
    await expect.poll(p.clusters).toEqual(['training-cluster-1']);
    expect((await api<Lockdown[]>(server, 'lockdowns.list', {}))[0]!.clusterId).toBe('training-cluster-1');

    // The lockdown, from its detail.
    await page.getByTestId('clusters-menu').click();
    await page.getByTestId('clusters-open-list').click();
    await page.getByTestId('tab-lockdowns').click();
    await page.locator('[data-testid="lockdown-row"][data-id="training-lockdown-1"]').getByRole('button').click();
    await page.getByTestId('lockdown-detail').getByTestId('lockdown-remove').click();
    await page.getByTestId('confirm-delete-reason').fill('Vẽ nhầm');
    await page.getByTestId('confirm-delete-submit').click();
    await expect.poll(p.lockdowns).toEqual([]);
    expect(await page.getByTestId('lockdown-detail').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
