/**
 * What is selected: the primary unit the panel shows, further units chosen with Shift/Ctrl+click
 * or the lasso, where the selection came from (the map keeps its view for its own clicks), and
 * which communes the list has open.
 */
import { useCallback, useMemo, useState } from 'react';
import type { UnitSummary } from '../../../../shared/contract';
import type { SelectionSource } from '../map/MapView';

/** The selection and how to change it. */
export interface Selection {
  readonly selected: string | null;
  /** Every selected code, the primary one included. */
  readonly codes: ReadonlySet<string>;
  readonly source: SelectionSource;
  readonly expanded: ReadonlySet<string>;
  readonly select: (code: string | null, source: SelectionSource) => void;
  /** A click on the map; `additive` (Shift/Ctrl) toggles the unit in the selection. */
  readonly selectFromMap: (code: string, additive: boolean) => void;
  readonly selectByLasso: (codes: string[]) => void;
  readonly clear: () => void;
  readonly toggle: (code: string, open?: boolean) => void;
  readonly collapseAll: () => void;
}

/** Selection state over the units the map shows. */
export function useSelection(units: readonly UnitSummary[]): Selection {
  const [selected, setSelected] = useState<string | null>(null);
  const [source, setSource] = useState<SelectionSource>('tree');
  const [multi, setMulti] = useState<ReadonlySet<string>>(new Set());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  // Hamlets picked on the map open their communes in the list, so their rows can be shown.
  const openParents = useCallback(
    (codes: readonly string[]) => {
      const parents = new Set<string>();
      for (const code of codes) {
        const unit = units.find((u) => u.code === code);
        if (unit?.level === 'hamlet' && unit.parentCode) parents.add(unit.parentCode);
      }
      if (parents.size === 0) return;
      setExpanded((prev) => ([...parents].every((p) => prev.has(p)) ? prev : new Set([...prev, ...parents])));
    },
    [units],
  );
  const select = useCallback(
    (code: string | null, from: SelectionSource) => {
      setSource(from);
      setSelected(code);
      setMulti(new Set());
      if (code) openParents([code]);
    },
    [openParents],
  );
  const selectFromMap = useCallback(
    (code: string, additive: boolean) => {
      if (!additive) {
        select(code, 'map');
        return;
      }
      // The panel follows the last unit added.
      const all = new Set(multi);
      if (selected) all.add(selected);
      setSource('map');
      if (all.has(code)) {
        all.delete(code);
        const rest = [...all];
        setSelected(selected === code ? (rest[rest.length - 1] ?? null) : selected);
      } else {
        all.add(code);
        setSelected(code);
        openParents([code]);
      }
      setMulti(all);
    },
    [select, multi, selected, openParents],
  );
  const selectByLasso = useCallback(
    (codes: string[]) => {
      setSource('map');
      setMulti(new Set(codes));
      setSelected(codes.length === 1 ? (codes[0] ?? null) : null);
      openParents(codes);
    },
    [openParents],
  );
  const clear = useCallback(() => {
    setSelected(null);
    setMulti(new Set());
  }, []);
  const toggle = useCallback((code: string, open?: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open ?? !prev.has(code)) next.add(code);
      else next.delete(code);
      return next;
    });
  }, []);
  const collapseAll = useCallback(() => setExpanded(new Set()), []);
  const codes = useMemo(() => {
    const all = new Set(multi);
    if (selected) all.add(selected);
    return all;
  }, [multi, selected]);
  return { selected, codes, source, expanded, select, selectFromMap, selectByLasso, clear, toggle, collapseAll };
}
