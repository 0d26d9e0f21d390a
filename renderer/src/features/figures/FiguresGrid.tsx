/**
 * The grid itself (react-data-grid): rows of communes, a column per field, and what the keyboard
 * and the clipboard do in it — type to replace, Enter commits and moves down, Delete clears,
 * Ctrl+D copies the cell above, a block pasted from Excel or LibreOffice lands from the active
 * cell, Ctrl+C copies the cell, the fill handle fills down. Every change goes through `commit`
 * with the whole new rows array (the owner keeps the undo history). No data loading here, so the
 * benchmark drives the same component.
 */
import 'react-data-grid/lib/styles.css';
import { useCallback, useMemo, useRef } from 'react';
import { DataGrid, type CellKeyboardEvent, type CellKeyDownArgs, type DataGridHandle } from 'react-data-grid';
import { FIGURE_FIELDS, type FigureField } from '../../../../shared/figures';
import { useI18n } from '../../i18n';
import { parseClipboard } from './clipboard';
import { figureColumns, type FigureRow } from './fields';
import { applyBlock, clearCells, fillDown } from './grid-model';
import { useFiguresText } from './strings';

/** The first field column's index (after the frozen commune column). */
export const FIRST_FIELD_IDX = 1;

/** The field of a grid column index (undefined for the commune column). */
export const fieldAt = (idx: number): FigureField | undefined => FIGURE_FIELDS[idx - FIRST_FIELD_IDX];

const rowKey = (r: FigureRow): string => r.code;

export interface FiguresGridProps {
  readonly rows: readonly FigureRow[];
  readonly label: string;
  readonly commit: (rows: readonly FigureRow[]) => void;
  /** Receives the grid's handle (focus and scroll to a cell). */
  readonly onHandle?: (handle: DataGridHandle | null) => void;
  readonly onActive?: (pos: { rowIdx: number; idx: number }) => void;
  /** After a block was pasted: how many cells changed. */
  readonly onPasted?: (cells: number) => void;
  readonly style?: React.CSSProperties;
}

/** The entry grid's table. */
export function FiguresGrid(props: FiguresGridProps): React.JSX.Element {
  const { lang } = useI18n();
  const t = useFiguresText();
  const { rows, commit } = props;
  const columns = useMemo(() => figureColumns(lang, t), [lang, t]);
  const own = useRef<DataGridHandle | null>(null);
  const { onHandle } = props;
  const setRef = useCallback(
    (h: DataGridHandle | null): void => {
      own.current = h;
      onHandle?.(h);
    },
    [onHandle],
  );

  const onCellKeyDown = (args: CellKeyDownArgs<FigureRow>, event: CellKeyboardEvent): void => {
    if (args.mode === 'EDIT') {
      // Enter commits and moves down, as in a spreadsheet.
      if (event.key === 'Enter') {
        event.preventGridDefault();
        event.preventDefault();
        const { rowIdx } = args;
        const idx = args.column.idx;
        args.onClose(true, true);
        if (rowIdx + 1 < rows.length) own.current?.setActivePosition({ idx, rowIdx: rowIdx + 1 });
      }
      return;
    }
    const field = args.column ? fieldAt(args.column.idx) : undefined;
    if (!field || args.rowIdx < 0) return;
    if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventGridDefault();
      event.preventDefault();
      commit(clearCells(rows, field, [args.rowIdx]));
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'd') {
      event.preventGridDefault();
      event.preventDefault();
      if (args.rowIdx > 0) commit(fillDown(rows, field, args.rowIdx - 1, args.rowIdx));
    }
  };

  return (
    <DataGrid
      ref={setRef}
      aria-label={props.label}
      data-testid="figures-grid"
      className="rdg-light figures-grid"
      columns={columns}
      rows={rows}
      rowKeyGetter={rowKey}
      rowHeight={30}
      headerRowHeight={30}
      onRowsChange={commit}
      onCellKeyDown={onCellKeyDown}
      onActivePositionChange={({ rowIdx, column }) => {
        if (column) props.onActive?.({ rowIdx, idx: column.idx });
      }}
      onFill={({ columnKey, sourceRow, targetRow }) => ({
        ...targetRow,
        text: { ...targetRow.text, [columnKey]: sourceRow.text[columnKey as FigureField] },
      })}
      onCellCopy={({ row, column }, event) => {
        const field = fieldAt(column.idx);
        event.clipboardData.setData('text/plain', field ? row.text[field] : row.name);
        event.preventDefault();
      }}
      onCellPaste={({ row, column }, event) => {
        // The whole block lands from the active cell; the grid's own one-cell paste is a no-op.
        event.preventDefault();
        const block = parseClipboard(event.clipboardData.getData('text/plain'));
        const field = fieldAt(column.idx);
        const rowIdx = rows.indexOf(row);
        if (!field || rowIdx < 0 || block.length === 0) return row;
        const out = applyBlock(rows, FIGURE_FIELDS, rowIdx, FIGURE_FIELDS.indexOf(field), block);
        if (out.cells > 0) {
          commit(out.rows);
          props.onPasted?.(out.cells);
        }
        return row;
      }}
      style={props.style ?? { blockSize: 'calc(100vh - 330px)', minBlockSize: 240 }}
    />
  );
}
