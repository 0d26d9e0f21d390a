/**
 * Preview and restore of a backup.
 *
 * How the contents are replaced: the engine holds the database open (its connection, its
 * prepared statements, the writer), so the file cannot be swapped under it, and better-sqlite3's
 * online backup only copies FROM the open database. Instead the backup is decompressed to a
 * temp file, checked (gzip CRC, `integrity_check`, schema version; an older schema is migrated
 * on the temp copy first), ATTACHed, and every table of the live database is emptied and
 * refilled from it in ONE immediate transaction, with foreign keys checked at commit. SQLite's
 * own journal makes that atomic: a crash or an error half-way leaves the database as it was.
 * Before that, the current state is itself backed up (reason `before-restore`), so a restore can
 * be undone by restoring that copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { BackupInfo, BackupPreview } from '../../../shared/contract-backup';
import { EngineError, msg } from '../../../shared/result';
import { toVnIso } from '../../../shared/time';
import { openDatabase } from '../db';
import { SCHEMA_VERSION } from '../migrations/index';
import { countRows, decompressTo, inspectCopy } from './copy';
import { type BackupSource, createBackup } from './create';
import { backupDir, BACKUP_EXT, parseBackupName } from './files';

/** Bundles this office sent and received, as the sync tables record them. */
function syncTraffic(db: Database.Database, schema = 'main'): { sent: number; received: number } {
  const count = (table: string): number =>
    (db.prepare(`SELECT count(*) AS n FROM ${schema}.${table}`).get() as { n: number }).n;
  return { sent: count('sync_sent'), received: count('sync_received') };
}

/**
 * Refuses a restore that would take the office back behind bundles it has since sent or received:
 * the other side keeps those changes, and nothing would tell it about the values the restore
 * brings back, so the district and the province would silently disagree. (Restoring as writes
 * through the write path, so the reverted values travel too, is the way to lift this.)
 */
function refuseAfterSync(db: Database.Database, copy: string): void {
  const now = syncTraffic(db);
  db.prepare('ATTACH DATABASE ? AS restore_check').run(copy);
  let then: { sent: number; received: number };
  try {
    then = syncTraffic(db, 'restore_check');
  } finally {
    db.prepare('DETACH DATABASE restore_check').run();
  }
  if (now.sent > then.sent || now.received > then.received) {
    throw new EngineError(
      'conflict',
      msg(
        'Không khôi phục: sau bản sao lưu này đã gửi {sent} và nhận {received} gói đồng bộ; khôi phục sẽ làm dữ liệu ở đây lệch với tỉnh/huyện mà không ai biết. Hãy chọn bản sao lưu mới hơn.',
        'Not restored: since this backup, {sent} sync bundles were sent and {received} received; restoring would leave this office silently out of step with the other side. Choose a newer backup.',
        { sent: now.sent - then.sent, received: now.received - then.received },
      ),
    );
  }
}

/** A backup file named by the caller: a bare name means a file of the backup folder. */
export function resolveBackupFile(dbPath: string, file: string): string {
  return path.isAbsolute(file) || file.includes('/') || file.includes('\\')
    ? path.resolve(file)
    : path.join(backupDir(dbPath), file);
}

/** A decompressed, verified copy of a backup in a temp file, and what it holds. */
interface Opened {
  readonly tmp: string;
  readonly preview: BackupPreview;
}

/**
 * Decompresses and checks `file` into a temp file (the caller removes it). Refuses a damaged or
 * truncated file and one from a newer schema; migrates one from an older schema (on the copy).
 */
function openBackup(src: BackupSource, file: string): Opened {
  const label = path.basename(file);
  if (!label.endsWith(BACKUP_EXT)) {
    throw new EngineError(
      'bad-file',
      msg('{file}: không phải bản sao lưu (.sqlite.gz)', '{file}: not a backup (.sqlite.gz)', { file: label }),
    );
  }
  const dir = backupDir(src.dbPath);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.restore-${process.pid}-${label}.tmp.sqlite`);
  try {
    decompressTo(file, tmp, label);
    let facts = inspectCopy(tmp, label);
    if (facts.schemaVersion > SCHEMA_VERSION) {
      throw new EngineError(
        'db-too-new',
        msg(
          '{file}: bản sao lưu của phiên bản dữ liệu {v}, ứng dụng chỉ hiểu đến {max}; hãy cập nhật Sa Bàn',
          '{file}: the backup has schema {v}, newer than this app understands ({max}); update Sa Bàn',
          { file: label, v: facts.schemaVersion, max: SCHEMA_VERSION },
        ),
      );
    }
    if (facts.schemaVersion < SCHEMA_VERSION) {
      openDatabase(tmp).close();
      for (const ext of ['-wal', '-shm']) fs.rmSync(tmp + ext, { force: true });
      facts = inspectCopy(tmp, label);
    }
    const named = parseBackupName(label);
    return {
      tmp,
      preview: {
        file,
        at: named?.at ?? toVnIso(fs.statSync(file).mtimeMs),
        reason: named?.reason ?? 'manual',
        schemaVersion: facts.schemaVersion,
        integrity: 'ok',
        counts: facts.counts,
        current: countRows(src.db),
      },
    };
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** What a restore of `file` would bring back; changes nothing. */
export function previewBackup(src: BackupSource, file: string): BackupPreview {
  const { tmp, preview } = openBackup(src, file);
  fs.rmSync(tmp, { force: true });
  return preview;
}

function tablesOf(db: Database.Database, schema: 'main' | 'bak'): Map<string, string[]> {
  const names = db
    .prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .all() as { name: string }[];
  const out = new Map<string, string[]>();
  for (const { name } of names) {
    const cols = db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(name, schema) as { name: string }[];
    out.set(
      name,
      cols.map((c) => c.name),
    );
  }
  return out;
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Empties every table of the live database and refills it from the attached copy, atomically. */
function replaceContents(db: Database.Database, tmp: string): void {
  db.prepare('ATTACH DATABASE ? AS bak').run(tmp);
  try {
    const live = tablesOf(db, 'main');
    const copy = tablesOf(db, 'bak');
    const hasSeq = (schema: string): boolean =>
      db.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE name = 'sqlite_sequence'`).get() !== undefined;
    db.transaction(() => {
      // Rows go out and come back in any order; the foreign keys are checked once, at commit.
      db.pragma('defer_foreign_keys = ON');
      for (const table of live.keys()) db.prepare(`DELETE FROM main.${q(table)}`).run();
      for (const [table, cols] of live) {
        const from = copy.get(table);
        if (!from) continue;
        const shared = cols
          .filter((c) => from.includes(c))
          .map(q)
          .join(', ');
        db.prepare(`INSERT INTO main.${q(table)} (${shared}) SELECT ${shared} FROM bak.${q(table)}`).run();
      }
      if (hasSeq('main')) {
        db.prepare('DELETE FROM main.sqlite_sequence').run();
        if (hasSeq('bak')) db.prepare('INSERT INTO main.sqlite_sequence SELECT * FROM bak.sqlite_sequence').run();
      }
    }).immediate();
  } finally {
    db.prepare('DETACH DATABASE bak').run();
  }
}

/**
 * Restores `file`: checks it completely, backs up the current state (`before-restore`), then
 * replaces the database's contents (see the module comment). Refused before anything changes
 * when the file is damaged, truncated or from a newer schema, or the safety backup fails.
 */
export function restoreBackup(src: BackupSource, file: string): { restored: BackupPreview; before: BackupInfo } {
  const { tmp, preview } = openBackup(src, file);
  try {
    refuseAfterSync(src.db, tmp);
    const before = createBackup(src, 'before-restore');
    replaceContents(src.db, tmp);
    return { restored: { ...preview, current: countRows(src.db) }, before };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
