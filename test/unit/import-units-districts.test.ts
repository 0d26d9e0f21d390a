/**
 * All 705 districts (issue 11, item 6): the GSO district list creates the districts that have no
 * communes (the island districts), and such a district carries posts, leaders and levels.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import type { CallError } from '../helpers/engine';
import { call, freshEngine, snapshot, tempDir } from '../helpers/engine';
import { saban, sabanEn } from '../helpers/cli';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';

const available = sharedDataAvailable();

const DISTRICTS_HEADER =
  'province_code,province_name,province_type,district_code,district_name,district_type,commune_count';
const UNITS_HEADER =
  'province_code,province_name,province_type,district_code,district_name,district_type,commune_code,commune_name,commune_type';
const ISLANDS = [
  '31,Thành phố Hải Phòng,Thành phố Trung ương,318,Huyện Bạch Long Vĩ,Huyện,0',
  '45,Tỉnh Quảng Trị,Tỉnh,471,Huyện Cồn Cỏ,Huyện,0',
  '48,Thành phố Đà Nẵng,Thành phố Trung ương,498,Huyện Hoàng Sa,Huyện,0',
  '51,Tỉnh Quảng Ngãi,Tỉnh,536,Huyện Lý Sơn,Huyện,0',
  '77,Tỉnh Bà Rịa - Vũng Tàu,Tỉnh,755,Huyện Côn Đảo,Huyện,0',
];

function islands(): Engine {
  const { engine } = freshEngine({ seedTraining: true });
  const report = call(engine, 'import.units', {
    fileName: 'gso_districts.csv',
    text: [DISTRICTS_HEADER, ...ISLANDS, '51,Tỉnh Quảng Ngãi,Tỉnh,522,Thành phố Quảng Ngãi,Thành phố,23'].join('\n'),
  });
  expect(report).toMatchObject({ list: 'districts', created: 11, skipped: 0 });
  return engine;
}

/** Text as Excel's Vietnamese "CSV" saves it: Windows-1258 bytes, tone marks as combining marks. */
function windows1258(text: string): Buffer {
  const decoder = new TextDecoder('windows-1258');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  const bytes: number[] = [];
  for (const ch of text.normalize('NFC')) {
    // A letter Windows-1258 lacks is a letter it has (â, ơ, ư…) plus a combining tone mark.
    const [base = '', ...marks] = [...ch.normalize('NFD')];
    let head = base;
    let rest = marks;
    if (!table.has(ch)) {
      const vowelMark = marks.find((m) => table.has((base + m).normalize('NFC')));
      if (vowelMark) {
        head = (base + vowelMark).normalize('NFC');
        rest = marks.filter((m) => m !== vowelMark);
      }
    } else {
      head = ch;
      rest = [];
    }
    for (const piece of [head, ...rest]) {
      const b = table.get(piece);
      if (b === undefined) throw new Error(`not in Windows-1258: ${ch}`);
      bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

describe('the GSO district list', () => {
  it('creates districts without communes, with their provinces; the header tells the list', () => {
    const engine = islands();
    expect(call(engine, 'units.get', { code: '755' })).toMatchObject({
      unit: { name: 'Huyện Côn Đảo', level: 'district', type: 'Huyện', parentCode: '77' },
      ancestors: [{ code: '77', name: 'Tỉnh Bà Rịa - Vũng Tàu', type: 'Tỉnh' }],
      childCount: 0,
    });
    expect(call(engine, 'units.get', { code: '48' }).unit.type).toBe('Thành phố Trung ương');
    // The commune list afterwards adds communes under the same district rows.
    const report = call(engine, 'import.units', {
      fileName: 'gso_units.csv',
      text: `${UNITS_HEADER}\n51,Tỉnh Quảng Ngãi,Tỉnh,522,Thành phố Quảng Ngãi,Thành phố,21100,Phường Lê Hồng Phong,Phường\n`,
    });
    expect(report).toMatchObject({ list: 'communes', created: 1, unchanged: 2 });
  });

  it('refuses a file that is neither list, naming the missing columns, and changes nothing', () => {
    const { engine } = freshEngine({ seedTraining: true });
    const before = snapshot(engine);
    expect(() =>
      call(engine, 'import.units', { fileName: 'x.csv', text: 'province_code,province_name\n77,Tỉnh\n' }),
    ).toThrow(
      /x\.csv: missing columns district_code, district_name \(GSO unit list: the list of communes or of districts\)/,
    );
    expect(snapshot(engine)).toBe(before);
  });

  it('a district without communes carries levels, posts and leaders', () => {
    const engine = islands();
    expect(call(engine, 'risk.set', { codes: ['755'], level: 2, reason: 'Ca bệnh ở Côn Đảo' })).toMatchObject({
      count: 1,
    });
    expect(call(engine, 'risk.unit', { code: '755' })).toMatchObject({ current: { level: 2 } });

    const post = call(engine, 'posts.save', {
      kind: 'checkpoint',
      name: 'Chốt cảng Bến Đầm',
      lon: 106.57,
      lat: 8.66,
      communeCode: '755',
    });
    expect(post.communeCode).toBe('755');
    // Through the CSV import too.
    const imported = call(engine, 'posts.import', {
      fileName: 'chot.csv',
      text: 'name,kind,lat,lon,commune_code\nChốt Lý Sơn,checkpoint,15.38,109.12,536\n',
    });
    expect(imported).toMatchObject({ created: 1 });

    const leader = call(engine, 'people.save', { fullName: 'Nguyễn Văn Đảo', position: 'Bí thư Huyện ủy' }).person;
    const a = call(engine, 'people.assign', { personId: leader.id, unitCode: '755', role: 'phu-trach' });
    expect(a.unitCode).toBe('755');

    // A district that has communes still takes neither: its communes do.
    const err = (() => {
      try {
        call(engine, 'posts.save', { kind: 'checkpoint', name: 'X', lon: 108.6, lat: 8.55, communeCode: '999' });
      } catch (e) {
        return e as CallError;
      }
      throw new Error('expected a refusal');
    })();
    expect(err.text.en).toMatch(/is not a commune/);
    expect(() => call(engine, 'people.assign', { personId: leader.id, unitCode: '999', role: 'phu-trach' })).toThrow(
      /assignments are to a commune or hamlet/,
    );
  });
});

describe('unit lists through the CLI', () => {
  it('a Windows-1258 list is converted; undecodable bytes are refused with the line, nothing stored', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    const file = path.join(dir, 'huyen.csv');
    fs.writeFileSync(file, windows1258([DISTRICTS_HEADER, ...ISLANDS].join('\r\n')));
    const r = await sabanEn('import-units', file, '--db', db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/created 10/);
    const names = JSON.parse((await saban('stats', '--db', db, '--json')).stdout) as { units: { district: unknown } };
    expect(names.units.district).toEqual({ total: 5, withGeometry: 0 });

    const bad = path.join(dir, 'hong.csv');
    fs.writeFileSync(
      bad,
      Buffer.concat([windows1258(`${DISTRICTS_HEADER}\r\n${ISLANDS[3]}\r\n`), Buffer.from([0x81, 0x0d, 0x0a])]),
    );
    const before = (await saban('stats', '--db', db, '--json')).stdout;
    const refused = await sabanEn('import-units', bad, '--db', db);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/hong\.csv, line 3: unreadable characters/);
    expect((await saban('stats', '--db', db, '--json')).stdout).toBe(before);
  });

  it('stores the names of a Windows-1258 list in NFC', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    const file = path.join(dir, 'huyen.csv');
    fs.writeFileSync(file, windows1258([DISTRICTS_HEADER, ISLANDS[4]].join('\r\n')));
    expect((await saban('import-units', file, '--db', db)).code).toBe(0);
    const engine = Engine.open(db);
    try {
      const u = call(engine, 'units.get', { code: '755' }).unit;
      expect(u.name).toBe('Huyện Côn Đảo'.normalize('NFC'));
      expect(u.name).not.toContain('\uFFFD');
    } finally {
      engine.close();
    }
  });

  it.skipIf(!available)('after both GSO lists, stats counts 705 districts', { timeout: 120_000 }, async () => {
    const db = path.join(tempDir(), 'gso.sqlite');
    const units = await sabanEn('import-units', sharedFile('admin-units', 'gso_units_2021-11-01.csv'), '--db', db);
    expect(units.code, units.stderr).toBe(0);
    const districts = await sabanEn(
      'import-units',
      sharedFile('admin-units', 'gso_districts_2021-11-01.csv'),
      '--db',
      db,
      '--json',
    );
    expect(districts.code, districts.stderr).toBe(0);
    expect(JSON.parse(districts.stdout)).toMatchObject({ list: 'districts', created: 5, updated: 0, skipped: 0 });
    const stats = JSON.parse((await saban('stats', '--db', db, '--json')).stdout) as {
      units: Record<string, { total: number }>;
    };
    expect(stats.units['province']!.total).toBe(63);
    expect(stats.units['district']!.total).toBe(705);
    expect(stats.units['commune']!.total).toBe(10599);
  });
});
