/**
 * Imports of daily figures from the sheets commune health stations send: CSV (UTF-8 or
 * Windows-1258, `,` `;` or tab) and workbooks (.xlsx, old .xls) read with @e965/xlsx (SheetJS
 * 0.20.3; see README, "Dependencies worth a word"). A title row (often merged cells) above the
 * header is skipped; formulas are read as their cached values; days may be dd/mm/yyyy, ISO or
 * Excel serials; counts may be written `1.234`. The column mapping is remembered per header
 * layout. Every row is checked first: any problem writes nothing and names row, column, value.
 */
import crypto from 'node:crypto';
import * as XLSX from '@e965/xlsx';
import { z } from 'zod';
import type { ImportPreview, ImportProblem, ImportTarget } from '../../../shared/contract-figures';
import { IMPORT_TARGETS } from '../../../shared/contract-figures';
import type { Input, Output } from '../../../shared/contract';
import { decodeText, readCsv } from '../../../shared/csv';
import {
  FIGURE_COLUMNS,
  FIGURE_FIELDS,
  FIGURE_LABELS,
  type FigureField,
  type FigureValues,
  cellProblemText,
  parseCount,
  validateFigures,
  valueProblem,
} from '../../../shared/figures';
import { EngineError, type LocalText, msg } from '../../../shared/result';
import { fold } from '../../../shared/text';
import { addDays, excelSerialToDay, parseDay } from '../../../shared/time';
import type { CallContext, EngineContext } from '../context';
import { readSetting, writeSetting } from '../settings/settings';
import { figureId, valuesOf, type FigureRow } from './repo';
import { saveRows } from './day';
import { otherDistrictText, ownDistrict } from './scope';

/** The setting holding remembered mappings: layout hash → header → target. Local to each office. */
export const MAPPINGS_SETTING = 'figuresImportMappings';
const mappingsSchema = z.record(z.string(), z.record(z.string(), z.enum(IMPORT_TARGETS)));

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

const key = (s: string): string => fold(s).replace(/[\s_./,:;()-]+/g, '');

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
type Cell = string | number;

/** A sheet as a grid with each row's number as a spreadsheet shows it. */
interface Grid {
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

function readGrid(input: Input<'figures.importPreview'>): Grid {
  let text = input.text;
  if (input.base64 !== undefined) {
    const bytes = Buffer.from(input.base64, 'base64');
    if (isWorkbook(bytes)) return readWorkbook(bytes, input.fileName, input.sheet);
    text = decodeText(bytes, input.fileName).text;
  }
  const t = readCsv(text ?? '', input.fileName);
  return {
    sheet: null,
    sheets: [],
    rows: [{ row: t.headerLine, cells: t.header }, ...t.rows.map((r) => ({ row: r.line, cells: r.cells }))],
  };
}

/** The header row: the first of the top rows that names a unit column and one more known column. */
function findHeader(grid: Grid, given: Record<string, ImportTarget>): number {
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

interface Parsed {
  preview: ImportPreview;
  rows: { row: number; unitCode: string; day: string; values: Partial<FigureValues> }[];
  mapping: Record<string, ImportTarget>;
  existing: Set<string>;
}

const problemOf = (row: number, column: string, value: Cell, text: LocalText): ImportProblem => ({
  row,
  column,
  value: String(value),
  text,
});

function dayOf(cell: Cell): string | null {
  if (typeof cell === 'number') return excelSerialToDay(cell);
  if (/^\d{4,6}(\.\d+)?$/.test(cell)) return excelSerialToDay(Number(cell));
  // A date-time cell written as text: keep the date.
  return parseDay(cell.replace(/[ T]\d{1,2}:\d{2}(:\d{2})?$/, ''));
}

/** Reads and checks a file; nothing is written. */
export function parseImport(engine: EngineContext, input: Input<'figures.importPreview'>): Parsed {
  const db = engine.db;
  const grid = readGrid(input);
  const given = input.mapping ?? {};
  const h = findHeader(grid, given);
  const headerRow = grid.rows[h];
  const header = (headerRow?.cells ?? []).map((c) => String(c));
  const layout = layoutOf(header);
  const remembered = readSetting(db, MAPPINGS_SETTING, mappingsSchema, {})[layout] ?? {};
  const columns: ImportPreview['columns'] = header.map((name, index) => {
    if (given[name]) return { index, header: name, target: given[name], how: 'given' as const };
    if (remembered[name]) return { index, header: name, target: remembered[name], how: 'remembered' as const };
    const r = recognise(name);
    return r
      ? { index, header: name, target: r, how: 'recognised' as const }
      : { index, header: name, target: 'ignore' as const, how: 'unmapped' as const };
  });
  const problems: ImportProblem[] = [];
  const fileProblem = (text: LocalText): void => {
    problems.push(problemOf(headerRow?.row ?? 1, '', '', text));
  };
  const col = (t: ImportTarget): number | undefined => columns.find((c) => c.target === t)?.index;
  for (const t of IMPORT_TARGETS) {
    if (t === 'ignore') continue;
    const dup = columns.filter((c) => c.target === t);
    if (dup.length > 1) {
      fileProblem(
        msg('hai cột cùng là "{t}": {cols}', 'two columns are both "{t}": {cols}', {
          t,
          cols: dup.map((d) => d.header).join(', '),
        }),
      );
    }
  }
  const codeCol = col('unitCode');
  const nameCol = col('unitName');
  const dayCol = col('day');
  const fieldCols = columns.filter((c) => (FIGURE_FIELDS as readonly string[]).includes(c.target));
  if (codeCol === undefined && nameCol === undefined) {
    fileProblem(msg('không thấy cột mã xã hoặc tên xã', 'no commune code or commune name column'));
  }
  if (dayCol === undefined && !input.day) fileProblem(msg('không thấy cột ngày', 'no day column (or give the day)'));
  if (fieldCols.length === 0) fileProblem(msg('không thấy cột số liệu nào', 'no figures column'));

  // Units: by code, or by name (folded) when unique.
  const units = db
    .prepare(
      "SELECT code, name, level, parent_code FROM units WHERE deleted = 0 AND level IN ('commune', 'hamlet', 'district')",
    )
    .all() as { code: string; name: string; level: string; parent_code: string | null }[];
  const byCode = new Map(units.map((u) => [u.code, u]));
  // A district office: the district of each unit, and names looked up among its own units only.
  const own = ownDistrict(db);
  const districtOf = (u: { level: string; code: string; parent_code: string | null }): string | null =>
    u.level === 'district'
      ? u.code
      : u.level === 'commune'
        ? u.parent_code
        : (byCode.get(u.parent_code ?? '')?.parent_code ?? null);
  const byName = new Map<string, string | null>();
  for (const u of units) {
    if (u.level === 'district' || (own && districtOf(u) !== own)) continue;
    const k = key(u.name);
    byName.set(k, byName.has(k) ? null : u.code);
    const bare = key(u.name.replace(/^(xã|phường|thị trấn|ấp|khóm|khu phố|thôn|bản|tổ dân phố)\s+/i, ''));
    if (bare !== k) byName.set(bare, byName.has(bare) ? null : u.code);
  }

  const rows: Parsed['rows'] = [];
  const out: ImportPreview['rows'] = [];
  if (problems.length === 0) {
    for (const r of grid.rows.slice(h + 1)) {
      const before: number = problems.length;
      const cellAt = (i: number | undefined): Cell => (i === undefined ? '' : (r.cells[i] ?? ''));
      let unitCode = '';
      const codeCell = cellAt(codeCol);
      const nameCell = String(cellAt(nameCol));
      if (codeCol !== undefined && codeCell !== '') {
        unitCode = typeof codeCell === 'number' ? String(codeCell) : codeCell;
        if (/^\d{1,4}$/.test(unitCode)) unitCode = unitCode.padStart(5, '0');
        const u = byCode.get(unitCode);
        if (!u) {
          problems.push(
            problemOf(r.row, header[codeCol]!, codeCell, msg('không có đơn vị mã này', 'no unit with this code')),
          );
        } else if (own && districtOf(u) !== own) {
          problems.push(
            problemOf(r.row, header[codeCol]!, codeCell, otherDistrictText(unitCode, districtOf(u) ?? '', own)),
          );
        }
      } else if (nameCol !== undefined && nameCell !== '') {
        const found = byName.get(key(nameCell));
        if (found) unitCode = found;
        else {
          problems.push(
            problemOf(
              r.row,
              header[nameCol]!,
              nameCell,
              found === null
                ? msg(
                    'nhiều đơn vị trùng tên này: cần cột mã xã',
                    'several units have this name: a code column is needed',
                  )
                : msg('không có đơn vị tên này', 'no unit with this name'),
            ),
          );
        }
      } else {
        // A row of totals ("Tổng cộng") or notes without a unit: refuse it by name rather than guess.
        problems.push(
          problemOf(
            r.row,
            header[codeCol ?? nameCol ?? 0] ?? '',
            '',
            msg('thiếu mã xã (dòng tổng cộng hãy xóa khỏi tệp)', 'no commune code (remove total rows from the file)'),
          ),
        );
      }
      let day: string | null = input.day ?? null;
      if (dayCol !== undefined) {
        const dc = cellAt(dayCol);
        day = dc === '' ? (input.day ?? null) : dayOf(dc);
        if (day === null) {
          problems.push(
            problemOf(
              r.row,
              header[dayCol]!,
              dc,
              msg('ngày không đọc được (dd/mm/yyyy)', 'unreadable day (dd/mm/yyyy)'),
            ),
          );
        }
      }
      const values: Partial<FigureValues> = {};
      for (const c of fieldCols) {
        const cell = cellAt(c.index);
        const f = c.target as FigureField;
        let v: number | null | string;
        if (typeof cell === 'number') v = valueProblem(cell) ?? cell;
        else v = parseCount(cell);
        if (typeof v === 'string') {
          problems.push(problemOf(r.row, c.header, cell, cellProblemText(v as Parameters<typeof cellProblemText>[0])));
          continue;
        }
        if (v !== null) values[f] = v;
      }
      out.push({
        row: r.row,
        unitCode,
        unitName: byCode.get(unitCode)?.name ?? null,
        day,
        values,
        status: problems.length > before ? 'error' : 'new',
      });
      if (problems.length === before && day !== null) rows.push({ row: r.row, unitCode, day, values });
    }
  }

  // Stored rows of the file's days (one index read), for new/changed and yesterday's quarantine.
  const days = rows.map((r) => r.day).sort();
  const existing = new Set<string>();
  const stored = new Map<string, FigureRow>();
  if (days.length > 0) {
    const found = db
      .prepare('SELECT * FROM daily_figures WHERE day >= ? AND day <= ? AND deleted = 0')
      .all(addDays(days[0]!, -1), days[days.length - 1]!) as FigureRow[];
    for (const s of found) {
      existing.add(s['id'] as string);
      stored.set(s['id'] as string, s);
    }
  }
  const seen = new Map<string, number>();
  const pending = new Map<string, FigureValues>();
  let corrects = false;
  const counts = { rows: out.length, new: 0, changed: 0, unchanged: 0, errors: 0 };
  const previewByRow = new Map(out.map((p) => [p.row, p]));
  for (const r of [...rows].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))) {
    const id = figureId(r.unitCode, r.day);
    const p = previewByRow.get(r.row)!;
    const dupOf = seen.get(id);
    if (dupOf !== undefined) {
      problems.push(
        problemOf(
          r.row,
          '',
          `${r.unitCode} ${r.day}`,
          msg('trùng với dòng {row}', 'same unit and day as row {row}', { row: dupOf }),
        ),
      );
      p.status = 'error';
      continue;
    }
    seen.set(id, r.row);
    const s = stored.get(id);
    const merged = valuesOf(s);
    for (const f of FIGURE_FIELDS) if (r.values[f] !== undefined) merged[f] = r.values[f] ?? null;
    const yId = figureId(r.unitCode, addDays(r.day, -1));
    const y = pending.get(yId) ?? valuesOf(stored.get(yId));
    for (const pr of validateFigures(merged, { facility: y.qFacilityIn, health: y.qHealthIn, home: y.qHomeIn })) {
      const c = columns.find((cc) => cc.target === pr.field);
      problems.push(problemOf(r.row, c?.header ?? pr.field, String(merged[pr.field] ?? ''), pr.text));
      p.status = 'error';
    }
    pending.set(id, merged);
    if (p.status === 'error') continue;
    if (!s) p.status = 'new';
    else {
      const changed = FIGURE_FIELDS.some((f) => r.values[f] !== undefined && s[FIGURE_COLUMNS[f]] !== r.values[f]);
      p.status = changed ? 'changed' : 'unchanged';
      if (changed)
        corrects ||= FIGURE_FIELDS.some(
          (f) => s[FIGURE_COLUMNS[f]] !== null && r.values[f] !== undefined && s[FIGURE_COLUMNS[f]] !== r.values[f],
        );
    }
  }
  for (const p of out) counts[p.status === 'error' ? 'errors' : p.status]++;
  problems.sort((a, b) => a.row - b.row);
  const mapping = Object.fromEntries(
    columns.filter((c) => c.how === 'given' || c.how === 'remembered').map((c) => [c.header, c.target]),
  );
  return {
    preview: {
      fileName: input.fileName,
      sheet: grid.sheet,
      sheets: grid.sheets,
      layout,
      headerRow: headerRow?.row ?? 1,
      columns,
      rows: out,
      problems,
      counts,
      corrects,
    },
    rows,
    mapping,
    existing,
  };
}

/** One problem as a line of an error's details. */
export function problemLine(p: ImportProblem): LocalText {
  return msg(
    'Dòng {row}, cột "{column}", giá trị "{value}": {why}',
    'Row {row}, column "{column}", value "{value}": {whyEn}',
    {
      row: p.row,
      column: p.column,
      value: p.value,
      why: p.text.vi,
      whyEn: p.text.en,
    },
  );
}

/** How many problems an error message and its details carry. */
const MAX_PROBLEMS = 200;

/** `figures.importPreview`: the preview, capped at the first 2,000 rows and 200 problems. */
export function importPreview(
  engine: EngineContext,
  input: Input<'figures.importPreview'>,
): Output<'figures.importPreview'> {
  const p = parseImport(engine, input).preview;
  return { ...p, rows: p.rows.slice(0, 2000), problems: p.problems.slice(0, MAX_PROBLEMS) };
}

/** `figures.import`: every row in one write batch, or nothing (`bad-file` naming the first problems). */
export function importFigures(
  engine: EngineContext,
  ctx: CallContext,
  input: Input<'figures.import'>,
): Output<'figures.import'> {
  const parsed = parseImport(engine, input);
  const { problems } = parsed.preview;
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new EngineError(
      'bad-file',
      msg(
        '{file}: {n} lỗi, không nhập gì. Dòng {row}, cột "{column}", giá trị "{value}": {why}',
        '{file}: {n} problem(s), nothing imported. Row {row}, column "{column}", value "{value}": {whyEn}',
        {
          file: input.fileName,
          n: problems.length,
          row: first.row,
          column: first.column,
          value: first.value,
          why: first.text.vi,
          whyEn: first.text.en,
        },
      ),
      problems.slice(0, MAX_PROBLEMS).map(problemLine),
    );
  }
  if (parsed.rows.length === 0) {
    throw new EngineError(
      'bad-file',
      msg('{file}: không có dòng số liệu nào', '{file}: no rows of figures', { file: input.fileName }),
    );
  }
  return engine.write(ctx, { action: 'figures.import', reason: input.reason ?? null }, (tx) => {
    if (Object.keys(parsed.mapping).length > 0 && input.mapping) {
      const all = readSetting(engine.db, MAPPINGS_SETTING, mappingsSchema, {});
      writeSetting(tx, MAPPINGS_SETTING, { ...all, [parsed.preview.layout]: parsed.mapping });
    }
    const saved = saveRows(engine, ctx, null, parsed.rows, {
      reason: input.reason,
      action: 'figures.import',
      bulk: true,
      existing: parsed.existing,
    });
    return { ...saved, layout: parsed.preview.layout };
  });
}
