/** The audit trail as a CSV file. */
import type { AuditFilterInput, Output } from '../../../shared/contract';
import { writeCsv } from '../../../shared/csv';
import { fileDate, toVnIso } from '../../../shared/time';
import type { EngineContext } from '../context';
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

const json = (value: unknown): string => (value === null || value === undefined ? '' : JSON.stringify(value));

/** Every entry matching `filter` (newest first) as CSV: time with +07:00, actor, action, record, reason, before, after. */
export function auditCsv(engine: EngineContext, filter: AuditFilterInput): Output<'audit.exportCsv'> {
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
  return {
    fileName: `nhat-ky-${fileDate(engine.now())}.csv`,
    mimeType: 'text/csv;charset=utf-8',
    text: writeCsv(AUDIT_CSV_HEADER, rows),
  };
}
