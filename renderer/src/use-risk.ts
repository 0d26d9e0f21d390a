/**
 * The map's risk state: the levels shown (now or at the end of a chosen day), the days the slider
 * offers, and the units changed since yesterday. Reloaded whenever `version` is bumped (after a
 * level change or an undo).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { UnitLevelState } from '../../shared/contract-risk';
import type { RiskLevel } from '../../shared/risk';
import { invoke } from './api';
import type { Notifier } from './components/Notifications';
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
  readonly version: number;
  /** Reload everything (after a change made here or elsewhere). */
  readonly bump: () => void;
  /** True once the levels of the current scope have arrived. */
  readonly ready: boolean;
}

const EMPTY_SET: ReadonlySet<string> = new Set();

/** Risk state of `scope` (a district code; undefined = the whole country; null = nothing yet). */
export function useRisk(scope: string | undefined | null, notify: Notifier): RiskState {
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [viewDay, setViewDay] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<{ key: string; states: readonly UnitLevelState[] } | null>(null);
  const [range, setRange] = useState<{ earliest: string | null; latest: string | null }>({
    earliest: null,
    latest: null,
  });
  const [showChanged, setShowChanged] = useState(false);
  const [changed, setChanged] = useState<readonly ChangedUnit[]>([]);
  // The day boundary moves while the app stays open: recomputed with every reload.
  const [nowMs, setNowMs] = useState(() => Date.now());
  const key = `${scope ?? '*'}|${viewDay ?? 'now'}|${version}`;

  useEffect(() => {
    if (scope === null) return undefined;
    let stale = false;
    const within = scope === undefined ? {} : { within: scope };
    invoke('risk.levels', { ...within, ...(viewDay ? { at: endOfVnDay(viewDay) } : {}) })
      .then((states) => {
        if (!stale) setLoaded({ key, states });
      })
      .catch((err: unknown) => {
        if (!stale) notify.error(err);
      });
    return () => {
      stale = true;
    };
  }, [scope, viewDay, version, key, notify]);

  useEffect(() => {
    if (scope === null) return undefined;
    let stale = false;
    invoke('risk.range', scope === undefined ? {} : { within: scope })
      .then((r) => {
        if (stale) return;
        setRange(r);
        setNowMs(Date.now());
      })
      .catch((err: unknown) => {
        if (!stale) notify.error(err);
      });
    return () => {
      stale = true;
    };
  }, [scope, version, notify]);

  useEffect(() => {
    if (scope === null || !showChanged) return undefined;
    let stale = false;
    const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    invoke('risk.changed', { ...(scope === undefined ? {} : { within: scope }), since })
      .then((rows) => {
        if (!stale) setChanged(rows.map((r) => ({ code: r.code, from: asRiskLevel(r.from), to: asRiskLevel(r.to) })));
      })
      .catch((err: unknown) => {
        if (!stale) notify.error(err);
      });
    return () => {
      stale = true;
    };
  }, [scope, showChanged, version, notify]);

  const states = useMemo(() => new Map((loaded?.states ?? []).map((s) => [s.code, s])), [loaded]);
  const levels = useMemo(() => new Map([...states].map(([c, s]) => [c, asRiskLevel(s.level)])), [states]);
  const changedCodes = useMemo(
    () => (showChanged ? new Set(changed.map((c) => c.code)) : EMPTY_SET),
    [showChanged, changed],
  );
  const days = useMemo(() => sliderDays(nowMs, range.earliest, range.latest), [nowMs, range]);
  return {
    levels,
    states,
    days,
    today: vnDay(nowMs),
    viewDay,
    setViewDay,
    showChanged,
    setShowChanged,
    changed: showChanged ? changed : [],
    changedCodes,
    version,
    bump,
    ready: loaded?.key === key,
  };
}
