import path from 'node:path';
import type Database from 'better-sqlite3';
import { backupBeforeImport } from '../backup/create';

/** The folder beside a database where sync keeps its files: `<name>-sync/`. */
export function syncDir(dbPath: string, sub: 'held' | 'outbox' | 'inbox'): string {
  const abs = path.resolve(dbPath);
  const base = path.basename(abs).replace(/\.[^.]*$/, '');
  return path.join(path.dirname(abs), `${base}-sync`, sub);
}

/**
 * Backs the database up before a bundle import through the one backup mechanism
 * (electron/engine/backup: verified, compressed, atomic, kept by the retention setting) and
 * returns the file. A failed backup throws: the bundle is not applied without a copy.
 */
export function backupDatabase(db: Database.Database, dbPath: string, now: number): string {
  return backupBeforeImport({ db, dbPath, now: () => now }).file;
}
