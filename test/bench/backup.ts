/**
 * Backup benchmark: a database holding the national unit list (GSO, ~10,600 communes) and a year
 * of synthetic daily figures per commune (~3.9 M rows in a keyed table, standing in for the daily
 * figures the app does not store yet), backed up
 * - by our synchronous pipeline (VACUUM INTO, integrity_check, gzip, atomic write),
 * - by our online pipeline (better-sqlite3 `db.backup`, the same checks),
 * - and, in the same run on the same file, by `sqlite3`'s own `.backup` (skipped with a message
 *   when the sqlite3 command is absent).
 * The ratios compare our whole pipeline, and our snapshot step alone, with sqlite3's `.backup`.
 * Run alone: `npx tsx test/bench/run.ts backup`. SABAN_BENCH_BACKUP_DAYS scales the figures (365).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackup, createBackupAsync } from '../../electron/engine/backup/create';
import { call } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import type { BenchModule } from './run';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UNITS = path.resolve(ROOT, '../shared/data/admin-units/gso_units_2021-11-01.csv');
const DAYS = Number(process.env['SABAN_BENCH_BACKUP_DAYS'] ?? 365);

const ms = (t0: bigint): number => Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

/** True when the `sqlite3` command runs here. */
function hasSqlite3(): boolean {
  return spawnSync('sqlite3', ['-version'], { encoding: 'utf8' }).status === 0;
}

async function run(): Promise<Record<string, number>> {
  if (!fs.existsSync(UNITS)) {
    process.stdout.write(`  [skip] ${UNITS} is missing\n`);
    return {};
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-bench-backup-'));
  const file = path.join(dir, 'national.sqlite');
  const engine = Engine.open(file);
  try {
    let t0 = process.hrtime.bigint();
    call(engine, 'import.units', { fileName: path.basename(UNITS), text: fs.readFileSync(UNITS, 'utf8') });
    // One row per commune and day, written in key order by one statement: the data build stays
    // well under a minute.
    engine.db.exec(`
      CREATE TABLE bench_daily_figures (
        unit_code TEXT NOT NULL, day TEXT NOT NULL, cases INTEGER NOT NULL, deaths INTEGER NOT NULL,
        tested INTEGER NOT NULL, PRIMARY KEY (unit_code, day)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO bench_daily_figures
        WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < ${DAYS - 1})
        SELECT u.code, date('2025-12-01', '+' || d.n || ' days'), abs(random() % 40), abs(random() % 3),
               abs(random() % 500)
        FROM units u, d WHERE u.level = 'commune' ORDER BY u.code, d.n;
    `);
    engine.db.pragma('wal_checkpoint(TRUNCATE)');
    const build = ms(t0);
    const rows = (engine.db.prepare('SELECT count(*) AS n FROM bench_daily_figures').get() as { n: number }).n;
    const size = fs.statSync(file).size;

    t0 = process.hrtime.bigint();
    const sync = createBackup(engine, 'manual');
    const syncMs = ms(t0);
    t0 = process.hrtime.bigint();
    const online = await createBackupAsync(engine, 'daily');
    const onlineMs = ms(t0);
    // The snapshot step alone, for a like-for-like comparison with sqlite3's .backup.
    t0 = process.hrtime.bigint();
    await engine.db.backup(path.join(dir, 'raw-online.sqlite'));
    const rawOnlineMs = ms(t0);

    const figures: Record<string, number> = {
      'backup.rows': rows,
      'backup.dbMB': mb(size),
      'backup.gzMB': mb(online.bytes),
      'backup.buildMs': build,
      'backup.syncPipelineMs': syncMs,
      'backup.onlinePipelineMs': onlineMs,
      'backup.onlineSnapshotMs': rawOnlineMs,
    };
    if (sync.counts['units'] === undefined) throw new Error('backup counts missing');
    if (hasSqlite3()) {
      const out = path.join(dir, 'sqlite3-backup.sqlite');
      t0 = process.hrtime.bigint();
      const r = spawnSync('sqlite3', [file, `.backup '${out}'`], { encoding: 'utf8' });
      const cliMs = ms(t0);
      if (r.status !== 0) throw new Error(`sqlite3 .backup failed: ${r.stderr}`);
      figures['backup.sqlite3BackupMs'] = cliMs;
      figures['backup.ratioPipelineToSqlite3'] = Math.round((onlineMs / Math.max(1, cliMs)) * 10) / 10;
      figures['backup.ratioSnapshotToSqlite3'] = Math.round((rawOnlineMs / Math.max(1, cliMs)) * 10) / 10;
    } else {
      process.stdout.write('  [skip] no sqlite3 command here: no .backup reference (apt-get install sqlite3)\n');
    }
    return figures;
  } finally {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** See the module comment. */
export const backupBench: BenchModule = { name: 'backup', run };
