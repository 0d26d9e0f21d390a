import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { saban, sabanEn } from '../helpers/cli';
import { tempDir } from '../helpers/engine';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';

const available = sharedDataAvailable();
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

describe('saban CLI as a process (smoke test)', () => {
  it('runs as a child process, in Vietnamese by default and in English with LANG=en_US', () => {
    const db = path.join(tempDir(), 'x.sqlite');
    const spawn = (env: Record<string, string | undefined>) =>
      spawnSync(tsx, [path.join(root, 'electron/cli/main.ts'), 'init', '--db', db], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
    const vi = spawn({ LANG: 'vi_VN.UTF-8' });
    expect(vi.status, vi.stderr).toBe(0);
    expect(vi.stdout).toMatch(/^Đã tạo: /);
    const en = spawn({ LANG: 'en_US.UTF-8' });
    expect(en.status, en.stderr).toBe(0);
    expect(en.stdout).toMatch(/^Exists: /);
  });
});

describe('saban CLI', () => {
  it('init creates an empty database; stats --json prints counts per level', async () => {
    const db = path.join(tempDir(), 'x.sqlite');
    const init = await saban('init', '--db', db);
    expect(init.code).toBe(0);
    // One language now (was "Đã tạo / created").
    expect(init.stdout).toMatch(/^Đã tạo: /);
    expect((await sabanEn('init', '--db', db)).stdout).toMatch(/^Exists: /);
    const stats = await saban('stats', '--db', db, '--json');
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

  it.skipIf(!available)('imports the real Bạc Liêu communes and counts them', async () => {
    const db = path.join(tempDir(), 'bl.sqlite');
    const r = await sabanEn('import-boundaries', sharedFile('boundaries', 'communes_95_bac-lieu.geojson'), '--db', db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/created 64/);
    const stats = JSON.parse((await saban('stats', '--db', db, '--json')).stdout) as { units: { commune: unknown } };
    expect(stats.units.commune).toEqual({ total: 64, withGeometry: 64 });
  });

  it('exits 2 on a broken file, naming the file and the problem, and changes nothing', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    expect((await saban('init', '--db', db, '--training')).code).toBe(0);
    const bad = path.join(dir, 'hỏng.geojson');
    fs.writeFileSync(bad, '{"type":"FeatureCollection","features":[');
    const before = JSON.stringify(new Database(db, { readonly: true }).prepare('SELECT count(*) n FROM changes').get());
    const r = await saban('import-boundaries', bad, '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hỏng.geojson');
    // One language per run now (was "Tệp không hợp lệ / Invalid file … not valid JSON").
    expect(r.stderr).toMatch(/^Tệp không hợp lệ: .*không phải JSON hợp lệ/);
    expect(r.stderr).not.toMatch(/Invalid file/);
    const en = await sabanEn('import-boundaries', bad, '--db', db);
    expect(en.stderr).toMatch(/^Invalid file: .*not valid JSON/);
    expect(en.stderr).not.toMatch(/Tệp không hợp lệ/);
    expect(JSON.stringify(new Database(db, { readonly: true }).prepare('SELECT count(*) n FROM changes').get())).toBe(
      before,
    );
  });

  it('exits 2 on usage errors and a missing file', async () => {
    expect((await saban('frobnicate')).code).toBe(2);
    expect((await saban('import-units')).code).toBe(2);
    const r = await saban('import-units', '/nonexistent/units.csv', '--db', path.join(tempDir(), 'x.sqlite'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/units.csv');
    expect((await saban('import-boundaries', 'x.geojson', '--field', 'colour=red')).code).toBe(2);
  });

  it('exits 2 on a database from a newer version', async () => {
    const db = path.join(tempDir(), 'new.sqlite');
    const raw = new Database(db);
    raw.pragma('user_version = 9990');
    raw.close();
    const r = await sabanEn('stats', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/newer/);
  });

  it('exits 1 on other failures (a database path that is a folder)', async () => {
    const r = await sabanEn('stats', '--db', tempDir());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot open database/);
  });
});
