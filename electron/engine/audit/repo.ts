/** Reading the audit trail (written only by the write path, electron/engine/write.ts). */
import type Database from 'better-sqlite3';
import type { AuditEntry, AuditFilterInput } from '../../../shared/contract';
import { fold } from '../../../shared/text';
import { DAY_MS, vnMidnightMs } from '../../../shared/time';
import { ENTITIES, type EntityDef } from '../entities';

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
export interface AuditFilter extends AuditFilterInput {
  /** At most this many entries; omitted: all of them. */
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
  readonly beforeId?: number | undefined;
}

/** Entities whose rows name the unit they belong to (other than the unit itself), with that column. */
const UNIT_COLUMNS: readonly (readonly [string, string])[] = Object.entries(ENTITIES as Record<string, EntityDef>)
  .filter(([name, def]) => name !== 'unit' && def.unitColumn !== undefined)
  .map(([name, def]) => [name, def.unitColumn!] as const);

/** The WHERE clause and its parameters for a filter. */
function whereOf(db: Database.Database, filter: AuditFilter): { sql: string; params: unknown[] } {
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
  if (filter.action) {
    where.push('action = ?');
    params.push(filter.action);
  }
  const actor = fold(filter.actor ?? '');
  if (actor !== '') {
    // Actors are few: fold each distinct name here rather than teach SQLite Vietnamese.
    const names = (db.prepare('SELECT DISTINCT actor FROM audit').pluck().all() as string[]).filter((a) =>
      fold(a).includes(actor),
    );
    if (names.length === 0) where.push('0');
    else {
      where.push(`actor IN (${names.map(() => '?').join(', ')})`);
      params.push(...names);
    }
  }
  const unit = filter.unit?.trim();
  if (unit) {
    // The record itself, or a record naming the unit in its unit column (before or after the change).
    const attached = UNIT_COLUMNS.map(([, column]) => {
      const path = `'$.${column}'`;
      return `(entity = ? AND (json_extract(after, ${path}) = ? OR json_extract(before, ${path}) = ?))`;
    });
    where.push(`(entity_id = ? ${attached.map((a) => `OR ${a}`).join(' ')})`);
    params.push(unit);
    for (const [entity] of UNIT_COLUMNS) params.push(entity, unit, unit);
  }
  if (filter.from) {
    where.push('at >= ?');
    params.push(new Date(vnMidnightMs(filter.from)).toISOString());
  }
  if (filter.to) {
    where.push('at < ?');
    params.push(new Date(vnMidnightMs(filter.to) + DAY_MS).toISOString());
  }
  if (filter.beforeId !== undefined) {
    where.push('id < ?');
    params.push(filter.beforeId);
  }
  return { sql: where.length ? 'WHERE ' + where.join(' AND ') : '', params };
}

/** Audit entries matching `filter`, newest first. */
export function listAudit(db: Database.Database, filter: AuditFilter): AuditEntry[] {
  const { sql, params } = whereOf(db, filter);
  const rows = db
    .prepare(
      `SELECT id, at, actor, action, entity, entity_id, before, after, reason, hlc FROM audit
       ${sql} ORDER BY id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, filter.limit ?? -1, filter.offset ?? 0) as AuditRow[];
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

/** The distinct actions recorded, sorted. */
export function auditActions(db: Database.Database): string[] {
  return db.prepare('SELECT DISTINCT action FROM audit ORDER BY action').pluck().all() as string[];
}
