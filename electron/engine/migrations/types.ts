import type Database from 'better-sqlite3';

/** One schema step. `up` runs inside a transaction; the runner sets `user_version`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
