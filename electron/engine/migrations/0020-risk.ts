import type { Migration } from './types';

/** Version 20: risk assessments (levels with effective time and reason) and weekly figures. */
export const migration0020: Migration = {
  version: 20,
  name: 'risk',
  up(db) {
    db.exec(`
      CREATE TABLE assessments (
        id TEXT PRIMARY KEY,
        batch_id TEXT NOT NULL,
        unit_code TEXT NOT NULL REFERENCES units(code),
        level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
        effective_from TEXT NOT NULL,
        reason TEXT NOT NULL,
        set_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE INDEX assessments_unit ON assessments(unit_code, effective_from);
      CREATE INDEX assessments_batch ON assessments(batch_id);

      CREATE TABLE risk_figures (
        id TEXT PRIMARY KEY,
        unit_code TEXT NOT NULL REFERENCES units(code),
        as_of TEXT NOT NULL,
        population INTEGER,
        new_cases_7d INTEGER NOT NULL CHECK (new_cases_7d >= 0),
        vaccine_pct REAL CHECK (vaccine_pct IS NULL OR (vaccine_pct >= 0 AND vaccine_pct <= 100)),
        capacity_ok INTEGER CHECK (capacity_ok IS NULL OR capacity_ok IN (0, 1)),
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE INDEX risk_figures_unit ON risk_figures(unit_code, as_of);
    `);
  },
};
