import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { parseCount, validateFigures } from '../../shared/figures';
import { osCaller } from '../../electron/engine/auth/accounts';
import { call, errorOf, freshEngine, snapshot } from '../helpers/engine';

const open: Engine[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});

// 23:30 Vietnam time on 10 Oct 2021 (16:30 UTC): still the 10th in Vietnam.
let clock = Date.parse('2021-10-10T16:30:00Z');
function make(seedTraining = true): Engine {
  clock = Date.parse('2021-10-10T16:30:00Z');
  const { engine } = freshEngine({ seedTraining, now: () => clock });
  open.push(engine);
  // A clean slate for the figures: the training seed writes weeks of them.
  engine.db.prepare('DELETE FROM daily_figures').run();
  return engine;
}
const A = '99901';
const B = '99902';

describe('shared rules', () => {
  it('reads Vietnamese and English counts, refuses the rest', () => {
    expect(parseCount('1.234')).toBe(1234);
    expect(parseCount('1 234')).toBe(1234);
    expect(parseCount('1,234')).toBe(1234);
    expect(parseCount('12')).toBe(12);
    expect(parseCount('')).toBeNull();
    expect(parseCount('1,5')).toBe('not-whole');
    expect(parseCount('1.5')).toBe('not-whole');
    expect(parseCount('-3')).toBe('negative');
    expect(parseCount('abc')).toBe('not-whole');
  });
  it('positives above samples and released above yesterday plus new', () => {
    expect(validateFigures({ samples: 5, positives: 6 }).map((p) => p.code)).toEqual(['positives-above-samples']);
    const prev = { facility: 10, health: null, home: null };
    expect(validateFigures({ qFacilityNew: 2, qFacilityReleased: 12 }, prev)).toEqual([]);
    expect(validateFigures({ qFacilityNew: 2, qFacilityReleased: 13 }, prev).map((p) => p.field)).toEqual([
      'qFacilityReleased',
    ]);
  });
});

describe('figures engine', () => {
  it('saves a day in one batch and shows it with who/when, cumulatives and the weekly rate', () => {
    const e = make();
    const changesBefore = e.db.prepare('SELECT count(*) FROM changes').pluck().get() as number;
    const out = call(e, 'figures.saveDay', {
      day: '2021-10-09',
      rows: [
        { unitCode: A, values: { f0Community: 3, samples: 100, positives: 3, qHomeIn: 20 } },
        { unitCode: B, values: { f0Community: 1 } },
      ],
    });
    expect(out).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    call(e, 'figures.saveDay', { day: '2021-10-10', rows: [{ unitCode: A, values: { f0Community: 2, samples: 50 } }] });
    expect((e.db.prepare('SELECT count(*) FROM changes').pluck().get() as number) - changesBefore).toBe(3);
    const day = call(e, 'figures.day', { code: '999', day: '2021-10-10' });
    expect(day.rows).toHaveLength(6);
    const a = day.rows.find((r) => r.unitCode === A)!;
    expect(a.values.f0Community).toBe(2);
    expect(a.values.positives).toBeNull();
    expect(a.enteredBy).toBe(osCaller().displayName);
    expect(a.enteredAt).toBe('2021-10-10T16:30:00.000Z');
    expect(a.cumulative.f0Community).toBe(5);
    expect(a.cumulative.samples).toBe(150);
    expect(a.previousIn.home).toBe(20);
    expect(a.cases7d).toBe(5);
    expect(a.per100k).toBeCloseTo((5 * 100_000) / a.population!, 1);
    expect(day.totals.cumulative.f0Community).toBe(6);
    expect(day.totals.values.f0Community).toBe(2);
    // The province sums its districts.
    const prov = call(e, 'figures.day', { code: '99', day: '2021-10-09' });
    expect(prov.rows).toHaveLength(1);
    expect(prov.rows[0]!.values.f0Community).toBe(4);
  });

  it('refuses a day with any invalid cell, names row, field and reason, and saves nothing', () => {
    const e = make();
    const before = snapshot(e);
    const err = errorOf(() =>
      call(e, 'figures.saveDay', {
        day: '2021-10-10',
        rows: [
          { unitCode: A, values: { f0Community: 1 } },
          { unitCode: B, values: { samples: 4, positives: 5, f1Traced: 2.5, deaths: -1 } },
          { unitCode: '99', values: { f0Community: 1 } },
          { unitCode: 'nope', values: { f0Community: 1 } },
        ],
      }),
    );
    expect(err.code).toBe('bad-request');
    expect(err.text.en).toMatch(/invalid cell/);
    const lines = err.detailsText!.map((d) => d.en);
    expect(lines).toContain('Row 1 (99902), f1Traced: not a whole number');
    expect(lines).toContain('Row 1 (99902), deaths: negative');
    expect(lines.some((l) => l.startsWith('Row 2 (99)') && /not a commune/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('Row 3 (nope)'))).toBe(true);
    expect(snapshot(e)).toBe(before);
    // checkDay answers the same cells without saving.
    const check = call(e, 'figures.checkDay', {
      day: '2021-10-10',
      rows: [{ unitCode: B, values: { samples: 4, positives: 5 } }],
    });
    expect(check.cells).toEqual([
      expect.objectContaining({ row: 0, field: 'positives', code: 'positives-above-samples' }),
    ]);
    // Released above yesterday's in-quarantine plus new today.
    call(e, 'figures.saveDay', { day: '2021-10-09', rows: [{ unitCode: A, values: { qFacilityIn: 10 } }] });
    const r = errorOf(() =>
      call(e, 'figures.saveDay', {
        day: '2021-10-10',
        rows: [{ unitCode: A, values: { qFacilityIn: 0, qFacilityNew: 1, qFacilityReleased: 12 } }],
      }),
    );
    expect(r.detailsText![0]!.en).toMatch(/qFacilityReleased: released above/);
  });

  it('a correction needs a reason and keeps the earlier value in the history', () => {
    const e = make();
    call(e, 'figures.saveDay', { day: '2021-10-10', rows: [{ unitCode: A, values: { f0Community: 3, samples: 9 } }] });
    const err = errorOf(() =>
      call(e, 'figures.saveDay', { day: '2021-10-10', rows: [{ unitCode: A, values: { f0Community: 4 } }] }),
    );
    expect(err.detailsText![0]!.en).toMatch(/f0Community: correcting a stored value \(3 → 4\) needs a reason/);
    // Filling an empty cell is not a correction; the same value again changes nothing.
    expect(
      call(e, 'figures.saveDay', { day: '2021-10-10', rows: [{ unitCode: A, values: { f0Community: 3, deaths: 0 } }] }),
    ).toMatchObject({ updated: 1 });
    expect(
      call(e, 'figures.saveDay', { day: '2021-10-10', rows: [{ unitCode: A, values: { f0Community: 3 } }] }),
    ).toMatchObject({ unchanged: 1 });
    clock += 60_000;
    call(e, 'figures.saveDay', {
      day: '2021-10-10',
      rows: [{ unitCode: A, values: { f0Community: 4 }, reason: 'xã báo sót 1 ca' }],
    });
    const h = call(e, 'figures.history', { unitCode: A });
    expect(h[0]).toMatchObject({
      field: 'f0Community',
      before: 3,
      after: 4,
      reason: 'xã báo sót 1 ca',
      day: '2021-10-10',
    });
    expect(h.some((x) => x.field === 'samples' && x.before === null && x.after === 9)).toBe(true);
    const audit = call(e, 'audit.list', { entity: 'dailyFigure', limit: 10 });
    expect(audit[0]).toMatchObject({ action: 'figures.save.correct', reason: 'xã báo sót 1 ca' });
  });

  it('series: daily cases, 7-day average, positivity, quarantine load; Vietnam days', () => {
    const e = make();
    for (let d = 1; d <= 10; d++) {
      const day = `2021-10-${String(d).padStart(2, '0')}`;
      call(e, 'figures.saveDay', {
        day,
        rows: [
          { unitCode: A, values: { f0Community: d, f0Quarantine: 1, samples: 100, positives: d, qHomeIn: 10 * d } },
          { unitCode: '99901-001', values: { f0Community: 1 } },
        ],
      });
    }
    const s = call(e, 'figures.series', { code: A, from: '2021-10-07', to: '2021-10-10' });
    expect(s.days.map((d) => d.day)).toEqual(['2021-10-07', '2021-10-08', '2021-10-09', '2021-10-10']);
    const last = s.days[3]!;
    // Hamlet rows count in their commune.
    expect(last.f0Community).toBe(11);
    expect(last.f0).toBe(12);
    expect(last.cases7d).toBe(4 + 5 + 6 + 7 + 8 + 9 + 10 + 7);
    expect(last.f0Avg7).toBeCloseTo((4 + 5 + 6 + 7 + 8 + 9 + 10 + 14) / 7, 1);
    expect(last.positivity).toBe(10);
    expect(last.quarantineIn).toBe(100);
    const district = call(e, 'figures.series', { code: '999', from: '2021-10-10', to: '2021-10-10' });
    expect(district.days[0]!.f0Community).toBe(11);
    const inc = call(e, 'figures.incidence', { within: '999', day: '2021-10-10' });
    expect(inc.rows).toHaveLength(6);
    expect(inc.rows.find((r) => r.code === A)!.cases7d).toBe(last.cases7d);
    const dist = call(e, 'figures.incidence', { within: '99', day: '2021-10-10', level: 'district' });
    expect(dist.rows[0]!.cases7d).toBe(last.cases7d);
    // The day of a save is the Vietnam day it names, not the UTC date of the clock.
    expect(call(e, 'figures.day', { code: A, day: '2021-10-10' }).rows[0]!.values.f0Community).toBe(10);
  });

  it('exports CSV that imports back unchanged', () => {
    const e = make();
    call(e, 'figures.saveDay', {
      day: '2021-10-10',
      rows: [{ unitCode: A, values: { f0Community: 1234, samples: 5000 } }],
    });
    const csv = call(e, 'figures.exportCsv', { within: '999', from: '2021-10-01', to: '2021-10-10' });
    expect(csv.text).toContain('"99901",Xã An Bình,2021-10-10,1234,');
    const again = call(e, 'figures.import', { fileName: csv.fileName, text: csv.text });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });
});

describe('figures feed the 4800 suggestion', () => {
  it('cases per 100,000 per week come from the daily figures; a hand-typed weekly row overrides them, marked', () => {
    const e = make();
    const pop = call(e, 'units.get', { code: A }).unit.population!;
    expect(call(e, 'risk.unit', { code: A }).suggestion).toBeNull();
    const cases = Math.ceil((pop * 60) / 100_000); // ≥ 60/100k → level 3
    // Spread over the week ending today (10/10 in Vietnam), plus one case 7 days back that no longer counts.
    call(e, 'figures.saveDay', { day: '2021-10-03', rows: [{ unitCode: A, values: { f0Community: 50 } }] });
    call(e, 'figures.saveDay', { day: '2021-10-04', rows: [{ unitCode: A, values: { f0Community: cases - 1 } }] });
    call(e, 'figures.saveDay', { day: '2021-10-10', rows: [{ unitCode: '99901-002', values: { f0Community: 1 } }] });
    const u = call(e, 'risk.unit', { code: A });
    expect(u.figures).toMatchObject({ source: 'daily', newCases7d: cases, asOf: '2021-10-10' });
    expect(u.suggestion!.level).toBe(3);
    expect(u.suggestion!.steps[0]!.vi).toBe(
      `${cases} F0 cộng đồng trong 7 ngày 04/10/2021–10/10/2021 (số liệu hằng ngày)`,
    );
    // The district's suggestion sums its communes.
    expect(call(e, 'risk.unit', { code: '999' }).figures).toMatchObject({ source: 'daily', newCases7d: cases });
    // The hand-typed row of this week overrides, and says so.
    call(e, 'risk.setFigures', { code: A, asOf: '2021-10-09', newCases7d: 0, vaccinePct: 90, capacityOk: true });
    const o = call(e, 'risk.unit', { code: A });
    expect(o.figures!.source).toBe('override');
    expect(o.suggestion!.level).toBe(1);
    expect(o.suggestion!.steps[0]!.en).toMatch(
      /hand-typed weekly figures of 09\/10\/2021 \(override the daily figures\)/,
    );
    // An old weekly row no longer overrides; its vaccine share still counts.
    call(e, 'risk.setFigures', { code: A, asOf: '2021-10-01', newCases7d: 0, vaccinePct: 50, capacityOk: true });
    e.db.prepare("DELETE FROM risk_figures WHERE as_of = '2021-10-09'").run();
    const d = call(e, 'risk.unit', { code: A });
    expect(d.figures).toMatchObject({ source: 'daily', vaccinePct: 50 });
    expect(d.suggestion!.level).toBe(4);
  });

  it('the training district starts with four weeks of figures and a suggestion from them', () => {
    clock = Date.parse('2021-10-10T16:30:00Z');
    const { engine: e } = freshEngine({ seedTraining: true, now: () => clock });
    open.push(e);
    const s = call(e, 'figures.series', { code: '999', from: '2021-09-12', to: '2021-10-09' });
    expect(s.days).toHaveLength(28);
    expect(s.days.every((d) => d.reporting === 6)).toBe(true);
    expect(Math.max(...s.days.map((d) => d.f0Community))).toBeGreaterThan(5);
    expect(s.days.every((d) => d.samples >= d.positives && d.quarantineIn > 0)).toBe(true);
    expect(call(e, 'risk.unit', { code: A }).figures!.source).toBe('daily');
    // Every seeded day passes the cell rules (released never above yesterday's plus new).
    const day = call(e, 'figures.day', { code: '999', day: '2021-10-09' });
    const check = call(e, 'figures.checkDay', {
      day: '2021-10-09',
      rows: day.rows.map((r) => ({ unitCode: r.unitCode, values: r.values })),
    });
    expect(check.cells).toEqual([]);
    // The seeded values have their history: the training seed entered them.
    const h = call(e, 'figures.history', { unitCode: A, day: '2021-10-09' });
    expect(h.find((x) => x.field === 'samples')).toMatchObject({
      action: 'training.seed',
      actor: 'system',
      before: null,
      after: day.rows.find((r) => r.unitCode === A)!.values.samples,
    });
  });
});
