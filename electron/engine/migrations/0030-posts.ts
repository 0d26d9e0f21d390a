import type { Migration } from './types';

/**
 * Version 30: checkpoints and border posts (posts), their shift logs and incidents.
 * Instants are UTC ISO strings; shift dates are Vietnam-time pattern days (shared/posts.ts).
 * Logs and incidents carry their post's commune at the time of writing: sync decides from it which
 * district owns the row.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'posts',
  up(db) {
    db.exec(`
      CREATE TABLE posts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('checkpoint', 'border_post', 'control_point', 'quarantine_gate')),
        name TEXT NOT NULL,
        parent_id TEXT REFERENCES posts(id),
        lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
        lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
        commune_code TEXT REFERENCES units(code),
        status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'stood_down')),
        status_since TEXT,
        opened_on TEXT,
        commander TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        staff_police INTEGER NOT NULL DEFAULT 0 CHECK (staff_police >= 0),
        staff_military INTEGER NOT NULL DEFAULT 0 CHECK (staff_military >= 0),
        staff_border_guard INTEGER NOT NULL DEFAULT 0 CHECK (staff_border_guard >= 0),
        staff_health INTEGER NOT NULL DEFAULT 0 CHECK (staff_health >= 0),
        staff_volunteer INTEGER NOT NULL DEFAULT 0 CHECK (staff_volunteer >= 0),
        shifts_per_day INTEGER NOT NULL DEFAULT 3 CHECK (shifts_per_day IN (1, 2, 3, 4, 6, 8, 12)),
        first_shift_start TEXT NOT NULL DEFAULT '06:00',
        border_segment TEXT NOT NULL DEFAULT '',
        markers TEXT NOT NULL DEFAULT '',
        neighbour_country TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE INDEX posts_commune ON posts(commune_code);

      CREATE TABLE post_logs (
        id TEXT PRIMARY KEY,
        post_id TEXT NOT NULL REFERENCES posts(id),
        commune_code TEXT REFERENCES units(code),
        shift_date TEXT NOT NULL,
        shift_no INTEGER NOT NULL CHECK (shift_no >= 1),
        shift_start TEXT NOT NULL,
        shift_end TEXT NOT NULL,
        people_checked INTEGER NOT NULL DEFAULT 0 CHECK (people_checked >= 0),
        vehicles_checked INTEGER NOT NULL DEFAULT 0 CHECK (vehicles_checked >= 0),
        turned_back INTEGER NOT NULL DEFAULT 0 CHECK (turned_back >= 0),
        health_declarations INTEGER NOT NULL DEFAULT 0 CHECK (health_declarations >= 0),
        temp_alerts INTEGER NOT NULL DEFAULT 0 CHECK (temp_alerts >= 0),
        test_alerts INTEGER NOT NULL DEFAULT 0 CHECK (test_alerts >= 0),
        note TEXT NOT NULL DEFAULT '',
        logged_by TEXT NOT NULL,
        logged_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE INDEX post_logs_post ON post_logs(post_id, shift_date, shift_no);
      CREATE INDEX post_logs_date ON post_logs(shift_date);

      CREATE TABLE post_incidents (
        id TEXT PRIMARY KEY,
        post_id TEXT NOT NULL REFERENCES posts(id),
        log_id TEXT REFERENCES post_logs(id),
        commune_code TEXT REFERENCES units(code),
        type TEXT NOT NULL CHECK (type IN ('illegal_entry', 'forcing', 'false_papers', 'other')),
        at TEXT NOT NULL,
        place TEXT NOT NULL DEFAULT '',
        people INTEGER NOT NULL DEFAULT 0 CHECK (people >= 0),
        handling TEXT NOT NULL CHECK (handling IN ('quarantine', 'fined', 'returned', 'other')),
        note TEXT NOT NULL DEFAULT '',
        lon REAL,
        lat REAL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE INDEX post_incidents_post ON post_incidents(post_id, at);
      CREATE INDEX post_incidents_at ON post_incidents(at);
    `);
  },
};
