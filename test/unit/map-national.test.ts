import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { call, freshEngine } from '../helpers/engine';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';

const available = sharedDataAvailable();
const open: Engine[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});

function withTwoProvinces(): Engine {
  const { engine } = freshEngine({ seedTraining: false });
  open.push(engine);
  for (const name of ['communes_95_bac-lieu.geojson', 'communes_83_ben-tre.geojson']) {
    const file = sharedFile('boundaries', name);
    call(engine, 'import.boundaries', { fileName: file, text: fs.readFileSync(file, 'utf8') });
  }
  return engine;
}

describe.skipIf(!available)('map.features for the whole country (no `within`)', () => {
  it('answers every mapped commune of every province in one call, the same as province by province', () => {
    const engine = withTwoProvinces();
    const national = call(engine, 'map.features', { levels: ['commune', 'hamlet'] });
    const perProvince = call(engine, 'units.list', { level: 'province' }).flatMap(
      (p) => call(engine, 'map.features', { within: p.code, levels: ['commune', 'hamlet'] }).features,
    );
    expect(call(engine, 'units.list', { level: 'province' }).map((p) => p.code)).toEqual(['83', '95']);
    const communes = call(engine, 'units.stats', {}).units.commune.withGeometry;
    expect(national.features).toHaveLength(communes);
    expect(national.features.map((f) => f.properties.code).sort()).toEqual(
      perProvince.map((f) => f.properties.code).sort(),
    );
    const ldd = national.features.find((f) => f.properties.code === '31975');
    expect(ldd?.properties).toMatchObject({ name: 'Xã Long Điền Đông', level: 'commune' });
    expect(ldd?.geometry.type).toMatch(/Polygon/);
  });

  it('keeps the level filter: districts without outlines give nothing, every level gives the communes', () => {
    const engine = withTwoProvinces();
    expect(call(engine, 'map.features', { levels: ['district'] }).features).toHaveLength(0);
    const all = call(engine, 'map.features', {});
    expect(all.features.length).toBe(call(engine, 'units.stats', {}).units.commune.withGeometry);
    expect(new Set(all.features.map((f) => f.properties.level))).toEqual(new Set(['commune']));
  });

  it('still rejects an unknown `within`', () => {
    const engine = withTwoProvinces();
    expect(() => call(engine, 'map.features', { within: '99999999' })).toThrow(/99999999/);
  });
});
