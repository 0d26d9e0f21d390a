/**
 * One table, two files: every table export describes its columns once (header and type) and
 * gets CSV or XLSX from here, so both formats always carry the same columns.
 */
import type { ExportedFile, TableFormat } from '../../../shared/contract-text';
import { writeCsv } from '../../../shared/csv';
import type { EngineContext } from '../context';
import { officeName } from './office';
import { type XlsxColumn, type XlsxValue, xlsxFile } from './write';

/** A table to export. */
export interface ExportTable {
  /** The file name without its extension (`saban-chot-999-2021-09-01`). */
  readonly baseName: string;
  /** What the export is, for the XLSX title block (`Chốt kiểm soát — 999`). */
  readonly title: string;
  /** The XLSX tab's name. */
  readonly sheet: string;
  readonly columns: readonly XlsxColumn[];
  readonly rows: readonly (readonly XlsxValue[])[];
}

/**
 * The table as a file. CSV: the headers, values as they are (days `YYYY-MM-DD`, instants ISO
 * `+07:00`), code columns always quoted. XLSX: typed cells under the title block.
 */
export function tableFile(engine: EngineContext, table: ExportTable, format: TableFormat): ExportedFile {
  if (format === 'xlsx') {
    return xlsxFile(`${table.baseName}.xlsx`, {
      title: table.title,
      exportedAt: engine.now(),
      office: officeName(engine),
      sheets: [{ name: table.sheet, columns: table.columns, rows: table.rows }],
    });
  }
  return {
    fileName: `${table.baseName}.csv`,
    mimeType: 'text/csv;charset=utf-8',
    text: writeCsv(
      table.columns.map((c) => c.header),
      table.rows,
      table.columns.map((c) => c.type === 'code'),
    ),
  };
}
