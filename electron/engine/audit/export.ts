/** The audit trail as a CSV file. */
import type { AuditFilterInput, Output } from '../../../shared/contract';
import type { TableFormat } from '../../../shared/contract-text';
import { fileDate, toVnIso } from '../../../shared/time';
import type { EngineContext } from '../context';
import { tableFile } from '../xlsx/table';
import type { XlsxColumn } from '../xlsx/write';
import { listAudit } from './repo';

/** The column headers of the audit CSV. */
export const AUDIT_CSV_HEADER = [
  'thoi_gian',
  'nguoi_thuc_hien',
  'thao_tac',
  'doi_tuong',
  'ma_doi_tuong',
  'ly_do',
  'truoc',
  'sau',
] as const;

const AUDIT_COLUMNS: readonly XlsxColumn[] = AUDIT_CSV_HEADER.map((header) => ({
  header,
  type: header === 'thoi_gian' ? 'datetime' : header === 'ma_doi_tuong' ? 'code' : 'text',
}));

const json = (value: unknown): string => (value === null || value === undefined ? '' : JSON.stringify(value));

/**
 * Every entry matching `filter` (newest first) as CSV or XLSX: time (ISO +07:00 in CSV, a date
 * cell in XLSX), actor, action, record, reason, before, after.
 */
export function auditFile(
  engine: EngineContext,
  filter: AuditFilterInput,
  format: TableFormat,
): Output<'audit.exportCsv'> {
  const rows = listAudit(engine.db, filter).map((e) => [
    toVnIso(e.at),
    e.actor,
    e.action,
    e.entity,
    e.entityId,
    e.reason,
    json(e.before),
    json(e.after),
  ]);
  return tableFile(
    engine,
    {
      baseName: `nhat-ky-${fileDate(engine.now())}`,
      title: 'Nhật ký thay đổi',
      sheet: 'Nhật ký',
      columns: AUDIT_COLUMNS,
      rows,
    },
    format,
  );
}
