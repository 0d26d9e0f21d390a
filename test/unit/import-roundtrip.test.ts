/**
 * Export → import changes nothing (issue 11, item 5): posts, people and units, with values the
 * formula guard touches (`=`, `+`, `-`, `@` at the start of a cell).
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { call, freshEngine, snapshot } from '../helpers/engine';

const training = (): Engine => freshEngine({ seedTraining: true }).engine;

describe('export → import round trips', () => {
  it('posts: guarded cells come back without the apostrophe, in another database and in the same', () => {
    const a = training();
    const at = call(a, 'units.get', { code: '99901' }).unit.labelPoint!;
    call(a, 'posts.save', {
      kind: 'checkpoint',
      name: '=Chốt A',
      lon: at[0],
      lat: at[1],
      commander: '-Trung úy Lê',
      phone: '+84 912 345 678',
      note: '@ghi chú',
      markers: '=SUM(1)',
    });
    call(a, 'posts.save', {
      kind: 'checkpoint',
      name: 'Chốt "B", cầu',
      lon: at[0],
      lat: at[1],
      note: 'dòng 1\ndòng 2',
    });
    const csv = call(a, 'posts.export', { format: 'csv' });
    expect(csv.text).toContain(`'=Chốt A`);
    const b = training();
    expect(call(b, 'posts.import', { fileName: csv.fileName, text: csv.text })).toMatchObject({ created: 2 });
    const strip = (e: Engine) =>
      call(e, 'posts.list', {}).map(({ currentShift: _c, lastDueShift: _l, today: _t, ...p }) => p);
    expect(strip(b)).toEqual(strip(a));
    expect(strip(b).map((p) => p.name)).toContain('=Chốt A');
    const before = snapshot(a);
    expect(call(a, 'posts.import', { fileName: csv.fileName, text: csv.text })).toMatchObject({
      created: 0,
      updated: 0,
    });
    expect(snapshot(a)).toBe(before);
  });

  it('people: the directory export imports back as the same register', () => {
    const a = training();
    call(a, 'people.save', { fullName: 'Lê Văn An', position: '=cmd', phones: '0912345678', unitCode: '99901' });
    call(a, 'people.save', {
      fullName: 'Trần Thị Bình',
      position: '-Phó chủ tịch',
      phones: '0913 333 333; 0283 123 4567',
    });
    call(a, 'people.save', { fullName: '@Nguyễn Tư', position: 'Bí thư, Đảng ủy', unitCode: '999' });
    const csv = call(a, 'people.exportCsv', {});
    expect(csv.text).toContain(`'=cmd`);
    const b = training();
    const report = call(b, 'people.import', { kind: 'people', fileName: csv.fileName, text: csv.text, dryRun: false });
    expect(report).toMatchObject({ written: true, people: 3, errors: [] });
    const view = (e: Engine) =>
      call(e, 'people.directory', {}).map((d) => [d.fullName, d.position, d.phones, d.unitCode]);
    expect(view(b)).toEqual(view(a));
  });

  it('units: the map export imports back unchanged, into the same database and into an empty one', () => {
    const a = training();
    const geo = call(a, 'map.features', {});
    const text = JSON.stringify(geo);
    const before = snapshot(a);
    expect(call(a, 'import.boundaries', { fileName: 'ban-do.geojson', text })).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: geo.features.length,
      skipped: 0,
    });
    expect(snapshot(a)).toBe(before);

    const b = freshEngine().engine;
    const report = call(b, 'import.boundaries', { fileName: 'ban-do.geojson', text });
    expect(report).toMatchObject({ created: geo.features.length, skipped: 0 });
    const units = (e: Engine) =>
      call(e, 'units.list', {})
        .filter((u) => u.hasGeometry)
        .map(({ population: _p, households: _h, ...u }) => u);
    expect(units(b)).toEqual(units(a));
    expect(call(b, 'map.features', {})).toEqual(geo);
  });
});
