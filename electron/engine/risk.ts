import crypto from 'node:crypto';
import type { Assessment, Figures, UnitLevelState, riskApi } from '../../shared/contract-risk';
import { EngineError } from '../../shared/result';
import {
  DEFAULT_RISK_RULES,
  RISK_LEVELS,
  type RiskLevel,
  type RiskRules,
  riskRulesSchema,
  rollUpDistrict,
  suggestLevel,
} from '../../shared/risk';
import type { EngineContext, HandlersOf } from './context';
import { SUBTREE_CTE } from './units-repo';

interface AssessmentRow {
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

const RULES_KEY = 'riskRules';

/** Normalises an ISO date-time with any zone to UTC ISO, so stored times compare as strings. */
export function toUtcIso(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new EngineError('bad-request', `Thời điểm không hợp lệ / invalid time: ${text}`);
  return new Date(ms).toISOString();
}

function toState(r: AssessmentRow): UnitLevelState {
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
export function levelsAt(engine: EngineContext, at: string, within?: string): UnitLevelState[] {
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

/** The methods of the risk-level contract. */
export function riskHandlers(engine: EngineContext, now: () => number): HandlersOf<typeof riskApi> {
  const db = engine.db;
  const rules = (): RiskRules => {
    const row = db.prepare('SELECT value FROM settings WHERE key = ? AND deleted = 0').get(RULES_KEY) as
      { value: string } | undefined;
    const parsed = row ? riskRulesSchema.safeParse(JSON.parse(row.value)) : null;
    return parsed?.success ? parsed.data : DEFAULT_RISK_RULES;
  };
  const nowIso = (): string => new Date(now()).toISOString();

  return {
    'risk.set': (input, ctx) => {
      const units = input.codes.map((c) => engine.requireUnit(c));
      for (const u of units) {
        if (u.level !== 'commune' && u.level !== 'hamlet' && u.level !== 'district') {
          throw new EngineError(
            'bad-request',
            `${u.name} (${u.code}): chỉ đánh giá huyện, xã, ấp / only districts, communes and hamlets are assessed`,
          );
        }
      }
      const effectiveFrom = input.effectiveFrom ? toUtcIso(input.effectiveFrom) : nowIso();
      const batchId = crypto.randomUUID();
      const createdAt = nowIso();
      const setBy = engine.actorOf(ctx);
      engine.write(ctx, { action: 'risk.set', reason: input.reason }, (tx) => {
        for (const u of units) {
          tx.put('assessment', {
            id: crypto.randomUUID(),
            batch_id: batchId,
            unit_code: u.code,
            level: input.level,
            effective_from: effectiveFrom,
            reason: input.reason,
            set_by: setBy,
            created_at: createdAt,
            deleted: 0,
          });
        }
      });
      return { batchId, count: units.length, effectiveFrom };
    },

    'risk.undo': (_input, ctx) => {
      const last = db
        .prepare(
          'SELECT batch_id, level FROM assessments WHERE deleted = 0 ORDER BY created_at DESC, rowid DESC LIMIT 1',
        )
        .get() as { batch_id: string; level: number } | undefined;
      if (!last)
        throw new EngineError('not-found', 'Không có thay đổi cấp độ nào để hoàn tác / no level change to undo');
      const rows = db
        .prepare('SELECT id, unit_code FROM assessments WHERE batch_id = ? AND deleted = 0')
        .all(last.batch_id) as {
        id: string;
        unit_code: string;
      }[];
      engine.write(ctx, { action: 'risk.undo', reason: 'Hoàn tác / undo' }, (tx) => {
        for (const r of rows) tx.put('assessment', { id: r.id, deleted: 1 });
      });
      return { batchId: last.batch_id, codes: rows.map((r) => r.unit_code), level: last.level };
    },

    'risk.levels': (input) => {
      if (input.within) engine.requireUnit(input.within);
      return levelsAt(engine, input.at ? toUtcIso(input.at) : nowIso(), input.within);
    },

    'risk.range': (input) => {
      if (input.within) engine.requireUnit(input.within);
      const row = db
        .prepare(
          `${input.within ? SUBTREE_CTE : ''}
           SELECT min(effective_from) AS earliest, max(effective_from) AS latest FROM assessments
           WHERE deleted = 0 ${input.within ? 'AND unit_code IN (SELECT code FROM subtree)' : ''}`,
        )
        .get(...(input.within ? [input.within] : [])) as { earliest: string | null; latest: string | null };
      return { earliest: row.earliest, latest: row.latest };
    },

    'risk.changed': (input) => {
      if (input.within) engine.requireUnit(input.within);
      const at = input.at ? toUtcIso(input.at) : nowIso();
      const before = new Map(levelsAt(engine, toUtcIso(input.since), input.within).map((s) => [s.code, s.level]));
      const after = new Map(levelsAt(engine, at, input.within).map((s) => [s.code, s.level]));
      const out: { code: string; from: number; to: number }[] = [];
      for (const code of new Set([...before.keys(), ...after.keys()])) {
        const from = before.get(code) ?? 0;
        const to = after.get(code) ?? 0;
        if (from !== to) out.push({ code, from, to });
      }
      return out.sort((a, b) => a.code.localeCompare(b.code));
    },

    'risk.unit': (input) => {
      const unit = engine.requireUnit(input.code);
      const at = nowIso();
      const current = levelsAt(engine, at, unit.code).find((s) => s.code === unit.code) ?? null;
      const history = (
        db
          .prepare(
            'SELECT * FROM assessments WHERE unit_code = ? ORDER BY effective_from DESC, created_at DESC, id DESC',
          )
          .all(unit.code) as AssessmentRow[]
      ).map((r): Assessment => ({
        ...toState(r),
        batchId: r.batch_id,
        createdAt: r.created_at,
        scheduled: r.effective_from > at,
        undone: r.deleted === 1,
      }));
      const fr = db
        .prepare('SELECT * FROM risk_figures WHERE unit_code = ? AND deleted = 0 ORDER BY as_of DESC LIMIT 1')
        .get(unit.code) as
        | {
            as_of: string;
            population: number | null;
            new_cases_7d: number;
            vaccine_pct: number | null;
            capacity_ok: number | null;
          }
        | undefined;
      const figures: Figures | null = fr
        ? {
            code: unit.code,
            asOf: fr.as_of,
            population: fr.population,
            newCases7d: fr.new_cases_7d,
            vaccinePct: fr.vaccine_pct,
            capacityOk: fr.capacity_ok === null ? null : fr.capacity_ok === 1,
          }
        : null;
      let suggestion = null;
      let suggestionMissing = null;
      const population = figures?.population ?? unit.population;
      if (!figures) {
        suggestionMissing = { vi: 'chưa nhập số liệu tuần', en: 'no weekly figures yet' };
      } else if (!population) {
        suggestionMissing = { vi: 'chưa có dân số', en: 'population unknown' };
      } else {
        const s = suggestLevel(
          {
            population,
            newCases7d: figures.newCases7d,
            vaccinePct: figures.vaccinePct,
            capacityOk: figures.capacityOk,
          },
          (current?.level ?? 0) as RiskLevel,
          rules(),
        );
        suggestion = { level: s.level, rate: s.rate, steps: [...s.steps] };
      }
      let rollup = null;
      if (unit.level === 'district') {
        const communes = db
          .prepare("SELECT code FROM units WHERE parent_code = ? AND level = 'commune' AND deleted = 0")
          .all(unit.code) as { code: string }[];
        const levels = new Map(levelsAt(engine, at, unit.code).map((s) => [s.code, s.level]));
        const r = rollUpDistrict(
          communes.map((c) => (levels.get(c.code) ?? 0) as RiskLevel),
          rules(),
        );
        rollup = { level: r.level, counts: Object.fromEntries(Object.entries(r.counts)), step: r.step };
      }
      return { code: unit.code, current, history, figures, suggestion, suggestionMissing, rollup };
    },

    'risk.setFigures': (input, ctx) => {
      const unit = engine.requireUnit(input.code);
      const id = `${unit.code}@${input.asOf}`;
      engine.write(ctx, { action: 'risk.figures', reason: null }, (tx) =>
        tx.put('riskFigures', {
          id,
          unit_code: unit.code,
          as_of: input.asOf,
          population: input.population ?? null,
          new_cases_7d: input.newCases7d,
          vaccine_pct: input.vaccinePct ?? null,
          capacity_ok: input.capacityOk === undefined || input.capacityOk === null ? null : input.capacityOk ? 1 : 0,
          deleted: 0,
        }),
      );
      return {
        code: unit.code,
        asOf: input.asOf,
        population: input.population ?? null,
        newCases7d: input.newCases7d,
        vaccinePct: input.vaccinePct ?? null,
        capacityOk: input.capacityOk ?? null,
      };
    },

    'risk.rules': () => rules(),

    'risk.setRules': (input, ctx) => {
      const next = riskRulesSchema.parse({ ...rules(), ...input });
      if (!(next.caseBands[0] < next.caseBands[1] && next.caseBands[1] < next.caseBands[2])) {
        throw new EngineError('bad-request', 'Ngưỡng ca bệnh phải tăng dần / case bands must increase');
      }
      engine.write(ctx, { action: 'risk.rules', reason: null }, (tx) =>
        tx.put('setting', { key: RULES_KEY, value: JSON.stringify(next), deleted: 0 }),
      );
      return next;
    },

    'risk.export': (input) => {
      const root = engine.requireUnit(input.within);
      const at = input.at ? toUtcIso(input.at) : nowIso();
      const levels = new Map(levelsAt(engine, at, root.code).map((s) => [s.code, s]));
      const rows = db
        .prepare(
          `${SUBTREE_CTE} SELECT code, name, level, type, parent_code, geometry FROM units
           WHERE code IN (SELECT code FROM subtree) AND deleted = 0 AND level IN ('district', 'commune', 'hamlet')
           ORDER BY code`,
        )
        .all(root.code) as {
        code: string;
        name: string;
        level: string;
        type: string;
        parent_code: string | null;
        geometry: string | null;
      }[];
      const stamp = at.slice(0, 10);
      if (input.format === 'geojson') {
        const features = rows
          .filter((r) => r.geometry)
          .map((r) => {
            const s = levels.get(r.code);
            const level = (s?.level ?? 0) as RiskLevel;
            return {
              type: 'Feature',
              geometry: JSON.parse(r.geometry!) as unknown,
              properties: {
                code: r.code,
                name: r.name,
                unit_level: r.level,
                unit_type: r.type,
                parent_code: r.parent_code ?? '',
                risk_level: level,
                risk_name: RISK_LEVELS[level].vi,
                colour: RISK_LEVELS[level].colour,
                effective_from: s?.effectiveFrom ?? '',
                reason: s?.reason ?? '',
              },
            };
          });
        return {
          fileName: `saban-cap-do-${root.code}-${stamp}.geojson`,
          mimeType: 'application/geo+json',
          text: JSON.stringify({ type: 'FeatureCollection', name: `saban_${root.code}_${stamp}`, features }),
        };
      }
      const esc = (v: string | number): string => {
        const t = String(v);
        // Quote everything that could break a row or be read as a formula by Excel.
        return /[",\n\r]|^[=+\-@]/.test(t) ? `"${t.replace(/"/g, '""').replace(/^([=+\-@])/, "'$1")}"` : t;
      };
      const header = [
        'code',
        'name',
        'unit_level',
        'unit_type',
        'parent_code',
        'risk_level',
        'risk_name',
        'effective_from',
        'reason',
      ];
      const lines = rows.map((r) => {
        const s = levels.get(r.code);
        const level = (s?.level ?? 0) as RiskLevel;
        return [
          r.code,
          r.name,
          r.level,
          r.type,
          r.parent_code ?? '',
          level,
          RISK_LEVELS[level].vi,
          s?.effectiveFrom ?? '',
          s?.reason ?? '',
        ]
          .map(esc)
          .join(',');
      });
      return {
        fileName: `saban-cap-do-${root.code}-${stamp}.csv`,
        mimeType: 'text/csv;charset=utf-8',
        // The BOM makes Excel read the file as UTF-8, so Vietnamese names show correctly.
        text: '\uFEFF' + [header.join(','), ...lines].join('\r\n') + '\r\n',
      };
    },
  };
}
