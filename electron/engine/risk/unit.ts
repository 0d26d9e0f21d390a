/** One unit's risk picture: its level, history, figures, the suggested level and a district's roll-up. */
import type { Output } from '../../../shared/contract';
import type { Figures } from '../../../shared/contract-risk';
import { type RiskLevel, rollUpDistrict, suggestLevel } from '../../../shared/risk';
import type { EngineContext } from '../context';
import type { UnitRow } from '../units/repo';
import { hasWeek, weeklyCasesOf } from '../figures/series';
import { addDays, formatDate, vnDate } from '../../../shared/time';
import { assessmentHistory, communeCodesOf, latestFigures, levelsAt, riskRules } from './repo';

/** What `risk.unit` answers for `unit` at `at`. */
export function riskUnit(engine: EngineContext, unit: UnitRow, at: string): Output<'risk.unit'> {
  const db = engine.db;
  const rules = riskRules(db);
  const current = levelsAt(engine, at, unit.code).find((s) => s.code === unit.code) ?? null;
  const weekly = latestFigures(db, unit.code);
  const today = vnDate(at);
  const weekStart = addDays(today, -6);
  // Daily figures give the week's cases; a hand-typed weekly row of this week overrides them.
  const daily = unit.level !== 'province' && hasWeek(engine, unit.code, today);
  let figures: Figures | null = weekly ? { ...weekly, source: 'weekly' } : null;
  let sourceStep: { vi: string; en: string } | null = null;
  if (daily && weekly && weekly.asOf >= weekStart) {
    figures = { ...weekly, source: 'override' as const };
    sourceStep = {
      vi: `số liệu tuần nhập tay ngày ${formatDate(weekly.asOf)} (ghi đè số liệu hằng ngày)`,
      en: `hand-typed weekly figures of ${formatDate(weekly.asOf)} (override the daily figures)`,
    };
  } else if (daily) {
    const w = weeklyCasesOf(engine, unit.code, today);
    figures = {
      code: unit.code,
      asOf: today,
      population: w.population,
      newCases7d: w.cases7d,
      vaccinePct: weekly?.vaccinePct ?? null,
      capacityOk: weekly?.capacityOk ?? null,
      source: 'daily' as const,
    };
    sourceStep = {
      vi: `${w.cases7d} F0 cộng đồng trong 7 ngày ${formatDate(weekStart)}–${formatDate(today)} (số liệu hằng ngày)`,
      en: `${w.cases7d} community F0 in the 7 days ${formatDate(weekStart)}–${formatDate(today)} (daily figures)`,
    };
  }
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
    suggestion = { level: s.level, rate: s.rate, steps: sourceStep ? [sourceStep, ...s.steps] : [...s.steps] };
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
