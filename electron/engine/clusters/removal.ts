/**
 * Removing a cluster or lockdown entered by mistake, and the undo: a soft delete (`deleted = 1`)
 * through the write path, so the audit keeps who and why and the next sync bundle takes the removal
 * to the province. A cluster's cases stay with it (hidden with it, back with it).
 *
 * A lockdown linked to a removed cluster is not refused and not removed with it: the lockdown is a
 * fact on the ground (a closed area, guarded checkpoints), so it keeps its record and loses the link,
 * with an entry in its history naming the cluster and the reason. Restoring the cluster relinks the
 * lockdowns the caller names (the undo passes those the removal unlinked).
 */
import type { Input, Output } from '../../../shared/contract';
import type { Cluster, Lockdown } from '../../../shared/contract-clusters';
import { EngineError, msg } from '../../../shared/result';
import type { CallContext, EngineContext } from '../context';
import { requireCluster, toCluster } from './clusters';
import { logChange, lockdownRows, requireLockdown, toLockdown } from './lockdowns';

interface Removed {
  id: string;
  name: string;
  unit_code: string;
  deleted: number;
}

/** A row of `table` by id, live or removed; not-found when there is none. */
function anyRow(engine: EngineContext, table: 'clusters' | 'lockdowns', id: string): Removed {
  const row = engine.db.prepare(`SELECT id, name, unit_code, deleted FROM ${table} WHERE id = ?`).get(id) as
    Removed | undefined;
  if (!row) {
    throw new EngineError(
      'not-found',
      table === 'clusters'
        ? msg('Không có ổ dịch mã {id}', 'No cluster with id {id}', { id })
        : msg('Không có phong tỏa mã {id}', 'No lockdown with id {id}', { id }),
    );
  }
  return row;
}

/** A removed row (to restore), or bad-request when it is still there. */
function requireRemoved(engine: EngineContext, table: 'clusters' | 'lockdowns', id: string): Removed {
  const row = anyRow(engine, table, id);
  if (row.deleted === 0) {
    throw new EngineError(
      'bad-request',
      msg('{name} chưa bị xóa, không có gì để khôi phục', '{name} was not removed; nothing to restore', {
        name: row.name,
      }),
    );
  }
  return row;
}

/** Removes a cluster; its linked lockdowns stay, unlinked, each with a history entry. */
export function removeCluster(
  engine: EngineContext,
  ctx: CallContext,
  input: Input<'clusters.remove'>,
): Output<'clusters.remove'> {
  const c = requireCluster(engine, input.id);
  const linked = lockdownRows(engine, {}).filter((l) => l.cluster_id === c.id);
  engine.write(ctx, { action: 'cluster.delete', reason: input.reason }, (tx) => {
    tx.put('cluster', { id: c.id, deleted: 1 });
    for (const l of linked) {
      tx.put('lockdown', { id: l.id, cluster_id: null });
      logChange(engine, ctx, tx, {
        lockdownId: l.id,
        unitCode: l.unit_code,
        kind: 'edited',
        from: null,
        to: null,
        reason: `Bỏ liên kết ổ dịch “${c.name}” (ổ dịch bị xóa): ${input.reason}`,
      });
    }
  });
  return { id: c.id, name: c.name, unlinkedLockdownIds: linked.map((l) => l.id) };
}

/** Brings a removed cluster back and relinks the named lockdowns that have no cluster now. */
export function restoreCluster(engine: EngineContext, ctx: CallContext, input: Input<'clusters.restore'>): Cluster {
  const c = requireRemoved(engine, 'clusters', input.id);
  const relink = input.relinkLockdownIds
    .map((id) => lockdownRows(engine, { id })[0])
    .filter((l) => l !== undefined && l.cluster_id === null);
  engine.write(ctx, { action: 'cluster.restore', reason: input.reason }, (tx) => {
    tx.put('cluster', { id: c.id, deleted: 0 });
    for (const l of relink) {
      tx.put('lockdown', { id: l!.id, cluster_id: c.id });
      logChange(engine, ctx, tx, {
        lockdownId: l!.id,
        unitCode: l!.unit_code,
        kind: 'edited',
        from: null,
        to: null,
        reason: `Liên kết lại ổ dịch “${c.name}” (khôi phục): ${input.reason}`,
      });
    }
  });
  return toCluster(engine, requireCluster(engine, c.id));
}

/** Removes a lockdown (its history stays with it, for a restore). */
export function removeLockdown(
  engine: EngineContext,
  ctx: CallContext,
  input: Input<'lockdowns.remove'>,
): Output<'lockdowns.remove'> {
  const l = requireLockdown(engine, input.id);
  engine.write(ctx, { action: 'lockdown.delete', reason: input.reason }, (tx) =>
    tx.put('lockdown', { id: l.id, deleted: 1 }),
  );
  return { id: l.id, name: l.name };
}

/** Brings a removed lockdown back as it was. */
export function restoreLockdown(engine: EngineContext, ctx: CallContext, input: Input<'lockdowns.restore'>): Lockdown {
  const l = requireRemoved(engine, 'lockdowns', input.id);
  engine.write(ctx, { action: 'lockdown.restore', reason: input.reason }, (tx) =>
    tx.put('lockdown', { id: l.id, deleted: 0 }),
  );
  return toLockdown(engine, requireLockdown(engine, l.id));
}
