import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDir } from '../../electron/engine/backup/files';
import { startDailyBackups } from '../../electron/engine/backup/schedule';
import { openDatabase } from '../../electron/engine/db';
import { dispatch } from '../../electron/engine/dispatch';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/engine/migrations/index';
import { call, CallError, freshEngine, snapshot, tempDir } from '../helpers/engine';

/** 2026-12-01 10:00 Vietnam time. */
const T0 = Date.parse('2026-12-01T10:00:00+07:00');

function setup() {
  let t = T0;
  const made = freshEngine({ seedTraining: true, now: () => t });
  return { ...made, tick: (ms = 1000) => (t += ms), at: (ms: number) => (t = ms) };
}

/** Rewrites a backup's SQLite content (decompress, change, compress) into a new file. */
function alterInside(file: string, out: string, change: (dbFile: string) => void): void {
  const dir = tempDir();
  const raw = path.join(dir, 'raw.sqlite');
  fs.writeFileSync(raw, zlib.gunzipSync(fs.readFileSync(file)));
  change(raw);
  fs.writeFileSync(out, zlib.gzipSync(fs.readFileSync(raw)));
}

function refusal(fn: () => unknown): CallError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CallError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('backups', () => {
  it('makes a verified, compressed backup named by Vietnam date, time and reason, with counts read from the copy', () => {
    const { engine, dir } = setup();
    const b = call(engine, 'backup.create', {});
    expect(b.fileName).toBe('saban-2026-12-01-100000-manual.sqlite.gz');
    expect(path.dirname(b.file)).toBe(path.join(dir, 'saban-backups'));
    expect(b.at).toBe('2026-12-01T10:00:00+07:00');
    const stats = call(engine, 'units.stats', {}).units;
    expect(b.counts.units).toBe(Object.values(stats).reduce((n, l) => n + l.total, 0));
    // A real gzip of a real SQLite database.
    const head = zlib.gunzipSync(fs.readFileSync(b.file)).subarray(0, 16).toString('latin1');
    expect(head).toBe('SQLite format 3\0');
    expect(fs.readdirSync(backupDir(engine.dbPath)).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(call(engine, 'backup.list', {})).toEqual([b]);
    expect(call(engine, 'backup.status', {}).lastSuccess).toMatchObject({ file: b.file, reason: 'manual' });
  });

  it('restore brings back data deleted after the backup, after backing up the current state', () => {
    const { engine, tick } = setup();
    const h = call(engine, 'units.createHamlet', { communeCode: '99901', name: 'Ấp Giữ Lại' });
    const b = call(engine, 'backup.create', {});
    tick();
    call(engine, 'units.deleteHamlet', { code: h.code, reason: 'nhầm' });
    expect(() => call(engine, 'units.get', { code: h.code })).toThrow(CallError);

    const preview = call(engine, 'backup.preview', { file: b.fileName });
    expect(preview.counts).toEqual(b.counts);
    expect(preview.current.units).toBe(b.counts.units! - 1);
    expect(preview.integrity).toBe('ok');
    tick();
    const r = call(engine, 'backup.restore', { file: b.fileName });
    expect(call(engine, 'units.get', { code: h.code }).unit.name).toBe('Ấp Giữ Lại');
    expect(r.restored.current).toEqual(b.counts);
    expect(r.before.reason).toBe('before-restore');
    expect(r.before.counts.units).toBe(b.counts.units! - 1);
    expect(fs.existsSync(r.before.file)).toBe(true);
    expect(call(engine, 'backup.list', {}).map((x) => x.reason)).toEqual(['before-restore', 'manual']);
    // The restored history records the restore: who, from which file, where the replaced state went.
    const noted = engine.db
      .prepare("SELECT actor, entity_id, before, after FROM audit WHERE action = 'backup.restore'")
      .all() as { actor: string; entity_id: string; before: string; after: string }[];
    expect(noted).toHaveLength(1);
    expect(noted[0]!.entity_id).toBe(b.fileName);
    expect(noted[0]!.actor).not.toBe('');
    expect((JSON.parse(noted[0]!.before) as { file: string }).file).toBe(r.before.fileName);
    expect((JSON.parse(noted[0]!.after) as { counts: unknown }).counts).toEqual(b.counts);
    // No temp copy, WAL or shared-memory file is left behind: only backups, sidecars and the status.
    expect(
      fs.readdirSync(backupDir(engine.dbPath)).filter((f) => !/\.sqlite\.gz(\.json)?$|^backup-status\.json$/.test(f)),
    ).toEqual([]);
    // The engine keeps working on the restored data through the write path.
    expect(call(engine, 'units.update', { code: h.code, name: 'Ấp Mới' }).name).toBe('Ấp Mới');
  });

  it('refuses to restore behind bundles already sent, so the office never silently drifts from the province', async () => {
    const { engine, tick, dir } = setup();
    call(engine, 'sync.setOffice', { role: 'district', office: '999' });
    const b = call(engine, 'backup.create', {});
    tick();
    call(engine, 'units.createHamlet', { communeCode: '99901', name: 'Ấp Đã Gửi' });
    const { jobId } = call(engine, 'sync.exportStart', { outDir: path.join(dir, 'out') });
    for (let i = 0; i < 200 && call(engine, 'sync.job', { jobId }).state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(call(engine, 'sync.status', {}).sent.length).toBe(1);
    const before = snapshot(engine);
    const err = refusal(() => call(engine, 'backup.restore', { file: b.fileName }));
    expect(err.code).toBe('conflict');
    expect(err.text.vi).toContain('đã gửi 1');
    expect(err.text.en).toContain('1 sync bundles were sent');
    expect(snapshot(engine)).toBe(before);
  });

  it('refuses a corrupted, a truncated and an altered backup with a message, and nothing changes', () => {
    const { engine, tick } = setup();
    const b = call(engine, 'backup.create', {});
    tick();
    call(engine, 'units.createHamlet', { communeCode: '99901', name: 'Ấp Sau' });
    const before = snapshot(engine);
    const dir = backupDir(engine.dbPath);
    const bytes = fs.readFileSync(b.file);

    const flipped = Buffer.from(bytes);
    for (let i = Math.floor(bytes.length / 2); i < bytes.length / 2 + 8; i++) flipped[i]! ^= 0xff;
    fs.writeFileSync(path.join(dir, 'saban-2026-12-01-090000-manual.sqlite.gz'), flipped);
    const e1 = refusal(() => call(engine, 'backup.restore', { file: 'saban-2026-12-01-090000-manual.sqlite.gz' }));
    expect(e1.code).toBe('bad-file');
    expect(e1.text.en).toContain('saban-2026-12-01-090000-manual.sqlite.gz: the backup is damaged');
    expect(e1.text.vi).toContain('bản sao lưu bị hỏng');

    fs.writeFileSync(path.join(dir, 'saban-2026-12-01-080000-manual.sqlite.gz'), bytes.subarray(0, bytes.length >> 1));
    const e2 = refusal(() => call(engine, 'backup.restore', { file: 'saban-2026-12-01-080000-manual.sqlite.gz' }));
    expect(e2.code).toBe('bad-file');
    expect(e2.text.en).toContain('the file is truncated');
    expect(e2.text.vi).toContain('tệp bị cắt cụt');

    // A sound gzip around a damaged database: integrity_check catches it.
    const altered = path.join(dir, 'saban-2026-12-01-070000-manual.sqlite.gz');
    alterInside(b.file, altered, (raw) => {
      const buf = fs.readFileSync(raw);
      const page = 4096;
      for (let i = 2 * page; i < buf.length - page; i += page) buf.fill(0x41, i + 8, i + 400);
      fs.writeFileSync(raw, buf);
    });
    const e3 = refusal(() => call(engine, 'backup.preview', { file: altered }));
    expect(e3.code).toBe('bad-file');
    expect(e3.text.en).toContain('the backup is damaged');

    expect(snapshot(engine)).toBe(before);
    expect(call(engine, 'backup.list', {}).filter((x) => x.reason === 'before-restore')).toEqual([]);
  });

  it('refuses a backup from a newer schema version, naming both versions', () => {
    const { engine } = setup();
    const b = call(engine, 'backup.create', {});
    const newer = path.join(backupDir(engine.dbPath), 'saban-2026-12-01-090000-manual.sqlite.gz');
    alterInside(b.file, newer, (raw) => {
      const db = new Database(raw);
      db.pragma('user_version = 9990');
      db.close();
    });
    const before = snapshot(engine);
    const e = refusal(() => call(engine, 'backup.restore', { file: path.basename(newer) }));
    expect(e.code).toBe('db-too-new');
    expect(e.text.en).toContain('schema 9990');
    expect(snapshot(engine)).toBe(before);
  });

  it('restores a backup from an older schema version after migrating the copy', () => {
    const { engine } = setup();
    const dir = tempDir();
    const old = path.join(dir, 'old.sqlite');
    const db = openDatabase(old, { migrations: MIGRATIONS.slice(0, -1) });
    db.prepare(
      "INSERT INTO units (code, level, parent_code, name, type) VALUES ('01', 'province', NULL, 'Hà Nội', 'Thành phố')",
    ).run();
    db.pragma('journal_mode = DELETE');
    db.close();
    const file = path.join(backupDir(engine.dbPath), 'old-2020-01-01-000000-manual.sqlite.gz');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, zlib.gzipSync(fs.readFileSync(old)));
    const p = call(engine, 'backup.preview', { file: path.basename(file) });
    expect(p.schemaVersion).toBe(SCHEMA_VERSION);
    expect(p.counts.units).toBe(1);
    call(engine, 'backup.restore', { file: path.basename(file) });
    expect(call(engine, 'units.list', {}).map((u) => u.name)).toEqual(['Hà Nội']);
  });

  it('keeps the newest copies per the retention setting, daily apart from the others', () => {
    const { engine, tick } = setup();
    expect(call(engine, 'backup.setSettings', { keepOther: 2 })).toEqual({
      keepDaily: 14,
      keepOther: 2,
      dailyAt: '02:00',
    });
    const made = [0, 1, 2, 3].map(() => {
      tick();
      return call(engine, 'backup.create', {}).fileName;
    });
    expect(call(engine, 'backup.list', {}).map((b) => b.fileName)).toEqual([made[3], made[2]]);
    expect(fs.existsSync(path.join(backupDir(engine.dbPath), `${made[0]}.json`))).toBe(false);
  });

  it('backs up before an import (not before a dry run), and a failed backup stops the import and is shown', () => {
    const { engine, tick, at } = setup();
    const csv = 'name,kind,lat,lon,shifts_per_day\nChốt A,chốt,9.1,107.1,3\n';
    call(engine, 'people.import', {
      kind: 'people',
      fileName: 'p.csv',
      text: 'full_name,phones\nLê Văn An,0912345678\n',
      dryRun: true,
    });
    expect(call(engine, 'backup.list', {})).toEqual([]);
    call(engine, 'posts.import', { fileName: 'chot.csv', text: csv });
    expect(call(engine, 'backup.list', {}).map((b) => b.reason)).toEqual(['before-import']);
    // Refused files retried: the first copy holds the state, the retries reuse it.
    for (let i = 0; i < 3; i++) {
      tick();
      refusal(() =>
        call(engine, 'posts.import', { fileName: 'bad.csv', text: 'name,kind,lat,lon\nX,chốt,91,107,3\n' }),
      );
    }
    expect(call(engine, 'backup.list', {}).map((b) => b.reason)).toEqual(['before-import', 'before-import']);

    // The backup folder cannot be made (a file is in the way): the import does not run.
    tick();
    const dir = backupDir(engine.dbPath);
    fs.rmSync(dir, { recursive: true });
    fs.writeFileSync(dir, 'not a folder');
    const before = snapshot(engine);
    const e = refusal(() => call(engine, 'posts.import', { fileName: 'chot2.csv', text: csv }));
    expect(e.code).toBe('db-error');
    expect(e.text.en).toContain('Backup (before-import) failed');
    expect(snapshot(engine)).toBe(before);
    expect(call(engine, 'backup.status', {}).lastFailure).toMatchObject({ reason: 'before-import', code: 'db-error' });
    fs.rmSync(dir);

    // A copy that cannot be written (a folder where its temp file goes): refused, recorded, shown.
    at(T0 + 100_000);
    fs.mkdirSync(path.join(dir, `.saban-2026-12-01-100140-manual.sqlite.gz.${process.pid}.tmp.sqlite`), {
      recursive: true,
    });
    expect(refusal(() => call(engine, 'backup.create', {})).code).toBe('db-error');
    expect(call(engine, 'backup.status', {}).lastFailure).toMatchObject({ reason: 'manual', code: 'db-error' });
    expect(fs.existsSync(path.join(dir, 'backup-status.json'))).toBe(true);
    fs.rmSync(path.join(dir, `.saban-2026-12-01-100140-manual.sqlite.gz.${process.pid}.tmp.sqlite`), {
      recursive: true,
    });
    tick();
    call(engine, 'backup.create', {});
    expect(call(engine, 'backup.status', {}).lastFailure).toBeNull();
  });

  it('the daily backup is made once a day after the set time, with the online backup', async () => {
    const { engine, at } = setup();
    const daily = startDailyBackups(engine, () => undefined);
    try {
      at(Date.parse('2026-12-02T01:59:00+07:00'));
      expect(await daily.check()).toBeNull();
      at(Date.parse('2026-12-02T02:00:30+07:00'));
      const made = await daily.check();
      expect(made?.fileName).toBe('saban-2026-12-02-020030-daily.sqlite.gz');
      expect(made?.counts).toEqual(call(engine, 'backup.preview', { file: made!.fileName }).counts);
      at(Date.parse('2026-12-02T23:00:00+07:00'));
      expect(await daily.check()).toBeNull();
      at(Date.parse('2026-12-03T02:01:00+07:00'));
      expect((await daily.check())?.reason).toBe('daily');
    } finally {
      daily.stop();
    }
  });

  it('the app and browser doors restore only files of the backup folder', () => {
    const { engine } = setup();
    const b = call(engine, 'backup.create', {});
    const elsewhere = path.join(tempDir(), b.fileName);
    fs.copyFileSync(b.file, elsewhere);
    const r = dispatch(engine, 'backup.preview', { file: elsewhere }, { door: 'http' });
    expect(r.ok ? null : r.error.code).toBe('forbidden');
    expect(call(engine, 'backup.preview', { file: elsewhere }).counts).toEqual(b.counts);
  });
});
