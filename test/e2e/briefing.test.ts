/**
 * The map briefing, as a leader gets it: `saban briefing` on the training district's seeded day
 * (test/helpers/briefing-seed.ts) in Vietnamese and English, on A4 and A3, read back with
 * poppler-utils (text with diacritics, fonts embedded, paper, a vector map page); page images are
 * kept in test/artifacts/ to look at. Then the app: the one-click PDF button and presentation mode.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import { RISK_LEVELS } from '../../shared/risk';
import { addDays, formatDate, vnToday } from '../../shared/time';
import {
  BRIEFING_DAY,
  CHECKPOINT,
  EXPECTED_COUNTS,
  INCIDENT_PLACE,
  OVERSEER,
  OVERSEER_PHONE,
  seedBriefingDay,
} from '../helpers/briefing-seed';
import { saban as sabanCli } from '../helpers/cli';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';
import { pdfFonts, pdfImages, pdfPageImages, pdfPages, pdfRawText, pdfText } from '../helpers/pdf';
import { CHROMIUM, cleanup, closeBrowser, openApp, shot, startServer, tempDb } from './helpers';

afterEach(cleanup);
afterAll(closeBrowser);

/** A fresh training database with the briefing day seeded; the commune names it holds. */
function seededDb(db = tempDb()): { db: string; communes: string[] } {
  const engine = Engine.open(db, { seedTraining: true });
  try {
    seedBriefingDay(engine);
    return { db, communes: call(engine, 'units.list', { level: 'commune' }).map((u) => u.name) };
  } finally {
    engine.close();
  }
}

/** `saban briefing` of the training district's briefing day; `more` adds or overrides options (the last wins). */
async function briefing(db: string, out: string, ...more: string[]): Promise<void> {
  const r = await sabanCli(
    'briefing',
    '--db',
    db,
    '--date',
    BRIEFING_DAY,
    '--within',
    '999',
    '--out',
    out,
    '--browser',
    CHROMIUM,
    ...more,
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

describe('map briefing PDF', () => {
  let db = '';
  let communes: string[] = [];
  let dir = '';
  beforeAll(() => {
    // One database for the group (tempDb's folders go after each test).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-briefing-'));
    ({ db, communes } = seededDb(path.join(dir, 'saban.db')));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads correctly in Vietnamese: names with diacritics, date and time, legend counts, overseer, checkpoint', async () => {
    const out = path.join(path.dirname(db), 'ban-tin.pdf');
    await briefing(db, out);
    const text = pdfText(out);
    expect(text.normalize('NFC')).toBe(text);
    expect(communes).toContain('Thị trấn Hòa Lạc');
    const page1 = pdfText(out, 1, 1);
    for (const name of communes) expect(page1, name).toContain(name);
    expect(page1).toContain('Số liệu tính đến 24/11/2021 23:59');
    for (const [level, n] of Object.entries(EXPECTED_COUNTS))
      expect(page1).toMatch(new RegExp(`${RISK_LEVELS[Number(level) as 0].vi}\\s+${n}\\b`));
    expect(page1).toContain('Viền đứt đỏ tía: đổi cấp độ trong 24 giờ qua');
    expect(page1).toContain('Huyện theo QĐ 2686');
    expect(text).toContain(OVERSEER);
    expect(text).toContain(OVERSEER_PHONE);
    expect(text).toContain('Ổ dịch mới tại chợ An Bình');
    expect(text).toContain(CHECKPOINT);
    expect(text).toContain(INCIDENT_PLACE);
    // 24/11/2021 lies before the training district's weeks of daily figures: said so, not 0.
    expect(text).toContain('Chưa có số liệu ngày 24/11/2021');
    expect(text).toMatch(/F0 mới trong cộng đồng\s+chưa nhập/);

    const fonts = pdfFonts(out);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f.embedded, f.name).toBe(true);
      expect(f.name, 'only the bundled font').toMatch(/\+NotoSans-(Regular|Bold)$/);
    }
    const { pages, sizes } = pdfPages(out);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(sizes[0]).toEqual([842, 595]); // the map on A4 landscape
    for (const s of sizes.slice(1)) expect(s).toEqual([595, 842]);
    expect(pdfImages(out, 1, 1)).toEqual([]); // the map page is vector
    expect(pdfPageImages(out, 'briefing-vi').length).toBe(pages);
  });

  it("shows the day's daily figures of the training seed, with their trends", async () => {
    // The seeded day with the most new community F0, read through the API.
    const engine = Engine.open(db);
    let day = '';
    let totals;
    try {
      const today = vnToday(engine.now());
      const series = call(engine, 'figures.series', { code: '999', from: addDays(today, -40), to: today });
      const best = [...series.days].filter((d) => d.reporting > 0).sort((a, b) => b.f0Community - a.f0Community)[0];
      expect(best, 'the training district has daily figures').toBeDefined();
      day = best!.day;
      totals = call(engine, 'figures.day', { code: '999', day }).totals;
    } finally {
      engine.close();
    }
    const f0 = totals.values.f0Community!;
    expect(f0).toBeGreaterThan(0);
    const out = path.join(path.dirname(db), 'ban-tin-so-lieu.pdf');
    await briefing(db, out, '--date', day);
    const text = pdfText(out);
    expect(text).toContain(`Số liệu trong ngày ${formatDate(day)}`);
    expect(text).toMatch(new RegExp(`F0 mới trong cộng đồng\\s+${f0}\\b`));
    expect(text).toMatch(new RegExp(`F0 mới trong khu cách ly\\s+${totals.values.f0Quarantine}\\b`));
    expect(text).not.toContain('Chưa có số liệu ngày');
    expect(text).toMatch(/Đang cách ly\s+[\d.]+\s+tập trung \d/);
    expect(text).toContain('F0 mới mỗi ngày và trung bình 7 ngày');
    expect(text).toContain('Xét nghiệm và tỷ lệ dương tính');
    // The level trend and the checkpoints keep their own sections.
    expect(text).toContain('Số đơn vị cấp 4 (đỏ) và cấp 3 (cam) trong 28 ngày');
    expect(text).toContain('Chốt kiểm soát: xu hướng 28 ngày');
    pdfPageImages(out, 'briefing-figures');
  });

  it('reads correctly in English, and on A3', async () => {
    const out = path.join(path.dirname(db), 'briefing-en.pdf');
    await briefing(db, out, '--lang', 'en', '--size', 'A3');
    const page1 = pdfText(out, 1, 1);
    expect(page1).toContain('Map briefing — Huyện Tập Huấn');
    expect(page1).toContain('Data as of 24/11/2021 23:59');
    for (const [level, n] of Object.entries(EXPECTED_COUNTS))
      expect(page1).toMatch(new RegExp(`${RISK_LEVELS[Number(level) as 0].en}\\s+${n}\\b`));
    expect(page1).toContain('Dashed magenta outline');
    const all = pdfText(out);
    expect(all).toContain('Red and orange areas');
    expect(all).toContain('No figures for 24/11/2021');
    expect(all).toMatch(/New F0 in the community\s+not entered/);
    expect(pdfPages(out).sizes[0]).toEqual([1191, 842]); // A3 landscape
    expect(pdfImages(out, 1, 1)).toEqual([]);
    pdfPageImages(out, 'briefing-en-a3');
  });

  it('refuses a unit that is not a district or province, naming it', async () => {
    const r = await sabanCli(
      'briefing',
      '--db',
      db,
      '--within',
      '99901',
      '--out',
      path.join(path.dirname(db), 'x.pdf'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('99901');
  });
});

const realData = sharedDataAvailable();

describe.skipIf(!realData)('map briefing PDF on real Bạc Liêu data', () => {
  const DAY = '2021-11-24';
  const PROVINCE = '95';
  const DONG_HAI = '960';
  let db = '';
  let dir = '';
  let communes: { code: string; name: string; district: string | null }[] = [];
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-briefing-bl-'));
    db = path.join(dir, 'bac-lieu.db');
    const engine = Engine.open(db);
    try {
      const file = sharedFile('boundaries', 'communes_95_bac-lieu.geojson');
      call(engine, 'import.boundaries', { fileName: path.basename(file), text: fs.readFileSync(file, 'utf8') });
      communes = call(engine, 'units.list', { level: 'commune', within: PROVINCE, limit: 1000 }).map((u) => ({
        code: u.code,
        name: u.name,
        district: u.parentCode,
      }));
      // A red and an orange commune in Đông Hải, and that district's figures of the day.
      const dongHai = communes.filter((c) => c.district === DONG_HAI);
      call(engine, 'risk.set', {
        codes: [dongHai[0]!.code],
        level: 4,
        effectiveFrom: `${DAY}T08:00:00+07:00`,
        reason: 'Ổ dịch',
      });
      call(engine, 'risk.set', {
        codes: [dongHai[1]!.code],
        level: 3,
        effectiveFrom: `${DAY}T08:00:00+07:00`,
        reason: 'Giáp ranh',
      });
      call(engine, 'figures.saveDay', {
        day: DAY,
        rows: dongHai.map((c, i) => ({
          unitCode: c.code,
          values: { f0Community: i + 2, samples: 100 + i, positives: i },
        })),
      });
    } finally {
      engine.close();
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the province on A3: every commune named with its diacritics (NFC), A3 map page, A4 pages after it', async () => {
    expect(communes.length).toBe(64);
    const out = path.join(dir, 'ban-tin-bac-lieu.pdf');
    await briefing(db, out, '--date', DAY, '--within', PROVINCE, '--size', 'A3');
    const page1 = pdfText(out, 1, 1);
    expect(page1.normalize('NFC')).toBe(page1);
    expect(page1).toContain('Bản tin bản đồ — Tỉnh Bạc Liêu');
    // Labels may touch on the map: read them without the layout as well.
    const raw = pdfRawText(out, 1, 1);
    for (const c of communes) {
      const name = c.name.normalize('NFC');
      expect(page1.includes(name) || raw.includes(name), name).toBe(true);
    }
    const { pages, sizes } = pdfPages(out);
    expect(sizes[0]).toEqual([1191, 842]); // A3 landscape
    for (const sz of sizes.slice(1)) expect(sz).toEqual([595, 842]);
    expect(pdfImages(out, 1, 1)).toEqual([]);
    // The province's figures sum its districts' (only Đông Hải entered any); no population: no rate.
    const text = pdfText(out);
    expect(text).toMatch(/F0 mới trong cộng đồng\s+77\b/);
    expect(text).toMatch(/Ca cộng đồng \/ 100\.000 dân \/ tuần\s+không tính được/);
    expect(pdfPageImages(out, 'briefing-bac-lieu-a3').length).toBe(pages);
  });

  it("a district (Đông Hải) on A4: its communes, its red commune and the day's F0 summed over its communes", async () => {
    const engine = Engine.open(db);
    let f0 = 0;
    try {
      f0 = call(engine, 'figures.day', { code: DONG_HAI, day: DAY }).totals.values.f0Community!;
    } finally {
      engine.close();
    }
    const dongHai = communes.filter((c) => c.district === DONG_HAI);
    expect(dongHai.length).toBe(11);
    const out = path.join(dir, 'ban-tin-dong-hai.pdf');
    await briefing(db, out, '--date', DAY, '--within', DONG_HAI);
    const text = pdfText(out);
    expect(text.normalize('NFC')).toBe(text);
    const page1 = pdfText(out, 1, 1);
    for (const c of dongHai) expect(page1, c.name).toContain(c.name.normalize('NFC'));
    expect(text).toContain(dongHai[0]!.name);
    expect(text).toMatch(new RegExp(`F0 mới trong cộng đồng\\s+${f0}\\b`));
    expect(text).toContain('11/11 đơn vị đã nhập số liệu');
    const { sizes } = pdfPages(out);
    expect(sizes[0]).toEqual([842, 595]);
    pdfPageImages(out, 'briefing-dong-hai');
  });
});

describe('briefing in the app', () => {
  it('prints the PDF in one click and presents the briefing from the keyboard', async () => {
    const { db } = seededDb();
    const engine = Engine.open(db);
    call(engine, 'settings.set', { currentDistrict: '999' });
    engine.close();
    const server = await startServer(db);
    const { page, problems } = await openApp(server, { acceptDownloads: true });
    await page.getByTestId('training-dismiss').click();

    const downloaded = page.waitForEvent('download', { timeout: 90_000 });
    await page.getByTestId('briefing-pdf').click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toMatch(/^ban-tin-999-\d{4}-\d{2}-\d{2}\.pdf$/);
    const file = path.join(path.dirname(db), download.suggestedFilename());
    await download.saveAs(file);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    expect(pdfText(file, 1, 1)).toContain('Bản tin bản đồ — Huyện Tập Huấn');

    await page.getByTestId('briefing-present').click();
    const present = page.getByTestId('presentation');
    await present.waitFor();
    await page.getByTestId('briefing-map-sheet').waitFor();
    await expect.poll(() => present.getAttribute('data-slide')).toBe('0');
    await shot(page, 'presentation-map');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => present.getAttribute('data-slide')).toBe('1');
    await page.getByTestId('briefing-changes').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('briefing-hot').waitFor();
    await shot(page, 'presentation-hot');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => present.getAttribute('data-slide')).toBe('1');
    await page.keyboard.press('End');
    await page.getByTestId('briefing-figure-trends').waitFor();
    await expect.poll(() => page.getByTestId('presentation-counter').textContent()).toBe('9/9');
    await shot(page, 'presentation-figure-trends');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => present.getAttribute('data-slide')).toBe('8');
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('briefing-key-figures').waitFor();
    await shot(page, 'presentation-figures');
    await page.keyboard.press('Escape');
    await present.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });
});
