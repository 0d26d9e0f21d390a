/**
 * End-to-end test of province sync on real Bạc Liêu boundaries, through the command line and the
 * browser host: a province (95) and two districts (958 Vĩnh Lợi, 960 Đông Hải) each set a level;
 * 958 exports with the CLI, 960 from the Sync dialog in the browser; the province trusts both keys
 * and imports both bundles, then its whole-province map shows both districts' coloured communes,
 * and its Sync dialog lists both districts with their last bundle and the field conflicts.
 * Needs a built renderer (npx vite build).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RISK_LEVELS, type RiskLevel } from '../../shared/risk';
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

const available = sharedDataAvailable();
const BAC_LIEU = available ? sharedFile('boundaries', 'communes_95_bac-lieu.geojson') : '';

beforeAll(async () => {
  await launchBrowser();
});
afterEach(cleanup);
afterAll(closeBrowser);

/** The communes of the boundary file, by district code (read from the file, not hard-coded). */
function communesByDistrict(): Map<string, string[]> {
  const fc = JSON.parse(fs.readFileSync(BAC_LIEU, 'utf8')) as {
    features: { properties: { code: string; district_code: string } }[];
  };
  const out = new Map<string, string[]>();
  for (const f of fc.features) {
    const list = out.get(f.properties.district_code) ?? [];
    list.push(f.properties.code);
    out.set(f.properties.district_code, list);
  }
  return out;
}

/** A database for an office (`saban init --province|--district`) with the real communes. */
function office(role: 'province' | 'district', code: string): string {
  const db = tempDb();
  saban(['init', `--${role}`, code, '--db', db]);
  saban(['import-boundaries', BAC_LIEU, '--db', db]);
  return db;
}

/**
 * Renames communes with the GSO list importer (`saban import-units`), as an office would after a
 * renaming decision: the names come from the boundary file, with `suffix` appended.
 */
function rename(db: string, codes: readonly string[], suffix: string): void {
  const fc = JSON.parse(fs.readFileSync(BAC_LIEU, 'utf8')) as { features: { properties: Record<string, string> }[] };
  const rows = fc.features
    .map((f) => f.properties)
    .filter((p) => codes.includes(p['code']!))
    .map((p) =>
      [
        p['province_code'],
        p['province_name'],
        'Tỉnh',
        p['district_code'],
        p['district_name'],
        'Huyện',
        p['code'],
        `${p['name']} ${suffix}`,
        p['type'],
      ].join(','),
    );
  const csv = path.join(path.dirname(db), `rename-${suffix}.csv`);
  fs.writeFileSync(
    csv,
    [
      'province_code,province_name,province_type,district_code,district_name,district_type,commune_code,commune_name,commune_type',
      ...rows,
    ].join('\n'),
  );
  saban(['import-units', csv, '--db', db]);
}

/** Registers a district's public key at the province, as an operator would with the CLI. */
function trust(district: string, province: string): void {
  const key = path.join(path.dirname(district), 'district.sabankey');
  saban(['key', '--export', key, '--db', district]);
  saban(['trust', '--key', key, '--db', province]);
}

const fillOf = (page: Page, code: string): Promise<string | null> =>
  page.evaluate((c) => (globalThis as unknown as ProbeWindow).__sabanMap?.fillOf(c) ?? null, code);
const legendCount = async (page: Page, level: RiskLevel): Promise<number> =>
  Number(await page.getByTestId(`legend-count-${level}`).textContent());

async function openSync(page: Page): Promise<void> {
  await page.getByTestId('menu-button').click();
  await page.getByTestId('menu-sync').click();
  await page.getByTestId('sync-office').waitFor();
}

describe.skipIf(!available)('province sync (real Bạc Liêu boundaries)', () => {
  it('merges two districts’ bundles: the whole-province map shows both, the Sync dialog lists both', async () => {
    const communes = communesByDistrict();
    const total = [...communes.values()].reduce((n, l) => n + l.length, 0);
    const [c958] = communes.get('958') ?? [];
    const [c960] = communes.get('960') ?? [];
    expect(c958 && c960).toBeTruthy();
    const province = office('province', '95');
    const vinhLoi = office('district', '958');
    const dongHai = office('district', '960');
    trust(vinhLoi, province);
    trust(dongHai, province);
    // A real conflict: the province renames a commune of each district, then each district
    // renames its own differently (later, so the district's name wins; both are logged).
    rename(province, [c958!, c960!], '(tỉnh)');
    rename(vinhLoi, [c958!], '(huyện)');
    rename(dongHai, [c960!], '(huyện)');

    // Vĩnh Lợi: a level, exported with the command line.
    saban(['set-level', '--unit', c958!, '--level', '3', '--reason', 'Ổ dịch mới', '--db', vinhLoi]);
    const bundle958 = saban(['export-bundle', '--out', path.dirname(vinhLoi), '--db', vinhLoi]).trim();
    expect(path.basename(bundle958)).toBe('958-1.sabanbundle');

    // Đông Hải: a level, exported from the Sync dialog in the browser (progress, result, download).
    saban(['set-level', '--unit', c960!, '--level', '4', '--reason', 'Nhiều ca cộng đồng', '--db', dongHai]);
    const district = await startServer(dongHai);
    const d = await openApp(district, { acceptDownloads: true });
    await waitForFeatures(d.page);
    // A district office opens on its own district.
    await expect.poll(() => d.page.getByTestId('district-select').inputValue()).toBe('Huyện Đông Hải');
    await waitForFeatures(d.page, communes.get('960')?.length);
    await openSync(d.page);
    expect(await d.page.getByTestId('sync-office').textContent()).toContain('960');
    const [download] = await Promise.all([d.page.waitForEvent('download'), d.page.getByTestId('sync-export').click()]);
    expect(download.suggestedFilename()).toBe('960-1.sabanbundle');
    await d.page.getByTestId('sync-result').waitFor();
    // The other districts' communes from the boundary file stay here, and the result says so.
    expect(await d.page.getByTestId('sync-result').textContent()).toMatch(
      /Đã tạo gói 960-1\.sabanbundle .*Không gửi \d+ thay đổi \(\d+ ngoài phạm vi đơn vị\)/,
    );
    await d.page.getByTestId('sync-progress').waitFor();
    await expect.poll(() => d.page.getByTestId('sync-district-summary').textContent()).toMatch(/\b1\b/);
    const bundle960 = path.join(path.dirname(dongHai), download.suggestedFilename());
    await download.saveAs(bundle960);
    await shot(d.page, 'sync-district-export');
    // A district has merged nothing: its conflicts tab says so.
    await d.page.getByTestId('sync-tab-conflicts').click();
    await d.page.getByTestId('sync-conflicts-empty').waitFor();
    expect(d.problems).toEqual([]);

    // The province imports both.
    saban(['import-bundle', bundle958, '--db', province]);
    saban(['import-bundle', bundle960, '--db', province]);

    const server = await startServer(province);
    const { page, problems } = await openApp(server);
    // The whole province is the default view: every district's communes on one map.
    await waitForFeatures(page, total);
    expect(await page.getByTestId('district-select').inputValue()).toBe('Toàn tỉnh Bạc Liêu');
    await expect.poll(() => fillOf(page, c958!)).toBe(RISK_LEVELS[3].colour);
    await expect.poll(() => fillOf(page, c960!)).toBe(RISK_LEVELS[4].colour);
    await expect.poll(() => legendCount(page, 3)).toBe(1);
    expect(await legendCount(page, 4)).toBe(1);
    expect(await legendCount(page, 0)).toBe(total - 2);
    await shot(page, 'sync-province-map');

    // The Sync dialog: both districts with their last bundle.
    await openSync(page);
    for (const code of ['958', '960']) {
      await expect.poll(() => page.getByTestId(`sync-district-${code}`).textContent()).toContain('#1');
    }
    await shot(page, 'sync-province-dialog');

    // Conflicts: the two renamings, listed newest first, as the engine has them.
    const conflicts = await api<{ id: number; office: string; seq: number; entityId: string; column: string }[]>(
      server,
      'sync.conflicts',
      { limit: 500 },
    );
    // Each bundle carries the commune's creation and its renaming, compared change by change.
    expect(new Set(conflicts.map((c) => `${c.entityId}:${c.column}`))).toEqual(
      new Set([`${c958!}:name`, `${c960!}:name`]),
    );
    expect(conflicts[0]!.entityId).toBe(c960);
    await page.getByTestId('sync-tab-conflicts').click();
    const rows = page.getByTestId('sync-conflict-row');
    await expect.poll(() => rows.count()).toBe(conflicts.length);
    const ids: number[] = [];
    for (let i = 0; i < Math.min(5, conflicts.length); i++) ids.push(Number(await rows.nth(i).getAttribute('data-id')));
    expect(ids).toEqual(conflicts.slice(0, ids.length).map((c) => c.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(await rows.first().textContent()).toContain('960-1');
    await shot(page, 'sync-province-conflicts');
    await page.keyboard.press('Escape');
    await page.getByTestId('sync-office').waitFor({ state: 'detached' });

    // The per-district choice stays.
    await chooseDistrict(page, 'vinh loi', 'Huyện Vĩnh Lợi');
    await waitForFeatures(page, communes.get('958')?.length);
    expect(await fillOf(page, c958!)).toBe(RISK_LEVELS[3].colour);
    expect(await legendCount(page, 3)).toBe(1);
    expect(problems).toEqual([]);
  });
});
