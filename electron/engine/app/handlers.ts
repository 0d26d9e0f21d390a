import type { coreApi, Output } from '../../../shared/contract';
import { UNIT_LEVELS, type UnitLevel } from '../../../shared/units';
import { APP_VERSION, type EngineContext, type HandlersOf } from '../context';
import { SCHEMA_VERSION } from '../migrations/index';
import { TRAINING_PROVINCE_CODE } from '../units/training';

/** The methods that describe the app and its database. */
export type AppApi = Pick<typeof coreApi, 'app.info' | 'units.stats'>;

/** What the app is, and how much its database holds. */
export function appHandlers(engine: EngineContext): HandlersOf<AppApi> {
  const db = engine.db;
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  return {
    'app.info': () => {
      // Every training code starts with the training province's code, which GSO never issued.
      const counts = db
        .prepare('SELECT count(*) AS n, sum(code NOT LIKE ?) AS real FROM units WHERE deleted = 0')
        .get(`${TRAINING_PROVINCE_CODE}%`) as { n: number; real: number | null };
      return {
        appVersion: APP_VERSION,
        schemaVersion: SCHEMA_VERSION,
        nodeId: engine.nodeId,
        dbPath: engine.dbPath,
        trainingOnly: counts.n > 0 && (counts.real ?? 0) === 0,
        unitCount: counts.n,
      };
    },

    'units.stats': () => {
      const rows = db
        .prepare(
          'SELECT level, count(*) AS total, sum(geometry IS NOT NULL) AS withGeometry FROM units WHERE deleted = 0 GROUP BY level',
        )
        .all() as { level: UnitLevel; total: number; withGeometry: number }[];
      const units = Object.fromEntries(
        UNIT_LEVELS.map((l) => [l, { total: 0, withGeometry: 0 }]),
      ) as Output<'units.stats'>['units'];
      for (const r of rows) units[r.level] = { total: r.total, withGeometry: r.withGeometry };
      return {
        units,
        changes: count('SELECT count(*) AS n FROM changes'),
        audit: count('SELECT count(*) AS n FROM audit'),
      };
    },
  };
}
