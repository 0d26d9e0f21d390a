import type { Migration } from './types';

/** The synced tables as of version 60 (a migration never reads ENTITIES: it must not change later). */
const TABLES = [
  'units',
  'settings',
  'assessments',
  'risk_figures',
  'people',
  'assignments',
  'steering_teams',
  'community_teams',
  'posts',
  'post_logs',
  'post_incidents',
] as const;

/**
 * Version 60: `origin_hlc` on every synced table. When a bundle creates a record this office has
 * never seen, whole (every column in one change), the record keeps that change's clock here
 * instead of a copy of the change in `changes`: the row itself is the change's values, and the
 * clock ends with the sender's node id. The merge rule reads it as the record's first change.
 * Received changes to records that already exist still go into `changes`, as do all local ones.
 * Null for records created here. Writing the received change log row per record was more than
 * half of a bulk import's cost (see README, "Sync speed").
 */
export const migration0060: Migration = {
  version: 60,
  name: 'sync-origin',
  up(db) {
    for (const t of TABLES) db.exec(`ALTER TABLE ${t} ADD COLUMN origin_hlc TEXT`);
  },
};
