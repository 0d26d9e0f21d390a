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
const HEADER =
  'province_code,province_name,province_type,district_code,district_name,district_type,commune_code,commune_name,commune_type';

describe.skipIf(!available)('GSO unit list import (real file)', () => {
  it('imports all 63 provinces, the districts that have communes, and 10,599 communes', () => {
    const engine = make();
    const file = sharedFile('admin-units', 'gso_units_2021-11-01.csv');
    const report = call(engine, 'import.units', { fileName: file, text: fs.readFileSync(file, 'utf8') });
    expect(report.skipped).toBe(0);
    const stats = call(engine, 'units.stats', {});
    expect(stats.units.province.total).toBe(63);
    expect(stats.units.commune.total).toBe(10599);
    const districts = fs
      .readFileSync(sharedFile('admin-units', 'gso_districts_2021-11-01.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const withCommunes = districts.filter((l) => Number(l.split(',').at(-1)) > 0).length;
    expect(stats.units.district.total).toBe(withCommunes);
    expect(call(engine, 'units.list', { within: '958', level: 'commune' })).toHaveLength(8);
    expect(call(engine, 'units.get', { code: '00001' }).unit.name).toBe('Phường Phúc Xá');
  });
});

describe('GSO unit list import', () => {
  it('normalises codes written as integers', () => {
    const engine = make();
    const text = `${HEADER}\n1,Thành phố Hà Nội,Thành phố Trung ương,1,Quận Ba Đình,Quận,1,Phường Phúc Xá,Phường\n`;
    call(engine, 'import.units', { fileName: 'int.csv', text });
    expect(call(engine, 'units.get', { code: '00001' }).ancestors.map((a) => a.code)).toEqual(['01', '001']);
  });

  it('reports bad rows by row number and imports the good ones', () => {
    const engine = make();
    const text = `\uFEFF${HEADER}\n95,Tỉnh Bạc Liêu,Tỉnh,958,Huyện Vĩnh Lợi,Huyện,31975,Xã Long Điền Đông,Xã\n95,Tỉnh Bạc Liêu,Tỉnh,958,Huyện Vĩnh Lợi,Huyện,ABC,Xã Lỗi,Xã\n95,Tỉnh Bạc Liêu,Tỉnh,958,Huyện Vĩnh Lợi,Huyện,31976,,Xã\n`;
    const report = call(engine, 'import.units', { fileName: 'rows.csv', text });
    expect(report.created).toBe(3);
    expect(report.skippedBy).toEqual({ 'bad-code': 1, 'no-name': 1 });
    // One language per text now (was "dòng/row").
    expect(report.problems[0]).toMatch(/rows\.csv dòng 3/);
    expect(report.problemsText[0]!.en).toMatch(/rows\.csv row 3/);
    expect(report.problems[1]).toMatch(/rows\.csv dòng 4/);
  });

  it('refuses a file with missing columns, naming them, and changes nothing', () => {
    const engine = make(true);
    const before = snapshot(engine);
    expect(() => call(engine, 'import.units', { fileName: 'x.csv', text: 'a,b\n1,2\n' })).toThrow(
      /x\.csv.*missing columns province_code/,
    );
    expect(snapshot(engine)).toBe(before);
  });

  it('keeps geometry when the list renames a unit', () => {
    const engine = make(true);
    const text = `${HEADER}\n99,Tỉnh Tập Huấn (giả định),Tỉnh,999,Huyện Tập Huấn (dữ liệu giả định),Huyện,99901,Xã An Bình Đông,Xã\n`;
    const report = call(engine, 'import.units', { fileName: 'rename.csv', text });
    expect(report.updated).toBe(1);
    const u = call(engine, 'units.get', { code: '99901' }).unit;
    expect(u).toMatchObject({ name: 'Xã An Bình Đông', hasGeometry: true });
    expect(call(engine, 'units.list', { within: '99901', level: 'hamlet' })).toHaveLength(4);
  });
});
