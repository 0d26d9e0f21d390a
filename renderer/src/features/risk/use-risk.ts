/**
 * The map's risk state: the levels shown (now or at the end of a chosen day), the days the slider
 * offers, the units changed since yesterday, and the district's roll-up for the day shown. Every
 * read goes through the query layer, so a level set or undone anywhere refreshes it.
 */
import { useMemo, useState } from 'react';
import type { UnitSummary } from '../../../../shared/contract';
import type { UnitLevelState } from '../../../../shared/contract-risk';
import { rollUpDistrict, type RiskLevel, type Step } from '../../../../shared/risk';
import { useApiQuery } from '../../data/query';
import { useReportErrors } from '../../data/report';
import { asRiskLevel, endOfVnDay, sliderDays, vnDay } from './risk-map';

/** One unit changed since yesterday. */
export interface ChangedUnit {
  readonly code: string;
  readonly from: RiskLevel;
  readonly to: RiskLevel;
}

/** What the risk controls and the map read. */
export interface RiskState {
  /** Level per unit as shown (absent = not assessed). */
  readonly levels: ReadonlyMap<string, RiskLevel>;
  readonly states: ReadonlyMap<string, UnitLevelState>;
  /** The slider's days (YYYY-MM-DD, Vietnam), oldest first; today is among them. */
  readonly days: readonly string[];
  readonly today: string;
  /** The day viewed, or null for now. */
  readonly viewDay: string | null;
  readonly setViewDay: (day: string | null) => void;
  readonly showChanged: boolean;
  readonly setShowChanged: (on: boolean) => void;
  readonly changed: readonly ChangedUnit[];
  readonly changedCodes: ReadonlySet<string>;
  /** True once the levels of the current scope and day have arrived. */
  readonly ready: boolean;
}

const EMPTY_SET: ReadonlySet<string> = new Set();
const NO_STATES: readonly UnitLevelState[] = [];

/** The `risk.levels` input of a scope (undefined = the whole country) and a day (null = now). */
export function levelsInput(scope: string | undefined, day: string | null): { within?: string; at?: string } {
  return { ...(scope === undefined ? {} : { within: scope }), ...(day ? { at: endOfVnDay(day) } : {}) };
}

/** Risk state of `scope` (a district code; undefined = the whole country; null = nothing yet). */
export function useRisk(scope: string | undefined | null): RiskState {
  const [viewDay, setViewDay] = useState<string | null>(null);
  const [startedAt] = useState(() => Date.now());
  const [showChanged, setShowChangedState] = useState(false);
  // "Yesterday" is fixed when the list is opened, so its query key does not change every render.
  const [since, setSince] = useState(() => new Date(Date.now() - 24 * 3600 * 1000).toISOString());
  const enabled = scope !== null;
  const within = scope ?? undefined;
  const levels = useApiQuery('risk.levels', levelsInput(within, viewDay), { enabled, keepPrevious: true });
  const range = useApiQuery('risk.range', within === undefined ? {} : { within }, { enabled });
  const changed = useApiQuery(
    'risk.changed',
    { ...(within === undefined ? {} : { within }), since },
    { enabled: enabled && showChanged },
  );
  useReportErrors(levels.error, range.error, changed.error);

  const setShowChanged = (on: boolean): void => {
    if (on) setSince(new Date(Date.now() - 24 * 3600 * 1000).toISOString());
    setShowChangedState(on);
  };

  const stateList = levels.data ?? NO_STATES;
  const states = useMemo(() => new Map(stateList.map((s) => [s.code, s])), [stateList]);
  const levelMap = useMemo(() => new Map([...states].map(([c, s]) => [c, asRiskLevel(s.level)])), [states]);
  const changedList = useMemo(
    () =>
      showChanged
        ? (changed.data ?? []).map((r) => ({ code: r.code, from: asRiskLevel(r.from), to: asRiskLevel(r.to) }))
        : [],
    [showChanged, changed.data],
  );
  const changedCodes = useMemo(
    () => (showChanged ? new Set(changedList.map((c) => c.code)) : EMPTY_SET),
    [showChanged, changedList],
  );
  // The day boundary moves while the app stays open: "now" is when the range was last read.
  const rangeData = range.data;
  const nowMs = range.dataUpdatedAt || startedAt;
  const days = useMemo(
    () => sliderDays(nowMs, rangeData?.earliest ?? null, rangeData?.latest ?? null),
    [nowMs, rangeData],
  );
  return {
    levels: levelMap,
    states,
    days,
    today: vnDay(nowMs),
    viewDay,
    setViewDay,
    showChanged,
    setShowChanged,
    changed: changedList,
    changedCodes,
    ready: levels.isSuccess && !levels.isPlaceholderData,
  };
}

/** A district's own level beside the Decision 2686 roll-up of its communes, on one day. */
export interface DistrictRollup {
  readonly own: RiskLevel;
  readonly level: RiskLevel;
  readonly counts: Readonly<Record<RiskLevel, number>>;
  readonly step: Step;
  /** The day it is for (null = now). */
  readonly day: string | null;
}

const onlyCommunesOf =
  (district: string) =>
  (units: readonly UnitSummary[]): string[] =>
    units.filter((u) => u.level === 'commune' && u.parentCode === district).map((u) => u.code);

/**
 * The roll-up of `district` as it stood at the end of `day` (null = now), computed by the same pure
 * rule the engine uses (shared/risk.ts) from the communes' levels on that day: a past day shows that
 * day's roll-up, not today's. The queries are the ones the map already makes, so nothing is fetched twice.
 */
export function useDistrictRollup(district: string | null, day: string | null): DistrictRollup | null {
  const enabled = district !== null;
  const code = district ?? '';
  const select = useMemo(() => onlyCommunesOf(code), [code]);
  const communes = useApiQuery('units.list', { within: code }, { enabled, select });
  const levels = useApiQuery('risk.levels', levelsInput(code, day), { enabled });
  const rules = useApiQuery('risk.rules', {}, { enabled });
  return useMemo(() => {
    if (!communes.data || !levels.data || !rules.data) return null;
    const byCode = new Map(levels.data.map((s) => [s.code, asRiskLevel(s.level)]));
    const r = rollUpDistrict(
      communes.data.map((c) => byCode.get(c) ?? 0),
      rules.data,
    );
    return { own: byCode.get(code) ?? 0, level: r.level, counts: r.counts, step: r.step, day };
  }, [communes.data, levels.data, rules.data, code, day]);
}
