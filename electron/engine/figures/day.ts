/** One day of figures: the rows of a district or province, checking and saving a day in one batch. */
import crypto from 'node:crypto';
import type { CellError, DayRow } from '../../../shared/contract-figures';
import type { Input, Output } from '../../../shared/contract';
import {
  CUMULATIVE_FIELDS,
  FIGURE_COLUMNS,
  FIGURE_FIELDS,
  type FigureField,
  type FigureValues,
  type PreviousIn,
  emptyFigures,
  per100k,
  validateFigures,
} from '../../../shared/figures';
import { EngineError, msg } from '../../../shared/result';
import { addDays } from '../../../shared/time';
import type { CallContext, EngineContext } from '../context';
import { ENTITIES } from '../entities';
import type { WriteTx } from '../write';
import { SUMMARY_COLUMNS, type UnitRow } from '../units/repo';
import {
  FiguresRepo,
  type FigureRow,
  UnitTree,
  addInto,
  columnsOf,
  figureId,
  type Leaf,
  leafOf,
  requireLive,
  valuesOf,
} from './repo';
import { otherDistrictText, ownDistrict } from './scope';

/** One refused cell as a line of an error's details. */
export function cellLine(e: CellError): { vi: string; en: string } {
  return msg('Dòng {row} ({code}){field}: {why}', 'Row {row} ({code}){field}: {whyEn}', {
    row: e.row,
    code: e.unitCode,
    field: e.field ? `, ${e.field}` : '',
    why: e.text.vi,
    whyEn: e.text.en,
  });
}

/** The entity name of a figures row in the write path and the audit trail. */
export const FIGURE_ENTITY = 'dailyFigure';

/** The audit entity id of rows created in bulk: this prefix and the batch id. */
export const BATCH_PREFIX = 'import:';

function previousInOf(v: FigureValues): PreviousIn {
  return { facility: v.qFacilityIn, health: v.qHealthIn, home: v.qHomeIn };
}

/** Builds the row of one shown unit, summing the leaves given. */
function dayRow(
  repo: FiguresRepo,
  tree: UnitTree,
  code: string,
  leaves: readonly string[],
  day: string,
  level: DayRow['unitLevel'],
): DayRow {
  const u = tree.byCode.get(code)!;
  const values = emptyFigures();
  const prev = emptyFigures();
  const cumulative = Object.fromEntries(CUMULATIVE_FIELDS.map((f) => [f, 0])) as DayRow['cumulative'];
  let enteredBy: string | null = null;
  let enteredAt: string | null = null;
  let cases7d = 0;
  const weekStart = addDays(day, -6);
  const yesterday = addDays(day, -1);
  for (const leaf of leaves) {
    const rows = repo.rows(leaf, yesterday, day);
    for (const r of rows) {
      if (r.day === day) {
        addInto(values, valuesOf(r));
        if (enteredAt === null || r.entered_at > enteredAt) {
          enteredAt = r.entered_at;
          enteredBy = r.entered_by;
        }
      } else addInto(prev, valuesOf(r));
    }
    const c = repo.cumulative(leaf, day);
    for (const f of CUMULATIVE_FIELDS) cumulative[f] += c[f];
    cases7d += repo.f0Community(leaf, weekStart, day);
  }
  const population = tree.population(code);
  return {
    unitCode: code,
    unitName: u.name,
    unitLevel: level,
    parentCode: u.parent_code,
    population,
    values,
    enteredBy,
    enteredAt,
    previousIn: previousInOf(prev),
    cumulative,
    cases7d,
    per100k: per100k(cases7d, population),
  };
}

/** `figures.day`: a district's communes (and hamlets), a commune, or a province's districts summed. */
export function figuresDay(engine: EngineContext, input: Input<'figures.day'>): Output<'figures.day'> {
  const unit = requireLive(engine.db, input.code);
  const tree = new UnitTree(engine.db, unit.code);
  const repo = new FiguresRepo(engine.db);
  const rows: DayRow[] = [];
  if (unit.level === 'province') {
    for (const d of tree.kids(unit.code)) {
      if (d.level !== 'district') continue;
      rows.push(dayRow(repo, tree, d.code, tree.leaves(d.code), input.day, 'district'));
    }
  } else {
    const communes =
      unit.level === 'district'
        ? tree.kids(unit.code).filter((k) => k.level === 'commune')
        : [tree.byCode.get(unit.code)!];
    if (unit.level === 'district' && communes.length === 0) communes.push(tree.byCode.get(unit.code)!);
    for (const c of communes) {
      const level = c.level === 'hamlet' ? 'hamlet' : c.level === 'district' ? 'district' : 'commune';
      rows.push(dayRow(repo, tree, c.code, [c.code], input.day, level));
      if (input.hamlets && c.level === 'commune') {
        for (const h of tree.kids(c.code)) rows.push(dayRow(repo, tree, h.code, [h.code], input.day, 'hamlet'));
      }
    }
  }
  const totals = dayRow(
    repo,
    tree,
    unit.code,
    tree.leaves(unit.code),
    input.day,
    unit.level === 'province' ? 'district' : (rows[0]?.unitLevel ?? 'district'),
  );
  return { code: unit.code, name: unit.name, day: input.day, rows, totals };
}

/** A row to save: a unit's values for a day (absent fields keep their stored value). */
export interface SaveRow {
  readonly unitCode: string;
  readonly values: Partial<Record<FigureField, number | null>>;
  readonly reason?: string | undefined;
  /** How errors name the row (the input's index, or the file's row). */
  readonly row: number;
}

/** What a save did. */
export interface SaveOutcome {
  batchId: string;
  created: number;
  updated: number;
  unchanged: number;
}

/** Whole-record values of a new row (every column). */
function newRecord(id: string, leaf: { code: string; communeCode: string; districtCode: string }, day: string) {
  return {
    id,
    unit_code: leaf.code,
    commune_code: leaf.communeCode,
    district_code: leaf.districtCode,
    day,
    deleted: 0,
  };
}

/** A row checked and merged with what is stored, ready to write. */
export interface Planned {
  readonly id: string;
  readonly row: SaveRow;
  readonly d: string;
  readonly stored: FigureRow | undefined;
  readonly merged: FigureValues;
}

/** Rows checked by {@link planRows}: every refused cell, and the rows ready for {@link writePlanned}. */
export interface Plan {
  readonly errors: CellError[];
  readonly prepared: Planned[];
  readonly leaves: ReadonlyMap<string, Leaf | null>;
}

/** Adds a refused cell of row `r` (a plain function: a closure per row costs at 100,000s of rows). */
function refuse(
  errors: CellError[],
  r: SaveRow,
  field: FigureField | null,
  code: CellError['code'],
  text: CellError['text'],
): void {
  errors.push({ row: r.row, unitCode: r.unitCode, field, code, text });
}

/**
 * Checks rows against the cell rules and what is stored (`get` reads a stored row): every refused
 * cell, and the rows merged with their stored values.
 */
export function planRows(
  db: EngineContext['db'],
  get: (id: string) => FigureRow | undefined,
  day: string | null,
  rows: readonly (SaveRow & { day?: string })[],
  opts: {
    reason?: string | undefined;
    /** False for a preview: corrections without a reason are not refused yet (the reason comes later). */
    checkReason?: boolean;
  },
): Plan {
  const errors: CellError[] = [];
  const seen = new Set<string>();
  const leaves = new Map<string, Leaf | null>();
  const prepared: Planned[] = [];
  // Rows saved in this batch are the "previous day" of the next day's rows (imports of weeks).
  const pending = new Map<string, FigureValues>();
  // Plain code-unit order (ISO days sort so); localeCompare's collation is far slower on 100,000s of rows.
  const sorted = rows
    .map((r) => ({ r, d: r.day ?? day ?? '' }))
    .sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : 0))
    .map((x) => x.r);
  const unitStmt = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM units WHERE code = ?`);
  // The day before each day (a file holds a few days; addDays per row is a measurable cost at 100,000s).
  const dayBefore = new Map<string, string>();
  const unknown = new Set<string>();
  const yesterdayOf = (d: string): string => {
    let y = dayBefore.get(d);
    if (y === undefined) dayBefore.set(d, (y = addDays(d, -1)));
    return y;
  };
  const own = ownDistrict(db);
  for (const r of sorted) {
    const d = r.day ?? day!;
    let leaf = leaves.get(r.unitCode);
    if (leaf === undefined) {
      const u = unitStmt.get(r.unitCode) as UnitRow | undefined;
      leaf = u ? leafOf(db, u) : null;
      leaves.set(r.unitCode, leaf);
      if (!u || u.deleted) unknown.add(r.unitCode);
    }
    if (unknown.has(r.unitCode)) {
      refuse(
        errors,
        r,
        null,
        'unknown-unit',
        msg('không có đơn vị mã {code}', 'no unit with code {code}', { code: r.unitCode }),
      );
      continue;
    }
    if (!leaf) {
      refuse(
        errors,
        r,
        null,
        'outside',
        msg(
          '{code} không phải xã, ấp hay huyện không có xã: số liệu nhập theo xã',
          '{code} is not a commune, hamlet or district without communes: figures are entered per commune',
          { code: r.unitCode },
        ),
      );
      continue;
    }
    if (own && leaf.districtCode !== own) {
      refuse(errors, r, null, 'outside', otherDistrictText(r.unitCode, leaf.districtCode, own));
      continue;
    }
    const id = figureId(r.unitCode, d);
    if (seen.has(id)) {
      refuse(
        errors,
        r,
        null,
        'duplicate',
        msg('{code} ngày {day} có hai lần', '{code} on {day} appears twice', { code: r.unitCode, day: d }),
      );
      continue;
    }
    seen.add(id);
    const stored = get(id);
    const live = stored && stored.deleted === 0 ? stored : undefined;
    const merged = valuesOf(live);
    for (const f of FIGURE_FIELDS) if (r.values[f] !== undefined) merged[f] = r.values[f] ?? null;
    const yId = figureId(r.unitCode, yesterdayOf(d));
    const yesterday = pending.get(yId) ?? valuesOf(get(yId));
    for (const p of validateFigures(merged, previousInOf(yesterday))) refuse(errors, r, p.field, p.code, p.text);
    const reason = (r.reason ?? opts.reason ?? '').trim();
    if (live && !reason && opts.checkReason !== false) {
      for (const f of FIGURE_FIELDS) {
        const before = live[FIGURE_COLUMNS[f]] as number | null;
        if (before !== null && r.values[f] !== undefined && r.values[f] !== before) {
          refuse(
            errors,
            r,
            f,
            'reason-required',
            msg(
              'sửa số đã lưu ({before} → {after}) cần ghi lý do',
              'correcting a stored value ({before} → {after}) needs a reason',
              { before, after: r.values[f] ?? '—' },
            ),
          );
        }
      }
    }
    pending.set(id, merged);
    prepared.push({ id, row: r, d, stored, merged });
  }
  return { errors, prepared, leaves };
}

/** `bad-request` naming every refused cell (`details`), the first in the message. */
function refused(errors: readonly CellError[]): EngineError {
  const first = errors[0]!;
  return new EngineError(
    'bad-request',
    msg(
      '{n} ô không hợp lệ, không lưu gì. Dòng {row} ({code}){field}: {reason}',
      '{n} invalid cell(s), nothing saved. Row {row} ({code}){fieldEn}: {reasonEn}',
      {
        n: errors.length,
        row: first.row,
        code: first.unitCode,
        field: first.field ? `, ${first.field}` : '',
        fieldEn: first.field ? `, ${first.field}` : '',
        reason: first.text.vi,
        reasonEn: first.text.en,
      },
    ),
    errors.map((e) => cellLine(e)),
  );
}

/** How a save is recorded. */
export interface SaveOptions {
  readonly reason?: string | undefined;
  readonly action: string;
  /**
   * Rows new to the database are created many per statement ({@link WriteTx.createMany}: one
   * change-log entry each, one audit entry for the batch); corrections are audited one by one.
   */
  readonly bulk?: boolean;
}

/**
 * Checks every row and writes them all in one transaction of the write path, or throws
 * `bad-request` with every refused cell (`details.cells`) and writes nothing. Corrections (a
 * stored value changed) need a reason.
 */
export function saveRows(
  engine: EngineContext,
  ctx: CallContext,
  day: string | null,
  rows: readonly (SaveRow & { day?: string })[],
  opts: SaveOptions,
): SaveOutcome {
  return engine.write(ctx, { action: opts.action, reason: opts.reason ?? null }, (tx) => {
    const plan = planRows(engine.db, (id) => tx.get('dailyFigure', id) as FigureRow | undefined, day, rows, opts);
    if (plan.errors.length > 0) throw refused(plan.errors);
    return writePlanned(engine, ctx, tx, plan, opts);
  });
}

/** Where each value of a new record goes in {@link WriteTx.createMany}'s column order. */
const FRESH_AT = (() => {
  const cols: readonly string[] = ENTITIES.dailyFigure.columns;
  const at = (c: string): number => {
    const i = cols.indexOf(c);
    if (i < 0) throw new Error(`daily_figures: no column ${c}`);
    return i;
  };
  return {
    count: cols.length,
    id: at('id'),
    unit: at('unit_code'),
    commune: at('commune_code'),
    district: at('district_code'),
    day: at('day'),
    fields: FIGURE_FIELDS.map((f) => at(FIGURE_COLUMNS[f])),
    enteredBy: at('entered_by'),
    enteredAt: at('entered_at'),
    deleted: at('deleted'),
  };
})();

/**
 * Writes rows {@link planRows} checked without errors, in the caller's transaction `tx` (the
 * plan must have been made inside it, so what it read is still what is stored): unchanged rows
 * are skipped, corrections are put one by one (audited with their before and after), new rows
 * are created in bulk with `opts.bulk`.
 */
export function writePlanned(
  engine: EngineContext,
  ctx: CallContext,
  tx: WriteTx,
  plan: Plan,
  opts: SaveOptions,
): SaveOutcome {
  if (plan.errors.length > 0) throw refused(plan.errors);
  const batchId = crypto.randomUUID();
  const actor = engine.actorOf(ctx);
  const at = new Date(engine.now()).toISOString();
  const out: SaveOutcome = { batchId, created: 0, updated: 0, unchanged: 0 };
  const fresh: unknown[][] = [];
  const c = FRESH_AT;
  for (const p of plan.prepared) {
    const leaf = plan.leaves.get(p.row.unitCode)!;
    if (!p.stored && opts.bulk) {
      const rec = new Array<unknown>(c.count).fill(null);
      rec[c.id] = p.id;
      rec[c.unit] = leaf.code;
      rec[c.commune] = leaf.communeCode;
      rec[c.district] = leaf.districtCode;
      rec[c.day] = p.d;
      for (let i = 0; i < FIGURE_FIELDS.length; i++) rec[c.fields[i]!] = p.merged[FIGURE_FIELDS[i]!];
      rec[c.enteredBy] = actor;
      rec[c.enteredAt] = at;
      rec[c.deleted] = 0;
      fresh.push(rec);
      continue;
    }
    const changedValues = columnsOf(p.merged);
    const stored = p.stored;
    const differs = !stored || stored.deleted !== 0 || Object.entries(changedValues).some(([c, v]) => stored[c] !== v);
    if (!differs) {
      out.unchanged++;
      continue;
    }
    const reason = p.row.reason ?? opts.reason ?? null;
    engine.write(ctx, { action: stored ? `${opts.action}.correct` : opts.action, reason }, (inner) => {
      inner.put('dailyFigure', {
        ...(stored ? { id: p.id, deleted: 0 } : newRecord(p.id, leaf, p.d)),
        ...changedValues,
        entered_by: actor,
        entered_at: at,
      });
    });
    if (stored) out.updated++;
    else out.created++;
  }
  if (fresh.length > 0) out.created += tx.createMany('dailyFigure', fresh, `${BATCH_PREFIX}${batchId}`);
  return out;
}

/** `figures.saveDay`. */
export function saveDay(
  engine: EngineContext,
  ctx: CallContext,
  input: Input<'figures.saveDay'>,
): Output<'figures.saveDay'> {
  return saveRows(
    engine,
    ctx,
    input.day,
    input.rows.map((r, i) => ({ unitCode: r.unitCode, values: r.values, reason: r.reason, row: i })),
    { reason: input.reason, action: 'figures.save' },
  );
}

/** `figures.checkDay`: every refused cell of a day's rows, nothing saved. */
export function checkDay(engine: EngineContext, input: Input<'figures.checkDay'>): Output<'figures.checkDay'> {
  const stmt = engine.db.prepare('SELECT * FROM daily_figures WHERE id = ?');
  const rows = input.rows.map((r, i) => ({ unitCode: r.unitCode, values: r.values, reason: r.reason, row: i }));
  return {
    cells: planRows(engine.db, (id) => stmt.get(id) as FigureRow | undefined, input.day, rows, { reason: input.reason })
      .errors,
  };
}

/**
 * A unit's figures of one day summed over its area (communes and hamlets of a district, a
 * province's districts): the `totals` row of `figures.day`, as a plain function for other
 * features (the daily report's prefill, …). `not-found` for an unknown unit.
 */
export function dayTotals(db: EngineContext['db'], code: string, day: string): DayRow {
  const unit = requireLive(db, code);
  const tree = new UnitTree(db, unit.code);
  const level = unit.level === 'commune' || unit.level === 'hamlet' ? unit.level : 'district';
  return dayRow(new FiguresRepo(db), tree, unit.code, tree.leaves(unit.code), day, level);
}
