/**
 * The entry grid: a district's communes for one Vietnam day, one column per field
 * (react-data-grid, keyboard throughout). Block paste from Excel or LibreOffice, fill down, copy
 * out, undo; every refused cell marked with its reason and listed; Save sends the whole day in one
 * `figures.saveDay` (one write batch) and only when every cell is valid; corrections of saved
 * values ask for a reason.
 */
import { Alert, Button, Group, Loader, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DataGridHandle } from 'react-data-grid';
import { FIGURE_FIELDS, FIGURE_LABELS, parseCount, type FigureField } from '../../../../shared/figures';
import { formatDate } from '../../../../shared/time';
import { useApiMutation, useApiQuery } from '../../data/query';
import { useReportErrors } from '../../data/report';
import { useI18n } from '../../i18n';
import { useNotify } from '../../ui/Notifications';
import { toClipboard } from './clipboard';
import { FIGURE_RULES, problemText, shortHeaders, type FigureRow } from './fields';
import { fieldAt, FiguresGrid, FIRST_FIELD_IDX } from './FiguresGrid';
import { changedCells, fillDown, rowsFromSaved, rowsToBlock, validateRows, type CellChange } from './grid-model';
import { isProvinceDay, ProvinceDay } from './ProvinceDay';
import { pushUndo, redo, startUndo, undo, type UndoState } from './undo';
import { useFiguresText } from './strings';

export interface EntryGridProps {
  readonly district: string;
  readonly day: string;
  /** How many cells are not saved (the workspace guards leaving while it is above 0). */
  readonly onDirty: (cells: number) => void;
}

const EMPTY: readonly FigureRow[] = [];
const MAX_LISTED = 40;

/** The grid of one district and day. */
export function EntryGrid(props: EntryGridProps): React.JSX.Element {
  const { lang } = useI18n();
  const t = useFiguresText();
  const notify = useNotify();
  const { district, day, onDirty } = props;
  const query = useApiQuery('figures.day', { code: district, day });
  useReportErrors(query.error);
  // The rows with the district and day they were loaded for, and their undo history.
  const [grid, setGrid] = useState<{ key: string; history: UndoState<readonly FigureRow[]> }>(() => ({
    key: '',
    history: startUndo(EMPTY),
  }));
  const history = grid.history;
  const rows = history.present;
  const setHistory = useCallback(
    (fn: (h: UndoState<readonly FigureRow[]>) => UndoState<readonly FigureRow[]>) =>
      setGrid((g) => ({ key: g.key, history: fn(g.history) })),
    [],
  );
  const gridRef = useRef<DataGridHandle | null>(null);
  const setHandle = useCallback((h: DataGridHandle | null) => {
    gridRef.current = h;
  }, []);
  const active = useRef<{ rowIdx: number; idx: number }>({ rowIdx: 0, idx: FIRST_FIELD_IDX });
  const [asking, setAsking] = useState<CellChange<FigureField>[] | null>(null);
  const [reason, setReason] = useState('');

  // Changes are counted against what was loaded; a refetch (window focus, another door) replaces
  // the rows only while nothing is unsaved, or right after our own save.
  const changes = useMemo(() => changedCells(rows, FIGURE_FIELDS, parseCount), [rows]);
  const dirty = changes.length;
  const justSaved = useRef(false);
  const loaded = query.data;
  useEffect(() => {
    if (!loaded) return;
    const key = `${loaded.code}|${loaded.day}`;
    const communes = loaded.rows.filter((r) => r.unitLevel === 'commune');
    const fresh = rowsFromSaved(
      FIGURE_FIELDS,
      communes.map((r) => ({ code: r.unitCode, name: r.unitName, values: r.values, extra: r.previousIn })),
    );
    const saved = justSaved.current;
    justSaved.current = false;
    setGrid((g) => {
      const pending = g.key === key ? changedCells(g.history.present, FIGURE_FIELDS, parseCount) : [];
      // Edits the fetched rows already hold (our save, whatever order its answer and the refetch
      // arrive in) are not unsaved: take the fetched rows then too.
      const stored = new Map(fresh.map((r) => [r.code, r.saved]));
      const held = pending.every((c) => stored.get(c.code)?.[c.field] === c.after);
      return pending.length > 0 && !saved && !held ? g : { key, history: startUndo(fresh) };
    });
  }, [loaded]);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);

  const { problems } = useMemo(() => validateRows(rows, FIGURE_FIELDS, FIGURE_RULES), [rows]);

  const commit = useCallback((next: readonly FigureRow[]) => setHistory((h) => pushUndo(h, next)), [setHistory]);
  const rowsRef = useRef(rows);
  useLayoutEffect(() => {
    rowsRef.current = rows;
  }, [rows]);

  const focusCell = (rowIdx: number, field: FigureField): void => {
    const idx = FIGURE_FIELDS.indexOf(field) + FIRST_FIELD_IDX;
    gridRef.current?.scrollToCell({ idx, rowIdx });
    gridRef.current?.setActivePosition({ idx, rowIdx }, { shouldFocus: true });
  };

  const saveDay = useApiMutation('figures.saveDay', {
    onSuccess: (out) => notify.success(t('saved', { date: formatDate(day), c: out.created, u: out.updated })),
    onError: (err) => {
      justSaved.current = false;
      notify.error(err);
    },
  });

  const send = (cells: readonly CellChange<FigureField>[], why: string | null): void => {
    const byUnit = new Map<string, Partial<Record<FigureField, number | null>>>();
    for (const c of cells) {
      const values = byUnit.get(c.code) ?? {};
      values[c.field] = c.after;
      byUnit.set(c.code, values);
    }
    // Set before the call: the refetch after a save can arrive before the mutation's onSuccess
    // runs, and it must replace the saved rows (else the saved cells still count as unsaved).
    justSaved.current = true;
    saveDay.mutate({
      day,
      rows: [...byUnit].map(([unitCode, values]) => ({ unitCode, values })),
      ...(why ? { reason: why } : {}),
    });
  };

  const save = (): void => {
    if (saveDay.isPending) return;
    const current = rowsRef.current;
    const found = validateRows(current, FIGURE_FIELDS, FIGURE_RULES).problems;
    const first = found[0];
    if (first) {
      notify.warn(t('refused'));
      focusCell(first.rowIdx, first.field);
      return;
    }
    const cells = changedCells(current, FIGURE_FIELDS, parseCount);
    if (cells.length === 0) {
      notify.warn(t('nothingChanged'));
      return;
    }
    const corrections = cells.filter((c) => c.before !== null);
    if (corrections.length > 0) {
      setReason('');
      setAsking(cells);
      return;
    }
    send(cells, null);
  };
  // Ctrl+S inside an open editor: the editor commits on blur, then the save reads the rows.
  const saveSoon = (): void => {
    const el = document.activeElement;
    if (el instanceof HTMLInputElement && el.closest('.rdg')) el.blur();
    window.setTimeout(save, 0);
  };

  const onKeys = (e: React.KeyboardEvent): void => {
    const inEditor = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
    // The grid's keys stay here: the map's window-wide keys (0–4 sets a level, Ctrl+Z undoes one)
    // would otherwise see a typed digit whose cell the grid has just swapped for its editor.
    // Escape still reaches the window unless it only closes an editor.
    if (e.key !== 'Escape' || inEditor) e.stopPropagation();
    const ctrl = e.ctrlKey || e.metaKey;
    if (!ctrl) return;
    const key = e.key.toLowerCase();
    if (key === 's') {
      e.preventDefault();
      saveSoon();
    } else if (!inEditor && key === 'z' && !e.shiftKey) {
      e.preventDefault();
      setHistory(undo);
    } else if (!inEditor && (key === 'y' || (key === 'z' && e.shiftKey))) {
      e.preventDefault();
      setHistory(redo);
    }
  };

  const copyAll = (): void => {
    const block = rowsToBlock(rows, FIGURE_FIELDS, [t('colCode'), t('colCommune'), ...shortHeaders(t)]);
    navigator.clipboard
      .writeText(toClipboard(block))
      .then(() => notify.success(t('copied', { n: rows.length })))
      .catch(() => notify.warn(t('copyFailed')));
  };

  const fillDownActive = (): void => {
    const { rowIdx, idx } = active.current;
    const field = fieldAt(idx);
    if (field && rowIdx > 0) commit(fillDown(rows, field, rowIdx - 1, rowIdx));
  };

  if (!loaded || grid.key !== `${district}|${day}`) {
    return (
      <Group p="md" gap="xs">
        {query.isLoading && <Loader size="sm" />}
        <Text size="sm" c="dimmed">
          {t('loading')}
        </Text>
      </Group>
    );
  }
  // A province's day is its districts summed: shown read-only (districts enter their communes).
  if (isProvinceDay(loaded)) return <ProvinceDay day={loaded} />;
  if (rows.length === 0) {
    return (
      <Alert color="gray" variant="light" data-testid="figures-grid-empty">
        {t('noCommunes')}
      </Alert>
    );
  }

  return (
    <Stack gap="xs" onKeyDown={onKeys} data-testid="figures-entry">
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <Button onClick={saveSoon} loading={saveDay.isPending} data-testid="figures-save">
            {t('save', { date: formatDate(day) })}
          </Button>
          <Button
            variant="default"
            onClick={() => setHistory(undo)}
            disabled={history.past.length === 0}
            data-testid="figures-undo"
          >
            {t('undo')}
          </Button>
          <Button variant="default" onClick={() => setHistory(redo)} disabled={history.future.length === 0}>
            {t('redo')}
          </Button>
          <Button variant="default" onClick={fillDownActive}>
            {t('fillDown')}
          </Button>
          <Button variant="default" onClick={copyAll} data-testid="figures-copy-all">
            {t('copyAll')}
          </Button>
        </Group>
        <Text size="sm" c={dirty > 0 ? 'orange.8' : 'dimmed'} data-testid="figures-dirty">
          {dirty > 0 ? t('unsaved', { n: dirty }) : t('nothingChanged')}
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        {t('keysHelp')}
      </Text>
      <FiguresGrid
        rows={rows}
        label={t('gridLabel', { date: formatDate(day) })}
        commit={commit}
        onHandle={setHandle}
        onActive={(pos) => (active.current = pos)}
        onPasted={(n) => notify.success(t('pasted', { n }))}
      />
      {problems.length > 0 && (
        <Alert
          color="red"
          variant="light"
          p="xs"
          data-testid="figures-problems"
          title={t('invalidTitle', { n: problems.length })}
        >
          <ul className="figures-problems">
            {problems.slice(0, MAX_LISTED).map((p) => (
              <li key={`${p.code}:${p.field}`}>
                <button type="button" className="figures-problem" onClick={() => focusCell(p.rowIdx, p.field)}>
                  {t('invalidItem', {
                    name: p.name,
                    field: FIGURE_LABELS[p.field][lang],
                    value: p.text,
                    reason: problemText(p.kind, lang),
                  })}
                </button>
              </li>
            ))}
          </ul>
          {problems.length > MAX_LISTED && <Text size="xs">{t('moreRows', { n: problems.length - MAX_LISTED })}</Text>}
        </Alert>
      )}
      {asking && (
        <Modal opened onClose={() => setAsking(null)} title={t('reasonTitle')} data-testid="figures-reason">
          <Stack gap="sm">
            <Text size="sm">{t('reasonText', { n: asking.filter((c) => c.before !== null).length })}</Text>
            <Textarea
              label={t('reasonLabel')}
              placeholder={t('reasonPlaceholder')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
              autosize
              minRows={2}
              data-autofocus
              data-testid="figures-reason-text"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)}>
                {t('cancel')}
              </Button>
              <Button
                disabled={reason.trim() === ''}
                onClick={() => {
                  send(asking, reason.trim());
                  setAsking(null);
                }}
                data-testid="figures-reason-save"
              >
                {t('reasonSave')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
