/**
 * SQL of the daily figures (table `daily_figures`, migration 90) and the unit areas they are
 * summed over. A row's key is `<unit code>|<day>`: one unit's days are one primary-key range.
 */
import type Database from 'better-sqlite3';
import {
  CUMULATIVE_FIELDS,
  FIGURE_COLUMNS,
  FIGURE_FIELDS,
  type FigureField,
  type FigureValues,
  emptyFigures,
} from '../../../shared/figures';
import { EngineError, msg } from '../../../shared/result';
import type { Row } from '../entities';
import { actsAsCommune, getUnitRow, type UnitRow } from '../units/repo';

/** The key of a unit's row for a day. */
export function figureId(unitCode: string, day: string): string {
  return `${unitCode}|${day}`;
}

/** A stored row as read. */
export type FigureRow = Row & { unit_code: string; day: string; entered_by: string; entered_at: string };

/** The values of a stored row (or all null). */
export function valuesOf(row: Row | undefined): FigureValues {
  const out = emptyFigures();
  if (!row) return out;
  for (const f of FIGURE_FIELDS) out[f] = (row[FIGURE_COLUMNS[f]] as number | null | undefined) ?? null;
  return out;
}

/** Adds `b` into `a` field by field (null + null stays null: nothing entered). */
export function addInto(a: FigureValues, b: FigureValues): void {
  for (const f of FIGURE_FIELDS) {
    const v = b[f];
    if (v !== null) a[f] = (a[f] ?? 0) + v;
  }
}

/** A unit that holds figures: a commune, a hamlet, or a district without communes. */
export interface Leaf {
  readonly code: string;
  readonly communeCode: string;
  readonly districtCode: string;
}

/** Where a unit that may hold figures sits, or null when it may not hold any (province, district with communes). */
export function leafOf(db: Database.Database, unit: UnitRow): Leaf | null {
  if (unit.deleted) return null;
  if (unit.level === 'hamlet') {
    const commune = unit.parent_code ? getUnitRow(db, unit.parent_code) : undefined;
    if (!commune?.parent_code) return null;
    return { code: unit.code, communeCode: commune.code, districtCode: commune.parent_code };
  }
  if (unit.level === 'commune' && unit.parent_code) {
    return { code: unit.code, communeCode: unit.code, districtCode: unit.parent_code };
  }
  if (unit.level === 'district' && actsAsCommune(db, unit)) {
    return { code: unit.code, communeCode: unit.code, districtCode: unit.code };
  }
  return null;
}

/** A unit the views show, with the leaves its figures are summed from. */
export interface Area {
  readonly unit: UnitRow;
  readonly leaves: readonly string[];
  /** The unit's population, or its children's summed when it has none of its own. */
  readonly population: number | null;
}

interface TreeRow {
  code: string;
  level: string;
  parent_code: string | null;
  name: string;
  population: number | null;
}

/**
 * The live units under `code` (the unit included) as a tree, read once: children by parent.
 */
export class UnitTree {
  readonly byCode = new Map<string, TreeRow>();
  readonly children = new Map<string, TreeRow[]>();

  constructor(db: Database.Database, code: string | undefined) {
    const rows = (
      code === undefined
        ? db.prepare('SELECT code, level, parent_code, name, population FROM units WHERE deleted = 0').all()
        : db
            .prepare(
              `WITH RECURSIVE subtree(code) AS (
                 SELECT code FROM units WHERE code = ?
                 UNION ALL SELECT u.code FROM units u JOIN subtree s ON u.parent_code = s.code WHERE u.deleted = 0)
               SELECT code, level, parent_code, name, population FROM units WHERE code IN (SELECT code FROM subtree)
               ORDER BY code`,
            )
            .all(code)
    ) as TreeRow[];
    for (const r of rows) {
      this.byCode.set(r.code, r);
      if (r.parent_code !== null) {
        const list = this.children.get(r.parent_code) ?? [];
        list.push(r);
        this.children.set(r.parent_code, list);
      }
    }
  }

  /** Live children of a unit, ordered by code. */
  kids(code: string): TreeRow[] {
    return this.children.get(code) ?? [];
  }

  /** Every unit under `code` that holds figures (itself, communes, hamlets). */
  leaves(code: string): string[] {
    const out: string[] = [];
    const walk = (c: string): void => {
      const u = this.byCode.get(c);
      if (!u) return;
      const kids = this.kids(c);
      if (u.level === 'commune' || u.level === 'hamlet' || (u.level === 'district' && kids.length === 0)) out.push(c);
      for (const k of kids) walk(k.code);
    };
    walk(code);
    return out;
  }

  /** The unit's population, or the sum of its children's when it has none (null when none is known). */
  population(code: string): number | null {
    const u = this.byCode.get(code);
    if (!u) return null;
    if (u.population !== null) return u.population;
    let sum = 0;
    let any = false;
    for (const k of this.kids(code)) {
      if (k.level === 'hamlet') continue;
      const p = this.population(k.code);
      if (p !== null) {
        sum += p;
        any = true;
      }
    }
    return any ? sum : null;
  }
}

/** Prepared reads of the figures. */
export class FiguresRepo {
  private readonly rangeStmt: Database.Statement;
  private readonly sumStmt: Database.Statement;
  private readonly sumF0Stmt: Database.Statement;

  constructor(readonly db: Database.Database) {
    const cols = ['unit_code', 'day', 'entered_by', 'entered_at', ...FIGURE_FIELDS.map((f) => FIGURE_COLUMNS[f])];
    this.rangeStmt = db.prepare(
      `SELECT ${cols.join(', ')} FROM daily_figures WHERE id >= ? AND id <= ? AND deleted = 0 ORDER BY id`,
    );
    this.sumStmt = db.prepare(
      `SELECT ${CUMULATIVE_FIELDS.map((f) => `coalesce(sum(${FIGURE_COLUMNS[f]}), 0) AS ${f}`).join(', ')}
       FROM daily_figures WHERE id > ? AND id <= ? AND deleted = 0`,
    );
    this.sumF0Stmt = db
      .prepare('SELECT coalesce(sum(f0_community), 0) FROM daily_figures WHERE id >= ? AND id <= ? AND deleted = 0')
      .pluck();
  }

  /** A unit's rows from `from` to `to` (days), ordered by day. */
  rows(unitCode: string, from: string, to: string): FigureRow[] {
    return this.rangeStmt.all(figureId(unitCode, from), figureId(unitCode, to)) as FigureRow[];
  }

  /** Running totals of a unit up to and including `day`. */
  cumulative(unitCode: string, day: string): Record<(typeof CUMULATIVE_FIELDS)[number], number> {
    return this.sumStmt.get(`${unitCode}|`, figureId(unitCode, day)) as Record<
      (typeof CUMULATIVE_FIELDS)[number],
      number
    >;
  }

  /** Community F0 of a unit from `from` to `to`. */
  f0Community(unitCode: string, from: string, to: string): number {
    return this.sumF0Stmt.get(figureId(unitCode, from), figureId(unitCode, to)) as number;
  }
}

/** A unit by code that must exist (not-found names it). */
export function requireLive(db: Database.Database, code: string): UnitRow {
  const u = getUnitRow(db, code);
  if (!u || u.deleted) {
    throw new EngineError('not-found', msg('Không có đơn vị mã {code}', 'No unit with code {code}', { code }));
  }
  return u;
}

/** The database columns of the given values. */
export function columnsOf(values: Partial<Record<FigureField, number | null>>): Row {
  const out: Row = {};
  for (const f of FIGURE_FIELDS) if (values[f] !== undefined) out[FIGURE_COLUMNS[f]] = values[f] ?? null;
  return out;
}
