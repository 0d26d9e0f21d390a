import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { call, errorOf, freshEngine, snapshot, tempDir } from '../helpers/engine';
import { saban } from '../helpers/cli';
import { FUZZ_SEED, flipBits, int, integrityOk, pick, prng } from '../helpers/fuzz';
import { dispatch } from '../../electron/engine/dispatch';

const open: Engine[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});
const clock = Date.parse('2021-10-10T03:00:00Z');
function make(): { e: Engine; file: string } {
  const { engine, file } = freshEngine({ seedTraining: true, now: () => clock });
  open.push(engine);
  return { e: engine, file };
}
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** A workbook like a commune health station's: a merged title row, a header, formulas, serial dates. */
function stationWorkbook(extra: (ws: XLSX.WorkSheet) => void = () => undefined): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet([
    ['BÁO CÁO TÌNH HÌNH DỊCH COVID-19 HẰNG NGÀY', '', '', '', '', ''],
    ['Mã xã', 'Tên xã', 'Ngày', 'F0 cộng đồng', 'Số mẫu xét nghiệm', 'Số mẫu dương tính'],
    ['99901', 'Xã An Bình', 44478, 3, 100, 3],
    ['99902', 'Xã Phú Thạnh', '09/10/2021', '1.234', 2000, 0],
  ]);
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 5 } }];
  // A formula cell with its cached value, as Excel saves it.
  ws['F3'] = { t: 'n', v: 3, f: 'D3' };
  extra(ws);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Báo cáo');
  return XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as Uint8Array;
}

describe('figures import', () => {
  it('reads a station workbook: title row skipped, formulas as values, serial and dd/mm/yyyy days', () => {
    const { e } = make();
    const p = call(e, 'figures.importPreview', { fileName: 'bc.xlsx', base64: b64(stationWorkbook()) });
    expect(p.problems).toEqual([]);
    expect(p.headerRow).toBe(2);
    expect(p.sheet).toBe('Báo cáo');
    expect(p.columns.map((c) => c.target)).toEqual([
      'unitCode',
      'unitName',
      'day',
      'f0Community',
      'samples',
      'positives',
    ]);
    expect(p.rows.map((r) => [r.row, r.unitCode, r.day, r.values.f0Community, r.values.positives])).toEqual([
      [3, '99901', '2021-10-09', 3, 3],
      [4, '99902', '2021-10-09', 1234, 0],
    ]);
    // The training seed already holds 09/10 for these communes: they are corrections.
    expect(p.corrects).toBe(true);
    const err = errorOf(() => call(e, 'figures.import', { fileName: 'bc.xlsx', base64: b64(stationWorkbook()) }));
    expect(err.text.en).toMatch(/needs a reason/);
    const r = call(e, 'figures.import', {
      fileName: 'bc.xlsx',
      base64: b64(stationWorkbook()),
      reason: 'bảng của trạm y tế',
    });
    expect(r.updated).toBe(2);
    const day = call(e, 'figures.day', { code: '999', day: '2021-10-09' });
    expect(day.rows.find((x) => x.unitCode === '99902')!.values.f0Community).toBe(1234);
    expect(call(e, 'figures.history', { unitCode: '99902', day: '2021-10-09' })[0]).toMatchObject({
      field: 'f0Community',
      after: 1234,
      reason: 'bảng của trạm y tế',
    });
  });

  it('history shows who imported each value and when, and a later correction before → after with its reason', () => {
    const { e } = make();
    const actor = e.actorOf({ door: 'cli' });
    const text =
      'Mã xã,Ngày,F0 cộng đồng,Số mẫu xét nghiệm,Số mẫu dương tính\n99901,12/10/2021,2,40,2\n99902,12/10/2021,1,9,1\n';
    const r = call(e, 'figures.import', { fileName: 'tram.csv', text });
    expect(r.created).toBe(2);
    const imported = call(e, 'figures.history', { unitCode: '99901', day: '2021-10-12' });
    expect(imported.map((h) => [h.action, h.actor, h.field, h.before, h.after])).toEqual([
      ['figures.import', actor, 'f0Community', null, 2],
      ['figures.import', actor, 'samples', null, 40],
      ['figures.import', actor, 'positives', null, 2],
    ]);
    expect(imported[0]!.at).toBe(new Date(clock).toISOString());
    // The other commune of the batch has its own values; the whole unit's history finds them too.
    expect(call(e, 'figures.history', { unitCode: '99902' }).filter((h) => h.day === '2021-10-12')).toHaveLength(3);
    call(e, 'figures.saveDay', {
      day: '2021-10-12',
      rows: [{ unitCode: '99901', values: { f0Community: 3 } }],
      reason: 'trạm báo bổ sung',
    });
    const after = call(e, 'figures.history', { unitCode: '99901', day: '2021-10-12' });
    expect(after[0]).toMatchObject({
      action: 'figures.save.correct',
      field: 'f0Community',
      before: 2,
      after: 3,
      reason: 'trạm báo bổ sung',
      actor,
    });
    expect(after.slice(1).map((h) => [h.action, h.field, h.after])).toEqual([
      ['figures.import', 'f0Community', 2],
      ['figures.import', 'samples', 40],
      ['figures.import', 'positives', 2],
    ]);
  });

  it('backs up (verified) before an import writes, not for a preview', () => {
    const { e } = make();
    const text = 'Mã xã,Ngày,F0 cộng đồng\n99901,12/10/2021,2\n';
    call(e, 'figures.importPreview', { fileName: 'tram.csv', text });
    expect(call(e, 'backup.list', {})).toEqual([]);
    const changes = (): number => e.db.prepare('SELECT count(*) FROM changes').pluck().get() as number;
    const before = changes();
    call(e, 'figures.import', { fileName: 'tram.csv', text });
    const list = call(e, 'backup.list', {});
    expect(list.map((b) => b.reason)).toEqual(['before-import']);
    expect(fs.existsSync(list[0]!.file)).toBe(true);
    // The copy was checked and holds the state before the import (its change log one entry shorter).
    expect(list[0]!.counts['changes']).toBe(before);
    expect(changes()).toBe(before + 1);
    expect(call(e, 'backup.preview', { file: list[0]!.fileName }).counts['changes']).toBe(before);
  });

  it('reads old .xls too', () => {
    const { e } = make();
    const wb = XLSX.read(stationWorkbook(), { type: 'array' });
    const xls = XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as Uint8Array;
    const p = call(e, 'figures.importPreview', { fileName: 'bc.xls', base64: b64(xls) });
    expect(p.problems).toEqual([]);
    expect(p.rows).toHaveLength(2);
  });

  it('refuses a renamed or damaged workbook and a PDF as not a spreadsheet, writing nothing', () => {
    const { e } = make();
    const before = snapshot(e);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n');
    for (const [fileName, bytes] of [
      ['bao-cao.xlsx', pdf],
      ['bao-cao.csv', pdf],
      ['so-lieu.xlsx', Buffer.from('Mã xã,Ngày,F0 cộng đồng\n99901,02/12/2026,1\n')],
    ] as const) {
      const err = errorOf(() => call(e, 'figures.importPreview', { fileName, base64: b64(bytes) }));
      expect(err.code).toBe('bad-file');
      expect(err.message).toContain(`${fileName}: không phải bảng tính đọc được`);
      expect(errorOf(() => call(e, 'figures.import', { fileName, base64: b64(bytes) })).code).toBe('bad-file');
    }
    expect(snapshot(e)).toEqual(before);
  });

  it('reads Windows-1258 CSV with ; and Vietnamese numbers; refuses a bad file naming row, column and value', () => {
    const { e } = make();
    const text = 'Mã xã;Ngày;F0 cộng đồng;Đang cách ly tại nhà\r\n99903;2021-10-11;2;1.500\r\n';
    const bytes = new TextEncoder().encode(text);
    const p = call(e, 'figures.importPreview', { fileName: 'a.csv', base64: b64(bytes) });
    expect(p.rows[0]!.values).toEqual({ f0Community: 2, qHomeIn: 1500 });
    // Windows-1258 (Excel's Vietnamese "CSV"): "Ngày" with à = 0xE0; headers recognised without diacritics.
    const w1258 = Buffer.concat([
      Buffer.from('Ma xa;Ng', 'latin1'),
      Buffer.from([0xe0]),
      Buffer.from('y;F0 cong dong\r\n99903;11/10/2021;2\r\n', 'latin1'),
    ]);
    const p2 = call(e, 'figures.importPreview', { fileName: 'b.csv', base64: b64(w1258) });
    expect(p2.columns.map((c) => [c.header, c.target])).toEqual([
      ['Ma xa', 'unitCode'],
      ['Ngày', 'day'],
      ['F0 cong dong', 'f0Community'],
    ]);
    expect(p2.rows[0]).toMatchObject({ unitCode: '99903', day: '2021-10-11', values: { f0Community: 2 } });
    const before = snapshot(e);
    const bad =
      'Mã xã,Ngày,F0 cộng đồng,Số mẫu xét nghiệm,Số mẫu dương tính\n99903,11/10/2021,2,10,11\n99904,32/10/2021,1,1,0\n99905,11/10/2021,1,5x,0\n12345,11/10/2021,1,1,1\n';
    const err = errorOf(() => call(e, 'figures.import', { fileName: 'bad.csv', text: bad }));
    expect(err.code).toBe('bad-file');
    const lines = err.detailsText!.map((d) => d.en);
    expect(lines).toEqual([
      'Row 2, column "Số mẫu dương tính", value "11": positives above samples',
      'Row 3, column "Ngày", value "32/10/2021": unreadable day (dd/mm/yyyy)',
      'Row 4, column "Số mẫu xét nghiệm", value "5x": not a whole number',
      'Row 5, column "Mã xã", value "12345": no unit with this code',
    ]);
    expect(snapshot(e)).toBe(before);
  });

  it('remembers a mapping per header layout; the CLI maps with --map and previews with --dry-run', async () => {
    const { e, file } = make();
    const text = 'Xa,Hom nay,Ca moi\n99904,12/10/2021,4\n';
    const p = call(e, 'figures.importPreview', { fileName: 'x.csv', text });
    expect(p.problems.length).toBeGreaterThan(0);
    e.close();
    open.length = 0;
    const dir = tempDir();
    const csv = path.join(dir, 'x.csv');
    fs.writeFileSync(csv, text);
    const dry = await saban(
      'figures',
      'import',
      csv,
      '--db',
      file,
      '--dry-run',
      '--map',
      'Xa=unitCode',
      '--map',
      'Hom nay=day',
      '--map',
      'Ca moi=f0Community',
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Ca moi → f0Community \(given\)/);
    expect(dry.stdout).toMatch(/chưa ghi gì/);
    const ok = await saban(
      'figures',
      'import',
      csv,
      '--db',
      file,
      '--map',
      'Xa=unitCode',
      '--map',
      'Hom nay=day',
      '--map',
      'Ca moi=f0Community',
    );
    expect(ok.code).toBe(0);
    // Same layout, different day: no --map needed any more.
    fs.writeFileSync(csv, 'Xa,Hom nay,Ca moi\n99904,13/10/2021,5\n');
    const again = await saban('figures', 'import', csv, '--db', file, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 1 });
    const setArgs = [
      'figures',
      'set',
      '--db',
      file,
      '--unit',
      '99904',
      '--day',
      '13/10/2021',
      '--set',
      'f0Community=6',
    ];
    const set = await saban(...setArgs);
    expect(set.code).toBe(2);
    expect(set.stderr).toMatch(/cần ghi lý do/);
    const set2 = await saban(...setArgs, '--reason', 'sửa');
    expect(set2.code).toBe(0);
    const out = await saban(
      'figures',
      'export',
      '--db',
      file,
      '--within',
      '99904',
      '--from',
      '12/10/2021',
      '--to',
      '13/10/2021',
    );
    expect(
      out.stdout
        .split(/\r?\n/)
        .slice(1)
        .filter(Boolean)
        .map((l) => l.split(',').slice(0, 4).join(',')),
      // Codes quoted, like every table export's CSV (LibreOffice can keep leading zeros).
    ).toEqual(['"99904",Xã Tân Hưng,2021-10-12,4', '"99904",Xã Tân Hưng,2021-10-13,6']);
    const json = await saban(
      '--lang',
      'en',
      'figures',
      'export',
      '--db',
      file,
      '--within',
      '999',
      '--from',
      '13/10/2021',
      '--to',
      '13/10/2021',
      '--json',
    );
    expect((JSON.parse(json.stdout) as { days: unknown[] }).days[0]).toMatchObject({
      day: '2021-10-13',
      f0Community: 6,
    });
  });

  it('fuzz: mutated CSV and XLSX files end in a clear refusal that changes nothing, or a whole import', () => {
    const { e } = make();
    const r = prng(FUZZ_SEED);
    const csv = call(e, 'figures.exportCsv', { within: '999', from: '2021-10-03', to: '2021-10-09' }).text;
    const xlsx = stationWorkbook();
    const nasty = [
      'NaN',
      '-1',
      '1e309',
      '1,5',
      '',
      '\u0000',
      '=1+1',
      '9007199254740993',
      'x'.repeat(5000),
      '31/02/2021',
    ];
    let refused = 0;
    let accepted = 0;
    for (let i = 0; i < 150; i++) {
      let input: { text: string } | { base64: string };
      const kind = i % 3;
      if (kind === 0) input = { base64: b64(flipBits(r, new TextEncoder().encode(csv))) };
      else if (kind === 1) input = { base64: b64(flipBits(r, xlsx.slice())) };
      else {
        const lines = csv.split('\r\n');
        const li = 1 + int(r, lines.length - 2);
        const cells = lines[li]!.split(',');
        cells[int(r, cells.length)] = pick(r, nasty);
        lines[li] = cells.join(',');
        input = { text: lines.join('\r\n') };
      }
      const before = snapshot(e);
      const res = dispatch(e, 'figures.import', { fileName: 'f.csv', reason: 'fuzz', ...input }, { door: 'cli' });
      if (res.ok) {
        accepted++;
        expect(integrityOk(e.db)).toBe(true);
      } else {
        refused++;
        expect(res.error.code).not.toBe('internal');
        expect(snapshot(e)).toBe(before);
      }
    }
    console.log(`fuzz: 150 tried, ${refused} refused, ${accepted} accepted, 0 crashed, 0 changed (figures import)`);
    expect(refused).toBeGreaterThan(0);
  });
});
