/** Trends (`figures.series`) and cases per 100,000 per week (`figures.incidence`). */
import type { IncidenceRow, SeriesDay } from '../../../shared/contract-figures';
import type { Input, Output } from '../../../shared/contract';
import { type FigureValues, emptyFigures, per100k, positivity } from '../../../shared/figures';
import { levelFromRate } from '../../../shared/risk';
import { EngineError, msg } from '../../../shared/result';
import { addDays, daysBetween } from '../../../shared/time';
import type { EngineContext } from '../context';
import { riskRules } from '../risk/repo';
import { FiguresRepo, UnitTree, addInto, requireLive, valuesOf } from './repo';

const MAX_SERIES_DAYS = 3 * 366;

/** The days of a unit's area summed per day, from `from` to `to` (days without a row: all null). */
export function dailySums(
  repo: FiguresRepo,
  leaves: readonly string[],
  from: string,
  to: string,
): { sums: Map<string, FigureValues>; reporting: Map<string, number> } {
  const sums = new Map<string, FigureValues>();
  const reporting = new Map<string, number>();
  for (const leaf of leaves) {
    for (const r of repo.rows(leaf, from, to)) {
      let s = sums.get(r.day);
      if (!s) sums.set(r.day, (s = emptyFigures()));
      addInto(s, valuesOf(r));
      reporting.set(r.day, (reporting.get(r.day) ?? 0) + 1);
    }
  }
  return { sums, reporting };
}

/** `figures.series`: one entry per day, with the 7-day average and the weekly rate. */
export function figuresSeries(engine: EngineContext, input: Input<'figures.series'>): Output<'figures.series'> {
  const span = daysBetween(input.from, input.to);
  if (span < 0 || span > MAX_SERIES_DAYS) {
    throw new EngineError(
      'bad-request',
      msg(
        'Khoảng ngày {from}–{to} không hợp lệ (tối đa 3 năm)',
        'Day range {from}–{to} is not valid (at most 3 years)',
        {
          from: input.from,
          to: input.to,
        },
      ),
    );
  }
  const unit = requireLive(engine.db, input.code);
  const tree = new UnitTree(engine.db, unit.code);
  const repo = new FiguresRepo(engine.db);
  const population = tree.population(unit.code);
  const start = addDays(input.from, -6);
  const { sums, reporting } = dailySums(repo, tree.leaves(unit.code), start, input.to);
  const n = (v: number | null): number => v ?? 0;
  const days: SeriesDay[] = [];
  const f0ByDay: number[] = [];
  const communityByDay: number[] = [];
  for (let i = 0, d = start; d <= input.to; i++, d = addDays(d, 1)) {
    const v = sums.get(d) ?? emptyFigures();
    const f0 = n(v.f0Community) + n(v.f0Quarantine);
    f0ByDay.push(f0);
    communityByDay.push(n(v.f0Community));
    if (d < input.from) continue;
    const week = (list: number[]): number => list.slice(Math.max(0, i - 6), i + 1).reduce((a, b) => a + b, 0);
    const cases7d = week(communityByDay);
    days.push({
      day: d,
      f0Community: n(v.f0Community),
      f0Quarantine: n(v.f0Quarantine),
      f0,
      f0Avg7: Math.round((week(f0ByDay) / 7) * 10) / 10,
      cases7d,
      per100k: per100k(cases7d, population),
      samples: n(v.samples),
      positives: n(v.positives),
      positivity: positivity(n(v.samples), n(v.positives)),
      f1Traced: n(v.f1Traced),
      qFacilityIn: n(v.qFacilityIn),
      qHealthIn: n(v.qHealthIn),
      qHomeIn: n(v.qHomeIn),
      quarantineIn: n(v.qFacilityIn) + n(v.qHealthIn) + n(v.qHomeIn),
      quarantineNew: n(v.qFacilityNew) + n(v.qHealthNew) + n(v.qHomeNew),
      quarantineReleased: n(v.qFacilityReleased) + n(v.qHealthReleased) + n(v.qHomeReleased),
      doses: n(v.dose1) + n(v.dose2) + n(v.doseBooster),
      deaths: n(v.deaths),
      recoveries: n(v.recoveries),
      reporting: reporting.get(d) ?? 0,
    });
  }
  return { code: unit.code, name: unit.name, level: unit.level, population, days };
}

/**
 * Community F0 of the 7 days ending on `day`, per commune (hamlets counted in their commune):
 * one read of the `(day, commune_code, f0_community)` index.
 */
export function weeklyCasesByCommune(engine: EngineContext, day: string): Map<string, number> {
  const rows = engine.db
    .prepare(
      `SELECT commune_code AS code, sum(f0_community) AS n FROM daily_figures
       WHERE day >= ? AND day <= ? AND deleted = 0 GROUP BY commune_code`,
    )
    .raw()
    .all(addDays(day, -6), day) as [string, number | null][];
  const out = new Map<string, number>();
  for (const [code, n] of rows) out.set(code, n ?? 0);
  return out;
}

/** Community F0 of the 7 days ending on `day` of one unit's area (hamlets and communes summed). */
export function weeklyCasesOf(
  engine: EngineContext,
  code: string,
  day: string,
): { cases7d: number; population: number | null } {
  const tree = new UnitTree(engine.db, code);
  const repo = new FiguresRepo(engine.db);
  const from = addDays(day, -6);
  let cases7d = 0;
  for (const leaf of tree.leaves(code)) cases7d += repo.f0Community(leaf, from, day);
  return { cases7d, population: tree.population(code) };
}

/** Whether any daily figure is stored for the area of `code` in the week ending on `day`. */
export function hasWeek(engine: EngineContext, code: string, day: string): boolean {
  const tree = new UnitTree(engine.db, code);
  const repo = new FiguresRepo(engine.db);
  const from = addDays(day, -6);
  return tree.leaves(code).some((leaf) => repo.rows(leaf, from, day).length > 0);
}

/** `figures.incidence`. */
export function figuresIncidence(
  engine: EngineContext,
  input: Input<'figures.incidence'>,
): Output<'figures.incidence'> {
  const bands = riskRules(engine.db).caseBands;
  const from = addDays(input.day, -6);
  if (input.within !== undefined) requireLive(engine.db, input.within);
  const tree = new UnitTree(engine.db, input.within);
  const cases = weeklyCasesByCommune(engine, input.day);
  const rows: IncidenceRow[] = [];
  const row = (code: string, n: number): IncidenceRow => {
    const u = tree.byCode.get(code)!;
    const population = tree.population(code);
    const rate = per100k(n, population);
    return {
      code,
      name: u.name,
      parentCode: u.parent_code,
      population,
      cases7d: n,
      per100k: rate,
      band: population ? levelFromRate((n * 100_000) / population, bands) : null,
    };
  };
  for (const u of tree.byCode.values()) {
    if (input.level === 'commune') {
      const isLeafDistrict = u.level === 'district' && tree.kids(u.code).length === 0;
      if (u.level !== 'commune' && !isLeafDistrict) continue;
      rows.push(row(u.code, cases.get(u.code) ?? 0));
    } else if (u.level === 'district') {
      let n = 0;
      for (const c of tree.kids(u.code)) n += cases.get(c.code) ?? 0;
      n += cases.get(u.code) ?? 0;
      rows.push(row(u.code, n));
    }
  }
  rows.sort((a, b) => a.code.localeCompare(b.code));
  return { day: input.day, from, rows };
}
