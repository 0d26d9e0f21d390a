import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';

const available = sharedDataAvailable();
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

/** Runs the real CLI in a child process, as a user would. */
function saban(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, [path.join(root, 'electron/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('saban CLI', () => {
  it('init creates an empty database; stats --json prints counts per level', () => {
    const db = path.join(tempDir(), 'x.sqlite');
    const init = saban('init', '--db', db);
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/Đã tạo \/ created/);
    const stats = saban('stats', '--db', db, '--json');
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({
      units: {
        province: { total: 0, withGeometry: 0 },
        district: { total: 0, withGeometry: 0 },
        commune: { total: 0, withGeometry: 0 },
        hamlet: { total: 0, withGeometry: 0 },
      },
    });
  });

  it.skipIf(!available)('imports the real Bạc Liêu communes and counts them', () => {
    const db = path.join(tempDir(), 'bl.sqlite');
    const r = saban('import-boundaries', sharedFile('boundaries', 'communes_95_bac-lieu.geojson'), '--db', db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/created 64/);
    const stats = JSON.parse(saban('stats', '--db', db, '--json').stdout) as { units: { commune: unknown } };
    expect(stats.units.commune).toEqual({ total: 64, withGeometry: 64 });
  });

  it('exits 2 on a broken file, naming the file and the problem, and changes nothing', () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    expect(saban('init', '--db', db, '--training').code).toBe(0);
    const bad = path.join(dir, 'hỏng.geojson');
    fs.writeFileSync(bad, '{"type":"FeatureCollection","features":[');
    const before = JSON.stringify(new Database(db, { readonly: true }).prepare('SELECT count(*) n FROM changes').get());
    const r = saban('import-boundaries', bad, '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hỏng.geojson');
    expect(r.stderr).toMatch(/Tệp không hợp lệ \/ Invalid file/);
    expect(r.stderr).toMatch(/not valid JSON/);
    expect(JSON.stringify(new Database(db, { readonly: true }).prepare('SELECT count(*) n FROM changes').get())).toBe(
      before,
    );
  });

  it('exits 2 on usage errors and a missing file', () => {
    expect(saban('frobnicate').code).toBe(2);
    expect(saban('import-units').code).toBe(2);
    const r = saban('import-units', '/nonexistent/units.csv', '--db', path.join(tempDir(), 'x.sqlite'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/units.csv');
    expect(saban('import-boundaries', 'x.geojson', '--field', 'colour=red').code).toBe(2);
  });

  it('exits 2 on a database from a newer version', () => {
    const db = path.join(tempDir(), 'new.sqlite');
    const raw = new Database(db);
    raw.pragma('user_version = 9990');
    raw.close();
    const r = saban('stats', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/newer/);
  });

  it('exits 1 on other failures (a database path that is a folder)', () => {
    const r = saban('stats', '--db', tempDir());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot open database/);
  });
});
