/** SQL and row mapping of risk levels: assessments and weekly figures. */
import type Database from 'better-sqlite3';
import type { Assessment, Figures, UnitLevelState } from '../../../shared/contract-risk';
import { EngineError, msg } from '../../../shared/result';
import { DEFAULT_RISK_RULES, type RiskRules, riskRulesSchema } from '../../../shared/risk';
import type { EngineContext } from '../context';
import { readSetting } from '../settings/settings';
import { SUBTREE_CTE } from '../units/repo';

/** An assessments row as SQLite returns it. */
export interface AssessmentRow {
  id: string;
  batch_id: string;
  unit_code: string;
  level: number;
  effective_from: string;
  reason: string;
  set_by: string;
  created_at: string;
  deleted: number;
}

/** The settings key of the risk rules. */
export const RISK_RULES_KEY = 'riskRules';

/** The risk rules stored in settings, or the defaults. */
export function riskRules(db: Database.Database): RiskRules {
  return readSetting(db, RISK_RULES_KEY, riskRulesSchema, DEFAULT_RISK_RULES);
}

/** Normalises an ISO date-time with any zone to UTC ISO, so stored times compare as strings. */
export function toUtcIso(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new EngineError('bad-request', msg('Thời điểm không hợp lệ: {text}', 'Invalid time: {text}', { text }));
  }
  return new Date(ms).toISOString();
}

/** The contract's state of a unit from its assessment row. */
export function toState(r: AssessmentRow): UnitLevelState {
  return {
    code: r.unit_code,
    level: r.level,
    effectiveFrom: r.effective_from,
    reason: r.reason,
    setBy: r.set_by,
    assessmentId: r.id,
  };
}

/**
 * The level of each unit at `at`: its latest assessment in effect then (effective time, then
 * creation order). Undone assessments are tombstones and never count.
 */
export function levelsAt(engine: Pick<EngineContext, 'db'>, at: string, within?: string): UnitLevelState[] {
  const scope = within ? `${SUBTREE_CTE}` : '';
  const filter = within ? 'AND unit_code IN (SELECT code FROM subtree)' : '';
  const rows = engine.db
    .prepare(
      `${scope}
       SELECT * FROM (
         SELECT a.*, row_number() OVER (
           PARTITION BY unit_code ORDER BY effective_from DESC, created_at DESC, id DESC
         ) AS rn
         FROM assessments a WHERE deleted = 0 AND effective_from <= ? ${filter}
       ) WHERE rn = 1 ORDER BY unit_code`,
    )
    .all(...(within ? [within] : []), at) as AssessmentRow[];
  return rows.map(toState);
}

/** The newest live batch of assessments (the one `risk.undo` takes back), with its rows. */
export function lastBatch(
  db: Database.Database,
): { batchId: string; level: number; rows: { id: string; unit_code: string }[] } | null {
  const last = db
    .prepare('SELECT batch_id, level FROM assessments WHERE deleted = 0 ORDER BY created_at DESC, rowid DESC LIMIT 1')
    .get() as { batch_id: string; level: number } | undefined;
  if (!last) return null;
  const rows = db
    .prepare('SELECT id, unit_code FROM assessments WHERE batch_id = ? AND deleted = 0')
    .all(last.batch_id) as { id: string; unit_code: string }[];
  return { batchId: last.batch_id, level: last.level, rows };
}

/** The earliest and latest effective times of live assessments (under `within`). */
export function assessmentRange(
  db: Database.Database,
  within: string | undefined,
): { earliest: string | null; latest: string | null } {
  const row = db
    .prepare(
      `${within ? SUBTREE_CTE : ''}
       SELECT min(effective_from) AS earliest, max(effective_from) AS latest FROM assessments
       WHERE deleted = 0 ${within ? 'AND unit_code IN (SELECT code FROM subtree)' : ''}`,
    )
    .get(...(within ? [within] : [])) as { earliest: string | null; latest: string | null };
  return { earliest: row.earliest, latest: row.latest };
}

/** Every assessment of a unit, undone ones included, newest first. */
export function assessmentHistory(db: Database.Database, code: string, at: string): Assessment[] {
  const rows = db
    .prepare('SELECT * FROM assessments WHERE unit_code = ? ORDER BY effective_from DESC, created_at DESC, id DESC')
    .all(code) as AssessmentRow[];
  return rows.map((r) => ({
    ...toState(r),
    batchId: r.batch_id,
    createdAt: r.created_at,
    scheduled: r.effective_from > at,
    undone: r.deleted === 1,
  }));
}

/** The latest weekly figures of a unit, or null. */
export function latestFigures(db: Database.Database, code: string): Figures | null {
  const fr = db
    .prepare('SELECT * FROM risk_figures WHERE unit_code = ? AND deleted = 0 ORDER BY as_of DESC LIMIT 1')
    .get(code) as
    | {
        as_of: string;
        population: number | null;
        new_cases_7d: number;
        vaccine_pct: number | null;
        capacity_ok: number | null;
      }
    | undefined;
  if (!fr) return null;
  return {
    code,
    asOf: fr.as_of,
    population: fr.population,
    newCases7d: fr.new_cases_7d,
    vaccinePct: fr.vaccine_pct,
    capacityOk: fr.capacity_ok === null ? null : fr.capacity_ok === 1,
  };
}

/** Codes of a district's live communes. */
export function communeCodesOf(db: Database.Database, districtCode: string): string[] {
  return (
    db
      .prepare("SELECT code FROM units WHERE parent_code = ? AND level = 'commune' AND deleted = 0")
      .all(districtCode) as { code: string }[]
  ).map((c) => c.code);
}
