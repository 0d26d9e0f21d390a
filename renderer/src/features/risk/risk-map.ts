/**
 * How risk levels look and behave on the map: fill styles, legend counts, the date slider's days
 * (Asia/Ho_Chi_Minh, +07:00, no daylight saving) and the lasso test. Pure, so testable without a map.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { PathOptions } from 'leaflet';
import type { UnitSummary } from '../../../../shared/contract';
import { RISK_LEVELS, type RiskLevel } from '../../../../shared/risk';
import type { UnitLevel } from '../../../../shared/units';

/** Every level in legend order (not assessed last). */
export const LEGEND_ORDER: readonly RiskLevel[] = [4, 3, 2, 1, 0];

/** How a unit is drawn beyond its level. */
export interface RiskMark {
  readonly selected: boolean;
  /** Its level changed since yesterday and the toggle is on. */
  readonly changed: boolean;
}

/** The colour that outlines selected units (dark blue: visible on every level colour). */
export const SELECTED_OUTLINE = '#0b2e6f';
/** The outline of units changed since yesterday (magenta: not one of the level colours). */
export const CHANGED_OUTLINE = '#c2185b';

/** Path style of a unit filled by its risk level. Hamlets are more opaque and dashed, over communes. */
export function riskStyle(unit: UnitLevel, level: RiskLevel, mark: RiskMark): PathOptions {
  const hamlet = unit === 'hamlet';
  const base: PathOptions = {
    fillColor: RISK_LEVELS[level].colour,
    fillOpacity: hamlet ? 0.85 : 0.72,
    color: hamlet ? '#37474f' : '#546e7a',
    // Thin commune borders: at the national zoom thicker ones would hide the level colours.
    weight: hamlet ? 1.2 : 0.7,
    opacity: hamlet ? 0.9 : 0.75,
    // [] (not ''): Leaflet's canvas parses a string dash on every restyle, and '' becomes [0].
    dashArray: hamlet ? '4 3' : [],
  };
  if (mark.selected) return { ...base, color: SELECTED_OUTLINE, weight: 3.5, opacity: 1, dashArray: [] };
  if (mark.changed) return { ...base, color: CHANGED_OUTLINE, weight: 3, opacity: 1, dashArray: '6 3' };
  return base;
}

/** A small number naming a style's inputs: the layer is restyled only when it changes. */
export function styleKey(level: RiskLevel, mark: RiskMark): number {
  return level * 4 + (mark.selected ? 2 : 0) + (mark.changed ? 1 : 0);
}

const styleCache = new Map<number, PathOptions>();

/**
 * {@link riskStyle}, one shared object per distinct style (Leaflet copies the options it is given):
 * recolouring the national layer then allocates nothing per polygon.
 */
export function cachedRiskStyle(unit: UnitLevel, level: RiskLevel, mark: RiskMark): PathOptions {
  const key = styleKey(level, mark) * 2 + (unit === 'hamlet' ? 1 : 0);
  let style = styleCache.get(key);
  if (!style) {
    style = riskStyle(unit, level, mark);
    styleCache.set(key, style);
  }
  return style;
}

/** Counts of units per level (units absent from `levels` are not assessed). */
export function countLevels(
  codes: Iterable<string>,
  levels: ReadonlyMap<string, RiskLevel>,
): Record<RiskLevel, number> {
  const counts: Record<RiskLevel, number> = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const c of codes) counts[levels.get(c) ?? 0] += 1;
  return counts;
}

export {
  vnDate as vnDay,
  endOfVnDay,
  addDays,
  formatDate as formatDay,
  formatDateTime as formatVnTime,
} from '../../../../shared/time';
import { addDays, parseVnDateTime, toVnIso, vnDate as vnDay } from '../../../../shared/time';

/** The days the slider offers: from the earliest (or 30 days back) to the latest (today at least). */
export function sliderDays(todayMs: number, earliest: string | null, latest: string | null): string[] {
  const today = vnDay(todayMs);
  const floor = addDays(today, -30);
  const first = earliest && vnDay(Date.parse(earliest)) < floor ? vnDay(Date.parse(earliest)) : floor;
  const last = latest && vnDay(Date.parse(latest)) > today ? vnDay(Date.parse(latest)) : today;
  const days: string[] = [];
  // Bounded: a mistyped year in a scheduled change must not make a million-day slider.
  for (let d = first; d <= last && days.length < 3700; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The `YYYY-MM-DDTHH:mm` wall-clock value of an instant, in Vietnam time. */
export function toVnLocalInput(ms: number): string {
  return toVnIso(ms).slice(0, 16);
}

/** The ISO instant of a `YYYY-MM-DDTHH:mm` wall-clock value read as Vietnam time; null when malformed. */
export function fromVnLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const ms = parseVnDateTime(value);
  return ms === null ? null : new Date(ms).toISOString();
}

/** Units whose label point lies inside the lasso ring ([lon, lat] vertices, at least 3). */
export function unitsInLasso(units: readonly UnitSummary[], ring: readonly (readonly [number, number])[]): string[] {
  if (ring.length < 3) return [];
  const closed = [...ring.map((p) => [p[0], p[1]]), [ring[0]![0], ring[0]![1]]];
  const polygon = { type: 'Polygon' as const, coordinates: [closed] };
  return units.filter((u) => u.labelPoint && booleanPointInPolygon(u.labelPoint, polygon)).map((u) => u.code);
}

/** A level's name in the interface language. */
export function riskName(lang: 'vi' | 'en', level: RiskLevel): string {
  return RISK_LEVELS[level][lang];
}

/** Narrows a contract level (a number 0–4) to {@link RiskLevel}. */
export function asRiskLevel(n: number): RiskLevel {
  return n === 1 || n === 2 || n === 3 || n === 4 ? n : 0;
}
