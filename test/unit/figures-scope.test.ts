/**
 * A district office enters figures for its own district only: its database holds the whole
 * province (the boundary file), but its bundles carry its own district's rows, so a row for
 * another district's commune is refused with its row (grid save and file import) instead of
 * staying behind unseen. Names in an import are looked up among the office's own communes.
 */
import { describe, expect, it } from 'vitest';
import { call, errorOf, freshEngine, snapshot } from '../helpers/engine';

const DAY = '2021-10-10';
const UNITS = [
  'province_code,province_name,province_type,district_code,district_name,district_type,commune_code,commune_name,commune_type',
  '95,Tỉnh Bạc Liêu,Tỉnh,954,Thành phố Bạc Liêu,Thành phố,31825,Phường 1,Phường',
  '95,Tỉnh Bạc Liêu,Tỉnh,959,Thị xã Giá Rai,Thị xã,31942,Phường 1,Phường',
  '95,Tỉnh Bạc Liêu,Tỉnh,959,Thị xã Giá Rai,Thị xã,31945,Phường Hộ Phòng,Phường',
].join('\n');

function office(role: 'district' | 'province', code: string) {
  const { engine } = freshEngine();
  call(engine, 'import.units', { fileName: 'donvi.csv', text: UNITS });
  call(engine, 'sync.setOffice', { role, office: code });
  return engine;
}

describe('figures at a district office', () => {
  it('refuses another district’s commune in a saved day and in an import, writing nothing', () => {
    const e = office('district', '959');
    const before = snapshot(e);
    const err = errorOf(() =>
      call(e, 'figures.saveDay', {
        day: DAY,
        rows: [
          { unitCode: '31945', values: { f0Community: 2 } },
          { unitCode: '31825', values: { f0Community: 1 } },
        ],
      }),
    );
    expect(err.code).toBe('bad-request');
    expect(err.details).toEqual([
      expect.stringMatching(/^Dòng 1 \(31825\): 31825 thuộc huyện 954; văn phòng huyện 959/),
    ]);
    const csv = `Mã xã,Ngày,F0 cộng đồng\n31945,10/10/2021,2\n31825,10/10/2021,1\n`;
    const preview = call(e, 'figures.importPreview', { fileName: 'gia-rai.csv', text: csv });
    expect(preview.problems.map((p) => [p.row, p.column, p.value])).toEqual([[3, 'Mã xã', '31825']]);
    expect(preview.problems[0]?.text.vi).toContain('31825 thuộc huyện 954; văn phòng huyện 959');
    expect(errorOf(() => call(e, 'figures.import', { fileName: 'gia-rai.csv', text: csv })).code).toBe('bad-file');
    expect(snapshot(e)).toBe(before);
  });

  it('reads a commune by name among its own communes (Phường 1 is in two districts)', () => {
    const e = office('district', '959');
    const csv = `Tên xã,Ngày,F0 cộng đồng\nPhường 1,10/10/2021,3\n`;
    expect(call(e, 'figures.importPreview', { fileName: 'gia-rai.csv', text: csv }).problems).toEqual([]);
    call(e, 'figures.import', { fileName: 'gia-rai.csv', text: csv });
    const day = call(e, 'figures.day', { code: '959', day: DAY });
    expect(day.rows.find((r) => r.unitCode === '31942')?.values.f0Community).toBe(3);
  });

  it('leaves a province office free to enter any district', () => {
    const e = office('province', '95');
    call(e, 'figures.saveDay', { day: DAY, rows: [{ unitCode: '31825', values: { f0Community: 1 } }] });
    expect(call(e, 'figures.day', { code: '954', day: DAY }).rows[0]?.values.f0Community).toBe(1);
  });
});
