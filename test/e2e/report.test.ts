/**
 * The 14:00 daily report end to end on the training district: fill the form, save a draft, send,
 * see the status in the form and in the province's view; then the PDFs (the district's report and
 * the consolidated one) read as a person would with poppler: the national motto, the place-date
 * line with the day, the district's name with its diacritics, A4 pages, every font embedded.
 * Needs a built renderer (npm run build) and Chromium.
 */
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { placeDateParts } from '../../shared/report';
import { vnToday } from '../../shared/time';
import { saban as sabanCli } from '../helpers/cli';
import { pdfFonts, pdfPageImages, pdfPages, pdfText } from '../helpers/pdf';
import {
  api,
  CHROMIUM,
  cleanup,
  closeBrowser,
  openApp,
  saban,
  shot,
  startServer,
  tempDb,
  waitForFeatures,
} from './helpers';

afterEach(cleanup);
afterAll(closeBrowser);

interface Report {
  status: string;
  late: boolean;
  sentAt: string | null;
  figures: Record<string, number | null>;
}

describe('the 14:00 daily report (training district)', () => {
  it('is filled, saved, sent and shown as sent, here and in the province view; its PDFs read right', async () => {
    const db = tempDb();
    saban(['init', '--training', '--db', db]);
    const server = await startServer(db);
    const { page, problems } = await openApp(server);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('training-dismiss').click();
    await waitForFeatures(page);
    // The office's reporting hours (an administrator's setting): the form shows its deadline.
    await api(server, 'report.setSettings', { deadline: '16:45', provinceDeadline: '17:30' });

    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-report').click();
    const form = page.getByTestId('report-form');
    await form.waitFor();
    await page.getByText('Báo cáo ngày (hạn 16:45)').waitFor();
    await expect.poll(() => page.getByTestId('report-status').textContent()).toBe('Chưa lập');
    // Keyboard: type a figure, Tab to the next.
    // (The training district's daily figures may have filled some in: select before typing.)
    await page.getByTestId('report-figure-samplesTaken').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1250');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await page.getByTestId('report-team-householdsVisited').fill('410');
    await page.getByTestId('report-field-add').click();
    await page.getByTestId('report-field-person-0').fill('Nguyễn Văn Ánh');
    await page.getByTestId('report-difficulties').fill('Thiếu que test nhanh tại xã An Bình');
    await page.getByTestId('report-proposals').fill('Đề nghị tỉnh cấp thêm 2.000 que test');
    await page.getByTestId('report-prepared-by').fill('Trần Thị Bình');
    await page.getByTestId('report-save').click();
    await expect.poll(() => page.getByTestId('report-status').textContent()).toBe('Nháp');
    const draft = await api<Report>(server, 'report.get', {});
    expect(draft).toMatchObject({ status: 'draft', figures: { samplesTaken: 1250, samplesPositive: 3 } });
    await shot(page, 'report-form-draft');

    await page.getByTestId('report-send').click();
    await page.getByTestId('report-send-confirm').click();
    await expect
      .poll(() => page.getByTestId('report-status').textContent())
      .toMatch(/^Đã gửi \d\d\/\d\d\/\d{4} \d\d:\d\d/);
    const sent = await api<Report>(server, 'report.get', {});
    expect(sent.status).toBe('sent');
    // Late or not depends on when the test runs; the badge says what the engine decided.
    expect((await page.getByTestId('report-status').textContent())!.includes('trễ')).toBe(sent.late);
    expect(await page.getByTestId('report-save').count()).toBe(0);
    await shot(page, 'report-form-sent');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });

    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-province-reports').click();
    const row = page.getByTestId('province-row-999');
    await row.waitFor();
    expect(await row.textContent()).toContain(sent.late ? 'Trễ' : 'Đúng hạn');
    expect(await row.textContent()).toContain('Trần Thị Bình');
    await shot(page, 'report-province');
    expect(problems).toEqual([]);

    // The PDFs, printed from the same database by the CLI.
    const day = vnToday();
    const { d, m, y } = placeDateParts(day);
    const out = path.join(path.dirname(db), 'bao-cao.pdf');
    const r = await sabanCli('report', 'pdf', '--db', db, '--out', out, '--browser', CHROMIUM);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = pdfText(out);
    expect(text.normalize('NFC')).toBe(text);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toMatch(new RegExp(`Tập Huấn \\(dữ liệu giả định\\), ngày ${d} tháng ${m} năm\\s+${y}`));
    expect(text).toContain('UBND HUYỆN TẬP HUẤN');
    expect(text).toContain('Số:');
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('Thiếu que test nhanh tại xã An Bình');
    expect(text).toMatch(/Số mẫu xét nghiệm\s+1\.250/);
    const pages = pdfPages(out);
    expect(pages.sizes.every(([w, h]) => w === 595 && h === 842)).toBe(true);
    const fonts = pdfFonts(out);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded && f.name.includes('Tinos'))).toBe(true);
    expect(pdfPageImages(out, 'report').length).toBe(pages.pages);

    const all = path.join(path.dirname(db), 'tong-hop.pdf');
    const c = await sabanCli('report', 'pdf', '--consolidated', '--db', db, '--out', all, '--browser', CHROMIUM);
    expect(c.code).toBe(0);
    const ct = pdfText(all);
    expect(ct).toContain('Huyện Tập Huấn (dữ liệu giả định)');
    expect(ct).toContain('Tất cả các huyện đã báo cáo.');
    expect(ct).toContain('Đề nghị tỉnh cấp thêm 2.000 que test');
    expect(pdfFonts(all).every((f) => f.embedded)).toBe(true);
    pdfPageImages(all, 'report-consolidated');
  });
});
