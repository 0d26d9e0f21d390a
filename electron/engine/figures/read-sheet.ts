/**
 * Reading a sheet of daily figures: CSV (UTF-8 or Windows-1258, `,` `;` or tab) and workbooks
 * (.xlsx, old .xls) read with @e965/xlsx (SheetJS 0.20.3; see README, "Dependencies worth a
 * word") into a grid of cells with their spreadsheet row numbers; finding the header row below a
 * title (often merged cells); recognising the usual Vietnamese and English column names; reading
 * day cells (dd/mm/yyyy, ISO, Excel serials). Nothing here knows the database.
 */
import crypto from 'node:crypto';
import * as XLSX from '@e965/xlsx';
import type { ImportTarget } from '../../../shared/contract-figures';
import type { Input } from '../../../shared/contract';
import { decodeText, readCsv } from '../../../shared/csv';
import { FIGURE_COLUMNS, FIGURE_FIELDS, FIGURE_LABELS, type FigureField } from '../../../shared/figures';
import { EngineError, msg } from '../../../shared/result';
import { fold } from '../../../shared/text';
import { excelSerialToDay, parseDay } from '../../../shared/time';

/** Column names recognised without help, besides each field's labels and names. */
const ALIASES: Readonly<Record<Exclude<ImportTarget, 'ignore'>, readonly string[]>> = {
  unitCode: [
    'Mã xã',
    'Mã đơn vị',
    'Mã',
    'Mã xã/phường',
    'ma_xa',
    'code',
    'commune code',
    'commune_code',
    'unit code',
    'unit_code',
  ],
  unitName: [
    'Tên xã',
    'Tên đơn vị',
    'Xã/phường/thị trấn',
    'Xã, phường, thị trấn',
    'Xã',
    'Đơn vị',
    'name',
    'commune',
    'commune name',
    'unit name',
    'ten_xa',
  ],
  day: ['Ngày', 'Ngày báo cáo', 'Ngày/tháng/năm', 'date', 'day', 'report date'],
  f0Community: [
    'F0 cộng đồng',
    'F0 mới cộng đồng',
    'F0 trong cộng đồng',
    'F0 ngoài cộng đồng',
    'Ca mắc cộng đồng',
    'community F0',
    'community cases',
    'new F0 community',
  ],
  f0Quarantine: [
    'F0 trong khu cách ly',
    'F0 trong cách ly',
    'F0 đã cách ly',
    'F0 khu cách ly',
    'F0 in quarantine',
    'new F0 in quarantine',
  ],
  f1Traced: ['F1 truy vết', 'F1', 'F1 mới', 'Số F1', 'F1 traced', 'contacts traced'],
  samples: ['Số mẫu xét nghiệm', 'Số mẫu', 'Mẫu xét nghiệm', 'Số mẫu XN', 'Xét nghiệm', 'samples', 'tests'],
  positives: ['Số mẫu dương tính', 'Dương tính', 'Mẫu dương tính', 'positives', 'positive'],
  qFacilityIn: ['Đang cách ly tập trung', 'Cách ly tập trung', 'Cách ly tập trung đang cách ly', 'facility quarantine'],
  qFacilityNew: ['Cách ly tập trung mới', 'Mới cách ly tập trung', 'Cách ly tập trung trong ngày'],
  qFacilityReleased: [
    'Hoàn thành cách ly tập trung',
    'Hoàn thành cách ly tập trung trong ngày',
    'Ra khỏi cách ly tập trung',
  ],
  qHealthIn: [
    'Đang cách ly tại cơ sở y tế',
    'Cách ly tại cơ sở y tế',
    'Cách ly tại CSYT',
    'health facility quarantine',
  ],
  qHealthNew: ['Cách ly tại cơ sở y tế mới', 'Mới cách ly tại cơ sở y tế'],
  qHealthReleased: ['Hoàn thành cách ly tại cơ sở y tế', 'Ra khỏi cách ly tại cơ sở y tế'],
  qHomeIn: [
    'Đang cách ly tại nhà',
    'Cách ly tại nhà',
    'Đang cách ly tại nhà/nơi lưu trú',
    'Cách ly tại nhà, nơi lưu trú',
    'Đang cách ly tại nhà, nơi lưu trú',
    'home quarantine',
  ],
  qHomeNew: ['Cách ly tại nhà mới', 'Mới cách ly tại nhà', 'Cách ly tại nhà trong ngày'],
  qHomeReleased: ['Hoàn thành cách ly tại nhà', 'Hoàn thành cách ly tại nhà trong ngày', 'Ra khỏi cách ly tại nhà'],
  dose1: ['Mũi 1', 'Tiêm mũi 1', 'Số mũi 1', 'dose 1', 'first dose'],
  dose2: ['Mũi 2', 'Tiêm mũi 2', 'Số mũi 2', 'dose 2', 'second dose'],
  doseBooster: ['Mũi nhắc lại', 'Mũi 3', 'Mũi bổ sung', 'Mũi bổ sung/nhắc lại', 'booster', 'dose 3'],
  deaths: ['Tử vong', 'Số ca tử vong', 'Số tử vong', 'deaths', 'died'],
  recoveries: ['Khỏi bệnh', 'Ra viện', 'Xuất viện', 'Số ca khỏi', 'recoveries', 'recovered'],
};

/** A header cell folded for matching (case, accents, spaces and punctuation ignored). */
export const key = (s: string): string => fold(s).replace(/[\s_./,:;()-]+/g, '');

const ALIAS_INDEX: ReadonlyMap<string, ImportTarget> = (() => {
  const m = new Map<string, ImportTarget>();
  for (const t of Object.keys(ALIASES) as Exclude<ImportTarget, 'ignore'>[]) {
    const names: string[] = [t, ...ALIASES[t]];
    if ((FIGURE_FIELDS as readonly string[]).includes(t)) {
      const f = t as FigureField;
      names.push(FIGURE_COLUMNS[f], FIGURE_LABELS[f].vi, FIGURE_LABELS[f].en);
    }
    for (const n of names) if (!m.has(key(n))) m.set(key(n), t);
  }
  return m;
})();

/** The field a header cell names, when it is one of the usual names. */
export function recognise(header: string): ImportTarget | null {
  return ALIAS_INDEX.get(key(header)) ?? null;
}

/** A cell as read: a number (XLSX numbers, formulas' values) or text. */
export type Cell = string | number;

/** A sheet as a grid with each row's number as a spreadsheet shows it. */
export interface Grid {
  readonly sheet: string | null;
  readonly sheets: string[];
  readonly rows: { readonly row: number; readonly cells: readonly Cell[] }[];
}

function isWorkbook(bytes: Uint8Array): boolean {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  return zip || ole;
}

function readWorkbook(bytes: Uint8Array, fileName: string, wanted: string | undefined): Grid {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', cellDates: false, cellFormula: false, cellHTML: false, cellText: false });
  } catch (err) {
    throw new EngineError(
      'bad-file',
      msg('{file}: không đọc được bảng tính ({why})', '{file}: the workbook cannot be read ({why})', {
        file: fileName,
        why: err instanceof Error ? err.message.slice(0, 200) : 'unknown',
      }),
    );
  }
  const sheets = wb.SheetNames.slice();
  const pick = wanted ?? sheets.find((n) => (wb.Sheets[n]?.['!ref'] ?? '').includes(':')) ?? sheets[0] ?? '';
  const ws = wb.Sheets[pick];
  if (!ws) {
    throw new EngineError(
      'bad-file',
      msg('{file}: không có trang tính "{sheet}"', '{file}: no sheet "{sheet}"', { file: fileName, sheet: pick }),
    );
  }
  const start = ws['!ref'] ? XLSX.utils.decode_range(ws['!ref']).s.r : 0;
  const raw = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: '', blankrows: true });
  const rows = raw.map((r, i) => ({
    row: start + i + 1,
    cells: r.map((c): Cell =>
      typeof c === 'number' ? c : typeof c === 'boolean' ? (c ? 1 : 0) : typeof c === 'string' ? c.trim() : '',
    ),
  }));
  return { sheet: pick, sheets, rows: rows.filter((r) => r.cells.some((c) => c !== '')) };
}

export function readGrid(input: Input<'figures.importPreview'>): Grid {
  let text = input.text;
  if (input.base64 !== undefined) {
    const bytes = Buffer.from(input.base64, 'base64');
    if (isWorkbook(bytes)) return readWorkbook(bytes, input.fileName, input.sheet);
    refuseNonSheet(bytes, input.fileName);
    text = decodeText(bytes, input.fileName).text;
  }
  const t = readCsv(text ?? '', input.fileName);
  return {
    sheet: null,
    sheets: [],
    rows: [{ row: t.headerLine, cells: t.header }, ...t.rows.map((r) => ({ row: r.line, cells: r.cells }))],
  };
}

/**
 * Refuses, by name, a file that is not a workbook but is named as one (renamed, damaged) or is a
 * PDF, rather than reading it as CSV text (unreadable text is refused by `decodeText`).
 */
function refuseNonSheet(bytes: Buffer, fileName: string): void {
  const namedWorkbook = /\.(xlsx|xlsm|xls|ods)$/i.test(fileName);
  if (namedWorkbook || bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    throw new EngineError(
      'bad-file',
      msg(
        '{fileName}: không phải bảng tính đọc được (CSV, XLSX, XLS hoặc ODS); tệp hỏng hoặc bị đổi tên. Không ghi gì.',
        '{fileName}: not a readable spreadsheet (CSV, XLSX, XLS or ODS); the file is damaged or renamed. Nothing written.',
        { fileName },
      ),
    );
  }
}

/** The header row: the first of the top rows that names a unit column and one more known column. */
export function findHeader(grid: Grid, given: Record<string, ImportTarget>): number {
  const limit = Math.min(grid.rows.length, 20);
  for (let i = 0; i < limit; i++) {
    const cells = grid.rows[i]!.cells.map((c) => String(c));
    const targets = cells.map((c) => given[c] ?? recognise(c));
    const unit = targets.includes('unitCode') || targets.includes('unitName');
    if (unit && targets.filter((t) => t && t !== 'ignore').length >= 2) return i;
  }
  // No known names: the first row with three or more cells (a title row has one).
  for (let i = 0; i < limit; i++) if (grid.rows[i]!.cells.filter((c) => c !== '').length >= 3) return i;
  return 0;
}

/** The layout of a header: its cells, folded, hashed. */
export function layoutOf(header: readonly string[]): string {
  return crypto.createHash('sha256').update(header.map(key).join('\u0001')).digest('hex').slice(0, 16);
}

/** A day cell: an Excel serial (number or digits), dd/mm/yyyy, ISO, or a date-time written as text. */
export function dayOf(cell: Cell): string | null {
  if (typeof cell === 'number') return excelSerialToDay(cell);
  if (/^\d{4,6}(\.\d+)?$/.test(cell)) return excelSerialToDay(Number(cell));
  // A date-time cell written as text: keep the date.
  return parseDay(cell.replace(/[ T]\d{1,2}:\d{2}(:\d{2})?$/, ''));
}
