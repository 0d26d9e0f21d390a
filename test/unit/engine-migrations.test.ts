import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/db';
import { Engine } from '../../electron/engine/engine';
import type { EngineError } from '../../shared/result';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/engine/migrations/index';
import { tempDir } from '../helpers/engine';

describe('migrations', () => {
  it('are numbered in steps of 10, in order (a version assigned to a branch not yet merged may be missing)', () => {
    MIGRATIONS.forEach((m, i) => {
      expect(m.version % 10).toBe(0);
      expect(m.version).toBeGreaterThan(i === 0 ? 0 : MIGRATIONS[i - 1]!.version);
    });
  });

  it('bring a new database to the current version with WAL and foreign keys on', () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const strict = db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'")
      .all() as {
      name: string;
      strict: number;
    }[];
    expect(strict.length).toBeGreaterThan(0);
    for (const t of strict) expect(t.strict, t.name).toBe(1);
    db.close();
  });

  it('migration 10 creates the tables on an empty (version 0) database', () => {
    const file = path.join(tempDir(), 'v0.sqlite');
    new Database(file).close();
    const db = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 10) });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(expect.arrayContaining(['meta', 'units', 'settings', 'audit', 'changes']));
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    db.close();
  });

  it('refuse a database written by a newer version, and leave it untouched', () => {
    const file = path.join(tempDir(), 'new.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x TEXT) STRICT');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 10}`);
    raw.close();
    const bytes = fs.readFileSync(file);
    // One language per text now: the message is Vietnamese, the English beside it.
    expect(() => Engine.open(file)).toThrow(/mới hơn|chỉ hiểu đến/);
    let thrown: unknown;
    try {
      Engine.open(file);
    } catch (err) {
      thrown = err;
    }
    expect((thrown as EngineError).text.en).toMatch(/newer than this app understands/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('roll back a failing migration as a whole', () => {
    const file = path.join(tempDir(), 'fail.sqlite');
    const broken = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 10,
        name: 'broken',
        up(db: Database.Database) {
          db.exec('CREATE TABLE half (x TEXT) STRICT');
          throw new Error('migration failed');
        },
      },
    ];
    expect(() => openDatabase(file, { migrations: broken })).toThrow('migration failed');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });
});
