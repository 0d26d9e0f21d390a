/** `saban report` on the training district: save, show, send, the province's view. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { saban, sabanEn } from '../helpers/cli';

describe('saban report', () => {
  it('saves, shows, sends a report and lists it in the province view', async () => {
    const db = path.join(tempDir(), 'r.sqlite');
    expect((await saban('init', '--training', '--db', db)).code).toBe(0);
    const saved = await saban(
      'report',
      'save',
      '--db',
      db,
      '--date',
      '01/12/2026',
      '--figure',
      'samplesTaken=50',
      '--figure',
      'samplesPositive=2',
      '--team',
      'householdsVisited=70',
      '--prepared-by',
      'Trần Thị Bình',
      '--difficulties',
      'Thiếu que test',
    );
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('Số mẫu xét nghiệm: 50');
    expect(saved.stdout).toContain('Số hộ được đến thăm: 70');
    expect(saved.stdout).toContain('Nháp (chưa gửi)');
    const bad = await saban('report', 'save', '--db', db, '--date', '01/12/2026', '--figure', 'nonsense=1');
    expect(bad.code).toBe(2);
    // The office's reporting hours: shown, set, an impossible order refused.
    expect((await saban('report', 'settings', '--db', db)).stdout).toContain(
      'Hạn báo cáo 14:00; nhắc từ 13:30; tỉnh tổng hợp trước 15:00',
    );
    const set = await sabanEn('report', 'settings', '--db', db, '--deadline', '15:30', '--province-deadline', '16:30');
    expect(set.stdout).toContain('Report due 15:30; reminder from 13:30; province consolidates by 16:30');
    const refused = await sabanEn('report', 'settings', '--db', db, '--reminder', '16:00');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('The reminder (16:00) must come before the report deadline (15:30)');
    const sent = await sabanEn('report', 'send', '--db', db, '--date', '2026-12-01');
    expect(sent.code).toBe(0);
    // 1 December 2026 is over whenever this runs after it: the report is late.
    expect(sent.stdout).toMatch(/Sent \d\d\/\d\d\/\d{4} \d\d:\d\d, LATE \(after 15:30\)/);
    const shown = await saban('report', 'show', '--db', db, '--date', '2026-12-01', '--json');
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'sent', late: true, figures: { samplesTaken: 50 } });
    const province = await saban('report', 'province', '--db', db, '--date', '2026-12-01');
    expect(province.stdout).toContain('hạn 15:30, tổng hợp trước 16:30');
    expect(province.stdout).toMatch(/999\tHuyện Tập Huấn \(dữ liệu giả định\)\ttrễ\t/);
    expect(province.stdout).toContain('Đúng hạn 0, trễ 1, chưa gửi 0');
    expect((await saban('report', 'send', '--db', db, '--date', '2026-12-01')).code).not.toBe(0);
  });
});
