import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EngineError, msg } from '../../shared/result';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index';
import type { Migration } from './migrations/types';

/** Options for {@link openDatabase}. */
export interface OpenOptions {
  /** Path of better-sqlite3's native addon built for this runtime (Electron vs Node). */
  readonly nativeBinding?: string;
  /** Migrations to apply (tests pass a prefix to seed an older version). */
  readonly migrations?: readonly Migration[];
  readonly readonly?: boolean;
}

/**
 * Opens (creating if needed) a Sa Bàn database: WAL, foreign keys, and migrations tracked by
 * `PRAGMA user_version`. A database written by a newer version is refused, untouched.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const nativeBinding = options.nativeBinding ?? process.env['SABAN_SQLITE_BINDING'];
  let db: Database.Database;
  try {
    db = new Database(file, {
      ...(nativeBinding ? { nativeBinding } : {}),
      ...(options.readonly ? { readonly: true, fileMustExist: true } : {}),
    });
  } catch {
    // The path is the user's to fix (a folder, no permission); SQLite's own words add nothing for them.
    throw new EngineError(
      'db-error',
      msg(
        'Không mở được cơ sở dữ liệu {file} (đường dẫn là thư mục, không có quyền, hoặc tệp hỏng)',
        'Cannot open database {file} (the path is a folder, not permitted, or the file is damaged)',
        { file },
      ),
    );
  }
  try {
    const migrations = options.migrations ?? MIGRATIONS;
    const target = migrations[migrations.length - 1]?.version ?? 0;
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION || current > target) {
      throw new EngineError(
        'db-too-new',
        msg(
          '{file}: cơ sở dữ liệu phiên bản {current}, ứng dụng chỉ hiểu đến {target}; hãy cập nhật Sa Bàn',
          '{file}: database schema {current} is newer than this app understands ({target}); update Sa Bàn',
          { file, current, target },
        ),
      );
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Applies pending migrations, each in its own transaction together with its version bump. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  let current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    current = m.version;
  }
  return current;
}
