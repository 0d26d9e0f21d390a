/**
 * Making a backup — the one mechanism every backup goes through (daily, before an import or a
 * bundle, before a restore, on request):
 *
 * 1. a consistent snapshot into a temp file in the backup folder;
 * 2. `PRAGMA integrity_check` on that copy, on its own read-only connection (refused if not ok),
 *    and the key tables counted from it;
 * 3. gzip, written atomically (temp, fsync, rename) as `<name>-<Vietnam date-time>-<reason>.sqlite.gz`;
 * 4. the oldest beyond the retention setting removed; the outcome recorded in the status file.
 *
 * Two ways to take the snapshot, both a single consistent read of the database:
 * - {@link createBackupAsync} uses better-sqlite3's online backup (`db.backup`), which copies pages
 *   a batch per event-loop turn, so the engine keeps answering while a large database is copied
 *   (the daily backup);
 * - {@link createBackup} is synchronous, for backups made INSIDE a synchronous handler (before an
 *   import, a bundle or a restore: every contract handler is synchronous, and the import must not
 *   start before its backup is on disk). better-sqlite3's online backup is Promise-only, so this
 *   uses `VACUUM INTO`, SQLite's synchronous copy in one read transaction.
 * Everything after the snapshot is shared.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type Database from 'better-sqlite3';
import type { BackupInfo, BackupReason } from '../../../shared/contract-backup';
import { EngineError, msg, toErrorResult } from '../../../shared/result';
import { writeFileAtomic } from '../atomic-write';
import { countRows, inspectCopy } from './copy';
import {
  backupDir,
  listBackups,
  newBackupPath,
  parseBackupName,
  pruneBackups,
  recordStatus,
  statusTime,
  writeSidecar,
} from './files';
import { backupSettings } from './settings';

/** The fastest gzip level: pages of SQLite text compress well even so (national bench: 131 MB → 39 MB), and the copy holds the engine for less time. */
export const GZIP_LEVEL = 1;

/** What a backup needs of the engine (sync's importer has no EngineContext, only these). */
export interface BackupSource {
  readonly db: Database.Database;
  readonly dbPath: string;
  readonly now: () => number;
}

function tempCopyPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp.sqlite`);
}

/** Steps 2–4: verify the snapshot `tmp`, compress it to `file`, prune, record. */
function finish(src: BackupSource, tmp: string, file: string, reason: BackupReason): BackupInfo {
  const facts = inspectCopy(tmp, path.basename(file));
  writeFileAtomic(file, zlib.gzipSync(fs.readFileSync(tmp), { level: GZIP_LEVEL }));
  writeSidecar(file, facts);
  const s = backupSettings(src.db);
  pruneBackups(src.dbPath, s.keepDaily, s.keepOther);
  const at = parseBackupName(path.basename(file))!.at;
  recordStatus(src.dbPath, { lastSuccess: { at, file, reason }, lastFailure: null });
  return {
    file,
    fileName: path.basename(file),
    at,
    bytes: fs.statSync(file).size,
    reason,
    schemaVersion: facts.schemaVersion,
    counts: facts.counts,
  };
}

/** Records the failure for the doors and returns the error to throw (an EngineError naming the cause). */
function failed(src: BackupSource, reason: BackupReason, err: unknown): EngineError {
  const cause = toErrorResult(err).error;
  const error =
    err instanceof EngineError
      ? err
      : new EngineError(
          'db-error',
          msg('Sao lưu ({reason}) không thành công: {cause}', 'Backup ({reason}) failed: {cause}', {
            reason,
            cause: err instanceof Error ? err.message : cause.message,
          }),
        );
  recordStatus(src.dbPath, {
    lastFailure: { at: statusTime(src.now()), reason, code: error.code, text: error.text },
  });
  return error;
}

/** Temp copies older than this were left by a process that died mid-backup: removed. */
const STALE_TEMP_MS = 6 * 60 * 60_000;

function removeStaleTemps(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (!/^\..*\.tmp(\.sqlite)?(-wal|-shm|-journal)?$/.test(name)) continue;
    const file = path.join(dir, name);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > STALE_TEMP_MS) fs.rmSync(file, { force: true });
    } catch {
      // another process removed it first
    }
  }
}

function prepare(src: BackupSource, reason: BackupReason): { file: string; tmp: string } {
  fs.mkdirSync(backupDir(src.dbPath), { recursive: true });
  removeStaleTemps(backupDir(src.dbPath));
  const file = newBackupPath(src.dbPath, reason, src.now());
  const tmp = tempCopyPath(file);
  fs.rmSync(tmp, { force: true });
  return { file, tmp };
}

/**
 * Makes a verified backup synchronously (see the module comment) and returns it. A failure is
 * recorded (`backup.status`) and thrown; it is never swallowed.
 */
export function createBackup(src: BackupSource, reason: BackupReason): BackupInfo {
  let tmp: string | null = null;
  try {
    const p = prepare(src, reason);
    tmp = p.tmp;
    src.db.prepare('VACUUM INTO ?').run(tmp);
    return finish(src, tmp, p.file, reason);
  } catch (err) {
    throw failed(src, reason, err);
  } finally {
    if (tmp) fs.rmSync(tmp, { force: true });
  }
}

/** Makes a verified backup with better-sqlite3's online backup (see the module comment). */
export async function createBackupAsync(src: BackupSource, reason: BackupReason): Promise<BackupInfo> {
  let tmp: string | null = null;
  try {
    const p = prepare(src, reason);
    tmp = p.tmp;
    await src.db.backup(tmp);
    return finish(src, tmp, p.file, reason);
  } catch (err) {
    throw failed(src, reason, err);
  } finally {
    if (tmp) fs.rmSync(tmp, { force: true });
  }
}

/**
 * The backup before an import or a bundle. When the newest backup already holds exactly the
 * current state (the same rows in every counted table, audit and change log included: every
 * write adds an audit entry), it is returned instead of a new copy, so retrying a refused file
 * makes no copies and never pushes the useful ones out of retention.
 */
export function backupBeforeImport(src: BackupSource): BackupInfo {
  const newest = listBackups(src.dbPath)[0];
  if (newest && newest.schemaVersion >= 0 && fs.existsSync(newest.file)) {
    const now = countRows(src.db);
    const same =
      Object.keys(now).length === Object.keys(newest.counts).length &&
      Object.entries(now).every(([table, n]) => newest.counts[table] === n);
    if (same) return newest;
  }
  return createBackup(src, 'before-import');
}
