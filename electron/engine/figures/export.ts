/**
 * Daily figures as a table: CSV in the import's own columns (a file exported here imports back
 * unchanged) or XLSX with typed cells (codes as text, counts as numbers, the day as a date cell)
 * under the export's title, date and office; the XLSX imports back too (its header is found
 * below the title block).
 */
import type { Input, Output } from '../../../shared/contract';
import { FIGURE_COLUMNS, FIGURE_FIELDS } from '../../../shared/figures';
import { EngineError, msg } from '../../../shared/result';
import { daysBetween, fileDate, formatDate, toVnIso } from '../../../shared/time';
import type { EngineContext } from '../context';
import { tableFile } from '../xlsx/table';
import type { XlsxColumn, XlsxValue } from '../xlsx/write';
import { FiguresRepo, UnitTree, requireLive } from './repo';

/** The columns: code, name, day, every field's column name (counts), who and when. */
const EXPORT_COLUMNS: readonly XlsxColumn[] = [
  { header: 'unit_code', type: 'code' },
  { header: 'unit_name', type: 'text' },
  { header: 'day', type: 'date' },
  ...FIGURE_FIELDS.map((f): XlsxColumn => ({ header: FIGURE_COLUMNS[f], type: 'count' })),
  { header: 'entered_by', type: 'text' },
  { header: 'entered_at', type: 'datetime' },
];

/** The CSV header: code, name, day (YYYY-MM-DD), every field's column name, who and when. */
export const EXPORT_HEADER = EXPORT_COLUMNS.map((c) => c.header);

/** `figures.exportCsv`: CSV or XLSX. */
export function exportFigures(engine: EngineContext, input: Input<'figures.exportCsv'>): Output<'figures.exportCsv'> {
  if (daysBetween(input.from, input.to) < 0) {
    throw new EngineError('bad-request', msg('Ngày đầu sau ngày cuối', 'The first day is after the last'));
  }
  const unit = requireLive(engine.db, input.within);
  const tree = new UnitTree(engine.db, unit.code);
  const repo = new FiguresRepo(engine.db);
  const rows: XlsxValue[][] = [];
  for (const leaf of tree.leaves(unit.code)) {
    const name = tree.byCode.get(leaf)?.name ?? '';
    for (const r of repo.rows(leaf, input.from, input.to)) {
      rows.push([
        leaf,
        name,
        r.day,
        ...FIGURE_FIELDS.map((f) => r[FIGURE_COLUMNS[f]] as number | null),
        r.entered_by,
        r.entered_at ? toVnIso(r.entered_at) : '',
      ]);
    }
  }
  const cmp = (x: unknown, y: unknown): number => (String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0);
  rows.sort((a, b) => cmp(a[2], b[2]) || cmp(a[0], b[0]));
  return tableFile(
    engine,
    {
      baseName: `so-lieu-${unit.code}-${input.from}-${input.to}-${fileDate(engine.now())}`,
      title: `Số liệu hằng ngày — ${unit.name} (${unit.code}), ${formatDate(input.from)} – ${formatDate(input.to)}`,
      sheet: 'Số liệu',
      columns: EXPORT_COLUMNS,
      rows,
    },
    input.format,
  );
}
