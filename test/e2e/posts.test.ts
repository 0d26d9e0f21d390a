/**
 * End-to-end test of checkpoints on the real Bạc Liêu communes: place a checkpoint by clicking the
 * map (and drag it), its commune found from the point; log a shift with an incident; see it on the
 * card (figures, 7-day chart), on the map (today's incidents), in the list (filters) and in the
 * warnings (the commune's "no checkpoint" warning is gone, another post's missing log stays).
 * Needs a built renderer (npx vite build).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';
import {
  api,
  cleanup,
  closeBrowser,
  launchBrowser,
  openApp,
  saban,
  shot,
  stablePoint,
  startServer,
  tempDb,
  waitForFeatures,
} from './helpers';
import type { UnitSummary as Unit } from '../../shared/contract';

const BAC_LIEU = sharedFile('boundaries', 'communes_95_bac-lieu.geojson');
const LONG_DIEN_DONG = '31975';
const available = sharedDataAvailable();

/** What the posts layer exposes for tests (renderer/src/components/PostsMapLayer.tsx). */
interface PostsProbeWindow {
  __sabanPosts?: {
    postCount(): number;
    incidentCount(): number;
    pagePointOf(id: string): { x: number; y: number } | null;
    draft(): { lon: number; lat: number } | null;
    moving(): boolean;
  };
}

beforeAll(async () => {
  await launchBrowser();
});
afterEach(cleanup);
afterAll(closeBrowser);

const postsProbe = (page: Page) => ({
  postCount: (): Promise<number> =>
    page.evaluate(() => (globalThis as unknown as PostsProbeWindow).__sabanPosts?.postCount() ?? -1),
  incidentCount: (): Promise<number> =>
    page.evaluate(() => (globalThis as unknown as PostsProbeWindow).__sabanPosts?.incidentCount() ?? -1),
  draft: (): Promise<{ lon: number; lat: number } | null> =>
    page.evaluate(() => (globalThis as unknown as PostsProbeWindow).__sabanPosts?.draft() ?? null),
});

describe.skipIf(!available)('checkpoints on the map (real Bạc Liêu communes)', () => {
  it('places a checkpoint on the map, logs a shift with an incident, and shows it in the card, the list and the warnings', async () => {
    const db = tempDb();
    saban(['import-boundaries', BAC_LIEU, '--db', db]);
    const server = await startServer(db);
    const [ldd] = await api<Unit[]>(server, 'units.list', { query: 'Xã Long Điền Đông' });
    const district = ldd!.parentCode;
    await api(server, 'settings.set', { currentDistrict: district, operatorName: 'Trực ban E2E' });
    // Long Điền Đông at cấp 3 with no checkpoint: a warning until one is placed there.
    await api(server, 'risk.set', { codes: [LONG_DIEN_DONG], level: 3, reason: 'Ổ dịch mới' });
    const communes = (await api<Unit[]>(server, 'units.list', { within: district, level: 'commune' })).filter(
      (c) => c.hasGeometry,
    );
    // Another post, in another commune, active since long ago, that never logged a shift: its
    // warning stays.
    const elsewhere = communes.find((c) => c.code !== LONG_DIEN_DONG)!;
    const other = await api<{ id: string; communeCode: string }>(server, 'posts.save', {
      kind: 'checkpoint',
      name: 'Chốt bến phà Gành Hào',
      lon: elsewhere.labelPoint![0],
      lat: elsewhere.labelPoint![1],
      statusSince: '2021-09-01',
    });
    expect(other.communeCode).toBe(elsewhere.code);
    const { page, problems } = await openApp(server);
    await waitForFeatures(page, communes.length);
    await expect.poll(() => postsProbe(page).postCount()).toBe(1);

    // The header shows the warnings count; the list names the commune and the other post.
    await expect.poll(() => page.getByTestId('posts-warning-count').textContent()).toBe('2');
    await page.getByTestId('posts-menu').click();
    await page.getByTestId('posts-open-warnings').click();
    const warnings = page.getByTestId('posts-warning');
    await expect.poll(() => warnings.count()).toBe(2);
    expect(await page.getByTestId('posts-warnings').textContent()).toContain(
      'Long Điền Đông: cấp 3 nhưng không có chốt',
    );
    await page.keyboard.press('Escape');

    // Pan the map with the keyboard so Long Điền Đông is clear of the post panel that opens on the right.
    await page.locator('.leaflet-container').focus();
    for (let i = 0; i < 20 && (await stablePoint(page, LONG_DIEN_DONG)).x > 750; i++) {
      await page.keyboard.press('ArrowRight');
    }
    expect((await stablePoint(page, LONG_DIEN_DONG)).x).toBeLessThan(750);

    // Place a new checkpoint by clicking the map inside Long Điền Đông.
    await page.getByTestId('posts-menu').click();
    await page.getByTestId('posts-new').click();
    await expect.poll(() => page.getByTestId('post-pick-hint').textContent()).toContain('Nhấp vào bản đồ');
    const at = await stablePoint(page, LONG_DIEN_DONG);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => postsProbe(page).draft()).not.toBeNull();
    // The commune is found from the point, and the click did not select the commune on the map.
    const communeInput = page.getByTestId('post-commune');
    await expect.poll(() => communeInput.inputValue()).toContain('Long Điền Đông');
    expect(await page.getByTestId('detail-panel').count()).toBe(0);

    // Drag the icon a little: the typed coordinates follow.
    const before = (await postsProbe(page).draft())!;
    const marker = page.getByTestId('post-draft-marker');
    const box = (await marker.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 12, box.y + box.height / 2 + 8, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await postsProbe(page).draft())!.lon).toBeGreaterThan(before.lon);
    const dragged = (await postsProbe(page).draft())!;
    await expect.poll(() => page.getByTestId('post-lon').inputValue()).toBe(String(dragged.lon));
    await expect.poll(() => communeInput.inputValue()).toContain('Long Điền Đông');

    await page.getByTestId('post-name').fill('Chốt cầu Long Điền Đông');
    await page.getByTestId('post-staff-police').fill('2');
    await page.getByTestId('post-staff-health').fill('1');
    await page.getByTestId('post-save').click();
    await page.getByTestId('post-card').waitFor();
    expect(await page.getByTestId('post-card-name').textContent()).toBe('Chốt cầu Long Điền Đông');
    expect(await page.getByTestId('post-card-commune').textContent()).toBe(ldd!.name);
    expect(await page.getByTestId('post-card-staff').textContent()).toContain('Công an: 2');
    await expect.poll(() => postsProbe(page).postCount()).toBe(2);

    // Log the current shift with an incident.
    await page.getByTestId('post-log-shift').click();
    await page.getByTestId('post-log-form').waitFor();
    await page.getByTestId('log-peopleChecked').fill('150');
    await page.getByTestId('log-vehiclesChecked').fill('40');
    await page.getByTestId('log-add-incident').click();
    await page.getByTestId('incident-place').fill('mốc 770');
    await page.getByTestId('incident-people').fill('3');
    await page.getByTestId('log-save').click();

    // The card: today's figures, the incident, the chart's last bar.
    await page.getByTestId('post-card').waitFor();
    await expect.poll(() => page.getByTestId('post-today-peopleChecked').textContent()).toBe('150');
    expect(await page.getByTestId('post-today-vehiclesChecked').textContent()).toBe('40');
    const incidentText = await page.getByTestId('post-card-incident').first().textContent();
    expect(incidentText).toContain('Chặn nhập cảnh trái phép');
    expect(incidentText).toContain('mốc 770');
    const bars = page.locator('[data-testid^="post-chart-day-"]');
    expect(await bars.count()).toBe(7);
    expect(await bars.last().getAttribute('data-value')).toBe('150');
    expect(await page.getByTestId('post-card-shift').textContent()).toContain('đã ghi sổ');
    // Today's incidents on the map.
    await expect.poll(() => postsProbe(page).incidentCount()).toBe(1);
    expect(await page.locator('[data-incident-id]').count()).toBe(1);
    const cardShot = await shot(page, 'posts-card');

    // The list: the new post with today's figures; the incidents filter keeps only it.
    await page.getByTestId('posts-menu').click();
    await page.getByTestId('posts-open-list').click();
    const rows = page.getByTestId('posts-row');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByTestId('posts-sort-people').click();
    expect(await rows.first().textContent()).toContain('Chốt cầu Long Điền Đông');
    expect(await rows.first().textContent()).toContain('150');
    await page.getByTestId('posts-filter-incidents').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-post-id')).not.toBe(other.id);
    const listShot = await shot(page, 'posts-list');
    await page.keyboard.press('Escape');

    // The warnings: Long Điền Đông now has a checkpoint; the other post's missing log remains.
    await expect.poll(() => page.getByTestId('posts-warning-count').textContent()).toBe('1');
    await page.getByTestId('posts-menu').click();
    await page.getByTestId('posts-open-warnings').click();
    await expect.poll(() => warnings.count()).toBe(1);
    expect(await warnings.first().getAttribute('data-kind')).toBe('missing-log');
    expect(await warnings.first().textContent()).toContain('Chốt bến phà Gành Hào');
    const warningsShot = await shot(page, 'posts-warnings');
    // Clicking the warning opens that post's card.
    await warnings.first().click();
    await expect.poll(() => page.getByTestId('post-card-name').textContent()).toBe('Chốt bến phà Gành Hào');

    // The engine agrees with what the UI showed.
    const listed = await api<{ name: string; today: { peopleChecked: number; incidents: number } }[]>(
      server,
      'posts.list',
      { within: district, hasIncidentsToday: true },
    );
    expect(listed.map((p) => [p.name, p.today.peopleChecked, p.today.incidents])).toEqual([
      ['Chốt cầu Long Điền Đông', 150, 1],
    ]);
    console.log(`screenshots: ${cardShot} ${listShot} ${warningsShot}`);
    expect(problems).toEqual([]);
  });
});
