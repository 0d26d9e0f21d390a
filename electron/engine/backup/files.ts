/**
 * Where backups live and what their names say: `<name>-backups/` beside the database, one
 * `<name>-YYYY-MM-DD-HHmmss-<reason>.sqlite.gz` per copy (Vietnam date and time) with a small
 * `.json` sidecar holding what was read from the verified copy (counts, schema), so a list never
 * has to decompress every file. Also the status file that keeps the last failure for the doors.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  BACKUP_REASONS,
  type BackupCounts,
  type BackupInfo,
  type BackupReason,
  type BackupStatus,
  backupStatusSchema,
} from '../../../shared/contract-backup';
import { toVnIso } from '../../../shared/time';
import { writeFileAtomic } from '../atomic-write';

/** The file name suffix of a backup. */
export const BACKUP_EXT = '.sqlite.gz';

const NAME = new RegExp(`-(\\d{4}-\\d{2}-\\d{2})-(\\d{6})-(${BACKUP_REASONS.join('|')})(?:-\\d+)?\\.sqlite\\.gz$`);

/** The database's name without its extension. */
function baseName(dbPath: string): string {
  return path.basename(path.resolve(dbPath)).replace(/\.[^.]*$/, '');
}

/** The backup folder beside a database: `<name>-backups/`. */
export function backupDir(dbPath: string): string {
  const abs = path.resolve(dbPath);
  return path.join(path.dirname(abs), `${baseName(abs)}-backups`);
}

/** A new backup's path for `reason` at `now`, numbered when one of the same second exists. */
export function newBackupPath(dbPath: string, reason: BackupReason, now: number): string {
  const iso = toVnIso(now); // 2026-12-02T02:00:05+07:00
  const stamp = `${iso.slice(0, 10)}-${iso.slice(11, 19).replace(/:/g, '')}`;
  const stem = path.join(backupDir(dbPath), `${baseName(dbPath)}-${stamp}-${reason}`);
  let file = `${stem}${BACKUP_EXT}`;
  for (let i = 2; fs.existsSync(file); i++) file = `${stem}-${i}${BACKUP_EXT}`;
  return file;
}

/** When and why a backup was made, from its name; null for a name that is not a backup's. */
export function parseBackupName(fileName: string): { at: string; reason: BackupReason } | null {
  const m = NAME.exec(fileName);
  if (!m) return null;
  const t = m[2]!;
  return { at: `${m[1]}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}+07:00`, reason: m[3] as BackupReason };
}

/** What the sidecar of a backup holds. */
interface Sidecar {
  readonly schemaVersion: number;
  readonly counts: BackupCounts;
}

const sidecarOf = (file: string): string => `${file}.json`;

/** Writes the sidecar of a verified backup. */
export function writeSidecar(file: string, data: Sidecar): void {
  writeFileAtomic(sidecarOf(file), JSON.stringify(data) + '\n');
}

function readSidecar(file: string): Sidecar | null {
  try {
    const v = JSON.parse(fs.readFileSync(sidecarOf(file), 'utf8')) as Partial<Sidecar>;
    if (typeof v.schemaVersion !== 'number' || typeof v.counts !== 'object' || v.counts === null) return null;
    return { schemaVersion: v.schemaVersion, counts: v.counts };
  } catch {
    return null;
  }
}

/**
 * The backups in the folder, newest first. A file without a readable sidecar (copied in by
 * hand) is listed with schema -1 and no counts: its preview reads the copy itself.
 */
export function listBackups(dbPath: string): BackupInfo[] {
  const dir = backupDir(dbPath);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupInfo[] = [];
  for (const fileName of names) {
    const parsed = parseBackupName(fileName);
    if (!parsed) continue;
    const file = path.join(dir, fileName);
    const side = readSidecar(file);
    out.push({
      file,
      fileName,
      at: parsed.at,
      bytes: fs.statSync(file).size,
      reason: parsed.reason,
      schemaVersion: side?.schemaVersion ?? -1,
      counts: side?.counts ?? {},
    });
  }
  return out.sort((a, b) => (a.at === b.at ? b.fileName.localeCompare(a.fileName) : b.at.localeCompare(a.at)));
}

/**
 * Removes the oldest backups beyond what is kept: `keepDaily` daily copies, and `keepOther` of
 * each other reason (so a run of imports never pushes out the copy made before a restore).
 */
export function pruneBackups(dbPath: string, keepDaily: number, keepOther: number): string[] {
  const removed: string[] = [];
  const all = listBackups(dbPath);
  for (const reason of BACKUP_REASONS) {
    const keep = reason === 'daily' ? keepDaily : keepOther;
    for (const b of all.filter((x) => x.reason === reason).slice(keep)) {
      fs.rmSync(b.file, { force: true });
      fs.rmSync(sidecarOf(b.file), { force: true });
      removed.push(b.file);
    }
  }
  return removed;
}

const STATUS_FILE = 'backup-status.json';
type StoredStatus = Pick<BackupStatus, 'lastSuccess' | 'lastFailure'>;

/** Statuses that could not be written (the folder itself failed): kept for this process to show. */
const unsaved = new Map<string, StoredStatus>();

function readStatusFile(dbPath: string): StoredStatus {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(backupDir(dbPath), STATUS_FILE), 'utf8')) as unknown;
    const parsed = backupStatusSchema.pick({ lastSuccess: true, lastFailure: true }).safeParse(raw);
    if (parsed.success) return parsed.data;
  } catch {
    // never written yet, or unreadable: nothing known
  }
  return { lastSuccess: null, lastFailure: null };
}

/**
 * The last success and failure, kept in a file of the backup folder (not in the database: a
 * failure may be the database's own, and the app, `saban serve` and the CLI must all see it).
 * When even that file could not be written, this process still shows what it recorded.
 */
export function readStatus(dbPath: string): StoredStatus {
  return unsaved.get(backupDir(dbPath)) ?? readStatusFile(dbPath);
}

/** Records a backup's outcome; never throws (a status that cannot be written must not hide the outcome). */
export function recordStatus(dbPath: string, patch: Partial<StoredStatus>): void {
  const key = backupDir(dbPath);
  const next = { ...readStatus(dbPath), ...patch };
  try {
    writeFileAtomic(path.join(key, STATUS_FILE), JSON.stringify(next, null, 2) + '\n');
    unsaved.delete(key);
  } catch {
    unsaved.set(key, next);
  }
}

/** An instant as the status file stores it. */
export const statusTime = (now: number): string => toVnIso(now);
