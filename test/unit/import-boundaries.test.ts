import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { call, freshEngine, snapshot } from '../helpers/engine';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';

const available = sharedDataAvailable();
const open: Engine[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});
function make(seedTraining = false): Engine {
  const { engine } = freshEngine({ seedTraining });
  open.push(engine);
  return engine;
}
function importFile(engine: Engine, file: string, extra: Record<string, unknown> = {}) {
  return call(engine, 'import.boundaries', { fileName: file, text: fs.readFileSync(file, 'utf8'), ...extra });
}
const square = (x: number, y: number, d = 0.01) => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];
function fc(features: unknown[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features });
}

describe.skipIf(!available)('boundary import on real data (Bạc Liêu)', () => {
  it('imports the 64 communes with their districts and province; Vĩnh Lợi (958) has 8', () => {
    const engine = make();
    const report = importFile(engine, sharedFile('boundaries', 'communes_95_bac-lieu.geojson'));
    expect(report).toMatchObject({ created: 64, skipped: 0, level: 'commune', fields: { code: 'code', name: 'name' } });
    const stats = call(engine, 'units.stats', {});
    expect(stats.units.commune).toEqual({ total: 64, withGeometry: 64 });
    expect(stats.units.province.total).toBe(1);
    expect(call(engine, 'units.list', { within: '958', level: 'commune' })).toHaveLength(8);
    const ldd = call(engine, 'units.list', { query: 'long dien dong' });
    expect(ldd.map((u) => [u.code, u.name])).toContainEqual(['31975', 'Xã Long Điền Đông']);
    expect(ldd.every((u) => u.name.startsWith('Xã Long Điền Đông'))).toBe(true);
    const detail = call(engine, 'units.get', { code: '31975' });
    expect(detail.ancestors.map((a) => a.code)).toEqual(['95', detail.unit.parentCode]);
    // Label points fall inside the commune's bbox.
    const [lon, lat] = detail.unit.labelPoint!;
    const [a, b, c, d] = detail.unit.bbox!;
    expect(lon >= a && lon <= c && lat >= b && lat <= d).toBe(true);
  });

  it('adds district and province outlines to the units the commune file created', () => {
    const engine = make();
    importFile(engine, sharedFile('boundaries', 'communes_95_bac-lieu.geojson'));
    const report = importFile(engine, sharedFile('boundaries', 'districts_95_bac-lieu.geojson'));
    expect(report.created + report.updated).toBe(8);
    const stats = call(engine, 'units.stats', {});
    expect(stats.units.district.withGeometry).toBe(7);
    expect(stats.units.province.withGeometry).toBe(1);
  });

  it('re-importing replaces geometry but keeps names, figures and hamlets', () => {
    const engine = make();
    const file = sharedFile('boundaries', 'communes_95_bac-lieu.geojson');
    importFile(engine, file);
    call(engine, 'units.update', { code: '31975', population: 12345, name: 'Xã Long Điền Đông (sửa)' });
    const hamlet = call(engine, 'units.createHamlet', { communeCode: '31975', name: 'Ấp Trung Hưng' });
    const again = importFile(engine, file);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 64 });
    // A changed outline replaces the old one only.
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      features: { properties: { code: string }; geometry: unknown }[];
    };
    const one = doc.features.find((f) => f.properties.code === '31975')!;
    one.geometry = { type: 'Polygon', coordinates: square(105.6, 9.3) };
    const moved = call(engine, 'import.boundaries', { fileName: 'moved.geojson', text: fc([one]) });
    expect(moved).toMatchObject({ updated: 1, created: 0 });
    const u = call(engine, 'units.get', { code: '31975' }).unit;
    expect(u).toMatchObject({ population: 12345, name: 'Xã Long Điền Đông (sửa)', bbox: [105.6, 9.3, 105.61, 9.31] });
    expect(call(engine, 'units.list', { within: '31975', level: 'hamlet' }).map((h) => h.code)).toEqual([hamlet.code]);
  });

  it('reports, and does not crash on, national polygons merged away before 2021', { timeout: 120_000 }, () => {
    const engine = make();
    const report = importFile(engine, sharedFile('boundaries', 'communes_vn_all_gadm41_gso2021.geojson'));
    expect(report.skippedBy['no-code']).toBeGreaterThan(500);
    expect(report.created).toBeGreaterThan(10000);
    expect(report.created + report.skipped).toBe(11163);
    expect(report.problems.some((p) => p.includes('merged_or_dissolved_before_2021'))).toBe(true);
    expect(call(engine, 'units.stats', {}).units.province.total).toBe(63);
  });
});

describe('boundary import: other shapes of file', () => {
  it('detects MaXa/TenXa fields and normalises integer codes', () => {
    const engine = make(true);
    // Attach to the training district's commune via integer code and parent field.
    const text = fc([
      {
        type: 'Feature',
        properties: { MaXa: 99901, TenXa: 'Xã An Bình' },
        geometry: { type: 'Polygon', coordinates: square(108.6, 8.55) },
      },
    ]);
    const report = call(engine, 'import.boundaries', { fileName: 'xa.geojson', text });
    expect(report).toMatchObject({ updated: 1, fields: { code: 'MaXa', name: 'TenXa' }, level: 'commune' });
  });

  it('takes explicit --field mappings and a level for hamlets', () => {
    const engine = make(true);
    const text = fc([
      {
        type: 'Feature',
        properties: { so: '1', ten: 'Ấp Mới', xa: '99902' },
        geometry: { type: 'Point', coordinates: [108.66, 8.6] },
      },
    ]);
    const report = call(engine, 'import.boundaries', {
      fileName: 'ap.geojson',
      text,
      level: 'hamlet',
      fields: { code: 'so', name: 'ten', parent: 'xa' },
    });
    expect(report.created).toBe(1);
    expect(call(engine, 'units.get', { code: '1' }).unit).toMatchObject({
      level: 'hamlet',
      parentCode: '99902',
      name: 'Ấp Mới',
    });
  });

  it('skips features with no code, unknown codes or broken rings, with counts, and imports the rest', () => {
    const engine = make(true);
    const text = fc([
      {
        type: 'Feature',
        // The training commune's own name: a different one would now be held for confirmation.
        properties: { code: '99901', name: 'Xã An Bình' },
        geometry: { type: 'Polygon', coordinates: square(108.6, 8.55) },
      },
      { type: 'Feature', properties: { name: 'không mã' }, geometry: { type: 'Polygon', coordinates: square(1, 1) } },
      {
        type: 'Feature',
        properties: { code: '12345', name: 'Xã Lạ' },
        geometry: { type: 'Polygon', coordinates: square(1, 1) },
      },
      {
        type: 'Feature',
        properties: { code: '99902', name: 'hở' },
        geometry: { type: 'Polygon', coordinates: [square(1, 1)[0]!.slice(0, 4)] },
      },
      { type: 'Feature', properties: { code: '99903', name: 'rỗng' }, geometry: null },
    ]);
    const report = call(engine, 'import.boundaries', { fileName: 'mixed.geojson', text });
    expect(report.updated).toBe(1);
    expect(report.skipped).toBe(4);
    expect(report.skippedBy).toEqual({ 'no-code': 1, 'unknown-code': 1, 'ring-not-closed': 1, missing: 1 });
    // One language per text now (was "mã/code … ring-not-closed"): the problem in words in each.
    expect(report.problems.find((p) => p.includes('#4'))).toMatch(
      /mixed\.geojson #4 \(hở\) mã 99902.*vòng ranh giới không khép kín/,
    );
    expect(report.problemsText.find((p) => p.en.includes('#4'))?.en).toMatch(
      /mixed\.geojson #4 \(hở\) code 99902.*boundary ring is not closed/,
    );
  });
});

describe('boundary import: broken files change nothing', () => {
  const cases: [string, string, RegExp][] = [
    ['truncated JSON', '{"type":"FeatureCollection","features":[{"type":"Fea', /not valid JSON/],
    ['not GeoJSON', '[1,2,3]', /not GeoJSON/],
    ['a bare geometry', JSON.stringify({ type: 'Polygon', coordinates: square(0, 0) }), /expected a FeatureCollection/],
    ['no features', fc([]), /no features/],
    ['no code field', fc([{ type: 'Feature', properties: { foo: 1 }, geometry: null }]), /no code field/],
    [
      'every feature broken',
      fc([{ type: 'Feature', properties: { code: '99901' }, geometry: { type: 'Polygon', coordinates: [[[0, 0]]] } }]),
      /no valid/,
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`refuses ${what} with a message naming the file, and leaves the database as it was`, () => {
      const engine = make(true);
      const before = snapshot(engine);
      expect(() => call(engine, 'import.boundaries', { fileName: 'broken.geojson', text })).toThrow(message);
      try {
        call(engine, 'import.boundaries', { fileName: 'broken.geojson', text });
      } catch (err) {
        expect((err as Error).message).toContain('broken.geojson');
      }
      expect(snapshot(engine)).toBe(before);
    });
  }
});
