/** One day of figures: the rows of a district or province, saving a day in one batch, history. */
import crypto from 'node:crypto';
import type { CellError, DayRow, HistoryEntry } from '../../../shared/contract-figures';
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
interface Planned {
  id: string;
  row: SaveRow;
  d: string;
  stored: FigureRow | undefined;
  merged: FigureValues;
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
  opts: { reason?: string | undefined; existing?: ReadonlySet<string> | undefined },
): { errors: CellError[]; prepared: Planned[]; leaves: Map<string, Leaf | null> } {
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
  const own = ownDistrict(db);
  for (const r of sorted) {
    const d = r.day ?? day!;
    const cell = (field: FigureField | null, code: CellError['code'], text: CellError['text']): void => {
      errors.push({ row: r.row, unitCode: r.unitCode, field, code, text });
    };
    let leaf = leaves.get(r.unitCode);
    if (leaf === undefined) {
      const u = unitStmt.get(r.unitCode) as UnitRow | undefined;
      leaf = u ? leafOf(db, u) : null;
      leaves.set(r.unitCode, leaf);
      if (!u || u.deleted) {
        cell(null, 'unknown-unit', msg('không có đơn vị mã {code}', 'no unit with code {code}', { code: r.unitCode }));
        continue;
      }
    }
    if (!leaf) {
      cell(
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
      cell(null, 'outside', otherDistrictText(r.unitCode, leaf.districtCode, own));
      continue;
    }
    const id = figureId(r.unitCode, d);
    if (seen.has(id)) {
      cell(
        null,
        'duplicate',
        msg('{code} ngày {day} có hai lần', '{code} on {day} appears twice', { code: r.unitCode, day: d }),
      );
      continue;
    }
    seen.add(id);
    const known = (k: string): boolean => !opts.existing || opts.existing.has(k);
    const stored = known(id) ? get(id) : undefined;
    const live = stored && stored.deleted === 0 ? stored : undefined;
    const merged = valuesOf(live);
    for (const f of FIGURE_FIELDS) if (r.values[f] !== undefined) merged[f] = r.values[f] ?? null;
    const yId = figureId(r.unitCode, addDays(d, -1));
    const yesterday = pending.get(yId) ?? valuesOf(known(yId) ? get(yId) : undefined);
    for (const p of validateFigures(merged, previousInOf(yesterday))) cell(p.field, p.code, p.text);
    const reason = (r.reason ?? opts.reason ?? '').trim();
    if (live && !reason) {
      for (const f of FIGURE_FIELDS) {
        const before = live[FIGURE_COLUMNS[f]] as number | null;
        if (before !== null && r.values[f] !== undefined && r.values[f] !== before) {
          cell(
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

/**
 * Checks every row and writes them all in one transaction of the write path, or throws
 * `bad-request` with every refused cell (`details.cells`) and writes nothing. Corrections (a
 * stored value changed) need a reason. With `bulk`, rows new to the database are created many
 * per statement with one audit entry for them all (imports); corrections are audited one by one.
 */
export function saveRows(
  engine: EngineContext,
  ctx: CallContext,
  day: string | null,
  rows: readonly (SaveRow & { day?: string })[],
  opts: {
    reason?: string | undefined;
    action: string;
    bulk?: boolean;
    /** Every stored key of the rows' days and the day before (saves a read per row). */
    existing?: ReadonlySet<string>;
  },
): SaveOutcome {
  const db = engine.db;
  const batchId = crypto.randomUUID();
  const actor = engine.actorOf(ctx);
  const at = new Date(engine.now()).toISOString();
  return engine.write(ctx, { action: opts.action, reason: opts.reason ?? null }, (tx) => {
    const { errors, prepared, leaves } = planRows(
      db,
      (id) => tx.get('dailyFigure', id) as FigureRow | undefined,
      day,
      rows,
      opts,
    );
    if (errors.length > 0) {
      const first = errors[0]!;
      throw new EngineError(
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
    const out: SaveOutcome = { batchId, created: 0, updated: 0, unchanged: 0 };
    const fresh: Record<string, string | number | null>[] = [];
    for (const p of prepared) {
      const leaf = leaves.get(p.row.unitCode)!;
      if (!p.stored && opts.bulk) {
        fresh.push({
          ...newRecord(p.id, leaf, p.d),
          ...columnsOf(p.merged),
          entered_by: actor,
          entered_at: at,
        });
        continue;
      }
      const changedValues = columnsOf(p.merged);
      const stored = p.stored;
      const differs =
        !stored || stored.deleted !== 0 || Object.entries(changedValues).some(([c, v]) => stored[c] !== v);
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
    if (fresh.length > 0) out.created += tx.createMany('dailyFigure', fresh, `import:${batchId}`);
    return out;
  });
}

/** `figures.history`: a unit's entries and corrections from the audit trail, newest first. */
export function figuresHistory(engine: EngineContext, input: Input<'figures.history'>): HistoryEntry[] {
  requireLive(engine.db, input.unitCode);
  const lo = input.day ? figureId(input.unitCode, input.day) : `${input.unitCode}|`;
  const hi = input.day ? lo : `${input.unitCode}|~`;
  const rows = engine.db
    .prepare(
      `SELECT at, actor, action, entity_id, before, after, reason FROM audit
       WHERE entity = ? AND entity_id >= ? AND entity_id <= ? ORDER BY id DESC LIMIT ?`,
    )
    .all(FIGURE_ENTITY, lo, hi, input.limit) as {
    at: string;
    actor: string;
    action: string;
    entity_id: string;
    before: string | null;
    after: string | null;
    reason: string | null;
  }[];
  const out: HistoryEntry[] = [];
  for (const r of rows) {
    const before = (r.before ? JSON.parse(r.before) : {}) as Record<string, number | null>;
    const after = (r.after ? JSON.parse(r.after) : {}) as Record<string, number | null>;
    const day = r.entity_id.slice(r.entity_id.lastIndexOf('|') + 1);
    for (const f of FIGURE_FIELDS) {
      const c = FIGURE_COLUMNS[f];
      if (!(c in after)) continue;
      const b = before[c] ?? null;
      const a = after[c] ?? null;
      if (b === a) continue;
      out.push({
        at: r.at,
        actor: r.actor,
        action: r.action,
        day,
        unitCode: input.unitCode,
        field: f,
        before: b,
        after: a,
        reason: r.reason,
      });
    }
  }
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
