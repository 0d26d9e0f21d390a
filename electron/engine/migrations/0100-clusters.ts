import type { Migration } from './types';

/**
 * Version 100: outbreak clusters (with their cases per day) and temporary lockdowns (with the
 * history of their changes). Each row carries the unit it belongs to (`unit_code`: a commune, or
 * the district for an area over several communes), so sync decides from it which district owns
 * the row. A place or area is JSON: a point `[lon, lat]`, a GeoJSON polygon, or unit codes.
 * Like every synced table, each has `origin_hlc` (see migration 60). Instants are ISO strings with their zone; days are Vietnam days (`YYYY-MM-DD`). No foreign key
 * between clusters, lockdowns and posts: a bundle may carry a lockdown whose checkpoint another
 * office owns.
 */
export const migration0100: Migration = {
  version: 100,
  name: 'clusters',
  up(db) {
    db.exec(`
      CREATE TABLE clusters (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        unit_code TEXT NOT NULL REFERENCES units(code),
        place_kind TEXT NOT NULL CHECK (place_kind IN ('point', 'polygon', 'units')),
        place TEXT NOT NULL,
        opened_on TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'watching', 'closed')),
        closed_on TEXT,
        closed_by TEXT,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        origin_hlc TEXT
      ) STRICT;
      CREATE INDEX clusters_unit ON clusters(unit_code);

      CREATE TABLE cluster_cases (
        id TEXT PRIMARY KEY,
        cluster_id TEXT NOT NULL,
        unit_code TEXT NOT NULL REFERENCES units(code),
        day TEXT NOT NULL,
        count INTEGER NOT NULL CHECK (count >= 0),
        note TEXT NOT NULL DEFAULT '',
        entered_by TEXT NOT NULL,
        entered_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        origin_hlc TEXT
      ) STRICT;
      CREATE INDEX cluster_cases_cluster ON cluster_cases(cluster_id, day);

      CREATE TABLE lockdowns (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        unit_code TEXT NOT NULL REFERENCES units(code),
        area_kind TEXT NOT NULL CHECK (area_kind IN ('polygon', 'units')),
        area TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        cluster_id TEXT,
        post_ids TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
        ended_at TEXT,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        origin_hlc TEXT
      ) STRICT;
      CREATE INDEX lockdowns_unit ON lockdowns(unit_code);

      CREATE TABLE lockdown_changes (
        id TEXT PRIMARY KEY,
        lockdown_id TEXT NOT NULL,
        unit_code TEXT NOT NULL REFERENCES units(code),
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('created', 'extended', 'shortened', 'ended', 'edited')),
        from_ends_at TEXT,
        to_ends_at TEXT,
        reason TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        origin_hlc TEXT
      ) STRICT;
      CREATE INDEX lockdown_changes_lockdown ON lockdown_changes(lockdown_id, at);
    `);
  },
};
