/** A unit's figures history: entries and corrections from the audit trail, and rows an import created. */
import type { HistoryEntry } from '../../../shared/contract-figures';
import type { Input } from '../../../shared/contract';
import { FIGURE_COLUMNS, FIGURE_FIELDS } from '../../../shared/figures';
import type { EngineContext } from '../context';
import { BATCH_PREFIX, FIGURE_ENTITY } from './day';
import { figureId, requireLive } from './repo';

/** An entry of a record's history before it is split per field. */
interface Recorded {
  hlc: string;
  at: string;
  actor: string;
  action: string;
  entityId: string;
  before: Record<string, number | null>;
  after: Record<string, number | null>;
  reason: string | null;
}

/** The audit entries of rows created in bulk ({@link WriteTx.createMany}), with their clock ranges. */
function bulkBatches(db: EngineContext['db']): (Omit<Recorded, 'entityId' | 'before' | 'after'> & { first: string })[] {
  const rows = db
    .prepare(
      `SELECT at, actor, action, after, reason, hlc FROM audit
       WHERE entity = ? AND entity_id >= ? AND entity_id < ? ORDER BY hlc`,
    )
    .all(FIGURE_ENTITY, BATCH_PREFIX, BATCH_PREFIX.slice(0, -1) + ';') as {
    at: string;
    actor: string;
    action: string;
    after: string | null;
    reason: string | null;
    hlc: string;
  }[];
  return rows.map((r) => {
    const after = (r.after ? JSON.parse(r.after) : {}) as { firstHlc?: string };
    return { hlc: r.hlc, first: after.firstHlc ?? '', at: r.at, actor: r.actor, action: r.action, reason: r.reason };
  });
}

/**
 * `figures.history`: a unit's entries and corrections, newest first: the audit entries of the
 * unit's rows (saves, corrections, changes received), and rows created in bulk by an import,
 * read from their change-log entries and named by their batch's audit entry (who, when, why).
 */
export function figuresHistory(engine: EngineContext, input: Input<'figures.history'>): HistoryEntry[] {
  const db = engine.db;
  requireLive(db, input.unitCode);
  const lo = input.day ? figureId(input.unitCode, input.day) : `${input.unitCode}|`;
  const hi = input.day ? lo : `${input.unitCode}|~`;
  const json = (v: string | null): Record<string, number | null> =>
    (v ? JSON.parse(v) : {}) as Record<string, number | null>;
  const recorded: Recorded[] = (
    db
      .prepare(
        `SELECT hlc, at, actor, action, entity_id, before, after, reason FROM audit
         WHERE entity = ? AND entity_id >= ? AND entity_id <= ? ORDER BY hlc DESC LIMIT ?`,
      )
      .all(FIGURE_ENTITY, lo, hi, input.limit) as {
      hlc: string;
      at: string;
      actor: string;
      action: string;
      entity_id: string;
      before: string | null;
      after: string | null;
      reason: string | null;
    }[]
  ).map((r) => ({ ...r, entityId: r.entity_id, before: json(r.before), after: json(r.after) }));
  const audited = new Set(recorded.map((r) => r.hlc));
  // Change-log entries without an audit entry of their own: records created in bulk.
  const bulk = (
    db
      .prepare(
        'SELECT hlc, entity_id, data FROM changes WHERE entity = ? AND entity_id >= ? AND entity_id <= ? ORDER BY hlc DESC',
      )
      .all(FIGURE_ENTITY, lo, hi) as { hlc: string; entity_id: string; data: string }[]
  ).filter((c) => !audited.has(c.hlc));
  if (bulk.length > 0) {
    const batches = bulkBatches(db);
    for (const c of bulk) {
      // The batch whose clock range holds the entry (the first ending at or after it).
      const b = batches.find((x) => x.hlc >= c.hlc && x.first <= c.hlc);
      if (!b) continue;
      recorded.push({ ...b, hlc: c.hlc, entityId: c.entity_id, before: {}, after: json(c.data) });
    }
    recorded.sort((a, b) => (a.hlc < b.hlc ? 1 : a.hlc > b.hlc ? -1 : 0));
  }
  const out: HistoryEntry[] = [];
  for (const r of recorded.slice(0, input.limit)) {
    const day = r.entityId.slice(r.entityId.lastIndexOf('|') + 1);
    for (const f of FIGURE_FIELDS) {
      const c = FIGURE_COLUMNS[f];
      if (!(c in r.after)) continue;
      const b = r.before[c] ?? null;
      const a = r.after[c] ?? null;
      if (b === a) continue;
      out.push({
        at: r.at,
        actor: r.actor,
        action: r.action,
        day,
        unitCode: input.unitCode,
        field: f,
        before: b,
        after: a,
        reason: r.reason,
      });
    }
  }
  return out;
}
