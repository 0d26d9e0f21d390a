import { CloseButton, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { UnitSummary } from '../../../../shared/contract';
import { useI18n } from '../../i18n';
import { useStrings } from '../../i18n/define';
import { strings } from './strings';
import { visibleRows, type CommuneNode } from './unit-tree';

export interface UnitTreeProps {
  readonly tree: readonly CommuneNode[];
  readonly query: string;
  readonly onQueryChange: (q: string) => void;
  readonly otherResults: readonly UnitSummary[];
  readonly districtName: (code: string | null) => string;
  readonly selectedCode: string | null;
  /** Every selected unit (shift-click, lasso), the primary one included: all are highlighted. */
  readonly selectedCodes: ReadonlySet<string>;
  readonly onSelect: (code: string) => void;
  readonly onPickOther: (unit: UnitSummary) => void;
  readonly expanded: ReadonlySet<string>;
  readonly onToggle: (code: string, open?: boolean) => void;
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly loading: boolean;
}

const rowId = (code: string): string => `tree-row-${code}`;

/**
 * Above this many rows only the rows in view are in the DOM (the national view has 10,000+
 * communes: rendering them all took about a second per selection).
 */
export const VIRTUAL_MIN_ROWS = 400;
/** Height of a row in a virtual list (app.css `.saban-tree-virtual .saban-tree-row`). */
const ROW_PX = 28;
/** Rows rendered beyond each edge of the view, so fast scrolling shows no gap. */
const OVERSCAN = 20;

/**
 * The district's communes with their hamlets, as a keyboard-operable tree (arrows move, Right
 * and Left open and close, Enter selects), plus communes of other districts found by the search.
 */
export function UnitTree(props: UnitTreeProps): React.JSX.Element {
  const { t: common } = useI18n();
  const t = useStrings(strings);
  const {
    tree,
    query,
    expanded,
    selectedCode,
    selectedCodes,
    onSelect,
    onToggle,
    searchRef,
    otherResults,
    onPickOther,
  } = props;
  const rows = useMemo(() => visibleRows(tree, expanded, query), [tree, expanded, query]);
  const [active, setActive] = useState<string | null>(null);
  const activeCode = active && rows.some((r) => r.unit.code === active) ? active : selectedCode;
  const virtual = rows.length > VIRTUAL_MIN_ROWS;
  const listRef = useRef<HTMLDivElement | null>(null);
  const [view, setView] = useState({ top: 0, height: 800 });

  /** Scrolls a row into view; in a virtual list by its index, as it may not be in the DOM. */
  const reveal = useCallback(
    (code: string): void => {
      const list = listRef.current;
      if (!virtual || !list) {
        document.getElementById(rowId(code))?.scrollIntoView({ block: 'nearest' });
        return;
      }
      const i = rows.findIndex((r) => r.unit.code === code);
      if (i < 0) return;
      const top = i * ROW_PX;
      if (top < list.scrollTop) list.scrollTop = top;
      else if (top + ROW_PX > list.scrollTop + list.clientHeight) list.scrollTop = top + ROW_PX - list.clientHeight;
    },
    [rows, virtual],
  );

  // The virtual list follows its scroll position and size.
  useEffect(() => {
    const list = listRef.current;
    if (!virtual || !list) return undefined;
    const update = (): void => setView({ top: list.scrollTop, height: list.clientHeight });
    update();
    list.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(list);
    return () => {
      list.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, [virtual]);

  // Selection from the map: bring the row into view.
  useEffect(() => {
    if (selectedCode) reveal(selectedCode);
  }, [selectedCode, reveal]);

  const first = virtual ? Math.max(0, Math.floor(view.top / ROW_PX) - OVERSCAN) : 0;
  const last = virtual ? Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_PX) + OVERSCAN) : rows.length;
  const shown = virtual ? rows.slice(first, last) : rows;

  const move = (delta: number): void => {
    if (rows.length === 0) return;
    const i = rows.findIndex((r) => r.unit.code === activeCode);
    const next = rows[Math.max(0, Math.min(rows.length - 1, i < 0 ? 0 : i + delta))];
    if (!next) return;
    setActive(next.unit.code);
    reveal(next.unit.code);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const row = rows.find((r) => r.unit.code === activeCode);
    switch (e.key) {
      case 'ArrowDown':
        move(1);
        break;
      case 'ArrowUp':
        move(-1);
        break;
      case 'Home':
        move(-rows.length);
        break;
      case 'End':
        move(rows.length);
        break;
      case 'ArrowRight':
        if (row && row.depth === 0 && row.childCount > 0 && !row.expanded) onToggle(row.unit.code, true);
        else move(1);
        break;
      case 'ArrowLeft':
        if (row && row.depth === 0 && row.expanded) onToggle(row.unit.code, false);
        else if (row?.depth === 1 && row.unit.parentCode) setActive(row.unit.parentCode);
        break;
      case 'Enter':
      case ' ':
        if (row) onSelect(row.unit.code);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' && rows.length > 0) {
      e.preventDefault();
      setActive(rows[0]!.unit.code);
      document.getElementById('unit-tree-list')?.focus();
    } else if (e.key === 'Enter') {
      // Enter in the search box picks the first hit, in this district or another.
      const first = rows[0]?.unit;
      const other = otherResults[0];
      if (first) onSelect(first.code);
      else if (other) onPickOther(other);
    } else if (e.key === 'Escape' && query) {
      e.stopPropagation();
      props.onQueryChange('');
    }
  };

  return (
    <div className="saban-tree">
      <TextInput
        ref={searchRef}
        value={query}
        onChange={(e) => props.onQueryChange(e.currentTarget.value)}
        onKeyDown={onSearchKey}
        placeholder={t('searchPlaceholder')}
        aria-label={t('searchLabel')}
        data-testid="unit-search"
        rightSection={
          query ? <CloseButton size="sm" aria-label={common('close')} onClick={() => props.onQueryChange('')} /> : null
        }
        mb="xs"
      />
      <div
        id="unit-tree-list"
        ref={listRef}
        className={`saban-tree-list${virtual ? ' saban-tree-virtual' : ''}`}
        role="tree"
        aria-multiselectable={selectedCodes.size > 1 ? true : undefined}
        aria-label={t('treeTitle')}
        tabIndex={0}
        aria-activedescendant={activeCode ? rowId(activeCode) : undefined}
        onKeyDown={onKeyDown}
        data-testid="unit-tree"
      >
        {props.loading && rows.length === 0 && (
          <Text size="sm" c="dimmed" p="xs">
            {common('loading')}
          </Text>
        )}
        {!props.loading && tree.length === 0 && (
          <Text size="sm" c="dimmed" p="xs">
            {t('treeEmpty')}
          </Text>
        )}
        {virtual && <div role="presentation" style={{ height: first * ROW_PX }} />}
        {shown.map((row) => {
          const { unit } = row;
          const primary = unit.code === selectedCode;
          const selected = primary || selectedCodes.has(unit.code);
          const classes = ['saban-tree-row', `saban-depth-${row.depth}`];
          if (selected) classes.push('is-selected');
          if (primary) classes.push('is-primary');
          if (unit.code === activeCode) classes.push('is-active');
          return (
            <div
              key={unit.code}
              id={rowId(unit.code)}
              role="treeitem"
              aria-level={row.depth + 1}
              aria-selected={selected}
              aria-expanded={row.childCount > 0 ? row.expanded : undefined}
              className={classes.join(' ')}
              data-testid={`tree-item-${unit.code}`}
              data-selected={selected ? 'true' : undefined}
              data-primary={primary ? 'true' : undefined}
              onClick={() => {
                setActive(unit.code);
                onSelect(unit.code);
              }}
            >
              {row.depth === 0 ? (
                <button
                  type="button"
                  className="saban-tree-toggle"
                  tabIndex={-1}
                  aria-label={row.expanded ? common('collapse') : common('expand')}
                  disabled={row.childCount === 0}
                  data-testid={`tree-toggle-${unit.code}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    onToggle(unit.code);
                  }}
                >
                  {row.childCount === 0 ? '' : row.expanded ? '▾' : '▸'}
                </button>
              ) : null}
              <span className="saban-tree-name">{unit.name}</span>
              {row.depth === 0 && row.childCount > 0 && (
                <span className="saban-tree-count">
                  {t(row.childCount === 1 ? 'hamletsCountOne' : 'hamletsCount', { n: row.childCount })}
                </span>
              )}
              {!unit.hasGeometry && (
                <span className="saban-tree-nogeo" title={t('noGeometry')}>
                  ○
                </span>
              )}
            </div>
          );
        })}
        {virtual && <div role="presentation" style={{ height: (rows.length - last) * ROW_PX }} />}
        {query.trim() && rows.length === 0 && otherResults.length === 0 && (
          <Text size="sm" c="dimmed" p="xs" data-testid="search-nothing">
            {common('searchNothing', { query })}
          </Text>
        )}
        {otherResults.length > 0 && (
          <div className="saban-other" role="group" aria-label={t('otherDistricts')}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="xs" pt="sm" pb={4}>
              {t('otherDistricts')}
            </Text>
            {otherResults.map((u) => (
              <div
                key={u.code}
                role="treeitem"
                aria-selected={false}
                className="saban-tree-row saban-depth-0"
                data-testid={`search-result-${u.code}`}
                onClick={() => onPickOther(u)}
              >
                <span className="saban-tree-name">{u.name}</span>
                <span className="saban-tree-count">{props.districtName(u.parentCode)}</span>
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
