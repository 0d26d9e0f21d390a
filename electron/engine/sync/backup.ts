import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

/** How many import backups to keep per database (oldest removed first). */
export const BACKUPS_KEPT = 10;

/** The folder beside a database where sync keeps its files: `<name>-sync/`. */
export function syncDir(dbPath: string, sub: 'backups' | 'held' | 'outbox' | 'inbox'): string {
  const abs = path.resolve(dbPath);
  const base = path.basename(abs).replace(/\.[^.]*$/, '');
  return path.join(path.dirname(abs), `${base}-sync`, sub);
}

/**
 * Copies the database (a consistent snapshot, WAL included) before an import, atomically: VACUUM
 * INTO a temp name, fsync, rename. Keeps the newest {@link BACKUPS_KEPT}.
 */
export function backupDatabase(db: Database.Database, dbPath: string, label: string, now: number): string {
  const dir = syncDir(dbPath, 'backups');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const base = path.basename(dbPath).replace(/\.[^.]*$/, '');
  const file = path.join(dir, `${base}-${stamp}-truoc-khi-nhap-${label.replace(/[^0-9A-Za-z-]/g, '_')}.sqlite`);
  const tmp = `${file}.tmp`;
  fs.rmSync(tmp, { force: true });
  db.prepare('VACUUM INTO ?').run(tmp);
  const fd = fs.openSync(tmp, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const all = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sqlite'))
    .sort();
  for (const old of all.slice(0, Math.max(0, all.length - BACKUPS_KEPT)))
    fs.rmSync(path.join(dir, old), { force: true });
  return file;
}
