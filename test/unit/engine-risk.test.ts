import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { saban } from '../helpers/cli';
import { call, freshEngine, snapshot, tempDir } from '../helpers/engine';

const open: Engine[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});
let clock = Date.parse('2021-11-20T03:00:00Z');
function make(): Engine {
  clock = Date.parse('2021-11-20T03:00:00Z');
  const { engine } = freshEngine({ seedTraining: true, now: () => clock });
  open.push(engine);
  return engine;
}
const levelOf = (e: Engine, code: string, at?: string): number =>
  call(e, 'risk.levels', { within: '999', ...(at ? { at } : {}) }).find((l) => l.code === code)?.level ?? 0;

describe('risk assessments', () => {
  it('sets a level with a reason, audited and change-logged, and keeps history', () => {
    const e = make();
    const before = call(e, 'units.stats', {});
    call(e, 'risk.set', { codes: ['99901'], level: 2, reason: 'Có ca mới' });
    clock += 3_600_000;
    call(e, 'risk.set', { codes: ['99901'], level: 3, reason: 'Ổ dịch lan rộng' });
    expect(levelOf(e, '99901')).toBe(3);
    const unit = call(e, 'risk.unit', { code: '99901' });
    expect(unit.history.map((h) => [h.level, h.reason])).toEqual([
      [3, 'Ổ dịch lan rộng'],
      [2, 'Có ca mới'],
    ]);
    const after = call(e, 'units.stats', {});
    expect(after.changes - before.changes).toBe(2);
    const audit = call(e, 'audit.list', { entity: 'assessment', limit: 5 });
    expect(audit[0]).toMatchObject({
      action: 'risk.set',
      reason: 'Ổ dịch lan rộng',
      after: { level: 3, unit_code: '99901' },
    });
  });

  it('requires a reason and known units; a failed bulk set changes nothing', () => {
    const e = make();
    const before = snapshot(e);
    expect(() => call(e, 'risk.set', { codes: ['99901'], level: 2, reason: '  ' })).toThrow(/reason/);
    expect(() => call(e, 'risk.set', { codes: ['99901', 'nope'], level: 2, reason: 'x' })).toThrow(/nope/);
    expect(() => call(e, 'risk.set', { codes: ['99'], level: 2, reason: 'x' })).toThrow(/only districts/);
    expect(snapshot(e)).toBe(before);
  });

  it('answers as-of queries: the map as it stood on a past day', () => {
    const e = make();
    call(e, 'risk.set', { codes: ['99901'], level: 4, reason: 'a', effectiveFrom: '2021-11-10T12:00:00+07:00' });
    call(e, 'risk.set', { codes: ['99901'], level: 2, reason: 'b', effectiveFrom: '2021-11-17T12:00:00+07:00' });
    expect(levelOf(e, '99901', '2021-11-09T00:00:00+07:00')).toBe(0);
    expect(levelOf(e, '99901', '2021-11-10T11:59:59+07:00')).toBe(0);
    expect(levelOf(e, '99901', '2021-11-10T12:00:00+07:00')).toBe(4);
    expect(levelOf(e, '99901', '2021-11-16T23:59:59+07:00')).toBe(4);
    expect(levelOf(e, '99901')).toBe(2);
  });

  it('shows a future change as scheduled, and applies it when its time comes', () => {
    const e = make();
    call(e, 'risk.set', { codes: ['99902'], level: 1, reason: 'now' });
    call(e, 'risk.set', {
      codes: ['99902'],
      level: 3,
      reason: 'từ 12 giờ ngày 24/11',
      effectiveFrom: '2021-11-24T12:00:00+07:00',
    });
    expect(levelOf(e, '99902')).toBe(1);
    const unit = call(e, 'risk.unit', { code: '99902' });
    expect(unit.history[0]).toMatchObject({ level: 3, scheduled: true });
    expect(unit.current).toMatchObject({ level: 1 });
    clock = Date.parse('2021-11-24T05:00:00Z'); // 12:00 +07:00
    expect(levelOf(e, '99902')).toBe(3);
  });

  it('bulk-sets several units in one batch and undoes the last change', () => {
    const e = make();
    call(e, 'risk.set', { codes: ['99901'], level: 2, reason: 'first' });
    clock += 1000;
    const r = call(e, 'risk.set', { codes: ['99901', '99902', '99903'], level: 4, reason: 'bulk' });
    expect(r.count).toBe(3);
    expect(['99901', '99902', '99903'].map((c) => levelOf(e, c))).toEqual([4, 4, 4]);
    const undone = call(e, 'risk.undo', {});
    expect(undone).toMatchObject({ batchId: r.batchId, level: 4 });
    expect(undone.codes.sort()).toEqual(['99901', '99902', '99903']);
    expect(['99901', '99902', '99903'].map((c) => levelOf(e, c))).toEqual([2, 0, 0]);
    // History keeps the undone change, marked.
    expect(call(e, 'risk.unit', { code: '99902' }).history[0]).toMatchObject({ level: 4, undone: true });
    expect(call(e, 'audit.list', { entity: 'assessment', limit: 1 })[0]!.action).toBe('risk.undo');
    call(e, 'risk.undo', {});
    expect(() => call(e, 'risk.undo', {})).toThrow(/No level change to undo/);
  });

  it('lists what changed since yesterday', () => {
    const e = make();
    call(e, 'risk.set', { codes: ['99901', '99902'], level: 2, reason: 'a', effectiveFrom: '2021-11-18T00:00:00Z' });
    call(e, 'risk.set', { codes: ['99902'], level: 3, reason: 'b', effectiveFrom: '2021-11-19T12:00:00Z' });
    call(e, 'risk.set', { codes: ['99903'], level: 1, reason: 'c', effectiveFrom: '2021-11-19T13:00:00Z' });
    expect(call(e, 'risk.changed', { within: '999', since: '2021-11-19T03:00:00Z' })).toEqual([
      { code: '99902', from: 2, to: 3 },
      { code: '99903', from: 0, to: 1 },
    ]);
  });

  it('suggests a level from weekly figures with its explanation, and rolls up the district', () => {
    const e = make();
    // Without the training district's daily figures, the weekly row alone feeds the suggestion
    // (figures-engine.test.ts covers the daily figures feeding it and the row as an override).
    e.db.prepare('DELETE FROM daily_figures').run();
    const pop = call(e, 'units.get', { code: '99901' }).unit.population!;
    const missing = call(e, 'risk.unit', { code: '99901' });
    expect(missing.suggestion).toBeNull();
    expect(missing.suggestionMissing!.en).toMatch(/no weekly figures/);
    const cases = Math.ceil((pop * 60) / 100_000); // ≥ 60/100k → level 3
    call(e, 'risk.setFigures', {
      code: '99901',
      asOf: '2021-11-19',
      newCases7d: cases,
      vaccinePct: 64,
      capacityOk: true,
    });
    const s = call(e, 'risk.unit', { code: '99901' }).suggestion!;
    expect(s.level).toBe(4);
    expect(s.steps.map((x) => x.vi).join(' ; ')).toMatch(/→ cấp 3 ; tiêm chủng 64% < 70% → nâng 1 cấp → cấp 4/);
    // Province thresholds are settings.
    call(e, 'risk.setRules', { vaccineThresholdPct: 60 });
    expect(call(e, 'risk.unit', { code: '99901' }).suggestion!.level).toBe(3);
    expect(() => call(e, 'risk.setRules', { caseBands: [50, 20, 150] })).toThrow(/increase/);
    // District roll-up beside its own level: 2 of 6 communes red (33%) → red.
    call(e, 'risk.set', { codes: ['99901', '99902'], level: 4, reason: 'x' });
    call(e, 'risk.set', { codes: ['999'], level: 3, reason: 'huyện' });
    const d = call(e, 'risk.unit', { code: '999' });
    expect(d.current!.level).toBe(3);
    expect(d.rollup).toMatchObject({ level: 4, counts: { '4': 2, '0': 4 } });
  });
});

describe('risk exports', () => {
  it('exports CSV with a BOM and escapes formulas; GeoJSON with levels and dates', () => {
    const e = make();
    call(e, 'units.update', { code: '99902', name: '=HYPERLINK("x")' });
    call(e, 'risk.set', { codes: ['99901'], level: 3, reason: 'Ổ dịch, mới' });
    const csv = call(e, 'risk.export', { within: '999', format: 'csv' });
    expect(csv.text.startsWith('\uFEFFcode,name,')).toBe(true);
    // Exports carry Vietnam time (+07:00) now, not UTC (was 2021-11-20T03:00:00.000Z).
    expect(csv.text).toContain(
      '99901,Xã An Bình,commune,Xã,999,3,Cấp 3 – Nguy cơ cao,2021-11-20T10:00:00+07:00,"Ổ dịch, mới"',
    );
    expect(csv.text).toContain(`"'=HYPERLINK(""x"")"`);
    const gj = JSON.parse(call(e, 'risk.export', { within: '999', format: 'geojson' }).text) as {
      features: { properties: Record<string, unknown> }[];
    };
    expect(gj.features).toHaveLength(31);
    expect(gj.features.find((f) => f.properties['code'] === '99901')!.properties).toMatchObject({
      risk_level: 3,
      colour: '#ef6c00',
    });
    expect(gj.features.find((f) => f.properties['code'] === '99903')!.properties).toMatchObject({
      risk_level: 0,
      effective_from: '',
    });
  });

  const ogrinfo = spawnSync('ogrinfo', ['--version']).status === 0;
  if (!ogrinfo && process.env['CI'] === 'true') throw new Error('CI=true but ogrinfo (gdal-bin) is missing');
  it.skipIf(!ogrinfo)('writes GeoJSON that GDAL reads (ogrinfo), via the CLI', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    const cli = async (...a: string[]) => {
      const r = await saban(...a, '--db', db);
      return { status: r.code, stdout: r.stdout, stderr: r.stderr };
    };
    expect((await cli('init', '--training')).status).toBe(0);
    expect(
      (await cli('set-level', '--unit', '99901', '--unit', '99902', '--level', '4', '--reason', 'Ổ dịch')).status,
    ).toBe(0);
    const out = path.join(dir, 'levels.geojson');
    const r = await cli('export-geojson', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const info = spawnSync('ogrinfo', ['-ro', '-al', '-so', out], { encoding: 'utf8' });
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout).toMatch(/Feature Count: 31/);
    expect(info.stdout).toMatch(/risk_level: Integer/);
    const levels = JSON.parse((await cli('levels', '--json')).stdout) as { code: string; level: number }[];
    expect(levels.map((l) => [l.code, l.level])).toEqual([
      ['99901', 4],
      ['99902', 4],
    ]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('risk.range (the date slider bounds)', () => {
  it('spans live assessments, scheduled ones included, undone ones not', () => {
    const engine = make();
    expect(call(engine, 'risk.range', { within: '999' })).toEqual({ earliest: null, latest: null });
    call(engine, 'risk.set', { codes: ['99901'], level: 2, reason: 'a', effectiveFrom: '2021-11-01T00:00:00+07:00' });
    call(engine, 'risk.set', { codes: ['99902'], level: 3, reason: 'b', effectiveFrom: '2021-11-25T12:00:00+07:00' });
    expect(call(engine, 'risk.range', { within: '999' })).toEqual({
      earliest: '2021-10-31T17:00:00.000Z',
      latest: '2021-11-25T05:00:00.000Z',
    });
    clock += 1000;
    call(engine, 'risk.undo', {});
    expect(call(engine, 'risk.range', {})).toEqual({
      earliest: '2021-10-31T17:00:00.000Z',
      latest: '2021-10-31T17:00:00.000Z',
    });
  });
});
