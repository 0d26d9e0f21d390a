import type { Migration } from './types';

/**
 * Version 50: sync between district offices and the province.
 * - `sync_identity` (one row): this office's role and code and its Ed25519 key pair.
 * - `sync_peers`: the keys this office trusts, one per office code (the province registers each
 *   district; a district registers its province).
 * - `sync_sent`: bundles this office exported (seq, change-log range, hash, file) and whether the
 *   receiver acknowledged them.
 * - `sync_received`: bundles received per sender, applied or held back (waiting for a missing one).
 * - `sync_conflicts`: fields both sides changed (both values, both clocks, the winner).
 * - `sync_refusals`: bundles and changes refused, with the reason.
 * None of these is a synced entity: they describe sync itself and never travel.
 */
export const migration0050: Migration = {
  version: 50,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        role TEXT CHECK (role IS NULL OR role IN ('district', 'province')),
        office_code TEXT,
        public_key TEXT NOT NULL,
        private_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_peers (
        office_code TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('district', 'province')),
        node_id TEXT,
        public_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        trusted_at TEXT NOT NULL,
        trusted_how TEXT NOT NULL,
        last_ack TEXT
      ) STRICT;

      CREATE TABLE sync_sent (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('incremental', 'full')),
        since_seq INTEGER NOT NULL,
        until_seq INTEGER NOT NULL,
        change_count INTEGER NOT NULL,
        hash TEXT NOT NULL,
        file TEXT NOT NULL,
        created_at TEXT NOT NULL,
        acked_at TEXT
      ) STRICT;

      CREATE TABLE sync_received (
        office_code TEXT NOT NULL,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        hash TEXT NOT NULL,
        prev_hash TEXT,
        until_seq INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('applied', 'held', 'superseded')),
        held_file TEXT,
        change_count INTEGER NOT NULL,
        applied_count INTEGER NOT NULL DEFAULT 0,
        refused_count INTEGER NOT NULL DEFAULT 0,
        conflict_count INTEGER NOT NULL DEFAULT 0,
        hlc_max TEXT,
        manifest TEXT NOT NULL,
        received_at TEXT NOT NULL,
        applied_at TEXT,
        PRIMARY KEY (office_code, seq)
      ) STRICT;

      CREATE TABLE sync_conflicts (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        office_code TEXT NOT NULL,
        bundle_seq INTEGER NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        column_name TEXT NOT NULL,
        winner TEXT NOT NULL CHECK (winner IN ('local', 'remote')),
        local_value TEXT,
        local_hlc TEXT NOT NULL,
        local_node TEXT NOT NULL,
        remote_value TEXT,
        remote_hlc TEXT NOT NULL,
        remote_node TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sync_conflicts_entity ON sync_conflicts(entity, entity_id);

      CREATE TABLE sync_refusals (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        office_code TEXT,
        bundle_seq INTEGER,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        entity TEXT,
        entity_id TEXT,
        hlc TEXT,
        file TEXT
      ) STRICT;
      CREATE INDEX sync_refusals_office ON sync_refusals(office_code, id);
    `);
  },
};
