/**
 * Spreadsheets that open right: the shared XLSX writer and every export offered as XLSX, read
 * back with @e965/xlsx and opened in LibreOffice (headless) with every value intact.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { writeXlsx, zipEntry } from '../../electron/engine/xlsx/write';
import { tempDir } from '../helpers/engine';
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
