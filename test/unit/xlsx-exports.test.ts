/**
 * Spreadsheets that open right: the shared XLSX writer and every export offered as XLSX, read
 * back with @e965/xlsx and opened in LibreOffice (headless) with every value intact.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { writeXlsx, zipEntry } from '../../electron/engine/xlsx/write';
import type { ExportedFile } from '../../shared/contract-text';
import { call, freshEngine, tempDir } from '../helpers/engine';
import { saban } from '../helpers/cli';
import { findSoffice, sofficeCsv } from '../helpers/soffice';

const soffice = findSoffice();
const NAME = 'Nguyễn Thị Ánh Tuyết'.normalize('NFC');

/** The header row and data rows below the title block, as text LibreOffice shows. */
function openInLibreOffice(bytes: Uint8Array, name: string): string[][] {
  const file = path.join(tempDir('saban-xlsx-'), name);
  fs.writeFileSync(file, bytes);
  return sofficeCsv(soffice!, file);
}

describe('the XLSX writer', () => {
  const at = Date.parse('2021-09-01T08:30:00Z'); // 15:30 in Vietnam
  const bytes = writeXlsx({
    title: 'Danh bạ — thử',
    exportedAt: at,
    office: 'Huyện Tập Huấn (999)',
    sheets: [
      {
        name: 'Danh bạ',
        columns: [
          { header: 'Mã xã', type: 'code' },
          { header: 'Họ tên', type: 'text' },
          { header: 'Điện thoại', type: 'code' },
          { header: 'Số người', type: 'count' },
          { header: 'Ngày', type: 'date' },
          { header: 'Ghi lúc', type: 'datetime' },
        ],
        rows: [
          ['00001', NAME, '0912345678', 12, '2021-09-01', '2021-08-31T17:05:00Z'],
          ['00004', '=SUM(A1:A9)', '+84912345678', 0, '2021-12-31', '2021-12-31T23:59:00+07:00'],
          ['00007', '', null, null, null, null],
        ],
      },
    ],
  });

  it('writes typed cells under a title block and a frozen header, read back with @e965/xlsx', () => {
    const wb = XLSX.read(bytes, { cellNF: true });
    const ws = wb.Sheets['Danh bạ']!;
    const cell = (ref: string): XLSX.CellObject | undefined => ws[ref] as XLSX.CellObject | undefined;
    expect(cell('A1')).toMatchObject({ t: 's', v: 'Danh bạ — thử' });
    expect(cell('B2')).toMatchObject({ t: 'n', z: 'dd/mm/yyyy hh:mm' });
    expect(cell('B2')!.w).toBe('01/09/2021 15:30');
    expect(cell('B3')).toMatchObject({ t: 's', v: 'Huyện Tập Huấn (999)' });
    expect(cell('A5')).toMatchObject({ t: 's', v: 'Mã xã' });
    expect(cell('A6')).toMatchObject({ t: 's', v: '00001' });
    expect(cell('B6')).toMatchObject({ t: 's', v: NAME });
    expect(cell('C6')).toMatchObject({ t: 's', v: '0912345678' });
    expect(cell('D6')).toMatchObject({ t: 'n', v: 12 });
    expect(cell('E6')).toMatchObject({ t: 'n', z: 'dd/mm/yyyy' });
    expect(cell('E6')!.w).toBe('01/09/2021');
    expect(cell('F6')!.w).toBe('01/09/2021 00:05');
    // Formula-looking text is a text cell, never a formula.
    expect(cell('B7')).toMatchObject({ t: 's', v: '=SUM(A1:A9)' });
    expect('f' in cell('B7')!).toBe(false);
    expect(cell('C7')).toMatchObject({ t: 's', v: '+84912345678' });
    expect(cell('B8')).toBeUndefined();
    // The header is frozen (SheetJS does not write panes; the writer adds it).
    const sheetXml = zipEntry(bytes, 'xl/worksheets/sheet1.xml');
    expect(sheetXml?.match(/<col /g)?.length).toBe(6);
    expect(sheetXml).toContain('<pane ySplit="5" topLeftCell="A6" activePane="bottomLeft" state="frozen"/>');
  });

  it.runIf(soffice)('opens in LibreOffice with every value intact', () => {
    const rows = openInLibreOffice(bytes, 'writer.xlsx');
    expect(rows[0]![0]).toBe('Danh bạ — thử');
    expect(rows[1]![1]).toBe('01/09/2021 15:30');
    expect(rows[4]).toEqual(['Mã xã', 'Họ tên', 'Điện thoại', 'Số người', 'Ngày', 'Ghi lúc']);
    expect(rows[5]).toEqual(['00001', NAME, '0912345678', '12', '01/09/2021', '01/09/2021 00:05']);
    expect(rows[6]).toEqual(['00004', '=SUM(A1:A9)', '+84912345678', '0', '31/12/2021', '31/12/2021 23:59']);
    expect(rows[7]!.slice(0, 3)).toEqual(['00007', '', '']);
  });
});

// 15:30 Vietnam time on 1 Sep 2021.
const CLOCK = Date.parse('2021-09-01T08:30:00Z');
const UNITS_CSV = [
  'province_code,province_name,province_type,district_code,district_name,district_type,commune_code,commune_name,commune_type',
  '01,Thành phố Hà Nội,Thành phố Trung ương,001,Quận Ba Đình,Quận,00001,Phường Phúc Xá,Phường',
  '01,Thành phố Hà Nội,Thành phố Trung ương,001,Quận Ba Đình,Quận,00004,Phường Trúc Bạch,Phường',
].join('\n');

/** A Ba Đình database: codes with leading zeros, a post, a shift log, a leader with a phone. */
function badinh(): { e: Engine; file: string } {
  const { engine: e, file } = freshEngine({ now: () => CLOCK });
  call(e, 'import.units', { fileName: 'units.csv', text: UNITS_CSV });
  call(e, 'risk.set', { codes: ['00001'], level: 3, reason: 'Ổ dịch mới', effectiveFrom: '2021-08-30T09:00:00+07:00' });
  const post = call(e, 'posts.save', {
    kind: 'checkpoint',
    name: 'Chốt Phúc Xá',
    lon: 105.85,
    lat: 21.04,
    communeCode: '00001',
    commander: NAME,
    phone: '0912345678',
    openedOn: '2021-08-01',
    staff: { police: 2, health: 1 },
  });
  call(e, 'posts.logShift', { postId: post.id, date: '2021-08-31', shift: 1, figures: { peopleChecked: 120 } });
  const person = call(e, 'people.save', { fullName: NAME, position: '=Phó Chủ tịch', phones: '0912345678' }).person;
  call(e, 'people.assign', { personId: person.id, unitCode: '00001', role: 'phu-trach', from: '2021-08-01' });
  call(e, 'figures.saveDay', {
    day: '2021-08-31',
    rows: [
      { unitCode: '00001', values: { f0Community: 3, samples: 1200, positives: 3, qHomeIn: 0 } },
      { unitCode: '00004', values: { f0Community: 0, f1Traced: 17 } },
    ],
  });
  return { e, file };
}

const bytesOf = (f: ExportedFile): Uint8Array => Buffer.from(f.dataBase64!, 'base64');

/** The header row and the data rows of the first sheet, as @e965/xlsx reads the cells. */
function sheetRows(f: ExportedFile): { header: string[]; rows: XLSX.CellObject[][]; title: string; office: string } {
  const wb = XLSX.read(bytesOf(f));
  const ws = wb.Sheets[wb.SheetNames[0]!]!;
  const range = XLSX.utils.decode_range(ws['!ref']!);
  const at = (r: number, c: number): XLSX.CellObject =>
    (ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined) ?? { t: 'z' };
  const header: string[] = [];
  for (let c = range.s.c; c <= range.e.c; c++) header.push(String(at(4, c).v ?? ''));
  const rows: XLSX.CellObject[][] = [];
  for (let r = 5; r <= range.e.r; r++) rows.push(header.map((_h, c) => at(r, c)));
  return { header, rows, title: String(at(0, 0).v), office: String(at(2, 1).v) };
}

/** The cells of the data row whose column `key` shows `value`, by header. */
function rowWhere(f: ExportedFile, key: string, value: string): Record<string, XLSX.CellObject> {
  const { header, rows } = sheetRows(f);
  const row = rows.find((r) => r[header.indexOf(key)]!.v === value);
  expect(row, `a row with ${key} = ${value}`).toBeDefined();
  return Object.fromEntries(header.map((h, i) => [h, row![i]!]));
}

/** The same row as LibreOffice shows it, by header. */
function libreRowWhere(f: ExportedFile, key: string, value: string): Record<string, string> {
  const rows = openInLibreOffice(bytesOf(f), f.fileName);
  const header = rows[4]!;
  const row = rows.slice(5).find((r) => r[header.indexOf(key)] === value);
  expect(row, `LibreOffice: a row with ${key} = ${value}`).toBeDefined();
  return Object.fromEntries(header.map((h, i) => [h, row![i]!]));
}

describe('every table export as XLSX', () => {
  const { e, file } = badinh();
  const exports = {
    levels: call(e, 'risk.export', { within: '01', format: 'xlsx' }),
    posts: call(e, 'posts.export', { format: 'xlsx' }),
    logs: call(e, 'posts.exportLogs', { from: '2021-08-31', to: '2021-08-31', format: 'xlsx' }),
    directory: call(e, 'people.exportCsv', { format: 'xlsx' }),
    audit: call(e, 'audit.exportCsv', { format: 'xlsx' }),
    figures: call(e, 'figures.exportCsv', { within: '001', from: '2021-08-30', to: '2021-08-31', format: 'xlsx' }),
  };

  it('names each file .xlsx with the spreadsheet MIME type, a title block and the office', () => {
    for (const f of Object.values(exports)) {
      expect(f.fileName).toMatch(/\.xlsx$/);
      expect(f.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(f.text).toBe('');
      const { title, office } = sheetRows(f);
      expect(title.length).toBeGreaterThan(3);
      // No office set with `init --district`: the one district in the database.
      expect(office).toBe('Quận Ba Đình (001)');
    }
    expect(sheetRows(exports.levels).title).toBe('Cấp độ dịch — Thành phố Hà Nội — lúc 01/09/2021 15:30');
  });

  it('levels: codes as text, the level a number, the date a date', () => {
    const r = rowWhere(exports.levels, 'code', '00001');
    expect(r['code']).toMatchObject({ t: 's', v: '00001' });
    expect(r['parent_code']).toMatchObject({ t: 's', v: '001' });
    expect(r['name']).toMatchObject({ t: 's', v: 'Phường Phúc Xá' });
    expect(r['risk_level']).toMatchObject({ t: 'n', v: 3 });
    expect(r['effective_from']).toMatchObject({ t: 'n', w: '30/08/2021 09:00' });
  });

  it('posts and their logs: phone as text, headcounts and figures as numbers, days as dates', () => {
    const p = rowWhere(exports.posts, 'name', 'Chốt Phúc Xá');
    expect(p['commune_code']).toMatchObject({ t: 's', v: '00001' });
    expect(p['phone']).toMatchObject({ t: 's', v: '0912345678' });
    expect(p['commander']).toMatchObject({ t: 's', v: NAME });
    expect(p['police']).toMatchObject({ t: 'n', v: 2 });
    expect(p['opened_on']).toMatchObject({ t: 'n', w: '01/08/2021' });
    const l = rowWhere(exports.logs, 'post_name', 'Chốt Phúc Xá');
    expect(l['commune_code']).toMatchObject({ t: 's', v: '00001' });
    expect(l['people_checked']).toMatchObject({ t: 'n', v: 120 });
    expect(l['shift_date']).toMatchObject({ t: 'n', w: '31/08/2021' });
    expect(l['shift_start']).toMatchObject({ t: 'n', w: '31/08/2021 06:00' });
  });

  it('directory and audit: phones and codes as text, formula-looking text stays text', () => {
    const d = rowWhere(exports.directory, 'ho_ten', NAME);
    expect(d['dien_thoai']).toMatchObject({ t: 's', v: '0912345678' });
    expect(d['ma_don_vi']).toMatchObject({ t: 's', v: '00001' });
    expect(d['chuc_vu']).toMatchObject({ t: 's', v: '=Phó Chủ tịch' });
    expect('f' in d['chuc_vu']!).toBe(false);
    const a = rowWhere(exports.audit, 'ma_doi_tuong', '00001');
    expect(a['thoi_gian']).toMatchObject({ t: 'n', w: '01/09/2021 15:30' });
  });

  it('figures: codes as text, counts as numbers (0 kept, empty left empty), the day a date; imports back', () => {
    const f = rowWhere(exports.figures, 'unit_code', '00001');
    expect(f['unit_name']).toMatchObject({ t: 's', v: 'Phường Phúc Xá' });
    expect(f['day']).toMatchObject({ t: 'n', w: '31/08/2021' });
    expect(f['f0_community']).toMatchObject({ t: 'n', v: 3 });
    expect(f['samples']).toMatchObject({ t: 'n', v: 1200 });
    expect(f['q_home_in']).toMatchObject({ t: 'n', v: 0 });
    expect(f['f1_traced']).toMatchObject({ t: 'z' });
    expect(f['entered_at']).toMatchObject({ t: 'n', w: '01/09/2021 15:30' });
    expect(sheetRows(exports.figures).title).toBe('Số liệu hằng ngày — Quận Ba Đình (001), 30/08/2021 – 31/08/2021');
    expect(sheetRows(exports.figures).rows).toHaveLength(2);
    // The workbook reads back through the import: header found below the title block, same values.
    const back = call(e, 'figures.importPreview', {
      fileName: exports.figures.fileName,
      base64: exports.figures.dataBase64!,
    });
    expect(back.problems).toEqual([]);
    expect(back.rows.map((r) => [r.unitCode, r.day, r.status])).toEqual([
      ['00001', '2021-08-31', 'unchanged'],
      ['00004', '2021-08-31', 'unchanged'],
    ]);
    expect(back.rows[1]!.values).toEqual({ f0Community: 0, f1Traced: 17 });
  });

  it.runIf(soffice)('opens every export in LibreOffice with every value intact', () => {
    const lv = libreRowWhere(exports.levels, 'code', '00001');
    expect(lv).toMatchObject({
      parent_code: '001',
      name: 'Phường Phúc Xá',
      risk_level: '3',
      effective_from: '30/08/2021 09:00',
    });
    const p = libreRowWhere(exports.posts, 'phone', '0912345678');
    expect(p).toMatchObject({ commune_code: '00001', commander: NAME, police: '2', opened_on: '01/08/2021' });
    const l = libreRowWhere(exports.logs, 'commune_code', '00001');
    expect(l).toMatchObject({ people_checked: '120', shift_date: '31/08/2021', shift_start: '31/08/2021 06:00' });
    const d = libreRowWhere(exports.directory, 'dien_thoai', '0912345678');
    expect(d).toMatchObject({ ho_ten: NAME, ma_don_vi: '00001', chuc_vu: '=Phó Chủ tịch' });
    const a = libreRowWhere(exports.audit, 'ma_doi_tuong', '00001');
    expect(a['thoi_gian']).toBe('01/09/2021 15:30');
    const fg = libreRowWhere(exports.figures, 'unit_code', '00001');
    expect(fg).toMatchObject({
      unit_name: 'Phường Phúc Xá',
      day: '31/08/2021',
      f0_community: '3',
      samples: '1200',
      positives: '3',
      q_home_in: '0',
      f1_traced: '',
      entered_at: '01/09/2021 15:30',
    });
    expect(libreRowWhere(exports.figures, 'unit_code', '00004')).toMatchObject({ f0_community: '0', f1_traced: '17' });
    expect(a['nguoi_thuc_hien']!.length).toBeGreaterThan(0);
  });

  it('CSV quotes codes and phones, so LibreOffice can keep their leading zeros', () => {
    const csv = call(e, 'people.exportCsv', { format: 'csv' });
    expect(csv.text).toContain(`${NAME},'=Phó Chủ tịch,"0912345678",Phường Phúc Xá,"00001"`);
    expect(call(e, 'risk.export', { within: '01', format: 'csv' }).text).toContain('"00001",Phường Phúc Xá');
  });

  it.runIf(soffice)('a CSV opened in LibreOffice with "format quoted field as text" keeps the zeros', () => {
    const csv = call(e, 'people.exportCsv', { format: 'csv' });
    const f = path.join(tempDir('saban-csv-'), 'danh-ba.csv');
    fs.writeFileSync(f, csv.text);
    // Import options: `,`, `"`, UTF-8, from line 1, default column format, default language,
    // quoted fields as text.
    const rows = sofficeCsv(soffice!, f, 'CSV:44,34,76,1,,0,true');
    expect(rows[0]!.slice(0, 3)).toEqual(['ho_ten', 'chuc_vu', 'dien_thoai']);
    expect(rows[1]!.slice(0, 5)).toEqual([NAME, "'=Phó Chủ tịch", '0912345678', 'Phường Phúc Xá', '00001']);
  });

  it('the CLI writes XLSX with --format xlsx or from the .xlsx name', async () => {
    const dir = tempDir('saban-xlsx-cli-');
    const cases: [string[], string][] = [
      [['export-csv', '--within', '01', '--format', 'xlsx'], 'levels.xlsx'],
      [['export-posts'], 'posts.xlsx'],
      [['export-post-logs', '--from', '2021-08-31', '--to', '2021-08-31', '--format', 'xlsx'], 'logs.bin'],
      [['export-directory', '--format', 'xlsx'], 'directory.xlsx'],
      [
        ['figures', 'export', '--within', '001', '--from', '31/08/2021', '--to', '31/08/2021', '--format', 'xlsx'],
        'f.bin',
      ],
      [['figures', 'export', '--within', '001', '--to', '31/08/2021'], 'figures.xlsx'],
    ];
    for (const [args, name] of cases) {
      const out = path.join(dir, name);
      const r = await saban(...args, '--out', out, '--db', file);
      expect(r.code, r.stderr).toBe(0);
      const wb = XLSX.read(fs.readFileSync(out));
      expect(wb.SheetNames).toHaveLength(1);
    }
    const r = await saban('export-directory', '--format', 'pdf', '--out', path.join(dir, 'x'), '--db', file);
    expect(r.code).toBe(2);
    // A workbook is a file: without --out it is refused rather than written to the terminal.
    const noOut = await saban('figures', 'export', '--within', '001', '--format', 'xlsx', '--db', file);
    expect(noOut.code).toBe(2);
  });
});
