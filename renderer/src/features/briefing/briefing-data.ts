/**
 * Everything a briefing shows, read through the contract in one go (the print page, the
 * presentation and the bench read the same): the map of levels at the moment the data stands at,
 * what changed in the 24 hours before it, who oversees the red and orange areas with their phones,
 * checkpoints with the day's totals and incidents, the day's daily figures (new F0, tests,
 * quarantine, doses, cases per 100,000 per week), and 28 days of trends.
 */
import type { Output, UnitFeatureCollection, UnitSummary } from '../../../../shared/contract';
import type { CoverageUnitState } from '../../../../shared/contract-people';
import type { Incident, PostSummary } from '../../../../shared/contract-posts';
import type { UnitLevelState } from '../../../../shared/contract-risk';
import { addDays, DAY_MS, endOfVnDay, vnToday } from '../../../../shared/time';
import type { Cluster, Lockdown } from '../../../../shared/contract-clusters';
import { invoke } from '../../api';
import { standingAt } from './briefing-model';

/** What a briefing is about. */
export interface BriefingParams {
  /** The Vietnam day (`YYYY-MM-DD`). */
  readonly date: string;
  /** A district or province code; null: the whole country. */
  readonly within: string | null;
}

/** A checkpoint's figures for the day. */
export interface PostDay {
  readonly peopleChecked: number;
  readonly vehiclesChecked: number;
  readonly turnedBack: number;
  readonly logs: number;
  readonly incidents: number;
}

/** One day of the trends. */
export interface TrendDay {
  readonly day: string;
  readonly peopleChecked: number;
  readonly turnedBack: number;
  readonly incidents: number;
  /** Units at level 4 and level 3 at the end of that day (null: not counted, e.g. the whole country). */
  readonly red: number | null;
  readonly orange: number | null;
}

/** The district roll-up (Decision 2686), for a district. */
export interface Rollup {
  readonly level: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly step: { readonly vi: string; readonly en: string };
}

/** The daily figures of the briefing's unit: the day's totals and 28 days of series. */
export interface BriefingFigures {
  /** `figures.day` of the unit and day (its `totals` sum the area; `rows` say who entered). */
  readonly day: Output<'figures.day'>;
  /** `figures.series` of the unit over the 28 days ending on the day. */
  readonly series: Output<'figures.series'>;
}

/** What the briefing reads. */
export interface BriefingData {
  readonly params: BriefingParams;
  /** The moment the data stands at (now for today, the end of the day for a past day), ISO. */
  readonly at: string;
  readonly unit: UnitSummary | null;
  readonly units: readonly UnitSummary[];
  readonly features: UnitFeatureCollection;
  readonly levels: ReadonlyMap<string, UnitLevelState>;
  readonly changed: readonly { readonly code: string; readonly from: number; readonly to: number }[];
  readonly rollup: Rollup | null;
  readonly coverage: ReadonlyMap<string, CoverageUnitState>;
  /** Phones by person id (the directory). */
  readonly phones: ReadonlyMap<string, readonly string[]>;
  readonly posts: readonly PostSummary[];
  readonly postDay: ReadonlyMap<string, PostDay>;
  readonly incidents: readonly Incident[];
  readonly trend: readonly TrendDay[];
  /** The daily figures (null for the whole country: they are read per district or province). */
  readonly figures: BriefingFigures | null;
  /** Outbreak clusters not closed, and lockdowns in force, about to start or past their end. */
  readonly clusters: readonly Cluster[];
  readonly lockdowns: readonly Lockdown[];
}

/** The moment a day's data stands at: now for today, the day's end for another day. */
export function briefingMoment(date: string, now: number = Date.now()): string {
  return date === vnToday(now) ? new Date(now).toISOString() : new Date(Date.parse(endOfVnDay(date))).toISOString();
}

/** The levels shown on the map: communes (the country's communes when no unit is named). */
const MAP_LEVELS = ['commune'] as const;

/** Reads a briefing's data. */
export async function loadBriefing(params: BriefingParams, now: number = Date.now()): Promise<BriefingData> {
  const at = briefingMoment(params.date, now);
  const since = new Date(Date.parse(at) - DAY_MS).toISOString();
  const w = params.within === null ? {} : { within: params.within };
  const first = addDays(params.date, -27);
  const trendDays = Array.from({ length: 28 }, (_, i) => addDays(first, i));
  // Red and orange units at the end of each of the 28 days (one read per day; not for the whole
  // country), asked at once with the rest rather than after it.
  const hotDays =
    params.within === null
      ? Promise.resolve(null)
      : Promise.all(
          trendDays.map((d) =>
            invoke('risk.levels', { within: params.within!, at: d === params.date ? at : endOfVnDay(d) }),
          ),
        );
  void hotDays.catch(() => undefined); // awaited below; no unhandled rejection when the rest fails first
  const [
    unitInfo,
    units,
    features,
    levels,
    changed,
    posts,
    postTotals,
    incidents,
    dayTotals,
    coverage,
    directory,
    clusters,
    lockdowns,
    figuresDay,
    figuresSeries,
  ] = await Promise.all([
    params.within === null ? Promise.resolve(null) : invoke('units.get', { code: params.within }),
    invoke('units.list', { ...w, limit: 50000 }),
    invoke('map.features', { ...w, levels: [...MAP_LEVELS] }),
    invoke('risk.levels', { ...w, at }),
    invoke('risk.changed', { ...w, since, at }),
    invoke('posts.list', w),
    invoke('posts.totals', { ...w, from: params.date, to: params.date, group: 'post' }),
    invoke('posts.incidents', { ...w, date: params.date }),
    invoke('posts.totals', { ...w, from: first, to: params.date, group: 'day' }),
    params.within === null ? Promise.resolve([]) : invoke('coverage.map', { within: params.within }),
    invoke('people.directory', w),
    invoke('clusters.list', w),
    invoke('lockdowns.list', w),
    params.within === null ? Promise.resolve(null) : invoke('figures.day', { code: params.within, day: params.date }),
    params.within === null
      ? Promise.resolve(null)
      : invoke('figures.series', { code: params.within, from: first, to: params.date }),
  ]);
  const unit = unitInfo?.unit ?? null;
  const rollup = unit?.level === 'district' ? ((await invoke('risk.unit', { code: unit.code })).rollup ?? null) : null;
  const hot = await hotDays;
  const byDay = new Map(dayTotals.map((t) => [t.key, t]));
  const trend = trendDays.map((day, i): TrendDay => {
    const t = byDay.get(day);
    const states = hot?.[i];
    return {
      day,
      peopleChecked: t?.peopleChecked ?? 0,
      turnedBack: t?.turnedBack ?? 0,
      incidents: t?.incidents ?? 0,
      red: states ? states.filter((s) => s.level === 4 && s.code !== params.within).length : null,
      orange: states ? states.filter((s) => s.level === 3 && s.code !== params.within).length : null,
    };
  });
  const phones = new Map<string, readonly string[]>();
  for (const e of directory) if (e.phones.length && !phones.has(e.personId)) phones.set(e.personId, e.phones);
  return {
    params,
    at,
    unit,
    units,
    features,
    levels: new Map(levels.map((l) => [l.code, l])),
    changed,
    rollup,
    coverage: new Map(coverage.map((c) => [c.code, c])),
    phones,
    posts,
    postDay: new Map(postTotals.map((t) => [t.key, t])),
    incidents,
    trend,
    figures: figuresDay && figuresSeries ? { day: figuresDay, series: figuresSeries } : null,
    ...standingAt(clusters, lockdowns, params.date, at),
  };
}
