/**
 * Imports of daily figures from the sheets commune health stations send (read by
 * `read-sheet.ts`: CSV or workbook, title rows, header, column names). The column mapping is
 * remembered per header layout. Every row is checked once (`planRows`): any problem writes
 * nothing and names row, column, value; the import writes the very plan it checked.
 */
import { z } from 'zod';
import type { ImportPreview, ImportProblem, ImportTarget } from '../../../shared/contract-figures';
import { IMPORT_TARGETS } from '../../../shared/contract-figures';
import type { Input, Output } from '../../../shared/contract';
import {
  FIGURE_COLUMNS,
  FIGURE_FIELDS,
  type FigureField,
  type FigureValues,
  cellProblemText,
  parseCount,
  valueProblem,
} from '../../../shared/figures';
import { EngineError, type LocalText, msg } from '../../../shared/result';
import { addDays } from '../../../shared/time';
import type { CallContext, EngineContext } from '../context';
import { readSetting, writeSetting } from '../settings/settings';
import { type Plan, type SaveRow, planRows, writePlanned } from './day';
import { type Cell, dayOf, findHeader, key, layoutOf, readGrid, recognise } from './read-sheet';
import type { FigureRow } from './repo';
import { otherDistrictText, ownDistrict } from './scope';

/** The setting holding remembered mappings: layout hash → header → target. Local to each office. */
export const MAPPINGS_SETTING = 'figuresImportMappings';
const mappingsSchema = z.record(z.string(), z.record(z.string(), z.enum(IMPORT_TARGETS)));

/** A file read and checked: the preview, and the plan the import writes. */
interface Parsed {
  preview: ImportPreview;
  plan: Plan;
  mapping: Record<string, ImportTarget>;
}

/** The cell at column `i` of a row (missing: empty). */
function cellAt(cells: readonly Cell[], i: number | undefined): Cell {
  return i === undefined ? '' : (cells[i] ?? '');
}

const problemOf = (row: number, column: string, value: Cell, text: LocalText): ImportProblem => ({
  row,
  column,
  value: String(value),
  text,
});

/**
 * Reads and checks a file; nothing is written. With `forWrite` (the import, inside its write
 * transaction) corrections without a reason are problems too; a preview leaves them to the reason
 * asked for afterwards (`corrects`).
 */
export function parseImport(
  engine: EngineContext,
  input: Input<'figures.importPreview'>,
  opts: { forWrite: boolean },
): Parsed {
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

  const rows: (SaveRow & { day: string })[] = [];
  const out: ImportPreview['rows'] = [];
  if (problems.length === 0) {
    const dayCells = new Map<Cell, string | null>();
    for (const r of grid.rows.slice(h + 1)) {
      const before: number = problems.length;
      let unitCode = '';
      const codeCell = cellAt(r.cells, codeCol);
      const nameCell = String(cellAt(r.cells, nameCol));
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
        const dc = cellAt(r.cells, dayCol);
        if (dc === '') day = input.day ?? null;
        else {
          // A file holds a few days in 100,000s of cells: each day text is read once.
          const known = dayCells.get(dc);
          day = known !== undefined ? known : dayOf(dc);
          if (known === undefined) dayCells.set(dc, day);
        }
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
        const cell = cellAt(r.cells, c.index);
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

  // Stored rows of the file's days and the day before (one index read), then every check of
  // planRows (units, duplicates, cell rules with yesterday's quarantine, corrections' reasons): the
  // same plan the import writes, so no row is checked twice.
  const stored = new Map<string, FigureRow>();
  if (rows.length > 0) {
    let lo = rows[0]!.day;
    let hi = lo;
    for (const r of rows) {
      if (r.day < lo) lo = r.day;
      if (r.day > hi) hi = r.day;
    }
    const found = db
      .prepare('SELECT * FROM daily_figures WHERE day >= ? AND day <= ? AND deleted = 0')
      .all(addDays(lo, -1), hi) as FigureRow[];
    for (const s of found) stored.set(s['id'] as string, s);
  }
  const plan = planRows(db, (id) => stored.get(id), null, rows, {
    reason: input.reason,
    checkReason: opts.forWrite,
  });
  const previewByRow = new Map(out.map((p) => [p.row, p]));
  const planned = new Map(plan.prepared.map((p) => [p.row.row, p]));
  const headerOf = (f: FigureField | null): string =>
    f === null ? '' : (columns.find((c) => c.target === f)?.header ?? f);
  for (const e of plan.errors) {
    const p = planned.get(e.row);
    const value =
      e.field === null ? `${e.unitCode} ${previewByRow.get(e.row)?.day ?? ''}` : String(p?.merged[e.field] ?? '');
    problems.push(problemOf(e.row, headerOf(e.field), value, e.text));
    previewByRow.get(e.row)!.status = 'error';
  }
  let corrects = false;
  for (const p of plan.prepared) {
    const shown = previewByRow.get(p.row.row)!;
    const s = p.stored;
    if (shown.status === 'error' || !s) continue;
    const v = p.row.values;
    const changed = FIGURE_FIELDS.some((f) => v[f] !== undefined && s[FIGURE_COLUMNS[f]] !== v[f]);
    shown.status = changed ? 'changed' : 'unchanged';
    if (changed)
      corrects ||= FIGURE_FIELDS.some(
        (f) => s[FIGURE_COLUMNS[f]] !== null && v[f] !== undefined && s[FIGURE_COLUMNS[f]] !== v[f],
      );
  }
  const counts = { rows: out.length, new: 0, changed: 0, unchanged: 0, errors: 0 };
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
    plan,
    mapping,
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
  const p = parseImport(engine, input, { forWrite: false }).preview;
  return { ...p, rows: p.rows.slice(0, 2000), problems: p.problems.slice(0, MAX_PROBLEMS) };
}

/**
 * `figures.import`: every row in one write batch, or nothing (`bad-file` naming the first
 * problems). The file is read and checked inside the write transaction, and the checked plan is
 * what is written (nothing is checked twice, and nothing can change in between).
 */
export function importFigures(
  engine: EngineContext,
  ctx: CallContext,
  input: Input<'figures.import'>,
): Output<'figures.import'> {
  const opts = { reason: input.reason, action: 'figures.import', bulk: true };
  return engine.write(ctx, { action: opts.action, reason: input.reason ?? null }, (tx) => {
    const parsed = parseImport(engine, input, { forWrite: true });
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
    if (parsed.plan.prepared.length === 0) {
      throw new EngineError(
        'bad-file',
        msg('{file}: không có dòng số liệu nào', '{file}: no rows of figures', { file: input.fileName }),
      );
    }
    if (Object.keys(parsed.mapping).length > 0 && input.mapping) {
      const all = readSetting(engine.db, MAPPINGS_SETTING, mappingsSchema, {});
      writeSetting(tx, MAPPINGS_SETTING, { ...all, [parsed.preview.layout]: parsed.mapping });
    }
    const saved = writePlanned(engine, ctx, tx, parsed.plan, opts);
    return { ...saved, layout: parsed.preview.layout };
  });
}
