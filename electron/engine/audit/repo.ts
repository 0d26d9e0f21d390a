/** Reading the audit trail (written only by the write path, electron/engine/write.ts). */
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../../../shared/contract';

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  reason: string | null;
  hlc: string;
}

/** Filter of {@link listAudit}. */
export interface AuditFilter {
  readonly entity?: string | undefined;
  readonly entityId?: string | undefined;
  readonly limit: number;
}

/** Audit entries, newest first. */
export function listAudit(db: Database.Database, filter: AuditFilter): AuditEntry[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.entity) {
    where.push('entity = ?');
    params.push(filter.entity);
  }
  if (filter.entityId) {
    where.push('entity_id = ?');
    params.push(filter.entityId);
  }
  const rows = db
    .prepare(
      `SELECT id, at, actor, action, entity, entity_id, before, after, reason, hlc FROM audit
       ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`,
    )
    .all(...params, filter.limit) as AuditRow[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before ? (JSON.parse(r.before) as unknown) : null,
    after: r.after ? (JSON.parse(r.after) as unknown) : null,
    reason: r.reason,
    hlc: r.hlc,
  }));
}
