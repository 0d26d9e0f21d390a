/**
 * The 14:00 daily report on the training district: status draft → sent, late after 14:00 Vietnam
 * time (fixed clock), validation, the write path (audit, change log), and the province's view.
 */
import { describe, expect, it } from 'vitest';
import { isLate, placeDateParts, shouldRemind } from '../../shared/report';
import { dayTotals } from '../../electron/engine/figures/day';
import { figuresForDistrict, reportFiguresOf } from '../../electron/engine/report/prefill';
import { asUser, call, CallError, errorOf, freshEngine, snapshot } from '../helpers/engine';

const TRAINING = '999';
const DAY = '2021-08-20';

function office(at = `${DAY}T10:00:00+07:00`) {
  const clock = { ms: Date.parse(at) };
  const { engine } = freshEngine({ seedTraining: true, now: () => clock.ms });
  return { engine, clock, at: (iso: string) => (clock.ms = Date.parse(iso)) };
}

function fill(engine: ReturnType<typeof office>['engine'], day = DAY) {
  return call(engine, 'report.save', {
    day,
    figures: { samplesTaken: 120, samplesPositive: 3, newF0Community: 2, f1Traced: 14 },
    teams: { teamsActive: 8, householdsVisited: 410, peopleReminded: 95, problemsFound: 2 },
    fieldWork: [{ person: 'Nguyễn Văn Ánh', place: 'Xã Tập Huấn Một', note: 'kiểm tra chốt' }],
    difficulties: 'Thiếu que test nhanh',
    proposals: 'Đề nghị tỉnh cấp thêm 2.000 que test',
    preparedBy: 'Trần Thị Bình',
    docNumber: '12',
  });
}

describe('the daily report', () => {
  it('starts as an unsaved draft of the training district with its defaults', () => {
    const { engine } = office();
    const r = call(engine, 'report.get', {});
    expect(r).toMatchObject({ district: TRAINING, day: DAY, saved: false, status: 'draft', sentAt: null, late: false });
    expect(r.districtName).toMatch(/Tập Huấn/);
    expect(r.place).toBe('Tập Huấn (dữ liệu giả định)');
    expect(r.issuer).toMatch(/^UBND HUYỆN TẬP HUẤN/);
    expect(r.recipients[0]).toBe('Ban Dân vận Tỉnh ủy');
    expect(r.figures.samplesTaken).toBeNull();
    expect(r.fromFigures).toBeNull();
  });

  it('maps the daily figures onto the report figures, entered ones only, and falls back to typing', () => {
    const values = { samples: 30, positives: 4, qFacilityIn: 7, dose1: 500, deaths: null };
    expect(reportFiguresOf(values)).toEqual({
      samplesTaken: 30,
      samplesPositive: 4,
      samplesNegative: 26,
      qFacilityNow: 7,
    });
    expect(reportFiguresOf({ samples: null, dose1: 12 })).toBeNull();
    // A unit the figures cannot answer for leaves the form to be typed.
    const { engine } = office();
    expect(figuresForDistrict(engine.db, 'no-such-district', DAY)).toBeNull();
  });

  it('is prefilled from the daily figures summed over the district (the figures feature’s totals), typed values kept once saved', () => {
    const { engine } = office();
    const communes = call(engine, 'units.list', { level: 'commune', within: TRAINING }).map((u) => u.code);
    expect(communes.length).toBeGreaterThan(1);
    call(engine, 'figures.saveDay', {
      day: DAY,
      rows: [
        { unitCode: communes[0], values: { samples: 100, positives: 2, f0Community: 2, f1Traced: 9 } },
        { unitCode: communes[1], values: { samples: 40, positives: 1, f0Community: 1, qHomeIn: 12 } },
      ],
    });
    // The figures feature's own function answers as `figures.day` does.
    const totals = dayTotals(engine.db, TRAINING, DAY);
    expect(totals.values).toEqual(call(engine, 'figures.day', { code: TRAINING, day: DAY }).totals.values);
    expect(totals.values.samples).toBe(140);
    const r = call(engine, 'report.get', { day: DAY });
    expect(r.saved).toBe(false);
    expect(r.fromFigures).toMatchObject({
      samplesTaken: 140,
      samplesPositive: 3,
      samplesNegative: 137,
      newF0Community: 3,
    });
    expect(r.figures).toMatchObject({
      samplesTaken: 140,
      samplesPositive: 3,
      newF0Community: 3,
      f1Traced: 9,
      qHomeNow: 12,
      deaths: null,
    });
    // A day without figures (before the training district's weeks of figures) starts empty.
    expect(call(engine, 'report.get', { day: '2021-05-01' }).fromFigures).toBeNull();
    // Once saved, the report keeps what was saved; the figures are still offered beside it.
    call(engine, 'report.save', { day: DAY, figures: { ...r.figures, samplesTaken: 150 } });
    const saved = call(engine, 'report.get', { day: DAY });
    expect(saved.figures.samplesTaken).toBe(150);
    expect(saved.fromFigures?.samplesTaken).toBe(140);
  });

  it('saves a draft, is approved, and is sent on time before 14:00 (time kept)', () => {
    const { engine, at } = office();
    const draft = fill(engine);
    expect(draft).toMatchObject({ saved: true, status: 'draft', preparedBy: 'Trần Thị Bình' });
    expect(draft.figures).toMatchObject({ samplesTaken: 120, samplesPositive: 3, samplesNegative: null });
    expect(draft.fieldWork).toEqual([
      { person: 'Nguyễn Văn Ánh', personId: null, place: 'Xã Tập Huấn Một', unitCode: null, note: 'kiểm tra chốt' },
    ]);
    const approved = call(engine, 'report.approve', { day: DAY, approvedBy: 'Lê Văn Cường' });
    expect(approved.approvedBy).toBe('Lê Văn Cường');
    at(`${DAY}T13:59:59+07:00`);
    const sent = call(engine, 'report.send', { day: DAY });
    expect(sent).toMatchObject({ status: 'sent', late: false, sentAt: `${DAY}T13:59:59+07:00` });
    expect(call(engine, 'report.get', { day: DAY })).toMatchObject({ status: 'sent', saved: true });
    // Every step is audited and logged for sync.
    const actions = call(engine, 'audit.list', { entity: 'dailyReport', limit: 10 }).map((a) => a.action);
    expect(actions).toEqual(['report.send', 'report.approve', 'report.create']);
    const changes = engine.db.prepare("SELECT count(*) FROM changes WHERE entity = 'dailyReport'").pluck().get();
    expect(changes).toBe(3);
  });

  it('is marked late when sent after 14:00, and on a later day', () => {
    const { engine, at } = office();
    fill(engine);
    at(`${DAY}T14:00:01+07:00`);
    expect(call(engine, 'report.send', { day: DAY })).toMatchObject({ late: true, sentAt: `${DAY}T14:00:01+07:00` });
    fill(engine, '2021-08-19');
    expect(call(engine, 'report.send', { day: '2021-08-19' }).late).toBe(true);
    expect(isLate(DAY, `${DAY}T14:00:00+07:00`)).toBe(false);
    expect(isLate(DAY, `${DAY}T07:00:00Z`)).toBe(false);
    expect(isLate(DAY, `${DAY}T07:01:00Z`)).toBe(true);
  });

  it('reminds from 13:30 Vietnam time while today’s report is not sent', () => {
    const { engine, at } = office(`${DAY}T13:29:00+07:00`);
    expect(call(engine, 'report.today', {})).toMatchObject({ day: DAY, status: 'missing', remind: false, minute: 809 });
    at(`${DAY}T13:30:00+07:00`);
    expect(call(engine, 'report.today', {})).toMatchObject({ status: 'missing', remind: true });
    fill(engine);
    expect(call(engine, 'report.today', {})).toMatchObject({ status: 'draft', remind: true });
    at(`${DAY}T14:10:00+07:00`);
    call(engine, 'report.send', { day: DAY });
    expect(call(engine, 'report.today', {})).toMatchObject({ status: 'sent', late: true, remind: false });
    expect(shouldRemind(Date.parse(`${DAY}T13:29:00+07:00`), false)).toBe(false);
    expect(shouldRemind(Date.parse(`${DAY}T13:30:00+07:00`), false)).toBe(true);
    expect(shouldRemind(Date.parse(`${DAY}T16:00:00+07:00`), true)).toBe(false);
  });

  it('refuses to change, approve or send again a sent report, and writes nothing', () => {
    const { engine } = office();
    fill(engine);
    call(engine, 'report.send', { day: DAY });
    const before = snapshot(engine);
    for (const f of [
      () => fill(engine),
      () => call(engine, 'report.approve', { day: DAY, approvedBy: 'X' }),
      () => call(engine, 'report.send', { day: DAY }),
    ]) {
      expect(f).toThrowError(CallError);
      try {
        f();
      } catch (e) {
        expect((e as CallError).code).toBe('conflict');
        expect((e as CallError).text.vi).toMatch(
          /^Báo cáo ngày 20\/08\/2021 của Huyện Tập Huấn.* đã gửi lúc 20\/08\/2021 10:00/,
        );
      }
    }
    expect(snapshot(engine)).toBe(before);
  });

  it('validates: positives above samples, negative counts, a future day, sending unsaved or without a preparer', () => {
    const { engine } = office();
    const before = snapshot(engine);
    expect(() => call(engine, 'report.save', { day: DAY, figures: { samplesTaken: 2, samplesPositive: 5 } })).toThrow(
      /Số mẫu dương tính \(5\) lớn hơn số mẫu xét nghiệm \(2\)/,
    );
    expect(() => call(engine, 'report.save', { day: DAY, figures: { f1Traced: -1 } })).toThrow(/f1Traced/);
    expect(() => call(engine, 'report.save', { day: '2021-08-21' })).toThrow(/chưa đến/);
    expect(() => call(engine, 'report.save', { day: '2021-02-30' })).toThrow(/day/);
    expect(() => call(engine, 'report.send', { day: DAY })).toThrow(/hãy lưu nháp trước/);
    expect(() => call(engine, 'report.save', { day: DAY, district: '99901' })).toThrow(/không phải là huyện/);
    expect(snapshot(engine)).toBe(before);
    call(engine, 'report.save', { day: DAY });
    expect(() => call(engine, 'report.send', { day: DAY })).toThrow(/thiếu người lập/);
    expect(call(engine, 'report.get', { day: DAY }).status).toBe('draft');
  });

  it('shows the province which districts sent, late or missing, and consolidates the sent ones', () => {
    const { engine, at } = office();
    const empty = call(engine, 'report.province', {});
    expect(empty).toMatchObject({ province: '99', day: DAY, counts: { onTime: 0, late: 0, draft: 0, missing: 1 } });
    expect(empty.districts).toEqual([expect.objectContaining({ code: TRAINING, standing: 'missing', sentAt: null })]);
    fill(engine);
    expect(call(engine, 'report.province', {}).districts[0]!.standing).toBe('draft');
    at(`${DAY}T14:30:00+07:00`);
    call(engine, 'report.send', { day: DAY });
    const view = call(engine, 'report.province', { province: '99' });
    expect(view.districts[0]).toMatchObject({
      standing: 'late',
      sentAt: `${DAY}T14:30:00+07:00`,
      preparedBy: 'Trần Thị Bình',
    });
    const c = call(engine, 'report.consolidated', {});
    expect(c.reports.map((r) => r.district)).toEqual([TRAINING]);
    expect(c.figures).toMatchObject({ samplesTaken: 120, samplesPositive: 3, deaths: null });
    expect(c.teams.householdsVisited).toBe(410);
    expect(c.missing).toEqual([]);
  });
});

describe('the reporting hours (an office setting)', () => {
  it('default to 14:00, reminder 13:30, province 15:00, so an office that never set them sees no change', () => {
    const { engine } = office();
    expect(call(engine, 'report.settings', {})).toEqual({
      deadline: '14:00',
      reminder: '13:30',
      provinceDeadline: '15:00',
    });
    expect(call(engine, 'report.today', {}).deadlines.deadline).toBe('14:00');
    expect(call(engine, 'report.province', { day: DAY }).deadlines.provinceDeadline).toBe('15:00');
  });

  it('set to 15:30: a report sent at 15:00 is on time, one sent at 15:31 late; the reminder follows its own hour', () => {
    const { engine, at } = office(`${DAY}T09:00:00+07:00`);
    expect(
      call(engine, 'report.setSettings', { deadline: '15:30', reminder: '15:00', provinceDeadline: '16:30' }),
    ).toEqual({ deadline: '15:30', reminder: '15:00', provinceDeadline: '16:30' });
    // Audited as a settings change, like the other office settings.
    expect(call(engine, 'audit.list', {})[0]).toMatchObject({ action: 'settings.set', entity: 'setting' });
    at(`${DAY}T14:59:00+07:00`);
    expect(call(engine, 'report.today', {}).remind).toBe(false);
    at(`${DAY}T15:00:00+07:00`);
    expect(call(engine, 'report.today', {})).toMatchObject({ remind: true, deadlines: { deadline: '15:30' } });
    fill(engine);
    expect(call(engine, 'report.send', { day: DAY })).toMatchObject({ late: false, sentAt: `${DAY}T15:00:00+07:00` });
    at('2021-08-21T15:31:00+07:00');
    fill(engine, '2021-08-21');
    expect(call(engine, 'report.send', { day: '2021-08-21' }).late).toBe(true);
    expect(call(engine, 'report.province', { day: DAY }).counts).toMatchObject({ onTime: 1, late: 0 });
    // A partial change keeps the other hours.
    expect(call(engine, 'report.setSettings', { provinceDeadline: '17:00' })).toEqual({
      deadline: '15:30',
      reminder: '15:00',
      provinceDeadline: '17:00',
    });
  });

  it('refuses a malformed hour, a reminder not before the deadline, a province deadline not after it, and writes nothing', () => {
    const { engine } = office();
    const before = snapshot(engine);
    expect(errorOf(() => call(engine, 'report.setSettings', { deadline: '25:00' })).code).toBe('bad-request');
    expect(errorOf(() => call(engine, 'report.setSettings', { deadline: '2pm' })).code).toBe('bad-request');
    const reminder = errorOf(() => call(engine, 'report.setSettings', { deadline: '13:00' }));
    expect(reminder.code).toBe('bad-request');
    expect(reminder.message).toMatch(/Giờ nhắc \(13:30\) phải trước hạn báo cáo \(13:00\)/);
    const province = errorOf(() => call(engine, 'report.setSettings', { provinceDeadline: '14:00' }));
    expect(province.message).toMatch(/Hạn tổng hợp của tỉnh \(14:00\) phải sau hạn báo cáo của huyện \(14:00\)/);
    expect(snapshot(engine)).toBe(before);
    expect(call(engine, 'report.settings', {}).deadline).toBe('14:00');
  });

  it('are set by administrators only; everyone reads them', () => {
    const { engine } = office();
    const operator = asUser('Trực ban', 'operator');
    expect(errorOf(() => call(engine, 'report.setSettings', { deadline: '15:00' }, operator)).code).toBe('forbidden');
    expect(call(engine, 'report.settings', {}, operator).deadline).toBe('14:00');
  });

  it('keep the pure rules taking the hour as a parameter (default the constants)', () => {
    expect(isLate(DAY, `${DAY}T15:00:00+07:00`, 15 * 60 + 30)).toBe(false);
    expect(isLate(DAY, `${DAY}T15:31:00+07:00`, 15 * 60 + 30)).toBe(true);
    expect(shouldRemind(Date.parse(`${DAY}T14:59:00+07:00`), false, 15 * 60)).toBe(false);
    expect(shouldRemind(Date.parse(`${DAY}T15:00:00+07:00`), false, 15 * 60)).toBe(true);
  });
});

describe('the place-date line (Decree 30/2020/NĐ-CP)', () => {
  it('pads days below 10 and the months 1 and 2 only', () => {
    expect(placeDateParts('2021-08-20')).toEqual({ d: '20', m: '8', y: '2021' });
    expect(placeDateParts('2021-02-05')).toEqual({ d: '05', m: '02', y: '2021' });
    expect(placeDateParts('2021-12-09')).toEqual({ d: '09', m: '12', y: '2021' });
  });
});
