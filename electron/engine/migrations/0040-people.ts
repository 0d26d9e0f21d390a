import type { Migration } from './types';

/**
 * Version 40: leaders and teams. People (the register), direct assignments to communes and hamlets
 * with a period (history kept: ended ones stay, deletes are tombstones), steering teams and
 * community COVID teams. A team's member list and a steering team's areas are JSON arrays in the
 * team row: a team is edited as a whole by the one command centre that owns it, so column-level
 * last-writer-wins in sync is the right granularity.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'people',
  up(db) {
    db.exec(`
      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        full_name TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
        position TEXT NOT NULL DEFAULT '',
        committee_level TEXT CHECK (committee_level IS NULL OR committee_level IN ('province', 'district', 'commune')),
        unit_code TEXT REFERENCES units(code),
        phones TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;

      CREATE TABLE assignments (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES people(id),
        unit_code TEXT NOT NULL REFERENCES units(code),
        role TEXT NOT NULL CHECK (role IN ('truong-to', 'thanh-vien', 'phu-trach')),
        from_date TEXT NOT NULL,
        to_date TEXT CHECK (to_date IS NULL OR to_date >= from_date),
        notes TEXT NOT NULL DEFAULT '',
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE INDEX assignments_unit ON assignments(unit_code);
      CREATE INDEX assignments_person ON assignments(person_id);

      CREATE TABLE steering_teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        leader_id TEXT REFERENCES people(id),
        member_ids TEXT NOT NULL DEFAULT '[]',
        area_codes TEXT NOT NULL DEFAULT '[]',
        from_date TEXT NOT NULL,
        to_date TEXT CHECK (to_date IS NULL OR to_date >= from_date),
        notes TEXT NOT NULL DEFAULT '',
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;

      CREATE TABLE community_teams (
        id TEXT PRIMARY KEY,
        hamlet_code TEXT NOT NULL REFERENCES units(code),
        name TEXT NOT NULL,
        leader_id TEXT REFERENCES people(id),
        members TEXT NOT NULL DEFAULT '[]',
        households INTEGER CHECK (households IS NULL OR households >= 0),
        decision_number TEXT NOT NULL DEFAULT '',
        decision_date TEXT,
        notes TEXT NOT NULL DEFAULT '',
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE INDEX community_teams_hamlet ON community_teams(hamlet_code);
    `);
  },
};
