/**
 * The one XLSX writer: every table the app exports as a spreadsheet is written here, with
 * @e965/xlsx (SheetJS 0.20.3; see README "Dependencies worth a word").
 *
 * A sheet is a title block (the export's name, when it was made in Vietnam time, the office)
 * above one header row, frozen, then one row per record. Each column has a type, so a cell
 * is what it means rather than what it looks like:
 * - `text` and `code`: text cells, always (a commune code `00001` and a phone `0912345678` keep
 *   their leading zeros; a name starting with `=` stays text: a cell is never a formula here);
 * - `number` and `count`: number cells (`count` shows no decimals);
 * - `date` (`YYYY-MM-DD`) and `datetime` (an instant): real date cells holding the Vietnam wall
 *   clock, shown `dd/mm/yyyy` and `dd/mm/yyyy hh:mm`.
 * SheetJS's community edition does not write frozen panes, so the sheet XML gets its `<pane>`
 * added in the zip afterwards ({@link freezeRows}).
 */
import * as XLSX from '@e965/xlsx';
import { formatDateTime, vnExcelSerial } from '../../../shared/time';

/** What a column's cells are. */
export type XlsxColumnType = 'text' | 'code' | 'number' | 'count' | 'date' | 'datetime';

/** One column of a sheet. */
export interface XlsxColumn {
  readonly header: string;
  readonly type: XlsxColumnType;
  /** Width in characters; by default from the header and the longest value (8–50). */
  readonly width?: number;
}

/** A cell value as the exporter has it; null, undefined and '' are empty cells. */
export type XlsxValue = string | number | boolean | null | undefined;

/** One sheet of a workbook. */
export interface XlsxSheet {
  /** The tab's name (cut to Excel's 31 characters, `[]:*?/\` replaced). */
  readonly name: string;
  readonly columns: readonly XlsxColumn[];
  readonly rows: readonly (readonly XlsxValue[])[];
}

/** A workbook: its title block and its sheets. */
export interface XlsxBook {
  /** What the export is, e.g. "Cấp độ dịch — Huyện Tập Huấn". */
  readonly title: string;
  /** When it was exported (milliseconds); shown as a Vietnam date-time cell. */
  readonly exportedAt: number;
  /** The office that exported it. */
  readonly office: string;
  readonly sheets: readonly XlsxSheet[];
}

/** The MIME type of an .xlsx file. */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const DATE_FORMAT = 'dd/mm/yyyy';
const DATETIME_FORMAT = 'dd/mm/yyyy hh:mm';
/** Rows above the header: title, exported at, office, a blank row. */
const TITLE_ROWS = 4;

function cellOf(value: XlsxValue, type: XlsxColumnType): XLSX.CellObject | null {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'text':
    case 'code':
      return { t: 's', v: String(value) };
    case 'number':
    case 'count': {
      const n = typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : Number(value);
      if (!Number.isFinite(n)) return { t: 's', v: String(value) };
      return type === 'count' ? { t: 'n', v: n, z: '0' } : { t: 'n', v: n };
    }
    case 'date':
    case 'datetime': {
      const serial = typeof value === 'boolean' ? NaN : vnExcelSerial(value);
      if (!Number.isFinite(serial)) return { t: 's', v: String(value) };
      return { t: 'n', v: serial, z: type === 'date' ? DATE_FORMAT : DATETIME_FORMAT };
    }
  }
}

function shownLength(value: XlsxValue, type: XlsxColumnType): number {
  if (value === null || value === undefined) return 0;
  if (type === 'date') return 10;
  if (type === 'datetime') return 16;
  return String(value).length;
}

/** A name Excel accepts for a tab. */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '-').slice(0, 31) || 'Sheet';
  let n = base;
  for (let i = 2; used.has(n.toLowerCase()); i++) n = `${base.slice(0, 28)} ${i}`;
  used.add(n.toLowerCase());
  return n;
}

function worksheet(book: XlsxBook, sheet: XlsxSheet): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {};
  const put = (r: number, c: number, cell: XLSX.CellObject | null): void => {
    if (cell) ws[XLSX.utils.encode_cell({ r, c })] = cell;
  };
  put(0, 0, { t: 's', v: book.title });
  put(1, 0, { t: 's', v: 'Thời điểm xuất (giờ Việt Nam)' });
  put(1, 1, { t: 'n', v: vnExcelSerial(book.exportedAt), z: DATETIME_FORMAT, w: formatDateTime(book.exportedAt) });
  put(2, 0, { t: 's', v: 'Đơn vị' });
  put(2, 1, { t: 's', v: book.office });
  const headerRow = TITLE_ROWS;
  sheet.columns.forEach((col, c) => put(headerRow, c, { t: 's', v: col.header }));
  sheet.rows.forEach((row, i) => {
    sheet.columns.forEach((col, c) => put(headerRow + 1 + i, c, cellOf(row[c], col.type)));
  });
  const lastRow = headerRow + sheet.rows.length;
  const lastCol = Math.max(sheet.columns.length, 2) - 1;
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: lastRow, c: lastCol } });
  ws['!cols'] = sheet.columns.map((col, c) => {
    if (col.width !== undefined) return { wch: col.width };
    let longest = col.header.length;
    for (const row of sheet.rows) longest = Math.max(longest, shownLength(row[c], col.type));
    return { wch: Math.min(50, Math.max(8, longest + 2)) };
  });
  if (sheet.columns.length > 0) {
    ws['!autofilter'] = {
      ref: XLSX.utils.encode_range({ s: { r: headerRow, c: 0 }, e: { r: lastRow, c: sheet.columns.length - 1 } }),
    };
  }
  return ws;
}

/** The zip reader and writer SheetJS ships (untyped in its declarations). */
const cfb = XLSX.CFB as {
  read(data: Uint8Array, o: { type: 'buffer' }): unknown;
  find(c: unknown, path: string): { content: Uint8Array } | null;
  write(c: unknown, o: object): Uint8Array;
  utils: { cfb_add(c: unknown, path: string, content: Uint8Array): void; cfb_del(c: unknown, path: string): void };
};

/** One file of an .xlsx (a zip) as text, or null; for checks of what SheetJS does not read back. */
export function zipEntry(bytes: Uint8Array, path: string): string | null {
  const entry = cfb.find(cfb.read(bytes, { type: 'buffer' }), `/${path}`);
  return entry ? Buffer.from(entry.content).toString('utf8') : null;
}

/** Adds a frozen pane above row `rows + 1` to the sheet XML of every sheet in the zip. */
function freezeRows(bytes: Uint8Array, sheets: number, rows: number): Uint8Array {
  const zip = cfb.read(bytes, { type: 'buffer' });
  const pane = `<sheetView workbookViewId="0"><pane ySplit="${rows}" topLeftCell="A${rows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${rows + 1}" sqref="A${rows + 1}"/></sheetView>`;
  for (let i = 1; i <= sheets; i++) {
    const path = `/xl/worksheets/sheet${i}.xml`;
    const entry = cfb.find(zip, path);
    if (!entry) continue;
    const xml = Buffer.from(entry.content).toString('utf8');
    const patched = xml.replace(/<sheetView workbookViewId="0"\/>/, pane);
    cfb.utils.cfb_add(zip, path, Buffer.from(patched, 'utf8'));
  }
  // SheetJS's zip reader adds a placeholder entry of its own; it must not be written back.
  cfb.utils.cfb_del(zip, '/\u0001Sh33tJ5');
  return cfb.write(zip, { type: 'buffer', fileType: 'zip', compression: true });
}

/** The workbook as .xlsx bytes. */
export function writeXlsx(book: XlsxBook): Uint8Array {
  const wb = XLSX.utils.book_new();
  const used = new Set<string>();
  for (const sheet of book.sheets)
    XLSX.utils.book_append_sheet(wb, worksheet(book, sheet), sheetName(sheet.name, used));
  wb.Props = { Title: book.title, Company: book.office, CreatedDate: new Date(book.exportedAt) };
  const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true, compression: true }) as Uint8Array;
  return freezeRows(bytes, book.sheets.length, TITLE_ROWS + 1);
}

/** The file a door hands out: an .xlsx as base64 (the contract's `dataBase64`). */
export function xlsxFile(
  fileName: string,
  book: XlsxBook,
): { fileName: string; mimeType: string; text: string; dataBase64: string } {
  return { fileName, mimeType: XLSX_MIME, text: '', dataBase64: Buffer.from(writeXlsx(book)).toString('base64') };
}
