import type { clustersApi } from '../../../shared/contract-clusters';
import { clusterRulesSchema } from '../../../shared/contract-clusters';
import type { EngineContext, HandlersOf } from '../context';
import { updateSetting } from '../settings/settings';
import {
  casesOf,
  CLUSTER_RULES_KEY,
  closeCluster,
  clusterRows,
  clusterRules,
  DEFAULT_CLUSTER_RULES,
  requireCluster,
  saveCluster,
  setCases,
  toCluster,
} from './clusters';
import {
  endLockdown,
  extendLockdown,
  historyOf,
  lockdownRows,
  reminders,
  requireLockdown,
  saveLockdown,
  toLockdown,
} from './lockdowns';
import { removeCluster, removeLockdown, restoreCluster, restoreLockdown } from './removal';

/** The methods of the clusters and lockdowns contract. */
export function clustersHandlers(engine: EngineContext): HandlersOf<typeof clustersApi> {
  return {
    'clusters.list': (input) => {
      const rules = clusterRules(engine);
      return clusterRows(engine, input).map((r) => toCluster(engine, r, rules));
    },
    'clusters.get': (input) => {
      const row = requireCluster(engine, input.id);
      const lockdowns = lockdownRows(engine, {})
        .filter((l) => l.cluster_id === row.id)
        .map((l) => toLockdown(engine, l));
      return {
        cluster: toCluster(engine, row),
        cases: casesOf(engine, row.id),
        lockdowns: lockdowns.map((l) => ({ id: l.id, name: l.name, state: l.state })),
      };
    },
    'clusters.save': (input, ctx) => saveCluster(engine, ctx, input),
    'clusters.setCases': (input, ctx) => setCases(engine, ctx, input),
    'clusters.close': (input, ctx) => closeCluster(engine, ctx, input),
    'clusters.remove': (input, ctx) => removeCluster(engine, ctx, input),
    'clusters.restore': (input, ctx) => restoreCluster(engine, ctx, input),
    'clusters.rules': () => clusterRules(engine),
    'clusters.setRules': (input, ctx) =>
      updateSetting(
        engine,
        ctx,
        {
          key: CLUSTER_RULES_KEY,
          action: 'clusters.rules',
          schema: clusterRulesSchema,
          fallback: DEFAULT_CLUSTER_RULES,
        },
        input,
      ),

    'lockdowns.list': (input) => {
      const all = lockdownRows(engine, input).map((r) => toLockdown(engine, r));
      return input.state ? all.filter((l) => l.state === input.state) : all;
    },
    'lockdowns.get': (input) => {
      const row = requireLockdown(engine, input.id);
      return { lockdown: toLockdown(engine, row), history: historyOf(engine, row.id) };
    },
    'lockdowns.save': (input, ctx) => saveLockdown(engine, ctx, input),
    'lockdowns.extend': (input, ctx) => extendLockdown(engine, ctx, input),
    'lockdowns.end': (input, ctx) => endLockdown(engine, ctx, input),
    'lockdowns.remove': (input, ctx) => removeLockdown(engine, ctx, input),
    'lockdowns.restore': (input, ctx) => restoreLockdown(engine, ctx, input),
    'lockdowns.reminders': (input) => reminders(engine, input.within),
  };
}
