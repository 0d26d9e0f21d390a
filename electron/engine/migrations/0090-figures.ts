import type { Migration } from './types';

/**
 * Version 90: daily figures, one row per commune (or hamlet) and Vietnam day. The key is
 * `<unit code>|<day>`, so the same day of the same unit is the same record at every office (sync
 * merges it per field) and a unit's days lie together in the primary key (a trend is one range
 * scan). `commune_code` and `district_code` are copied from the unit tree (codes are never reused
 * or moved) so the national aggregate reads one covering index, without joins.
 */
export const migration0090: Migration = {
  version: 90,
  name: 'figures',
  up(db) {
    db.exec(`
      CREATE TABLE daily_figures (
        id TEXT NOT NULL PRIMARY KEY,
        unit_code TEXT NOT NULL,
        commune_code TEXT NOT NULL,
        district_code TEXT NOT NULL,
        day TEXT NOT NULL,
        f0_community INTEGER,
        f0_quarantine INTEGER,
        f1_traced INTEGER,
        samples INTEGER,
        positives INTEGER,
        q_facility_in INTEGER,
        q_facility_new INTEGER,
        q_facility_released INTEGER,
        q_health_in INTEGER,
        q_health_new INTEGER,
        q_health_released INTEGER,
        q_home_in INTEGER,
        q_home_new INTEGER,
        q_home_released INTEGER,
        dose1 INTEGER,
        dose2 INTEGER,
        dose_booster INTEGER,
        deaths INTEGER,
        recoveries INTEGER,
        entered_by TEXT NOT NULL DEFAULT '',
        entered_at TEXT NOT NULL DEFAULT '',
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        origin_hlc TEXT
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX daily_figures_day ON daily_figures(day, commune_code, f0_community);
    `);
  },
};
