import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PostSummary, ShiftLog } from '../../shared/contract-posts';
import { sabanEn } from '../helpers/cli';
import { tempDir } from '../helpers/engine';

/** The CLI in English, in process: these tests read its English output. */
const saban = sabanEn;

describe('saban posts commands', () => {
  it('import-posts refuses a file with bad rows (row numbers, exit 2, nothing written), then imports, lists and logs a day', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    expect((await saban('init', '--db', db, '--training')).code).toBe(0);
    // 9.1°N 107.1°E is outside the training communes: such a post is kept, with no commune.
    const bad = path.join(dir, 'chốt-hỏng.csv');
    fs.writeFileSync(
      bad,
      'name,kind,lat,lon,shifts_per_day\nChốt 1,chốt,9.1,107.1,3\nChốt 2,chốt,91,107.1,3\nChốt 3,tháp,9.1,107.1,7\n',
    );
    const refused = await saban('import-posts', bad, '--db', db);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('2 rows with errors, nothing written');
    // One language per run now (was "dòng/row 3, cột/column lat").
    expect(refused.stderr).toContain('chốt-hỏng.csv row 3, column lat');
    expect(refused.stderr).toContain('chốt-hỏng.csv row 4, column kind');
    expect(refused.stderr).toContain('chốt-hỏng.csv row 4, column shifts_per_day');
    // Only the training district's own checkpoint (it guards the training lockdown).
    expect((JSON.parse((await saban('posts', '--db', db, '--json')).stdout) as PostSummary[]).map((p) => p.id)).toEqual(
      ['training-post-1'],
    );

    const dry = await saban('import-posts', bad, '--db', db, '--dry-run');
    expect(dry.code).toBe(2);
    expect(dry.stdout).toMatch(/row 2\tcreate\tChốt 1/);
    expect(dry.stdout).toMatch(/nothing written/);

    const good = path.join(dir, 'chot.csv');
    fs.writeFileSync(good, 'name,kind,lat,lon,shifts_per_day,first_shift_start\nChốt Bến phà,chốt,9.1,107.1,3,06:00\n');
    const imported = await saban('import-posts', good, '--db', db);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('created 1');
    const post = (JSON.parse((await saban('posts', '--db', db, '--json')).stdout) as PostSummary[]).find(
      (p) => p.id !== 'training-post-1',
    );
    expect(post).toMatchObject({ name: 'Chốt Bến phà', kind: 'checkpoint', status: 'active', communeCode: null });

    // A night shift (22:00–06:00) with an incident at 01:15, which is on the next calendar day.
    const logged = await saban(
      'log-shift',
      '--db',
      db,
      '--post',
      'Chốt Bến phà',
      '--date',
      '2021-09-01',
      '--shift',
      '3',
      '--people',
      '80',
      '--vehicles',
      '12',
      '--incident',
      'type=illegal_entry,at=01:15,place=mốc 770,people=3,handling=quarantine',
      '--json',
    );
    expect(logged.code, logged.stderr).toBe(0);
    const log = JSON.parse(logged.stdout) as ShiftLog;
    expect(log).toMatchObject({ peopleChecked: 80, vehiclesChecked: 12, shift: { date: '2021-09-01', no: 3 } });
    expect(log.incidents[0]).toMatchObject({ at: '2021-09-01T18:15:00.000Z', place: 'mốc 770', people: 3 });
    expect(
      (
        await saban(
          'log-shift',
          '--db',
          db,
          '--post',
          post!.id,
          '--date',
          '2021-09-02',
          '--shift',
          '1',
          '--people',
          '20',
        )
      ).code,
    ).toBe(0);

    const totals = await saban('post-totals', '--db', db, '--from', '2021-09-01', '--to', '2021-09-02', '--json');
    expect(
      (JSON.parse(totals.stdout) as { key: string; peopleChecked: number; incidents: number }[]).map((t) => [
        t.key,
        t.peopleChecked,
        t.incidents,
      ]),
    ).toEqual([
      ['2021-09-01', 80, 1],
      ['2021-09-02', 20, 0],
    ]);

    const badShift = await saban('log-shift', '--db', db, '--post', post!.id, '--date', '2021-09-01', '--shift', '4');
    expect(badShift.code).toBe(2);
    expect(badShift.stderr).toMatch(/shift 4 is not in 1..3/);
    expect((await saban('log-shift', '--db', db, '--post', 'không có')).code).toBe(2);

    const out = path.join(dir, 'chot.geojson');
    expect((await saban('export-posts', '--db', db, '--format', 'geojson', '--out', out)).code).toBe(0);
    const geo = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      features: { geometry: { coordinates: number[] }; properties: { id: string } }[];
    };
    expect(
      geo.features.filter((f) => f.properties.id !== 'training-post-1').map((f) => f.geometry.coordinates),
    ).toEqual([[107.1, 9.1]]);
  });
});
