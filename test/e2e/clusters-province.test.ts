/**
 * End-to-end: the province sees every district's clusters and lockdowns on its map. Two districts
 * of real Bạc Liêu (958 Vĩnh Lợi, 960 Đông Hải) each record a cluster with cases and a lockdown in
 * force; their bundles are imported at the province office; the province's browser shows, on the
 * whole-province map, each cluster's circle and each lockdown's hatched area, and its list names
 * them all. Skipped (with a message) without ../shared/data; fails under CI=true.
 * Needs a built renderer (npx vite build).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/engine/dispatch';
import { addDays, vnToday } from '../../shared/time';
import { sharedDataAvailable } from '../helpers/shared-data';
import { communesOf, exchangeKeys, exportNext, importInto, type Office, openOffice, PROVINCE } from '../helpers/sync';
import { probe } from './clusters-probe';
import { cleanup, closeBrowser, onCleanup, openApp, shot, startServer, tempDb, waitForFeatures } from './helpers';

const available = sharedDataAvailable();
afterEach(cleanup);
afterAll(closeBrowser);

/** A cluster on a commune of the district with cases, and a lockdown of it in force now. */
function outbreak(d: Office, name: string): { clusterId: string; lockdownId: string } {
  const commune = communesOf(d)[0]!;
  const today = vnToday();
  const cluster = call(d.engine, 'clusters.save', {
    name: `Ổ dịch ${name}`,
    place: { kind: 'units', codes: [commune] },
    openedOn: addDays(today, -3),
  });
  call(d.engine, 'clusters.setCases', { id: cluster.id, day: addDays(today, -2), count: 6 });
  const now = Date.now();
  const lockdown = call(d.engine, 'lockdowns.save', {
    name: `Phong tỏa ${name}`,
    area: { kind: 'units', codes: [commune] },
    startsAt: new Date(now - 86_400_000).toISOString(),
    endsAt: new Date(now + 7 * 86_400_000).toISOString(),
    reason: 'ca cộng đồng',
    clusterId: cluster.id,
  });
  return { clusterId: cluster.id, lockdownId: lockdown.id };
}

describe.skipIf(!available)('the province sees every district’s clusters and lockdowns (real Bạc Liêu)', () => {
  it('after the districts’ bundles, its map shows their circles and hatched areas, and its list names them', async () => {
    const dir = path.dirname(tempDb());
    const province = openOffice(dir, 'province', PROVINCE);
    const districts = ['958', '960'].map((code) => openOffice(dir, 'district', code));
    const closeAll = (): void => {
      for (const o of [province, ...districts]) if (o.engine.db.open) o.engine.close();
    };
    onCleanup(closeAll);
    const made = districts.map((d, n) => {
      exchangeKeys(province, d);
      return outbreak(d, n === 0 ? 'Vĩnh Lợi' : 'Đông Hải');
    });
    const out = path.join(dir, 'bundles');
    fs.mkdirSync(out);
    for (const d of districts) expect(importInto(province, await exportNext(d, out)).applied[0]!.refused).toBe(0);
    closeAll();

    const server = await startServer(province.file);
    const { page, problems } = await openApp(server);
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitForFeatures(page);
    expect(await page.getByTestId('district-select').inputValue()).toBe('Toàn tỉnh Bạc Liêu');
    const p = probe(page);
    await expect.poll(async () => (await p.clusters()).sort()).toEqual(made.map((m) => m.clusterId).sort());
    await expect.poll(async () => (await p.lockdowns()).sort()).toEqual(made.map((m) => m.lockdownId).sort());
    for (const m of made) {
      expect(await p.fill(m.lockdownId)).toBe('url(#saban-hatch)');
      // 6 cases in 28 days: bigger than a cluster with none (7 px).
      expect(await p.radius(m.clusterId)).toBeGreaterThan(7);
    }
    await page.getByTestId('clusters-legend').waitFor();
    await shot(page, 'clusters-province-map');

    await page.getByTestId('clusters-menu').click();
    await page.getByTestId('clusters-open-list').click();
    const rows = page.getByTestId('cluster-row');
    await expect.poll(() => rows.count()).toBe(2);
    const names = await rows.locator('td:first-child').allTextContents();
    expect(names.sort()).toEqual(['Ổ dịch Vĩnh Lợi', 'Ổ dịch Đông Hải'].sort());
    await shot(page, 'clusters-province-list');
    await page.getByTestId('tab-lockdowns').click();
    const lrows = page.getByTestId('lockdown-row');
    await expect.poll(() => lrows.count()).toBe(2);
    expect((await lrows.locator('td:first-child').allTextContents()).sort()).toEqual(
      ['Phong tỏa Vĩnh Lợi', 'Phong tỏa Đông Hải'].sort(),
    );
    expect(problems).toEqual([]);
  });
});
