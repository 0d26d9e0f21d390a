/**
 * The entry grid's state and rules, free of React: one row per commune holding each field's text
 * as typed or pasted, beside the value saved for that day. Edits return a new rows array that
 * reuses every untouched row object (react-data-grid re-renders only rows whose object changed,
 * and undo keeps snapshots of the array).
 */
import { readCount, showCount, type CountProblem } from './vn-number';

/** One commune's row of the grid. */
export interface GridRow<K extends string> {
  readonly code: string;
  readonly name: string;
  /** Each field's text as shown in the cell. */
  readonly text: Readonly<Record<K, string>>;
  /** Each field's value as saved for the day (null: none). */
  readonly saved: Readonly<Record<K, number | null>>;
}

/** A rule "`upper` ≤ `limit`" between two fields of the same row (e.g. positives ≤ samples). */
export interface PairRule<K extends string> {
  readonly field: K;
  readonly limit: K;
  readonly problem: PairProblem;
}

/** Problems between two fields. */
export type PairProblem = 'positivesAboveSamples' | 'releasedAboveIn';

/** Every reason a cell can be refused. */
export type CellProblemKind = CountProblem | PairProblem;

/** One refused cell. */
export interface CellProblem<K extends string> {
  readonly rowIdx: number;
  readonly code: string;
  readonly name: string;
  readonly field: K;
  readonly kind: CellProblemKind;
  readonly text: string;
  /** For a pair rule: the field it is compared with and that field's value. */
  readonly limit?: { readonly field: K; readonly value: number };
}

/** The key of a cell in {@link validateRows}'s map. */
export const cellKey = (rowIdx: number, field: string): string => `${rowIdx}:${field}`;

/** Rows from the saved values (each shown the Vietnamese way). */
export function rowsFromSaved<K extends string>(
  fields: readonly K[],
  units: readonly { readonly code: string; readonly name: string }[],
  saved: ReadonlyMap<string, Readonly<Partial<Record<K, number | null>>>>,
): GridRow<K>[] {
  return units.map((u) => {
    const values = saved.get(u.code) ?? ({} as Readonly<Partial<Record<K, number | null>>>);
    const text = {} as Record<K, string>;
    const kept = {} as Record<K, number | null>;
    for (const f of fields) {
      const v: number | null = values[f] ?? null;
      kept[f] = v;
      text[f] = showCount(v);
    }
    return { code: u.code, name: u.name, text, saved: kept };
  });
}

/** `rows` with one cell's text replaced (the same array when nothing changes). */
export function setCell<K extends string>(
  rows: readonly GridRow<K>[],
  rowIdx: number,
  field: NoInfer<K>,
  text: string,
): readonly GridRow<K>[] {
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
export function applyBlock<K extends string>(
  rows: readonly GridRow<K>[],
  fields: readonly K[],
  rowIdx: number,
  fieldIdx: number,
  block: readonly (readonly string[])[],
): { rows: readonly GridRow<K>[]; cells: number } {
  let next: GridRow<K>[] | null = null;
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
export function fillDown<K extends string>(
  rows: readonly GridRow<K>[],
  field: NoInfer<K>,
  from: number,
  to: number,
): readonly GridRow<K>[] {
  const source = rows[from];
  if (!source || to <= from) return rows;
  const value = source.text[field];
  const block = Array.from({ length: Math.min(to, rows.length - 1) - from }, () => [value]);
  return applyBlock(rows, [field], from + 1, 0, block).rows;
}

/** Clears one field of each given row (the Delete key). */
export function clearCells<K extends string>(
  rows: readonly GridRow<K>[],
  field: NoInfer<K>,
  rowIdxs: readonly number[],
): readonly GridRow<K>[] {
  let next = rows;
  for (const i of rowIdxs) next = setCell(next, i, field, '');
  return next;
}

/** Every refused cell of `rows`, in row then field order, and the same keyed by {@link cellKey}. */
export function validateRows<K extends string>(
  rows: readonly GridRow<K>[],
  fields: readonly K[],
  pairs: readonly PairRule<K>[],
): { problems: CellProblem<K>[]; byCell: Map<string, CellProblem<K>> } {
  const problems: CellProblem<K>[] = [];
  const byCell = new Map<string, CellProblem<K>>();
  const add = (p: CellProblem<K>): void => {
    problems.push(p);
    byCell.set(cellKey(p.rowIdx, p.field), p);
  };
  rows.forEach((row, rowIdx) => {
    const values = new Map<K, number | null>();
    for (const field of fields) {
      const text = row.text[field];
      const read = readCount(text);
      if (read.ok) values.set(field, read.value);
      else add({ rowIdx, code: row.code, name: row.name, field, kind: read.problem, text });
    }
    for (const rule of pairs) {
      const v = values.get(rule.field);
      const limit = values.get(rule.limit);
      if (v === undefined || v === null || limit === undefined || limit === null || v <= limit) continue;
      add({
        rowIdx,
        code: row.code,
        name: row.name,
        field: rule.field,
        kind: rule.problem,
        text: row.text[rule.field],
        limit: { field: rule.limit, value: limit },
      });
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
export function changedCells<K extends string>(rows: readonly GridRow<K>[], fields: readonly K[]): CellChange<K>[] {
  const out: CellChange<K>[] = [];
  for (const row of rows) {
    for (const field of fields) {
      const read = readCount(row.text[field]);
      const after = read.ok ? read.value : Number.NaN;
      if (after !== row.saved[field])
        out.push({ code: row.code, field, before: row.saved[field], after: read.ok ? read.value : null });
    }
  }
  return out;
}

/** The rows as a block of text cells for the clipboard: a header line, then code, name and fields. */
export function rowsToBlock<K extends string>(
  rows: readonly GridRow<K>[],
  fields: readonly K[],
  header: readonly string[],
): string[][] {
  return [[...header], ...rows.map((r) => [r.code, r.name, ...fields.map((f) => r.text[f])])];
}
