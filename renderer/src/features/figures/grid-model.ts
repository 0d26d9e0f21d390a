/**
 * The entry grid's state and rules, free of React: one row per commune holding each field's text
 * as typed or pasted, beside the value saved for that day. Edits return a new rows array that
 * reuses every untouched row object (react-data-grid re-renders only rows whose object changed,
 * and undo keeps snapshots of the array).
 */
import { showCount } from './vn-number';

/** One commune's row of the grid. */
export interface GridRow<K extends string, E = unknown> {
  readonly code: string;
  readonly name: string;
  /** Each field's text as shown in the cell. */
  readonly text: Readonly<Record<K, string>>;
  /** Each field's value as saved for the day (null: none). */
  readonly saved: Readonly<Record<K, number | null>>;
  /** What the row rules need besides the values (e.g. yesterday's quarantine counts). */
  readonly extra?: E;
}

/**
 * How cells are read and rows are checked (the engine's own rules, shared/figures.ts): the text
 * of a cell gives a value (null: empty) or a problem code; the values of a row that could be read
 * give the row's refused cells (e.g. positives above samples).
 */
export interface GridRules<K extends string, E = unknown> {
  readonly read: (text: string) => number | null | string;
  readonly checkRow: (
    values: Readonly<Partial<Record<K, number | null>>>,
    row: GridRow<K, E>,
  ) => readonly { readonly field: K; readonly code: string }[];
}

/** One refused cell. */
export interface CellProblem<K extends string> {
  readonly rowIdx: number;
  readonly code: string;
  readonly name: string;
  readonly field: K;
  /** The problem code (shared/figures.ts CELL_PROBLEMS). */
  readonly kind: string;
  readonly text: string;
}

/** The key of a cell in {@link validateRows}'s map: the row's unit code and the field. */
export const cellKey = (code: string, field: string): string => `${code}:${field}`;

/** What a row starts from: the unit, its saved values, and what its rules need. */
export interface SavedRow<K extends string, E> {
  readonly code: string;
  readonly name: string;
  readonly values: Readonly<Partial<Record<K, number | null>>>;
  readonly extra?: E;
}

/** Rows from the saved values (each shown the Vietnamese way). */
export function rowsFromSaved<K extends string, E>(
  fields: readonly K[],
  units: readonly SavedRow<K, E>[],
): GridRow<K, E>[] {
  return units.map((u) => {
    const text = {} as Record<K, string>;
    const kept = {} as Record<K, number | null>;
    for (const f of fields) {
      const v: number | null = u.values[f] ?? null;
      kept[f] = v;
      text[f] = showCount(v);
    }
    return u.extra === undefined
      ? { code: u.code, name: u.name, text, saved: kept }
      : { code: u.code, name: u.name, text, saved: kept, extra: u.extra };
  });
}

/** `rows` with one cell's text replaced (the same array when nothing changes). */
export function setCell<K extends string, E>(
  rows: readonly GridRow<K, E>[],
  rowIdx: number,
  field: NoInfer<K>,
  text: string,
): readonly GridRow<K, E>[] {
  const row = rows[rowIdx];
  if (!row || row.text[field] === text) return rows;
  const next = rows.slice();
  next[rowIdx] = { ...row, text: { ...row.text, [field]: text } };
  return next;
}

/**
 * Writes a pasted block into `rows` with its top-left cell at (`rowIdx`, `fieldIdx`); what falls
 * beyond the last row or field is dropped. Returns the new rows and how many cells changed.
 */
export function applyBlock<K extends string, E>(
  rows: readonly GridRow<K, E>[],
  fields: readonly K[],
  rowIdx: number,
  fieldIdx: number,
  block: readonly (readonly string[])[],
): { rows: readonly GridRow<K, E>[]; cells: number } {
  let next: GridRow<K, E>[] | null = null;
  let cells = 0;
  for (let r = 0; r < block.length && rowIdx + r < rows.length; r++) {
    const line = block[r]!;
    const at = rowIdx + r;
    const row = (next ?? rows)[at]!;
    let text: Record<K, string> | null = null;
    for (let c = 0; c < line.length && fieldIdx + c < fields.length; c++) {
      const field = fields[fieldIdx + c]!;
      const value = line[c]!.trim();
      if (row.text[field] === value) continue;
      text ??= { ...row.text };
      text[field] = value;
      cells++;
    }
    if (text) {
      next ??= rows.slice();
      next[at] = { ...row, text };
    }
  }
  return { rows: next ?? rows, cells };
}

/** Copies one field's text of row `from` into rows `from+1 … to` (fill down). */
export function fillDown<K extends string, E>(
  rows: readonly GridRow<K, E>[],
  field: NoInfer<K>,
  from: number,
  to: number,
): readonly GridRow<K, E>[] {
  const source = rows[from];
  if (!source || to <= from) return rows;
  const value = source.text[field];
  const block = Array.from({ length: Math.min(to, rows.length - 1) - from }, () => [value]);
  return applyBlock(rows, [field], from + 1, 0, block).rows;
}

/** Clears one field of each given row (the Delete key). */
export function clearCells<K extends string, E>(
  rows: readonly GridRow<K, E>[],
  field: NoInfer<K>,
  rowIdxs: readonly number[],
): readonly GridRow<K, E>[] {
  let next = rows;
  for (const i of rowIdxs) next = setCell(next, i, field, '');
  return next;
}

// A row's problems depend on the row object alone (its texts and extra): computed once per object,
// so after an edit only the rows that changed are checked again, however many rows the grid has.
const rowCache = new WeakMap<object, WeakMap<object, readonly { field: string; code: string }[]>>();

/** The refused cells of one row, in field order (at most one per field; cached per row object). */
export function rowProblems<K extends string, E>(
  row: GridRow<K, E>,
  fields: readonly K[],
  rules: GridRules<K, E>,
): readonly { readonly field: K; readonly code: string }[] {
  let byRow = rowCache.get(rules);
  if (!byRow) rowCache.set(rules, (byRow = new WeakMap()));
  const hit = byRow.get(row) as readonly { field: K; code: string }[] | undefined;
  if (hit) return hit;
  const values: Partial<Record<K, number | null>> = {};
  const found: { field: K; code: string }[] = [];
  for (const field of fields) {
    const read = rules.read(row.text[field]);
    if (typeof read === 'string') found.push({ field, code: read });
    else values[field] = read;
  }
  found.push(...rules.checkRow(values, row));
  const order = new Map(fields.map((f, i) => [f, i]));
  const seen = new Set<K>();
  const out = found
    .sort((a, b) => (order.get(a.field) ?? 0) - (order.get(b.field) ?? 0))
    .filter((p) => (seen.has(p.field) ? false : (seen.add(p.field), true)));
  byRow.set(row, out);
  return out;
}

/** Every refused cell of `rows`, in row then field order, and the same keyed by {@link cellKey}. */
export function validateRows<K extends string, E>(
  rows: readonly GridRow<K, E>[],
  fields: readonly K[],
  rules: GridRules<K, E>,
): { problems: CellProblem<K>[]; byCell: Map<string, CellProblem<K>> } {
  const problems: CellProblem<K>[] = [];
  const byCell = new Map<string, CellProblem<K>>();
  rows.forEach((row, rowIdx) => {
    for (const p of rowProblems(row, fields, rules)) {
      const problem = { rowIdx, code: row.code, name: row.name, field: p.field, kind: p.code, text: row.text[p.field] };
      problems.push(problem);
      byCell.set(cellKey(row.code, p.field), problem);
    }
  });
  return { problems, byCell };
}

/** One changed cell, read as a count (call only when the rows are valid). */
export interface CellChange<K extends string> {
  readonly code: string;
  readonly field: K;
  readonly before: number | null;
  readonly after: number | null;
}

/** The cells whose value differs from the saved one. */
export function changedCells<K extends string, E>(
  rows: readonly GridRow<K, E>[],
  fields: readonly K[],
  read: (text: string) => number | null | string,
): CellChange<K>[] {
  const out: CellChange<K>[] = [];
  for (const row of rows) {
    for (const field of fields) {
      const after = read(row.text[field]);
      if (typeof after === 'string') continue;
      if (after !== row.saved[field]) out.push({ code: row.code, field, before: row.saved[field], after });
    }
  }
  return out;
}

/** The rows as a block of text cells for the clipboard: a header line, then code, name and fields. */
export function rowsToBlock<K extends string, E>(
  rows: readonly GridRow<K, E>[],
  fields: readonly K[],
  header: readonly string[],
): string[][] {
  return [[...header], ...rows.map((r) => [r.code, r.name, ...fields.map((f) => r.text[f])])];
}
