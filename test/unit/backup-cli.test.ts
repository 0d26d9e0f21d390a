import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupInfo, BackupStatus } from '../../shared/contract-backup';
import { saban, sabanEn } from '../helpers/cli';
import { tempDir } from '../helpers/engine';

describe('saban backup, backups, restore', () => {
  it('backs up, lists, previews without changing anything, then restores with --yes', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    expect((await sabanEn('init', '--db', db, '--training')).code).toBe(0);
    const made = await sabanEn('backup', '--db', db, '--json');
    expect(made.code, made.stderr).toBe(0);
    // The training district's own checkpoints (the one guarding its lockdown).
    const postNames = async (): Promise<string[]> =>
      (JSON.parse((await sabanEn('posts', '--db', db, '--json')).stdout) as { name: string }[]).map((p) => p.name);
    const seeded = await postNames();
    const b = JSON.parse(made.stdout) as BackupInfo;
    expect(b.reason).toBe('manual');
    expect(fs.existsSync(b.file)).toBe(true);

    // Something done after the backup, which a restore takes back.
    const posts = path.join(dir, 'chot.csv');
    fs.writeFileSync(posts, 'name,kind,lat,lon,shifts_per_day\nChốt Bến phà,chốt,9.1,107.1,3\n');
    expect((await sabanEn('import-posts', posts, '--db', db)).code).toBe(0);
    expect(await postNames()).toEqual(expect.arrayContaining([...seeded, 'Chốt Bến phà']));
    expect(await postNames()).toHaveLength(seeded.length + 1);

    const listed = await sabanEn('backups', '--db', db, '--json');
    const status = JSON.parse(listed.stdout) as BackupStatus & { backups: BackupInfo[] };
    // Nothing was written between the manual copy and the import: the import reused that copy.
    expect(status.backups.map((x) => x.reason)).toEqual(['manual']);
    expect(status.lastFailure).toBeNull();
    expect((await saban('backups', '--db', db)).stdout).toContain(b.fileName);

    const preview = await sabanEn('restore', b.fileName, '--db', db);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('integrity: ok');
    expect(preview.stdout).toContain('Nothing changed. Run again with --yes');
    expect(preview.stdout).toMatch(new RegExp(`in the backup: units \\d+, .*posts ${seeded.length}\\b`));
    expect(await postNames()).toHaveLength(seeded.length + 1);

    const restored = await saban('restore', b.file, '--yes', '--db', db);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('Đã khôi phục');
    expect((await postNames()).sort()).toEqual([...seeded].sort());
    const after = JSON.parse((await sabanEn('backups', '--db', db, '--json')).stdout) as { backups: BackupInfo[] };
    expect(after.backups.filter((x) => x.reason === 'before-restore')[0]?.counts['posts']).toBe(seeded.length + 1);
  });

  it('refuses a truncated backup with a message and exit 2, changing nothing', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    expect((await sabanEn('init', '--db', db, '--training')).code).toBe(0);
    const b = JSON.parse((await sabanEn('backup', '--db', db, '--json')).stdout) as BackupInfo;
    const cut = path.join(dir, 'cut-2026-12-01-090000-manual.sqlite.gz');
    fs.writeFileSync(cut, fs.readFileSync(b.file).subarray(0, 200));
    const before = fs.readdirSync(path.dirname(b.file)).sort();
    const r = await sabanEn('restore', cut, '--yes', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cut-2026-12-01-090000-manual.sqlite.gz: the backup is damaged (the file is truncated)');
    expect(fs.readdirSync(path.dirname(b.file)).sort()).toEqual(before);
  });
});
