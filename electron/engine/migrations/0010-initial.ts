import type { Migration } from './types';

/** Version 10: metadata, administrative units, settings, the audit trail and the change log. */
export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE units (
        code TEXT PRIMARY KEY,
        level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune', 'hamlet')),
        parent_code TEXT REFERENCES units(code),
        name TEXT NOT NULL,
        type TEXT NOT NULL DEFAULT '',
        population INTEGER,
        households INTEGER,
        geometry TEXT,
        label_lon REAL,
        label_lat REAL,
        min_lon REAL,
        min_lat REAL,
        max_lon REAL,
        max_lat REAL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE INDEX units_parent ON units(parent_code);
      CREATE INDEX units_level ON units(level);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        before TEXT,
        after TEXT,
        reason TEXT,
        hlc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_entity ON audit(entity, entity_id);

      CREATE TABLE changes (
        seq INTEGER PRIMARY KEY,
        hlc TEXT NOT NULL UNIQUE,
        node_id TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX changes_entity ON changes(entity, entity_id);
    `);
  },
};
