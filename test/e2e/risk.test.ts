/**
 * End-to-end tests of the risk-level map on real Bạc Liêu communes: set a level with a reason and
 * see the canvas colour and the legend change, history and audit, undo; bulk-set by shift-click
 * and by lasso; the date slider shows the past; keyboard 0–4; PNG export.
 * Needs a built renderer (npx vite build).
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RISK_LEVELS, rollUpDistrict, type RiskLevel } from '../../shared/risk';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';
import {
  api,
  cleanup,
  closeBrowser,
  launchBrowser,
  openApp,
  saban,
  selectedOnMap,
  shot,
  stablePoint,
  startServer,
  tempDb,
  waitForFeatures,
  type ProbeWindow,
  type Server,
} from './helpers';
import type { UnitSummary as Unit } from '../../shared/contract';

const BAC_LIEU = sharedFile('boundaries', 'communes_95_bac-lieu.geojson');
const LONG_DIEN_DONG = '31975';
const available = sharedDataAvailable();

beforeAll(async () => {
  await launchBrowser();
});
afterEach(cleanup);
afterAll(closeBrowser);

function rgbOf(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** True when an RGBA pixel shows the level's colour (the fill is translucent: alpha is ignored). */
function isColour(px: readonly number[] | null, level: RiskLevel): boolean {
  if (!px) return false;
  const want = rgbOf(RISK_LEVELS[level].colour);
  return want.every((c, i) => Math.abs(c - (px[i] ?? -999)) <= 12) && (px[3] ?? 0) > 0;
}

const pixelAt = (page: Page, code: string): Promise<[number, number, number, number] | null> =>
  page.evaluate((c) => (globalThis as unknown as ProbeWindow).__sabanMap?.pixelAt(c) ?? null, code);

/** Waits until the canvas shows `level`'s colour at the unit's label point. */
async function expectColour(page: Page, code: string, level: RiskLevel): Promise<void> {
  await stablePoint(page, code);
  await expect.poll(async () => isColour(await pixelAt(page, code), level), { timeout: 10_000 }).toBe(true);
}

const legendCount = async (page: Page, level: RiskLevel): Promise<number> =>
  Number(await page.getByTestId(`legend-count-${level}`).textContent());

/** Imports Bạc Liêu, opens Long Điền Đông's district, starts the app. */
async function setup(): Promise<{
  server: Server;
  page: Page;
  problems: string[];
  district: string;
  communes: Unit[];
}> {
  const db = tempDb();
  saban(['import-boundaries', BAC_LIEU, '--db', db]);
  const server = await startServer(db);
  const [ldd] = await api<Unit[]>(server, 'units.list', { query: 'Xã Long Điền Đông' });
  const district = ldd!.parentCode!;
  await api(server, 'settings.set', { currentDistrict: district, operatorName: 'Trực ban E2E' });
  const communes = (await api<Unit[]>(server, 'units.list', { within: district, level: 'commune' })).filter(
    (c) => c.hasGeometry,
  );
  const { page, problems } = await openApp(server, { acceptDownloads: true });
  await waitForFeatures(page, communes.length);
  return { server, page, problems, district, communes };
}

/** Communes whose label point is on the bare canvas (not under an overlay), in view. */
async function clickableCommunes(page: Page, communes: readonly Unit[], n: number): Promise<Unit[]> {
  const out: Unit[] = [];
  for (const c of communes) {
    if (c.code === LONG_DIEN_DONG) continue;
    const p = await stablePoint(page, c.code);
    const onCanvas = await page.evaluate(({ x, y }) => {
      const el = (
        globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { tagName: string } | null } }
      ).document.elementFromPoint(x, y);
      return el?.tagName === 'CANVAS';
    }, p);
    if (onCanvas) out.push(c);
    if (out.length === n) break;
  }
  return out;
}

async function selectFromTree(page: Page, code: string): Promise<void> {
  await page.getByTestId(`tree-item-${code}`).click();
  await expect.poll(() => selectedOnMap(page)).toBe(code);
}

describe.skipIf(!available)('risk levels on the map (real Bạc Liêu communes)', () => {
  it('sets a level with a reason by keyboard, shows it, records it, and undoes it', async () => {
    const { server, page, problems, communes } = await setup();
    await expectColour(page, LONG_DIEN_DONG, 0);
    expect(await legendCount(page, 0)).toBe(communes.length);
    expect(await legendCount(page, 4)).toBe(0);

    await selectFromTree(page, LONG_DIEN_DONG);
    await expect.poll(() => page.getByTestId('risk-current').getAttribute('data-level')).toBe('0');
    // Key 4 opens the dialog preset to level 4; the reason is required.
    await page.getByTestId(`tree-item-${LONG_DIEN_DONG}`).focus();
    await page.keyboard.press('4');
    await page.getByTestId('set-level-reason').waitFor();
    expect(await page.getByTestId('set-level-4').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('set-level-save').click();
    await page.getByText('Cần ghi lý do').waitFor();
    await page.getByTestId('set-level-reason').fill('Ổ dịch mới tại ấp 3, 12 ca trong 7 ngày');
    await page.getByTestId('set-level-save').click();
    await page.getByTestId('set-level-modal').waitFor({ state: 'detached' });

    await expectColour(page, LONG_DIEN_DONG, 4);
    await expect.poll(() => legendCount(page, 4)).toBe(1);
    expect(await legendCount(page, 0)).toBe(communes.length - 1);
    await expect.poll(() => page.getByTestId('risk-current').getAttribute('data-level')).toBe('4');
    const entry = page.getByTestId('risk-history-entry').first();
    await expect.poll(() => entry.textContent()).toContain('Ổ dịch mới tại ấp 3');
    expect(await entry.textContent()).toContain('Trực ban E2E');
    expect(await entry.textContent()).toContain('Cấp 4');
    await shot(page, 'risk-set-level');

    const audit = await api<{ action: string; reason: string | null; actor: string }[]>(server, 'audit.list', {
      entity: 'assessment',
    });
    const sets = audit.filter((a) => a.action === 'risk.set');
    expect(sets.map((a) => a.reason)).toEqual(['Ổ dịch mới tại ấp 3, 12 ca trong 7 ngày']);
    expect(sets[0]?.actor).toContain('Trực ban E2E');

    // Ctrl+Z undoes it: colour, count and the struck-through history entry.
    await page.getByTestId(`tree-item-${LONG_DIEN_DONG}`).focus();
    await page.keyboard.press('Control+z');
    await expectColour(page, LONG_DIEN_DONG, 0);
    await expect.poll(() => legendCount(page, 4)).toBe(0);
    expect(await legendCount(page, 0)).toBe(communes.length);
    await expect.poll(() => entry.getAttribute('data-undone')).toBe('true');
    await expect.poll(() => page.getByText('Đã hoàn tác').count()).toBeGreaterThan(0);
    const undone = await api<{ action: string }[]>(server, 'audit.list', { entity: 'assessment' });
    expect(undone.some((a) => a.action === 'risk.undo')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('bulk-sets three communes chosen with shift-click, with one reason', async () => {
    const { server, page, problems, communes } = await setup();
    const [a] = await clickableCommunes(page, communes, 1);
    const pa = await stablePoint(page, a!.code);
    await page.mouse.click(pa.x, pa.y);
    await expect.poll(() => selectedOnMap(page)).toBe(a!.code);
    // The panel opened and the map resized: the other two are found in the new view.
    await page.getByTestId('risk-section').waitFor();
    const [b, c] = await clickableCommunes(
      page,
      communes.filter((u) => u.code !== a!.code),
      2,
    );
    const three = [a!, b!, c!];
    for (const u of [b!, c!]) {
      const p = await stablePoint(page, u.code);
      await page.keyboard.down('Shift');
      await page.mouse.click(p.x, p.y);
      await page.keyboard.up('Shift');
    }
    await expect.poll(() => page.getByTestId('selected-count').textContent()).toBe('Đã chọn 3');
    await page.getByTestId('set-level-open').click();
    await page.getByTestId('set-level-2').click();
    await page.getByTestId('set-level-reason').fill('Họp BCĐ huyện ngày 24/11');
    await page.getByTestId('set-level-save').click();
    await page.getByTestId('set-level-modal').waitFor({ state: 'detached' });

    for (const u of three) await expectColour(page, u.code, 2);
    await expect.poll(() => legendCount(page, 2)).toBe(3);
    const levels = await api<{ code: string; level: number; reason: string }[]>(server, 'risk.levels', {
      within: a!.parentCode,
    });
    expect(levels.map((l) => l.code).sort()).toEqual(three.map((u) => u.code).sort());
    expect(new Set(levels.map((l) => `${l.level}|${l.reason}`))).toEqual(new Set(['2|Họp BCĐ huyện ngày 24/11']));
    await shot(page, 'risk-bulk');
    expect(problems).toEqual([]);
  });

  it('selects the units inside a Ctrl+drag lasso', async () => {
    const { page, problems, communes } = await setup();
    const [target] = await clickableCommunes(page, communes, 1);
    const p = await stablePoint(page, target!.code);
    // A small ring around the label point: only this commune's label point is inside.
    await page.keyboard.down('Control');
    await page.mouse.move(p.x - 6, p.y - 6);
    await page.mouse.down();
    for (const [dx, dy] of [
      [6, -6],
      [6, 6],
      [-6, 6],
      [-6, -6],
    ] as const) {
      await page.mouse.move(p.x + dx, p.y + dy, { steps: 3 });
    }
    await page.mouse.up();
    await page.keyboard.up('Control');
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as ProbeWindow).__sabanMap?.selectedCodes() ?? []))
      .toEqual([target!.code]);
    expect(problems).toEqual([]);
  });

  it('moves the date slider back and shows the old colours, refusing edits in the past', async () => {
    const db = tempDb();
    saban(['import-boundaries', BAC_LIEU, '--db', db]);
    const fiveDaysAgo = new Date(Date.now() - 5 * 24 * 3600 * 1000).toISOString();
    saban([
      'set-level',
      '--db',
      db,
      '--unit',
      LONG_DIEN_DONG,
      '--level',
      '3',
      '--reason',
      'Tuần trước',
      '--from',
      fiveDaysAgo,
    ]);
    saban(['set-level', '--db', db, '--unit', LONG_DIEN_DONG, '--level', '1', '--reason', 'Hết ca mới']);
    const server = await startServer(db);
    const [ldd] = await api<Unit[]>(server, 'units.list', { query: 'Xã Long Điền Đông' });
    await api(server, 'settings.set', { currentDistrict: ldd!.parentCode });
    const { page, problems } = await openApp(server);
    await waitForFeatures(page);
    await expectColour(page, LONG_DIEN_DONG, 1);

    // Two days back: the level set five days ago was in force.
    await page.getByTestId('date-slider-thumb').focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('date-indicator').textContent()).toContain('Đang xem ngày đã qua');
    await expectColour(page, LONG_DIEN_DONG, 3);
    await expect.poll(() => legendCount(page, 3)).toBe(1);
    await shot(page, 'risk-past');

    // Ten days back: before any assessment.
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowLeft');
    await expectColour(page, LONG_DIEN_DONG, 0);

    // Editing in the past is refused with a warning.
    await page.getByTestId(`tree-item-${LONG_DIEN_DONG}`).click();
    await page.getByTestId(`tree-item-${LONG_DIEN_DONG}`).focus();
    await page.keyboard.press('2');
    await expect.poll(() => page.getByText('hãy về hiện tại').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('set-level-modal').count()).toBe(0);

    await page.getByTestId('date-now').click();
    await expectColour(page, LONG_DIEN_DONG, 1);
    expect(await page.getByTestId('date-indicator').textContent()).not.toContain('Đang xem');

    // Changed since yesterday: level 3 then, level 1 now.
    await page.getByTestId('changed-toggle').click();
    await expect.poll(() => page.getByTestId(`changed-${LONG_DIEN_DONG}`).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('exports a PNG of the view with the red unit in red, and GeoJSON and CSV of the levels', async () => {
    const { page, problems, server } = await setup();
    await api(server, 'risk.set', { codes: [LONG_DIEN_DONG], level: 4, reason: 'Xuất ảnh' });
    await page.reload();
    await waitForFeatures(page);
    await expectColour(page, LONG_DIEN_DONG, 4);

    await page.getByTestId('menu-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('menu-export-png').click()]);
    expect(download.suggestedFilename()).toMatch(/^saban-ban-do-\d{3}-\d{4}-\d{2}-\d{2}\.png$/);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    fs.copyFileSync(file, `${process.env['TMPDIR'] ?? '/tmp'}/saban-e2e-risk-export.png`);

    // Decode it in the browser: the size of the map view, and around the commune's label point (where
    // its label text is drawn too) the red fill as the map shows it, over the PNG's sea tone.
    const p = await stablePoint(page, LONG_DIEN_DONG);
    const live = (await pixelAt(page, LONG_DIEN_DONG))!;
    const alpha = live[3] / 255;
    const sea = [0xe9, 0xef, 0xf4];
    const expected = [0, 1, 2].map((i) => Math.round(alpha * live[i]! + (1 - alpha) * sea[i]!));
    const decoded = await page.evaluate(
      async ({ b64, x, y, expected }) => {
        // Node's lib has no DOM types: the few used here, spelled out.
        interface Bitmap {
          width: number;
          height: number;
        }
        interface Canvas {
          width: number;
          height: number;
          getContext(t: '2d'): {
            drawImage(i: Bitmap, x: number, y: number): void;
            getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
          } | null;
        }
        const g = globalThis as unknown as {
          document: {
            querySelector(s: string): { getBoundingClientRect(): { left: number; top: number; width: number } };
            createElement(t: 'canvas'): Canvas;
          };
          createImageBitmap(b: Blob): Promise<Bitmap>;
        };
        const bin = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
        const img = await g.createImageBitmap(new Blob([bin], { type: 'image/png' }));
        const frame = g.document.querySelector('.leaflet-container').getBoundingClientRect();
        const canvas = g.document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const win = ctx.getImageData(Math.round(x - frame.left) - 15, Math.round(y - frame.top) - 15, 31, 31).data;
        let matching = 0;
        for (let i = 0; i < win.length; i += 4) {
          if ([0, 1, 2].every((k) => Math.abs(win[i + k]! - expected[k]!) <= 8)) matching += 1;
        }
        // Distinct colours in a coarse sample: a blank or single-colour image has one or two.
        const all = ctx.getImageData(0, 0, img.width, img.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < all.length; i += 4 * 97) seen.add((all[i]! << 16) | (all[i + 1]! << 8) | all[i + 2]!);
        return {
          width: img.width,
          height: img.height,
          frameWidth: Math.round(frame.width),
          matching,
          colours: seen.size,
        };
      },
      { b64: bytes.toString('base64'), x: p.x, y: p.y, expected },
    );
    expect(decoded.width).toBe(decoded.frameWidth);
    expect(decoded.height).toBeGreaterThan(400);
    expect(decoded.colours).toBeGreaterThan(20);
    expect(isColour(live, 4)).toBe(true);
    expect(decoded.matching).toBeGreaterThan(100);

    await page.getByTestId('menu-button').click();
    const [geo] = await Promise.all([page.waitForEvent('download'), page.getByTestId('menu-export-geojson').click()]);
    const fc = JSON.parse(fs.readFileSync(await geo.path(), 'utf8')) as {
      features: { properties: { code: string; risk_level: number } }[];
    };
    expect(fc.features.find((f) => f.properties.code === LONG_DIEN_DONG)?.properties.risk_level).toBe(4);
    await page.getByTestId('menu-button').click();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('menu-export-csv').click()]);
    const text = fs.readFileSync(await csv.path());
    expect([...text.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.toString('utf8')).toContain('Xã Long Điền Đông');
    expect(problems).toEqual([]);
  });
});

/** Opens the app on a fresh training database (no ../shared/data needed), past the first-run dialog. */
async function setupTraining(viewport?: { width: number; height: number }): Promise<{
  server: Server;
  page: Page;
  problems: string[];
  communes: Unit[];
}> {
  const db = tempDb();
  const server = await startServer(db);
  await api(server, 'settings.set', { operatorName: 'Trực ban E2E' });
  const communes = (await api<Unit[]>(server, 'units.list', { within: TRAINING_DISTRICT, level: 'commune' })).filter(
    (c) => c.hasGeometry,
  );
  const { page, problems } = await openApp(server);
  if (viewport) await page.setViewportSize(viewport);
  await page.getByTestId('training-dismiss').click();
  await waitForFeatures(page);
  return { server, page, problems, communes };
}

const TRAINING_DISTRICT = '999';

/** The fill a unit's layer has (training communes are covered by their hamlets: no pixel check). */
async function expectFill(page: Page, code: string, level: RiskLevel): Promise<void> {
  await expect
    .poll(() => page.evaluate((c) => (globalThis as unknown as ProbeWindow).__sabanMap?.fillOf(c) ?? null, code))
    .toBe(RISK_LEVELS[level].colour);
}
const AN_BINH = '99901';

describe('risk levels on the training district', () => {
  it('searches, selects, sets a level and undoes it', async () => {
    const { server, page, problems } = await setupTraining();
    // Communes and hamlets are all on the map, none assessed yet.
    const all = await page.evaluate(() => (globalThis as unknown as ProbeWindow).__sabanMap?.featureCount() ?? 0);
    await expect.poll(() => legendCount(page, 0)).toBe(all);
    await page.keyboard.press('/');
    await page.getByTestId('unit-search').fill('an binh');
    await page.getByTestId(`tree-item-${AN_BINH}`).click();
    await expect.poll(() => selectedOnMap(page)).toBe(AN_BINH);
    await expect.poll(() => page.getByTestId('risk-current').getAttribute('data-level')).toBe('0');
    await page.getByTestId(`tree-item-${AN_BINH}`).focus();
    await page.keyboard.press('3');
    await page.getByTestId('set-level-reason').fill('Tập huấn: ổ dịch giả định');
    await page.getByTestId('set-level-save').click();
    await page.getByTestId('set-level-modal').waitFor({ state: 'detached' });
    await expectFill(page, AN_BINH, 3);
    await expect.poll(() => legendCount(page, 3)).toBe(1);
    await expect.poll(() => page.getByTestId('risk-current').getAttribute('data-level')).toBe('3');
    // The notice names the level in the interface language only.
    const note = page.getByTestId('notification').first();
    await expect.poll(() => note.textContent()).toContain('Đã đặt');
    expect(await note.textContent()).not.toContain(' / ');

    await page.getByTestId('risk-undo').click();
    await expectFill(page, AN_BINH, 0);
    await expect.poll(() => legendCount(page, 0)).toBe(all);
    await expect.poll(() => page.getByTestId('risk-current').getAttribute('data-level')).toBe('0');
    const audit = await api<{ action: string }[]>(server, 'audit.list', { entity: 'assessment' });
    expect(audit.map((a) => a.action).sort()).toEqual(['risk.set', 'risk.undo']);
    expect(problems).toEqual([]);
  });

  it("shows a past day's district roll-up, and refuses edits there with advice, not an error", async () => {
    const { server, page, problems, communes } = await setupTraining();
    const codes = communes.slice(0, 3).map((c) => c.code);
    const fiveDaysAgo = new Date(Date.now() - 5 * 24 * 3600 * 1000).toISOString();
    await api(server, 'risk.set', { codes, level: 4, reason: 'Tuần trước', effectiveFrom: fiveDaysAgo });
    await api(server, 'risk.set', { codes, level: 1, reason: 'Hết ca mới' });
    const others = communes.slice(3).map((): RiskLevel => 0);
    const then = rollUpDistrict([4, 4, 4, ...others]);
    const now = rollUpDistrict([1, 1, 1, ...others]);
    expect(then.level).not.toBe(now.level);
    await page.reload();
    await waitForFeatures(page);

    const rollup = page.getByTestId('district-level-rollup');
    await expect.poll(() => rollup.getAttribute('data-level')).toBe(String(now.level));
    await page.getByTestId('date-slider-thumb').focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('date-indicator').textContent()).toContain('Đang xem ngày đã qua');
    await expect.poll(() => rollup.getAttribute('data-level')).toBe(String(then.level));
    expect(await page.getByTestId('district-level-own').getAttribute('data-level')).toBe('0');
    await expect.poll(() => page.getByTestId('district-level-day').textContent()).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    // The warnings beside the list are today's, and say so.
    await expect.poll(() => page.getByTestId('coverage-today-note').count()).toBe(1);
    // The district's panel shows the same day's roll-up.
    await page.getByTestId('district-level').click();
    await expect.poll(() => page.getByTestId('risk-rollup-level').getAttribute('data-level')).toBe(String(then.level));
    expect(await page.getByTestId('risk-set-level').isDisabled()).toBe(true);

    // Keys 0–4 in the past: a warning that says what to do, never "Lỗi nội bộ".
    await page.getByTestId(`tree-item-${codes[0]}`).click();
    await page.getByTestId(`tree-item-${codes[0]}`).focus();
    await page.keyboard.press('2');
    const warning = page.getByTestId('notification-warning').first();
    await expect.poll(() => warning.textContent()).toContain('hãy về hiện tại');
    expect(await page.getByTestId('notification-error').count()).toBe(0);
    expect(await page.getByText('Lỗi nội bộ').count()).toBe(0);
    expect(await page.getByTestId('set-level-modal').count()).toBe(0);
    expect(await page.getByTestId('set-level-open').isDisabled()).toBe(true);
    // The notice does not cover the "changed since yesterday" switch: it can be used at once.
    await page.getByTestId('changed-toggle').click({ timeout: 2000 });
    await page.getByTestId('date-now').click();
    await expect.poll(() => rollup.getAttribute('data-level')).toBe(String(now.level));
    await shot(page, 'training-past-rollup');
    expect(problems).toEqual([]);
  });
});
