/**
 * The rows of each briefing section, from {@link BriefingData}. Pure: the print page and the
 * presentation show the same rows, and tests check them without a browser.
 */
import { ROLE_LABELS } from '../../../../shared/people';
import { HANDLING_LABELS, INCIDENT_TYPE_LABELS, POST_KIND_LABELS } from '../../../../shared/posts';
import type { Lang } from '../../../../shared/messages';
import { positivity } from '../../../../shared/figures';
import { RISK_LEVELS, type RiskLevel } from '../../../../shared/risk';
import { asRiskLevel, countLevels, LEGEND_ORDER } from '../risk/risk-map';
import type { Cluster, Lockdown } from '../../../../shared/contract-clusters';
import type { BriefingData, PostDay } from './briefing-data';

/** One legend row. */
export interface LegendRow {
  readonly level: RiskLevel;
  readonly colour: string;
  readonly label: string;
  readonly count: number;
}

/** Legend rows with the count of mapped units at each level. */
export function legendRows(data: BriefingData, lang: Lang): LegendRow[] {
  const levels = new Map([...data.levels].map(([code, s]) => [code, asRiskLevel(s.level)]));
  const counts = countLevels(
    data.features.features.map((f) => f.properties.code),
    levels,
  );
  return LEGEND_ORDER.map((level) => ({
    level,
    colour: RISK_LEVELS[level].colour,
    label: RISK_LEVELS[level][lang],
    count: counts[level],
  }));
}

/** A unit's name by code (its code when unknown). */
export function nameOf(data: BriefingData): (code: string) => string {
  const names = new Map(data.units.map((u) => [u.code, u.name]));
  return (code) => names.get(code) ?? code;
}

/** One change of level. */
export interface ChangeRow {
  readonly code: string;
  readonly name: string;
  readonly from: RiskLevel;
  readonly to: RiskLevel;
  readonly reason: string;
  readonly who: string;
  readonly since: string | null;
}

/** What changed in the 24 hours before the data's moment, highest new level first. */
export function changeRows(data: BriefingData): ChangeRow[] {
  const name = nameOf(data);
  return data.changed
    .map((c): ChangeRow => {
      const now = data.levels.get(c.code);
      return {
        code: c.code,
        name: name(c.code),
        from: asRiskLevel(c.from),
        to: asRiskLevel(c.to),
        reason: now?.reason ?? '',
        who: now?.setBy ?? '',
        since: now?.effectiveFrom ?? null,
      };
    })
    .sort((a, b) => b.to - a.to || a.name.localeCompare(b.name, 'vi'));
}

/** A person overseeing an area. */
export interface Overseer {
  readonly name: string;
  readonly role: string;
  readonly phones: readonly string[];
}

/** A red or orange area with who oversees it. */
export interface HotRow {
  readonly code: string;
  readonly name: string;
  readonly level: RiskLevel;
  readonly overseers: readonly Overseer[];
}

const roleLabel = (role: string, lang: Lang): string =>
  role in ROLE_LABELS ? ROLE_LABELS[role as keyof typeof ROLE_LABELS][lang] : role;

/** Units at level 3 or 4 (not the briefing's own unit), red first, with their overseers and phones. */
export function hotRows(data: BriefingData, lang: Lang): HotRow[] {
  const name = nameOf(data);
  const rows: HotRow[] = [];
  for (const [code, s] of data.levels) {
    if (s.level < 3 || code === data.params.within) continue;
    const seen = new Set<string>();
    const overseers: Overseer[] = [];
    for (const o of data.coverage.get(code)?.overseers ?? []) {
      if (seen.has(o.personId)) continue;
      seen.add(o.personId);
      overseers.push({ name: o.fullName, role: roleLabel(o.role, lang), phones: data.phones.get(o.personId) ?? [] });
    }
    rows.push({ code, name: name(code), level: asRiskLevel(s.level), overseers });
  }
  return rows.sort((a, b) => b.level - a.level || a.name.localeCompare(b.name, 'vi'));
}

/** A checkpoint row of the day. */
export interface PostRow extends PostDay {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly commune: string;
  readonly active: boolean;
}

const NO_DAY: PostDay = { peopleChecked: 0, vehiclesChecked: 0, turnedBack: 0, logs: 0, incidents: 0 };

/** Posts in operation (and any other that logged that day), busiest first, and the day's totals. */
export function postRows(data: BriefingData, lang: Lang): { rows: PostRow[]; total: number; totals: PostDay } {
  const rows = data.posts
    .map((p): PostRow => {
      const d = data.postDay.get(p.id) ?? NO_DAY;
      return {
        id: p.id,
        name: p.name,
        kind: POST_KIND_LABELS[p.kind][lang],
        commune: p.communeName ?? '',
        active: p.status === 'active',
        peopleChecked: d.peopleChecked,
        vehiclesChecked: d.vehiclesChecked,
        turnedBack: d.turnedBack,
        logs: d.logs,
        incidents: d.incidents,
      };
    })
    .filter((r) => r.active || r.logs > 0)
    .sort((a, b) => b.incidents - a.incidents || b.peopleChecked - a.peopleChecked || a.name.localeCompare(b.name));
  const totals = rows.reduce(
    (t, r) => ({
      peopleChecked: t.peopleChecked + r.peopleChecked,
      vehiclesChecked: t.vehiclesChecked + r.vehiclesChecked,
      turnedBack: t.turnedBack + r.turnedBack,
      logs: t.logs + r.logs,
      incidents: t.incidents + r.incidents,
    }),
    NO_DAY,
  );
  return { rows, total: data.posts.length, totals };
}

/** An incident row, numbered as on the map. */
export interface IncidentRow {
  readonly no: number;
  readonly at: string;
  readonly post: string;
  readonly type: string;
  readonly place: string;
  readonly people: number;
  readonly handling: string;
  readonly lonLat: readonly [number, number];
}

/** The day's incidents in time order, numbered from 1. */
export function incidentRows(data: BriefingData, lang: Lang): IncidentRow[] {
  return [...data.incidents]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((i, k) => ({
      no: k + 1,
      at: i.at,
      post: i.postName,
      type: INCIDENT_TYPE_LABELS[i.type][lang],
      place: i.place,
      people: i.people,
      handling: HANDLING_LABELS[i.handling][lang],
      lonLat: [i.lon, i.lat] as const,
    }));
}

/** The sum of a figure over the last `n` days of the trend, and over the `n` days before. */
export function windowSums(values: readonly number[], n: number): { last: number; previous: number } {
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  return { last: sum(values.slice(-n)), previous: sum(values.slice(-2 * n, -n)) };
}

/**
 * The clusters open on `day` (opened by then, not closed before it) and the lockdowns in force at
 * `at`, the moment the briefing's data stands at, so a past day's briefing shows that day's
 * picture, not today's. A lockdown's state is given as at that moment.
 */
export function standingAt(
  clusters: readonly Cluster[],
  lockdowns: readonly Lockdown[],
  day: string,
  at: string,
): { clusters: Cluster[]; lockdowns: Lockdown[] } {
  const t = Date.parse(at);
  return {
    clusters: clusters.filter((c) => c.openedOn <= day && (c.closedOn === null || c.closedOn > day)),
    lockdowns: lockdowns
      .filter((l) => Date.parse(l.startsAt) <= t && Date.parse(l.endedAt ?? l.endsAt) > t)
      .map((l) => ({ ...l, state: 'in_force' as const })),
  };
}

/** A sum of counts, null when none of them was entered. */
function sumEntered(...values: readonly (number | null)[]): number | null {
  return values.some((v) => v !== null) ? values.reduce<number>((a, b) => a + (b ?? 0), 0) : null;
}

/**
 * The day's key figures of the briefing's unit, from the daily figures. A figure not entered
 * that day is null (the briefing says "not entered", never 0); `entered` is false when nothing
 * was entered for the day at all.
 */
export interface KeyFigures {
  readonly day: string;
  readonly entered: boolean;
  /** Units (communes of a district, districts of a province) that entered anything that day, of all. */
  readonly reporting: number;
  readonly units: number;
  /** The latest entry of the day: when and by whom. */
  readonly enteredAt: string | null;
  readonly enteredBy: string | null;
  readonly f0Community: number | null;
  readonly f0Quarantine: number | null;
  readonly f1Traced: number | null;
  readonly samples: number | null;
  readonly positives: number | null;
  /** Positives / samples in percent (null: no samples entered). */
  readonly positivity: number | null;
  readonly quarantineIn: number | null;
  readonly quarantineByType: {
    readonly facility: number | null;
    readonly health: number | null;
    readonly home: number | null;
  };
  readonly doses: number | null;
  readonly dosesByKind: {
    readonly dose1: number | null;
    readonly dose2: number | null;
    readonly booster: number | null;
  };
  /** Community F0 of the 7 days ending on the day, and per 100,000 people (null: no population). */
  readonly cases7d: number;
  readonly per100k: number | null;
  readonly population: number | null;
  /** New F0 (both kinds) of the last 7 days and of the 7 before (from the series). */
  readonly f0Week: { readonly last: number; readonly previous: number };
}

/** The day's key figures (null for the whole country: figures are read per district or province). */
export function keyFigures(data: BriefingData): KeyFigures | null {
  if (!data.figures) return null;
  const { totals, rows } = data.figures.day;
  const v = totals.values;
  const reporting = rows.filter((r) => r.enteredAt !== null).length;
  const samples = v.samples;
  const positives = v.positives;
  return {
    day: data.figures.day.day,
    entered: totals.enteredAt !== null,
    reporting,
    units: rows.length,
    enteredAt: totals.enteredAt,
    enteredBy: totals.enteredBy,
    f0Community: v.f0Community,
    f0Quarantine: v.f0Quarantine,
    f1Traced: v.f1Traced,
    samples,
    positives,
    positivity: samples !== null && positives !== null ? positivity(samples, positives) : null,
    quarantineIn: sumEntered(v.qFacilityIn, v.qHealthIn, v.qHomeIn),
    quarantineByType: { facility: v.qFacilityIn, health: v.qHealthIn, home: v.qHomeIn },
    doses: sumEntered(v.dose1, v.dose2, v.doseBooster),
    dosesByKind: { dose1: v.dose1, dose2: v.dose2, booster: v.doseBooster },
    cases7d: totals.cases7d,
    per100k: totals.per100k,
    population: totals.population,
    f0Week: windowSums(
      data.figures.series.days.map((d) => d.f0),
      7,
    ),
  };
}

/** The daily figures' trend over the briefing's 28 days, for the charts. */
export interface FigureTrend {
  readonly days: readonly string[];
  readonly f0Community: readonly number[];
  readonly f0Quarantine: readonly number[];
  readonly f0Avg7: readonly number[];
  readonly samples: readonly number[];
  readonly positives: readonly number[];
  /** Samples less positives (the rest of each day's bar). */
  readonly negatives: readonly number[];
  readonly positivity: readonly (number | null)[];
  /** Days on which no unit of the area entered anything (drawn as such, not as 0). */
  readonly missing: readonly boolean[];
}

/** See {@link FigureTrend}; null for the whole country. */
export function figureTrend(data: BriefingData): FigureTrend | null {
  if (!data.figures) return null;
  const days = data.figures.series.days;
  return {
    days: days.map((d) => d.day),
    f0Community: days.map((d) => d.f0Community),
    f0Quarantine: days.map((d) => d.f0Quarantine),
    f0Avg7: days.map((d) => d.f0Avg7),
    samples: days.map((d) => d.samples),
    positives: days.map((d) => d.positives),
    negatives: days.map((d) => Math.max(0, d.samples - d.positives)),
    positivity: days.map((d) => d.positivity),
    missing: days.map((d) => d.reporting === 0),
  };
}
