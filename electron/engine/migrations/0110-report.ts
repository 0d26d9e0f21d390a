import type { Migration } from './types';

/**
 * Version 110: the 14:00 daily report, one per district per Vietnam day (`id` is
 * `bc-<district>-<day>`, so the district and the province name the same record). Figures, the
 * teams' work, the field-work log and the recipients are JSON in the row: a report is written by
 * its district alone, as a whole, so per-column merging in sync is the right granularity.
 */
export const migration0110: Migration = {
  version: 110,
  name: 'daily-report',
  up(db) {
    db.exec(`
      CREATE TABLE daily_reports (
        id TEXT PRIMARY KEY,
        district_code TEXT NOT NULL REFERENCES units(code),
        day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        figures TEXT NOT NULL DEFAULT '{}',
        teams TEXT NOT NULL DEFAULT '{}',
        field_work TEXT NOT NULL DEFAULT '[]',
        difficulties TEXT NOT NULL DEFAULT '',
        proposals TEXT NOT NULL DEFAULT '',
        prepared_by TEXT NOT NULL DEFAULT '',
        approved_by TEXT NOT NULL DEFAULT '',
        approved_at TEXT,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent')),
        sent_at TEXT,
        late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
        doc_number TEXT NOT NULL DEFAULT '',
        doc_symbol TEXT NOT NULL DEFAULT '',
        issuer TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT '',
        recipients TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        -- The clock of the received change that created the row here (see migration 60).
        origin_hlc TEXT
      ) STRICT;
      CREATE INDEX daily_reports_day ON daily_reports(day, district_code);
    `);
  },
};
