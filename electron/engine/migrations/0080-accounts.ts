import type { Migration } from './types';

/**
 * Version 80: the office's local accounts and their sessions. Neither table is a synced entity:
 * accounts and password hashes never leave this database (sync bundles carry only the author's
 * display name, in the audit trail). Each hash keeps its scrypt parameters beside it, so the cost
 * can be raised later without locking anyone out. A session is stored by the SHA-256 of its
 * token, so a copy of the file holds no live session.
 */
export const migration0080: Migration = {
  version: 80,
  name: 'accounts',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        login TEXT NOT NULL COLLATE NOCASE UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'border', 'leader', 'viewer')),
        phone TEXT,
        posts TEXT NOT NULL DEFAULT '[]',
        communes TEXT NOT NULL DEFAULT '[]',
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        pw_algo TEXT NOT NULL CHECK (pw_algo = 'scrypt'),
        pw_n INTEGER NOT NULL,
        pw_r INTEGER NOT NULL,
        pw_p INTEGER NOT NULL,
        pw_keylen INTEGER NOT NULL,
        pw_salt BLOB NOT NULL,
        pw_hash BLOB NOT NULL,
        failed_count INTEGER NOT NULL DEFAULT 0,
        locked_until_ms INTEGER,
        created_at TEXT NOT NULL,
        password_changed_at TEXT
      ) STRICT;

      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        door TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sessions_account ON sessions(account_id);
    `);
  },
};
