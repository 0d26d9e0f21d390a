/**
 * What the trend charts draw, from the engine's answers: days labelled dd/mm, whether a period
 * holds any figures at all (for the empty states), the risk level in force on each day from a
 * unit's assessment history, and the communes with the highest incidence.
 */
import { addDays, daysBetween, formatDayMonth, vnDate } from '../../../../shared/time';

/** The chart periods, in days. */
export const RANGES = [28, 90, 365] as const;
/** One of {@link RANGES}. */
export type RangeDays = (typeof RANGES)[number];

/** The first and last day of a period of `days` days ending on `to`. */
export function periodOf(to: string, days: RangeDays): { from: string; to: string } {
  return { from: addDays(to, -(days - 1)), to };
}

/** True when any day of the period has a value above 0 in any of `keys`. */
export function hasAny<T extends object>(days: readonly T[], keys: readonly (keyof T)[]): boolean {
  return days.some((d) => keys.some((k) => typeof d[k] === 'number' && (d[k] as number) > 0));
}

/** Each day with its dd/mm label (the x axis). */
export function labelled<T extends { readonly day: string }>(days: readonly T[]): (T & { label: string })[] {
  return days.map((d) => ({ ...d, label: formatDayMonth(d.day) }));
}

/** An assessment as the level chart reads it. */
export interface LevelStep {
  readonly level: number;
  readonly effectiveFrom: string;
  readonly undone: boolean;
}

/**
 * The level in force at the end of each Vietnam day from `from` to `to` (null before the first
 * assessment; 0 = not assessed). Undone assessments are skipped; the latest effective one wins.
 */
export function levelsByDay(
  history: readonly LevelStep[],
  from: string,
  to: string,
): { day: string; label: string; level: number | null }[] {
  const steps = history
    .filter((h) => !h.undone)
    .map((h) => ({ day: vnDate(h.effectiveFrom), at: Date.parse(h.effectiveFrom), level: h.level }))
    .sort((a, b) => a.at - b.at);
  const out: { day: string; label: string; level: number | null }[] = [];
  let i = 0;
  let level: number | null = null;
  const n = daysBetween(from, to);
  for (let k = 0; k <= n; k++) {
    const day = addDays(from, k);
    while (i < steps.length && steps[i]!.day <= day) level = steps[i++]!.level;
    out.push({ day, label: formatDayMonth(day), level });
  }
  return out;
}

/** The `n` rows with the highest rate per 100,000 (rows without a rate or with a zero rate left out). */
export function topByRate<T extends { readonly per100k: number | null }>(rows: readonly T[], n: number): T[] {
  return rows
    .filter((r) => r.per100k !== null && r.per100k > 0)
    .sort((a, b) => (b.per100k ?? 0) - (a.per100k ?? 0))
    .slice(0, n);
}
