/**
 * Boundary imports never overwrite the wrong place (issue 11, item 4): files of another level are
 * refused whole, replacements whose names or places differ are held until forced, and invalid
 * topology is skipped with a reason or repaired when asked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { call, CallError, freshEngine, snapshot, tempDir } from '../helpers/engine';
import { saban, sabanEn } from '../helpers/cli';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';

const available = sharedDataAvailable();

type Ring = number[][];
const square = (x: number, y: number, d = 0.01): Ring => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];
const fc = (features: unknown[]): string => JSON.stringify({ type: 'FeatureCollection', features });
const feature = (properties: Record<string, unknown>, coordinates: unknown, type = 'Polygon') => ({
  type: 'Feature',
  properties,
  geometry: { type, coordinates },
});
function boundaries(engine: Engine, fileName: string, features: unknown[], extra: Record<string, unknown> = {}) {
  return call(engine, 'import.boundaries', { fileName, text: fc(features), ...extra });
}
function refusal(fn: () => unknown): CallError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CallError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** A district 777 of province 77 with an outline, and its commune 25459 "Phường 3" inside it. */
function placeWithPhuong3(): Engine {
  const { engine } = freshEngine();
  const gso = { district_code: '777', district_name: 'Huyện Thử', province_code: '77', province_name: 'Tỉnh Thử' };
  boundaries(engine, 'phuong3.geojson', [
    feature({ code: '25459', name: 'Phường 3', type: 'Phường', ...gso }, [square(106.0, 10.0)]),
  ]);
  boundaries(engine, 'huyen.geojson', [feature({ code: '777', name: 'Huyện Thử' }, [square(105.95, 9.95, 0.2)])]);
  return engine;
}

describe('a replacement that may mean another place is held until confirmed', () => {
  it('"Xã Thử" with the code of "Phường 3" does not replace it without force', () => {
    const engine = placeWithPhuong3();
    const before = call(engine, 'units.get', { code: '25459' }).unit;
    const report = boundaries(engine, 'thu.geojson', [
      feature({ code: '25459', name: 'Xã Thử' }, [square(106.02, 10.02)]),
    ]);
    expect(report).toMatchObject({ updated: 0, skipped: 1, skippedBy: { 'name-differs': 1 } });
    expect(report.held).toEqual([
      expect.objectContaining({
        code: '25459',
        name: 'Phường 3',
        nameInFile: 'Xã Thử',
        feature: 1,
        reasons: ['name-differs'],
      }),
    ]);
    expect(report.held![0]!.text.en).toMatch(/the file names it “Xã Thử”, the database “Phường 3”.*--force/);
    expect(report.held![0]!.text.vi).toMatch(/tệp ghi tên “Xã Thử”, CSDL là “Phường 3”/);
    expect(call(engine, 'units.get', { code: '25459' }).unit.bbox).toEqual(before.bbox);

    const forced = boundaries(
      engine,
      'thu.geojson',
      [feature({ code: '25459', name: 'Xã Thử' }, [square(106.02, 10.02)])],
      {
        force: true,
      },
    );
    expect(forced).toMatchObject({ updated: 1, skipped: 0 });
    expect(forced.held).toBeUndefined();
    expect(call(engine, 'units.get', { code: '25459' }).unit.bbox).toEqual([106.02, 10.02, 106.03, 10.03]);
  });

  it('names are compared without diacritics, case, type prefix or a remark in parentheses', () => {
    const engine = placeWithPhuong3();
    const report = boundaries(engine, 'p3.geojson', [
      feature({ code: '25459', name: 'PHUONG 3 (cu)' }, [square(106.01, 10.0)]),
    ]);
    expect(report).toMatchObject({ updated: 1, skipped: 0 });
  });

  it('holds a shape outside the parent district, and one far from the old shape', () => {
    const engine = placeWithPhuong3();
    // Same name, but 0.5° east: outside Huyện Thử's outline and ~55 km from the old square.
    const report = boundaries(engine, 'xa.geojson', [
      feature({ code: '25459', name: 'Phường 3' }, [square(106.5, 10.0)]),
    ]);
    expect(report.held?.[0]?.reasons).toEqual(['outside-parent', 'far-from-old']);
    expect(report.skippedBy).toEqual({ 'outside-parent': 1 });
    expect(report.problemsText[0]!.en).toMatch(
      /outside Huyện Thử \(777\); the new shape is about \d+ km from the old one/,
    );
  });

  it('the CLI exits 3 and names the held unit; --force replaces it', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    const file = path.join(dir, 'p3.geojson');
    const gso = { district_code: '777', district_name: 'Huyện Thử', province_code: '77', province_name: 'Tỉnh Thử' };
    fs.writeFileSync(file, fc([feature({ code: '25459', name: 'Phường 3', ...gso }, [square(106.0, 10.0)])]));
    expect((await saban('import-boundaries', file, '--db', db)).code).toBe(0);
    const thu = path.join(dir, 'thu.geojson');
    fs.writeFileSync(thu, fc([feature({ code: '25459', name: 'Xã Thử' }, [square(106.0, 10.001)])]));
    const held = await sabanEn('import-boundaries', thu, '--db', db);
    expect(held.code).toBe(3);
    expect(held.stdout).toMatch(/skipped name-differs: 1/);
    expect(held.stdout).toMatch(/did not replace the boundary of Phường 3 \(25459\)/);
    expect(held.stdout).toMatch(/run again with --force/);
    const forced = await sabanEn('import-boundaries', thu, '--db', db, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/updated 1/);
  });
});

describe('a file of another level is refused whole', () => {
  it('district-like features (names, 3-digit codes) in a commune import: refused naming "district"', () => {
    const engine = placeWithPhuong3();
    // Commune 00703 exists; a district file's "703" would be padded to it.
    boundaries(engine, 'hg.geojson', [
      feature(
        {
          code: '00703',
          name: 'Xã Hà Giang',
          district_code: '024',
          district_name: 'Huyện X',
          province_code: '02',
          province_name: 'Tỉnh Hà Giang',
        },
        [square(105.0, 22.8)],
      ),
    ]);
    const before = snapshot(engine);
    const file = [
      feature({ code: '703', name: 'Huyện Tân Biên' }, [square(105.9, 11.5, 0.3)]),
      feature({ code: '705', name: 'Huyện Tân Châu' }, [square(106.2, 11.5, 0.3)]),
    ];
    const err = refusal(() => boundaries(engine, 'districts_72_tay-ninh.geojson', file, { level: 'commune' }));
    expect(err.code).toBe('bad-file');
    expect(err.text.en).toMatch(/districts_72_tay-ninh\.geojson: the features look like districts, not communes/);
    expect(err.text.en).toMatch(/nothing was written.*--level district/);
    expect(err.text.vi).toMatch(/có vẻ là cấp huyện, không phải xã/);
    expect(snapshot(engine)).toBe(before);
  });

  it('codes of 3 digits and district-sized shapes, without names, are refused too', () => {
    const engine = placeWithPhuong3();
    const file = [703, 705, 706].map((code, i) => feature({ code }, [square(105.9 + i * 0.3, 11.5, 0.3)]));
    const err = refusal(() => boundaries(engine, 'd.geojson', file, { level: 'commune' }));
    expect(err.text.en).toMatch(/look like districts, not communes \(from the length of the codes and the size/);
  });

  it('district outlines under commune codes are refused by their size', () => {
    const engine = placeWithPhuong3();
    const before = snapshot(engine);
    // ~0.25° squares: ~750 km² each, where a province's communes have a median under 150 km².
    const file = ['25459', '25460', '25461'].map((code, i) =>
      feature({ code, name: `Xã ${i}` }, [square(106 + i * 0.25, 10, 0.25)]),
    );
    const err = refusal(() => boundaries(engine, 'to.geojson', file, { level: 'commune' }));
    expect(err.text.en).toMatch(/look like districts, not communes \(from the size of the shapes\)/);
    expect(snapshot(engine)).toBe(before);
  });

  it('commune codes written without zeros but commune-sized are accepted (the padding is right)', () => {
    const engine = placeWithPhuong3();
    const gso = { district_code: '777', district_name: 'Huyện Thử', province_code: '77', province_name: 'Tỉnh Thử' };
    const report = boundaries(
      engine,
      'c.geojson',
      [feature({ code: 703, name: 'Xã Bảy', ...gso }, [square(106.1, 10.1)])],
      {
        level: 'commune',
      },
    );
    expect(report).toMatchObject({ created: 1 });
    expect(call(engine, 'units.get', { code: '00703' }).unit.name).toBe('Xã Bảy');
  });

  it.skipIf(!available)(
    'districts_95_bac-lieu.geojson --level commune over other communes: refused, naming district',
    async () => {
      const dir = tempDir();
      const db = path.join(dir, 'x.sqlite');
      expect(
        (await saban('import-boundaries', sharedFile('boundaries', 'communes_83_ben-tre.geojson'), '--db', db)).code,
      ).toBe(0);
      const stats = (await saban('stats', '--db', db, '--json')).stdout;
      const r = await sabanEn(
        'import-boundaries',
        sharedFile('boundaries', 'districts_95_bac-lieu.geojson'),
        '--db',
        db,
        '--level',
        'commune',
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/districts_95_bac-lieu\.geojson: the features look like districts, not communes/);
      expect((await saban('stats', '--db', db, '--json')).stdout).toBe(stats);
    },
  );
});

describe('geometry topology', () => {
  const bowtie: Ring = [
    [108.6, 8.55],
    [108.61, 8.56],
    [108.61, 8.55],
    [108.6, 8.56],
    [108.6, 8.55],
  ];
  const strayHole = [square(108.6, 8.55), square(108.7, 8.7, 0.002)];

  it('skips a bowtie and a polygon whose hole is outside its shell, each with its reason', () => {
    const { engine } = freshEngine({ seedTraining: true });
    const before = call(engine, 'units.get', { code: '99901' }).unit.bbox;
    const report = boundaries(engine, 'bad.geojson', [
      feature({ code: '99901', name: 'Xã An Bình' }, [bowtie]),
      feature({ code: '99902', name: 'Xã Phú Thạnh' }, strayHole),
      feature({ code: '99904', name: 'Xã Tân Hưng' }, [[square(108.6, 8.55)], [square(108.6, 8.55)]], 'MultiPolygon'),
      feature({ code: '99905', name: 'Xã Long Mỹ' }, [square(108.62, 8.57)]),
    ]);
    expect(report.skippedBy).toEqual({ 'self-intersection': 1, 'hole-outside-shell': 1, 'duplicate-rings': 1 });
    const en = report.problemsText.map((p) => p.en).join('\n');
    expect(en).toMatch(
      /#1 \(Xã An Bình\) code 99901: bad geometry, the boundary crosses itself \(Self-intersection at \[108\.605, 8\.555\]\); repair with --repair/,
    );
    expect(en).toMatch(/#2 .*a hole lies outside its shell/);
    expect(en).toMatch(/#3 .*a boundary ring is repeated/);
    expect(report.problemsText[0]!.vi).toMatch(/ranh giới tự cắt nhau/);
    expect(call(engine, 'units.get', { code: '99901' }).unit.bbox).toEqual(before);
  });

  it('repairs them only when asked, keeping both lobes of the bowtie and dropping the stray hole', () => {
    const { engine } = freshEngine({ seedTraining: true });
    const report = boundaries(
      engine,
      'bad.geojson',
      [
        feature({ code: '99901', name: 'Xã An Bình' }, [bowtie]),
        feature({ code: '99902', name: 'Xã Phú Thạnh' }, strayHole),
      ],
      { repair: true },
    );
    expect(report).toMatchObject({ repaired: 2, skipped: 0 });
    expect(report.problemsText.map((p) => p.en)).toEqual([
      expect.stringMatching(/99901: geometry repaired \(Self-intersection.*\), 100% of the area kept/),
      expect.stringMatching(/99902: geometry repaired \(Hole lies outside shell.*\), 100% of the area kept/),
    ]);
    const f = call(engine, 'map.features', { within: '99901' }).features.find((x) => x.id === '99901')!;
    expect(f.geometry.type).toBe('MultiPolygon');
    expect((f.geometry.coordinates as unknown[]).length).toBe(2);
    const g = call(engine, 'map.features', { within: '99902' }).features.find((x) => x.id === '99902')!;
    expect(g.geometry).toMatchObject({ type: 'Polygon' });
    expect((g.geometry.coordinates as unknown[]).length).toBe(1);
  });
});

describe('clear refusals', () => {
  it('--field code=Nope names the field and lists the file fields, once', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    const file = path.join(dir, 'f.geojson');
    fs.writeFileSync(
      file,
      fc([1, 2, 3].map((i) => feature({ ma: `9990${i}`, ten: `Xã ${i}` }, [square(108.6, 8.55)]))),
    );
    expect((await saban('init', '--db', db, '--training')).code).toBe(0);
    const r = await sabanEn('import-boundaries', file, '--db', db, '--field', 'code=Nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/f\.geojson: the file has no field Nope; its fields are ma, ten/);
    expect(r.stderr.match(/Nope/g)).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('a Windows-1258 GeoJSON is decoded; undecodable bytes are refused with the line', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    expect((await saban('init', '--db', db, '--training')).code).toBe(0);
    const bad = path.join(dir, 'bad.geojson');
    // 0x81 is unassigned in Windows-1258 (and invalid UTF-8): on line 2.
    fs.writeFileSync(
      bad,
      Buffer.concat([
        Buffer.from('{"type":"FeatureCollection",\n"features":[], "x":"'),
        Buffer.from([0x81]),
        Buffer.from('"}'),
      ]),
    );
    const r = await sabanEn('import-boundaries', bad, '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.geojson, line 2: unreadable characters/);
  });
});
