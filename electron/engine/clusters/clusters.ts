/** Outbreak clusters: SQL, row mapping, the 28-day suggestion, and the writes. */
import crypto from 'node:crypto';
import type { Input } from '../../../shared/contract';
import type { Cluster, ClusterRules } from '../../../shared/contract-clusters';
import { clusterRulesSchema } from '../../../shared/contract-clusters';
import {
  closeSuggestion,
  closeSuggestionText,
  type ClusterStatus,
  DEFAULT_CLOSE_AFTER_DAYS,
} from '../../../shared/clusters';
import { EngineError, msg } from '../../../shared/result';
import { addDays, formatDate, vnToday } from '../../../shared/time';
import type { CallContext, EngineContext } from '../context';
import type { Row } from '../entities';
import { readSetting } from '../settings/settings';
import { caseWarnings } from './checks';
import { drawPlace, placeOf, resolvePlace, scopeFilter } from './place';

/** The settings key of the cluster rules. */
export const CLUSTER_RULES_KEY = 'clusterRules';
/** The rules where none were set. */
export const DEFAULT_CLUSTER_RULES: ClusterRules = { closeAfterDays: DEFAULT_CLOSE_AFTER_DAYS };

/** A clusters row with its case figures, as the list query returns it. */
export interface ClusterRow {
  id: string;
  name: string;
  unit_code: string;
  unit_name: string | null;
  place_kind: string;
  place: string;
  opened_on: string;
  status: ClusterStatus;
  closed_on: string | null;
  closed_by: string | null;
  note: string;
  total: number;
  active: number;
  last_case: string | null;
}

/** The cluster rules (settings). */
export function clusterRules(engine: EngineContext): ClusterRules {
  return readSetting(engine.db, CLUSTER_RULES_KEY, clusterRulesSchema, DEFAULT_CLUSTER_RULES);
}

/** Live clusters (under `within`, with `status`), each with its case totals, newest opening first. */
export function clusterRows(
  engine: EngineContext,
  filter: { within?: string | undefined; status?: ClusterStatus | undefined; id?: string },
): ClusterRow[] {
  const rules = clusterRules(engine);
  const since = addDays(vnToday(engine.now()), -rules.closeAfterDays + 1);
  const { cte, cteParams, where, params } = scopeFilter(engine, 'c', filter);
  if (filter.status) {
    where.push('c.status = ?');
    params.push(filter.status);
  }
  return engine.db
    .prepare(
      `${cte} SELECT c.id, c.name, c.unit_code, CASE WHEN u.level = 'hamlet' THEN u.name || ', ' || pu.name ELSE u.name END AS unit_name, c.place_kind, c.place, c.opened_on, c.status,
         c.closed_on, c.closed_by, c.note,
         coalesce(sum(k.count), 0) AS total,
         coalesce(sum(CASE WHEN k.day >= ? THEN k.count END), 0) AS active,
         max(CASE WHEN k.count > 0 THEN k.day END) AS last_case
       FROM clusters c
       LEFT JOIN units u ON u.code = c.unit_code
       LEFT JOIN units pu ON pu.code = u.parent_code
       LEFT JOIN cluster_cases k ON k.cluster_id = c.id AND k.deleted = 0
       WHERE ${where.join(' AND ')}
       GROUP BY c.id ORDER BY c.opened_on DESC, c.name`,
    )
    .all(...cteParams, since, ...params) as ClusterRow[];
}

/** A row as the contract's cluster. */
export function toCluster(engine: EngineContext, r: ClusterRow, rules = clusterRules(engine)): Cluster {
  const place = placeOf(r.place_kind, r.place);
  const drawn = drawPlace(engine, place);
  const s = closeSuggestion({
    openedOn: r.opened_on,
    lastCaseDay: r.last_case,
    status: r.status,
    today: vnToday(engine.now()),
    closeAfterDays: rules.closeAfterDays,
  });
  return {
    id: r.id,
    name: r.name,
    unitCode: r.unit_code,
    unitName: r.unit_name ?? r.unit_code,
    place,
    geometry: drawn.geometry,
    center: drawn.center,
    openedOn: r.opened_on,
    status: r.status,
    closedOn: r.closed_on,
    closedBy: r.closed_by,
    note: r.note,
    totalCases: r.total,
    activeCases: r.status === 'closed' ? 0 : r.active,
    ...s,
    suggestion: closeSuggestionText(s),
    warnings: caseWarnings(engine, r),
  };
}

/** A live cluster, or not-found naming the id. */
export function requireCluster(engine: EngineContext, id: string): ClusterRow {
  const row = clusterRows(engine, { id })[0];
  if (!row) throw new EngineError('not-found', msg('Không có ổ dịch mã {id}', 'No cluster with id {id}', { id }));
  return row;
}

function checkDay(engine: EngineContext, day: string, what: { vi: string; en: string }, name: string): void {
  const today = vnToday(engine.now());
  if (day > today) {
    throw new EngineError(
      'bad-request',
      msg(
        '{name}: {what} {day} là ngày trong tương lai (hôm nay {today})',
        '{name}: {what} {day} is in the future (today is {today})',
        {
          name,
          what: what.vi,
          day: formatDate(day),
          today: formatDate(today),
        },
      ),
    );
  }
}

/** Creates or edits a cluster (closing is {@link closeCluster}; saving a closed one reopens it). */
export function saveCluster(engine: EngineContext, ctx: CallContext, input: Input<'clusters.save'>): Cluster {
  const existing = input.id ? requireCluster(engine, input.id) : null;
  checkDay(engine, input.openedOn, { vi: 'ngày phát hiện', en: 'opening day' }, input.name);
  const place = resolvePlace(engine, input.name, input.place);
  const id = existing?.id ?? crypto.randomUUID();
  const row: Row = {
    id,
    name: input.name,
    unit_code: place.unitCode,
    place_kind: place.kind,
    place: place.json,
    opened_on: input.openedOn,
    status: input.status,
    closed_on: null,
    closed_by: null,
    note: input.note,
  };
  if (!existing) {
    row['created_at'] = new Date(engine.now()).toISOString();
    row['deleted'] = 0;
  }
  const action = !existing ? 'cluster.create' : existing.status === 'closed' ? 'cluster.reopen' : 'cluster.update';
  engine.write(ctx, { action, reason: input.reason ?? null }, (tx) => {
    tx.put('cluster', row);
    // The cases travel with the cluster's unit, so a moved cluster moves them too.
    if (existing && existing.unit_code !== place.unitCode) {
      const cases = engine.db.prepare('SELECT id FROM cluster_cases WHERE cluster_id = ?').pluck().all(id) as string[];
      for (const c of cases) tx.put('clusterCases', { id: c, unit_code: place.unitCode });
    }
  });
  return toCluster(engine, requireCluster(engine, id));
}

/** Sets the number of cases linked to a cluster on one day (0 removes the day's cases). */
export function setCases(engine: EngineContext, ctx: CallContext, input: Input<'clusters.setCases'>): Cluster {
  const c = requireCluster(engine, input.id);
  checkDay(engine, input.day, { vi: 'ngày có ca', en: 'case day' }, c.name);
  if (input.day < c.opened_on) {
    throw new EngineError(
      'bad-request',
      msg(
        '{name}: ngày {day} trước ngày phát hiện ổ dịch {opened}',
        '{name}: {day} is before the cluster was opened ({opened})',
        {
          name: c.name,
          day: formatDate(input.day),
          opened: formatDate(c.opened_on),
        },
      ),
    );
  }
  engine.write(ctx, { action: 'cluster.cases', reason: input.reason ?? null }, (tx) =>
    tx.put('clusterCases', {
      // One row per cluster and day: entering a day again corrects it (the audit keeps the old value).
      id: `${c.id}:${input.day}`,
      cluster_id: c.id,
      unit_code: c.unit_code,
      day: input.day,
      count: input.count,
      note: input.note,
      entered_by: engine.actorOf(ctx),
      entered_at: new Date(engine.now()).toISOString(),
      deleted: 0,
    }),
  );
  return toCluster(engine, requireCluster(engine, c.id));
}

/** Declares a cluster over (the operator's decision; the 28-day rule only suggests it). */
export function closeCluster(engine: EngineContext, ctx: CallContext, input: Input<'clusters.close'>): Cluster {
  const c = requireCluster(engine, input.id);
  if (c.status === 'closed') {
    throw new EngineError(
      'bad-request',
      msg('{name} đã kết thúc ngày {day}', '{name} was already closed on {day}', {
        name: c.name,
        day: formatDate(c.closed_on ?? ''),
      }),
    );
  }
  const day = input.day ?? vnToday(engine.now());
  checkDay(engine, day, { vi: 'ngày kết thúc', en: 'closing day' }, c.name);
  if (day < c.opened_on) {
    throw new EngineError(
      'bad-request',
      msg(
        '{name}: ngày kết thúc {day} trước ngày phát hiện {opened}',
        '{name}: closing day {day} is before the opening day {opened}',
        {
          name: c.name,
          day: formatDate(day),
          opened: formatDate(c.opened_on),
        },
      ),
    );
  }
  engine.write(ctx, { action: 'cluster.close', reason: input.reason }, (tx) =>
    tx.put('cluster', { id: c.id, status: 'closed', closed_on: day, closed_by: engine.actorOf(ctx) }),
  );
  return toCluster(engine, requireCluster(engine, c.id));
}

/** The days with cases linked to a cluster, oldest first. */
export function casesOf(engine: EngineContext, id: string): { day: string; count: number; note: string }[] {
  return engine.db
    .prepare(
      'SELECT day, count, note FROM cluster_cases WHERE cluster_id = ? AND deleted = 0 AND count > 0 ORDER BY day',
    )
    .all(id) as { day: string; count: number; note: string }[];
}
