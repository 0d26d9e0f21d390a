/**
 * Reading a database copy (a fresh snapshot or a decompressed backup) without trusting it:
 * opened read-only on its own connection, `PRAGMA integrity_check`, its schema version and the
 * rows of the key tables. Damage is an EngineError naming the file and the problem.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import type { BackupCounts } from '../../../shared/contract-backup';
import { EngineError, joinText, msg, same } from '../../../shared/result';

/** The tables a backup's list and preview count (those that exist in the copy). */
export const COUNTED_TABLES = [
  'units',
  'assessments',
  'risk_figures',
  'posts',
  'post_logs',
  'post_incidents',
  'people',
  'assignments',
  'audit',
  'changes',
] as const;

/** What {@link inspectCopy} found in a copy that passed the integrity check. */
export interface CopyFacts {
  readonly schemaVersion: number;
  readonly counts: BackupCounts;
}

/** Rows of the key tables of an open database: live rows where the table keeps tombstones. */
export function countRows(db: Database.Database): BackupCounts {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const cols = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
    if (cols.length === 0) continue;
    const live = cols.some((c) => c.name === 'deleted') ? ' WHERE deleted = 0' : '';
    counts[table] = (db.prepare(`SELECT count(*) AS n FROM "${table}"${live}`).get() as { n: number }).n;
  }
  return counts;
}

const damaged = (file: string, problem: string): EngineError =>
  new EngineError(
    'bad-file',
    msg('{file}: bản sao lưu bị hỏng ({problem})', '{file}: the backup is damaged ({problem})', { file, problem }),
  );

/**
 * Opens the SQLite file `file` read-only, checks it and reads its facts. `label` names it in
 * errors (the backup's name, not a temp path).
 */
export function inspectCopy(file: string, label: string): CopyFacts {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw damaged(label, (err as Error).message);
  }
  try {
    let result: string[];
    try {
      result = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map(
        (r) => r.integrity_check,
      );
    } catch (err) {
      throw damaged(label, (err as Error).message);
    }
    if (result.length !== 1 || result[0] !== 'ok') throw damaged(label, result.slice(0, 3).join('; '));
    return { schemaVersion: db.pragma('user_version', { simple: true }) as number, counts: countRows(db) };
  } finally {
    db.close();
  }
}

/**
 * Decompresses a `.sqlite.gz` backup into `out` (the whole file, checked by gzip's CRC and
 * length, so a truncated or altered file is refused here before SQLite reads a page of it).
 */
export function decompressTo(file: string, out: string, label: string): void {
  let data: Buffer;
  try {
    data = zlib.gunzipSync(fs.readFileSync(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new EngineError('not-found', msg('Không có tệp sao lưu {file}', 'No backup file {file}', { file: label }));
    }
    const problem =
      code === 'Z_BUF_ERROR'
        ? msg('tệp bị cắt cụt', 'the file is truncated')
        : msg('dữ liệu nén sai hoặc bị thay đổi: {m}', 'bad or altered compressed data: {m}', {
            m: (err as Error).message,
          });
    throw new EngineError(
      'bad-file',
      joinText(
        [msg('{file}: bản sao lưu bị hỏng (', '{file}: the backup is damaged (', { file: label }), problem, same(')')],
        '',
      ),
    );
  }
  const fd = fs.openSync(out, 'w');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
