/**
 * Temporary lockdowns: SQL, row mapping and the writes. Every change of a lockdown's end (extended,
 * shortened, ended early) and every edit adds an entry to its history (`lockdown_changes`) with its
 * reason, in the same write as the change itself.
 */
import crypto from 'node:crypto';
import type { Input, Output } from '../../../shared/contract';
import type { Lockdown, LockdownArea, LockdownChange } from '../../../shared/contract-clusters';
import {
  endsSoon,
  type LockdownChangeKind,
  lockdownState,
  type LockdownStatus,
  REMIND_BEFORE_MS,
} from '../../../shared/clusters';
import { EngineError, msg } from '../../../shared/result';
import { formatDateTime, toMs, toVnIso } from '../../../shared/time';
import type { CallContext, EngineContext } from '../context';
import type { Row } from '../entities';
import type { WriteTx } from '../write';
import { requireCluster } from './clusters';
import { drawPlace, placeOf, resolvePlace, scopeFilter } from './place';

/** A lockdowns row as the list query returns it. */
export interface LockdownRow {
  id: string;
  name: string;
  unit_code: string;
  unit_name: string | null;
  area_kind: string;
  area: string;
  starts_at: string;
  ends_at: string;
  reason: string;
  cluster_id: string | null;
  cluster_name: string | null;
  post_ids: string;
  status: LockdownStatus;
  ended_at: string | null;
  note: string;
}

/** Live lockdowns under `within` (or one by id), latest start first. */
export function lockdownRows(
  engine: EngineContext,
  filter: { within?: string | undefined; id?: string },
): LockdownRow[] {
  const { cte, cteParams, where, params } = scopeFilter(engine, 'l', filter);
  return engine.db
    .prepare(
      `${cte} SELECT l.*, CASE WHEN u.level = 'hamlet' THEN u.name || ', ' || pu.name ELSE u.name END AS unit_name, c.name AS cluster_name FROM lockdowns l
       LEFT JOIN units u ON u.code = l.unit_code
       LEFT JOIN units pu ON pu.code = u.parent_code
       LEFT JOIN clusters c ON c.id = l.cluster_id AND c.deleted = 0
       WHERE ${where.join(' AND ')} ORDER BY l.starts_at DESC, l.name`,
    )
    .all(...cteParams, ...params) as LockdownRow[];
}

/** A row as the contract's lockdown. */
export function toLockdown(engine: EngineContext, r: LockdownRow): Lockdown {
  const area = placeOf(r.area_kind, r.area) as LockdownArea;
  const now = engine.now();
  const times = { status: r.status, startsAt: r.starts_at, endsAt: r.ends_at };
  return {
    id: r.id,
    name: r.name,
    unitCode: r.unit_code,
    unitName: r.unit_name ?? r.unit_code,
    area,
    geometry: drawPlace(engine, area).geometry,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    reason: r.reason,
    clusterId: r.cluster_id,
    clusterName: r.cluster_name,
    postIds: JSON.parse(r.post_ids) as string[],
    status: r.status,
    state: lockdownState(times, now),
    endedAt: r.ended_at,
    note: r.note,
    endsSoon: endsSoon(times, now),
  };
}

/** A live lockdown, or not-found naming the id. */
export function requireLockdown(engine: EngineContext, id: string): LockdownRow {
  const row = lockdownRows(engine, { id })[0];
  if (!row) throw new EngineError('not-found', msg('Không có phong tỏa mã {id}', 'No lockdown with id {id}', { id }));
  return row;
}

/** The history of a lockdown, oldest first. */
export function historyOf(engine: EngineContext, id: string): LockdownChange[] {
  const rows = engine.db
    .prepare(
      `SELECT id, at, by, kind, from_ends_at, to_ends_at, reason FROM lockdown_changes
       WHERE lockdown_id = ? AND deleted = 0 ORDER BY at, rowid`,
    )
    .all(id) as {
    id: string;
    at: string;
    by: string;
    kind: LockdownChangeKind;
    from_ends_at: string | null;
    to_ends_at: string | null;
    reason: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    by: r.by,
    kind: r.kind,
    fromEndsAt: r.from_ends_at,
    toEndsAt: r.to_ends_at,
    reason: r.reason,
  }));
}

/** Adds one history entry inside the lockdown's own write. */
export function logChange(
  engine: EngineContext,
  ctx: CallContext,
  tx: WriteTx,
  entry: {
    lockdownId: string;
    unitCode: string;
    kind: LockdownChangeKind;
    from: string | null;
    to: string | null;
    reason: string;
  },
): void {
  tx.put('lockdownChange', {
    id: crypto.randomUUID(),
    lockdown_id: entry.lockdownId,
    unit_code: entry.unitCode,
    at: toVnIso(engine.now()),
    by: engine.actorOf(ctx),
    kind: entry.kind,
    from_ends_at: entry.from,
    to_ends_at: entry.to,
    reason: entry.reason,
    deleted: 0,
  });
}

function checkTimes(name: string, startsAt: string, endsAt: string): void {
  if (toMs(endsAt) <= toMs(startsAt)) {
    throw new EngineError(
      'bad-request',
      msg(
        '{name}: thời điểm kết thúc {to} phải sau thời điểm bắt đầu {from}',
        '{name}: the end {to} must come after the start {from}',
        {
          name,
          from: formatDateTime(startsAt),
          to: formatDateTime(endsAt),
        },
      ),
    );
  }
}

function checkPosts(engine: EngineContext, name: string, ids: readonly string[]): string[] {
  const stmt = engine.db.prepare('SELECT 1 FROM posts WHERE id = ? AND deleted = 0').pluck();
  const unique = [...new Set(ids)];
  for (const id of unique) {
    if (!stmt.get(id)) {
      throw new EngineError(
        'not-found',
        msg('{name}: không có chốt mã {id}', '{name}: no checkpoint with id {id}', { name, id }),
      );
    }
  }
  return unique;
}

function requireOpen(r: LockdownRow): void {
  if (r.status === 'ended') {
    throw new EngineError(
      'bad-request',
      msg('{name} đã được gỡ phong tỏa lúc {at}', '{name} was already ended at {at}', {
        name: r.name,
        at: formatDateTime(r.ended_at ?? r.ends_at),
      }),
    );
  }
}

/** Creates or edits a lockdown; an edit needs a reason, kept in its history. */
export function saveLockdown(engine: EngineContext, ctx: CallContext, input: Input<'lockdowns.save'>): Lockdown {
  const existing = input.id ? requireLockdown(engine, input.id) : null;
  if (existing) requireOpen(existing);
  const startsAt = toVnIso(input.startsAt);
  const endsAt = toVnIso(input.endsAt);
  checkTimes(input.name, startsAt, endsAt);
  const area = resolvePlace(engine, input.name, input.area);
  if (input.clusterId) requireCluster(engine, input.clusterId);
  const postIds = checkPosts(engine, input.name, input.postIds);
  if (existing && !input.changeReason) {
    throw new EngineError(
      'bad-request',
      msg(
        '{name}: cần lý do thay đổi (được lưu trong lịch sử phong tỏa)',
        '{name}: a reason for the change is needed (kept in the lockdown history)',
        { name: input.name },
      ),
    );
  }
  const id = existing?.id ?? crypto.randomUUID();
  const row: Row = {
    id,
    name: input.name,
    unit_code: area.unitCode,
    area_kind: area.kind,
    area: area.json,
    starts_at: startsAt,
    ends_at: endsAt,
    reason: input.reason,
    cluster_id: input.clusterId,
    post_ids: JSON.stringify(postIds),
    note: input.note,
  };
  if (!existing) {
    row['status'] = 'active';
    row['ended_at'] = null;
    row['created_at'] = toVnIso(engine.now());
    row['deleted'] = 0;
  }
  engine.write(
    ctx,
    { action: existing ? 'lockdown.update' : 'lockdown.create', reason: input.changeReason ?? input.reason },
    (tx) => {
      tx.put('lockdown', row);
      if (existing && existing.unit_code !== area.unitCode) {
        // Its history travels with it.
        const ids = engine.db
          .prepare('SELECT id FROM lockdown_changes WHERE lockdown_id = ?')
          .pluck()
          .all(id) as string[];
        for (const c of ids) tx.put('lockdownChange', { id: c, unit_code: area.unitCode });
      }
      const before = existing ? toMs(existing.ends_at) : null;
      const kind: LockdownChangeKind =
        before === null
          ? 'created'
          : toMs(endsAt) > before
            ? 'extended'
            : toMs(endsAt) < before
              ? 'shortened'
              : 'edited';
      logChange(engine, ctx, tx, {
        lockdownId: id,
        unitCode: area.unitCode,
        kind,
        from: existing?.ends_at ?? null,
        to: endsAt,
        reason: existing ? input.changeReason! : input.reason,
      });
    },
  );
  return toLockdown(engine, requireLockdown(engine, id));
}

/** Moves a lockdown's end (later: extended; earlier: shortened), with its reason in the history. */
export function extendLockdown(engine: EngineContext, ctx: CallContext, input: Input<'lockdowns.extend'>): Lockdown {
  const r = requireLockdown(engine, input.id);
  requireOpen(r);
  const endsAt = toVnIso(input.endsAt);
  checkTimes(r.name, r.starts_at, endsAt);
  if (toMs(endsAt) === toMs(r.ends_at)) {
    throw new EngineError(
      'bad-request',
      msg('{name}: đã kết thúc lúc {to}, không có gì thay đổi', '{name}: already ends at {to}; nothing to change', {
        name: r.name,
        to: formatDateTime(endsAt),
      }),
    );
  }
  const kind: LockdownChangeKind = toMs(endsAt) > toMs(r.ends_at) ? 'extended' : 'shortened';
  const action = kind === 'extended' ? 'lockdown.extend' : 'lockdown.shorten';
  engine.write(ctx, { action, reason: input.reason }, (tx) => {
    tx.put('lockdown', { id: r.id, ends_at: endsAt });
    logChange(engine, ctx, tx, {
      lockdownId: r.id,
      unitCode: r.unit_code,
      kind,
      from: r.ends_at,
      to: endsAt,
      reason: input.reason,
    });
  });
  return toLockdown(engine, requireLockdown(engine, r.id));
}

/** Ends a lockdown now (or at a past instant), early or at its planned end. */
export function endLockdown(engine: EngineContext, ctx: CallContext, input: Input<'lockdowns.end'>): Lockdown {
  const r = requireLockdown(engine, input.id);
  requireOpen(r);
  const now = engine.now();
  const at = toVnIso(input.at ?? now);
  if (toMs(at) > now) {
    throw new EngineError(
      'bad-request',
      msg(
        '{name}: gỡ phong tỏa lúc {at} là trong tương lai; muốn rút ngắn thì đổi thời điểm kết thúc',
        '{name}: ending at {at} is in the future; to shorten it, change its end instead',
        {
          name: r.name,
          at: formatDateTime(at),
        },
      ),
    );
  }
  if (toMs(at) < toMs(r.starts_at)) {
    throw new EngineError(
      'bad-request',
      msg('{name}: gỡ lúc {at} trước khi bắt đầu ({from})', '{name}: ending at {at} is before it started ({from})', {
        name: r.name,
        at: formatDateTime(at),
        from: formatDateTime(r.starts_at),
      }),
    );
  }
  engine.write(ctx, { action: 'lockdown.end', reason: input.reason }, (tx) => {
    tx.put('lockdown', { id: r.id, status: 'ended', ended_at: at });
    logChange(engine, ctx, tx, {
      lockdownId: r.id,
      unitCode: r.unit_code,
      kind: 'ended',
      from: r.ends_at,
      to: at,
      reason: input.reason,
    });
  });
  return toLockdown(engine, requireLockdown(engine, r.id));
}

/** Lockdowns in place that end within a day, soonest first. */
export function reminders(engine: EngineContext, within: string | undefined): Output<'lockdowns.reminders'> {
  const now = engine.now();
  return lockdownRows(engine, { within })
    .filter((r) => endsSoon({ status: r.status, startsAt: r.starts_at, endsAt: r.ends_at }, now))
    .sort((a, b) => toMs(a.ends_at) - toMs(b.ends_at))
    .map((r) => {
      const minutesLeft = Math.max(0, Math.round((toMs(r.ends_at) - now) / 60_000));
      const h = Math.floor(minutesLeft / 60);
      const m = minutesLeft % 60;
      const left = { vi: h > 0 ? `${h} giờ ${m} phút` : `${m} phút`, en: h > 0 ? `${h} h ${m} min` : `${m} min` };
      const at = formatDateTime(r.ends_at);
      return {
        id: r.id,
        name: r.name,
        endsAt: r.ends_at,
        minutesLeft,
        message: {
          vi: `Phong tỏa “${r.name}” hết hạn lúc ${at} (còn ${left.vi}): gia hạn hay gỡ phong tỏa?`,
          en: `Lockdown “${r.name}” ends at ${at} (${left.en} left): extend it or end it?`,
        },
      };
    });
}

/** How far ahead a reminder looks (re-exported for the UI's polling interval). */
export const REMINDER_WINDOW_MS = REMIND_BEFORE_MS;
