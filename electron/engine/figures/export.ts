/** Daily figures as CSV, in the import's own columns (a file exported here imports back unchanged). */
import type { Input, Output } from '../../../shared/contract';
import { writeCsv } from '../../../shared/csv';
import { FIGURE_COLUMNS, FIGURE_FIELDS } from '../../../shared/figures';
import { EngineError, msg } from '../../../shared/result';
import { daysBetween, fileDate, toVnIso } from '../../../shared/time';
import type { EngineContext } from '../context';
import { FiguresRepo, UnitTree, requireLive } from './repo';

/** The CSV header: code, name, day (YYYY-MM-DD), every field's column name, who and when. */
export const EXPORT_HEADER = [
  'unit_code',
  'unit_name',
  'day',
  ...FIGURE_FIELDS.map((f) => FIGURE_COLUMNS[f]),
  'entered_by',
  'entered_at',
];

/** `figures.exportCsv`. */
export function exportFiguresCsv(
  engine: EngineContext,
  input: Input<'figures.exportCsv'>,
): Output<'figures.exportCsv'> {
  if (daysBetween(input.from, input.to) < 0) {
    throw new EngineError('bad-request', msg('Ngày đầu sau ngày cuối', 'The first day is after the last'));
  }
  const unit = requireLive(engine.db, input.within);
  const tree = new UnitTree(engine.db, unit.code);
  const repo = new FiguresRepo(engine.db);
  const rows: (string | number | null)[][] = [];
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
  rows.sort((a, b) => String(a[2]).localeCompare(String(b[2])) || String(a[0]).localeCompare(String(b[0])));
  return {
    fileName: `so-lieu-${unit.code}-${input.from}-${input.to}-${fileDate(engine.now())}.csv`,
    mimeType: 'text/csv',
    text: writeCsv(EXPORT_HEADER, rows),
  };
}
