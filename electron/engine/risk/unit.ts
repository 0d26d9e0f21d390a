/** One unit's risk picture: its level, history, figures, the suggested level and a district's roll-up. */
import type { Output } from '../../../shared/contract';
import { type RiskLevel, rollUpDistrict, suggestLevel } from '../../../shared/risk';
import type { EngineContext } from '../context';
import type { UnitRow } from '../units/repo';
import { assessmentHistory, communeCodesOf, latestFigures, levelsAt, riskRules } from './repo';

/** What `risk.unit` answers for `unit` at `at`. */
export function riskUnit(engine: EngineContext, unit: UnitRow, at: string): Output<'risk.unit'> {
  const db = engine.db;
  const rules = riskRules(db);
  const current = levelsAt(engine, at, unit.code).find((s) => s.code === unit.code) ?? null;
  const figures = latestFigures(db, unit.code);
  let suggestion = null;
  let suggestionMissing = null;
  const population = figures?.population ?? unit.population;
  if (!figures) {
    suggestionMissing = { vi: 'chưa nhập số liệu tuần', en: 'no weekly figures yet' };
  } else if (!population) {
    suggestionMissing = { vi: 'chưa có dân số', en: 'population unknown' };
  } else {
    const s = suggestLevel(
      { population, newCases7d: figures.newCases7d, vaccinePct: figures.vaccinePct, capacityOk: figures.capacityOk },
      (current?.level ?? 0) as RiskLevel,
      rules,
    );
    suggestion = { level: s.level, rate: s.rate, steps: [...s.steps] };
  }
  let rollup = null;
  if (unit.level === 'district') {
    const levels = new Map(levelsAt(engine, at, unit.code).map((s) => [s.code, s.level]));
    const r = rollUpDistrict(
      communeCodesOf(db, unit.code).map((c) => (levels.get(c) ?? 0) as RiskLevel),
      rules,
    );
    rollup = { level: r.level, counts: Object.fromEntries(Object.entries(r.counts)), step: r.step };
  }
  return {
    code: unit.code,
    current,
    history: assessmentHistory(db, unit.code, at),
    figures,
    suggestion,
    suggestionMissing,
    rollup,
  };
}
