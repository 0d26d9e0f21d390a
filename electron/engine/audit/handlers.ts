import type { coreApi } from '../../../shared/contract';
import type { EngineContext, HandlersOf } from '../context';
import { auditFile } from './export';
import { auditActions, listAudit } from './repo';

/** The audit methods of the contract. */
export type AuditApi = Pick<typeof coreApi, 'audit.list' | 'audit.actions' | 'audit.exportCsv'>;

/** Reads the audit trail. */
export function auditHandlers(engine: EngineContext): HandlersOf<AuditApi> {
  return {
    'audit.list': (input) => listAudit(engine.db, input),
    'audit.actions': () => auditActions(engine.db),
    'audit.exportCsv': ({ format, ...filter }) => auditFile(engine, filter, format),
  };
}
