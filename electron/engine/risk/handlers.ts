import crypto from 'node:crypto';
import type { riskApi } from '../../../shared/contract-risk';
import { EngineError, msg } from '../../../shared/result';
import { DEFAULT_RISK_RULES, riskRulesSchema } from '../../../shared/risk';
import type { EngineContext, HandlersOf } from '../context';
import { updateSetting } from '../settings/settings';
import { exportRiskLevels } from './export';
import { riskUnit } from './unit';
import { assessmentRange, lastBatch, levelsAt, RISK_RULES_KEY, riskRules, toUtcIso } from './repo';

const ASSESSED_LEVELS: ReadonlySet<string> = new Set(['district', 'commune', 'hamlet']);

/** The methods of the risk-level contract. */
export function riskHandlers(engine: EngineContext): HandlersOf<typeof riskApi> {
  const db = engine.db;
  const nowIso = (): string => new Date(engine.now()).toISOString();
  const checkWithin = (within: string | undefined): void => {
    if (within) engine.requireUnit(within);
  };

  return {
    'risk.set': (input, ctx) => {
      const units = input.codes.map((c) => engine.requireUnit(c));
      for (const u of units) {
        if (!ASSESSED_LEVELS.has(u.level)) {
          throw new EngineError(
            'bad-request',
            msg(
              '{name} ({code}): chỉ đánh giá huyện, xã, ấp',
              '{name} ({code}): only districts, communes and hamlets are assessed',
              { name: u.name, code: u.code },
            ),
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
      const last = lastBatch(db);
      if (!last) {
        throw new EngineError('not-found', msg('Không có thay đổi cấp độ nào để hoàn tác', 'No level change to undo'));
      }
      engine.write(ctx, { action: 'risk.undo', reason: 'Hoàn tác / undo' }, (tx) => {
        for (const r of last.rows) tx.put('assessment', { id: r.id, deleted: 1 });
      });
      return { batchId: last.batchId, codes: last.rows.map((r) => r.unit_code), level: last.level };
    },

    'risk.levels': (input) => {
      checkWithin(input.within);
      return levelsAt(engine, input.at ? toUtcIso(input.at) : nowIso(), input.within);
    },

    'risk.range': (input) => {
      checkWithin(input.within);
      return assessmentRange(db, input.within);
    },

    'risk.changed': (input) => {
      checkWithin(input.within);
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

    'risk.unit': (input) => riskUnit(engine, engine.requireUnit(input.code), nowIso()),

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

    'risk.rules': () => riskRules(db),

    'risk.setRules': (input, ctx) =>
      updateSetting(
        engine,
        ctx,
        { key: RISK_RULES_KEY, action: 'risk.rules', schema: riskRulesSchema, fallback: DEFAULT_RISK_RULES },
        input,
        (next) => {
          if (!(next.caseBands[0] < next.caseBands[1] && next.caseBands[1] < next.caseBands[2])) {
            throw new EngineError('bad-request', msg('Ngưỡng ca bệnh phải tăng dần', 'Case bands must increase'));
          }
        },
      ),

    'risk.export': (input) =>
      exportRiskLevels(
        engine,
        engine.requireUnit(input.within),
        input.at ? toUtcIso(input.at) : nowIso(),
        input.format,
      ),
  };
}
