/**
 * The whole-country view ("Toàn quốc") on the real national file: it loads in one call per kind
 * (not one per province), the map holds every mapped commune, and the 10,000-row tree keeps only
 * the rows in view in the DOM while the keyboard and map selections still reach every row.
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
  shot,
  startServer,
  tempDb,
  waitForFeatures,
  type ProbeWindow,
} from './helpers';
import type { UnitSummary as Unit } from '../../shared/contract';

const available = sharedDataAvailable();
const NATIONAL = sharedFile('boundaries', 'communes_vn_all_gadm41_gso2021.geojson');
const NATIONAL_OPTION = 'Toàn quốc (mọi xã có ranh giới)';

beforeAll(async () => {
  await launchBrowser();
});
afterEach(cleanup);
afterAll(closeBrowser);

describe.skipIf(!available)('the national view', () => {
  it('loads every commune in one call per kind, with a tree that renders only what is in view', async () => {
    const db = tempDb();
    saban(['import-boundaries', NATIONAL, '--db', db]);
    const server = await startServer(db);
    const communes = (await api<Unit[]>(server, 'units.list', { level: 'commune' })).filter((u) => u.hasGeometry);
    expect(communes.length).toBeGreaterThan(10_000);

    const { page, problems } = await openApp(server);
    const calls: string[] = [];
    page.on('request', (r) => {
      const m = /\/api\/([\w.]+)$/.exec(new URL(r.url()).pathname);
      if (m?.[1] === 'map.features' || m?.[1] === 'units.list') calls.push(`${m[1]} ${r.postData() ?? ''}`);
    });
    await page.getByTestId('district-select').waitFor();
    // The app opens on a first district; count only what choosing the whole country asks for.
    await waitForFeatures(page);
    calls.length = 0;
    await chooseDistrict(page, 'toàn', NATIONAL_OPTION);
    await waitForFeatures(page, communes.length);
    // One units.list and one map.features for the whole country, neither limited to a province.
    expect(
      calls.filter((c) => c.startsWith('map.features')),
      calls.join('\n'),
    ).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('units.list'))).toHaveLength(1);
    expect(calls.every((c) => !c.includes('within'))).toBe(true);

    // The tree: a few dozen rows in the DOM, not ten thousand.
    const rows = page.locator('[data-testid^="tree-item-"]');
    await rows.first().waitFor();
    const inDom = await rows.count();
    expect(inDom).toBeGreaterThan(10);
    expect(inDom).toBeLessThan(200);

    // The keyboard still reaches the last commune (End), which is then in the DOM and active.
    const sorted = communes.map((u) => u.code).sort();
    const last = sorted[sorted.length - 1]!;
    await page.getByTestId('unit-tree').focus();
    // The first key makes the first row active; End then jumps from it to the last.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId(`tree-item-${last}`).getAttribute('class')).toContain('is-active');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as ProbeWindow).__sabanMap?.selectedCode() ?? null))
      .toBe(last);

    // A unit picked on the map, far from the current scroll position, is scrolled into the tree.
    const middle = sorted[Math.floor(sorted.length / 2)]!;
    await page.evaluate((c) => (globalThis as unknown as ProbeWindow).__sabanMap?.clickUnit(c), middle);
    const row = page.getByTestId(`tree-item-${middle}`);
    await expect.poll(() => row.getAttribute('data-selected')).toBe('true');
    const [box, list] = await Promise.all([row.boundingBox(), page.getByTestId('unit-tree').boundingBox()]);
    expect(box && list && box.y >= list.y && box.y + box.height <= list.y + list.height + 1).toBe(true);
    await shot(page, 'national');
    expect(problems).toEqual([]);
  });
});
