/**
 * The `clusters` and `lockdowns` commands in process, on the training district: list (text and
 * --json), add, cases, close; a lockdown over whole hamlets with a checkpoint, extended and ended
 * with its history; bad input is exit 2 with the reason and writes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Cluster, Lockdown, LockdownChange } from '../../shared/contract-clusters';
import { osCaller } from '../../electron/engine/auth/accounts';
import { addDays, formatDate, vnToday } from '../../shared/time';
import { saban, sabanEn } from '../helpers/cli';
import { tempDir } from '../helpers/engine';

/** Who the command line acts as without --user (regex-safe). */
const me = osCaller().displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function trainingDb(): Promise<string> {
  const db = path.join(tempDir(), 'x.sqlite');
  expect((await saban('init', '--db', db, '--training')).code).toBe(0);
  return db;
}

describe('saban clusters', () => {
  it('lists the training cluster, adds one on whole hamlets, enters cases and closes it', async () => {
    const db = await trainingDb();
    const listed = await saban('clusters', '--db', db);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /Ổ dịch chợ Ấp 2 \(tập huấn\)\tĐang hoạt động\t.*10 ca.*có thể kết thúc từ \d\d\/\d\d\/\d{4}/,
    );

    const added = await sabanEn(
      'clusters',
      'add',
      '--name',
      'Ổ dịch xóm Chài',
      '--units',
      '99903-001,99903-002',
      '--opened',
      '01/01/2021',
      '--db',
      db,
      '--json',
    );
    expect(added.code, added.stderr).toBe(0);
    const c = JSON.parse(added.stdout) as Cluster;
    expect(c).toMatchObject({ unitCode: '99903', status: 'active', openedOn: '2021-01-01', place: { kind: 'units' } });

    const cases = await sabanEn(
      'clusters',
      'cases',
      '--id',
      'Ổ dịch xóm Chài',
      '--day',
      '02/01/2021',
      '--count',
      '4',
      '--db',
      db,
      '--json',
    );
    expect(cases.code, cases.stderr).toBe(0);
    // Long ago: 28 days have passed, closing is suggested but not done.
    expect(JSON.parse(cases.stdout)).toMatchObject({
      totalCases: 4,
      lastCaseDay: '2021-01-02',
      canCloseFrom: '2021-01-30',
      suggestClose: true,
      status: 'active',
    });

    const closed = await sabanEn('clusters', 'close', '--id', c.id, '--reason', '28 days without a case', '--db', db);
    expect(closed.code, closed.stderr).toBe(0);
    // Without --user the command line acts as the OS account, and names it.
    expect(closed.stdout).toMatch(new RegExp(`Ổ dịch xóm Chài\tClosed\t.*closed \\d\\d/\\d\\d/\\d{4} \\(${me}\\)`));
    const json = JSON.parse((await saban('clusters', '--status', 'closed', '--db', db, '--json')).stdout) as Cluster[];
    expect(json.map((x) => x.name)).toEqual(['Ổ dịch xóm Chài']);
  });

  it('refuses bad input with exit 2 and the reason, writing nothing', async () => {
    const db = await trainingDb();
    const bad = await sabanEn('clusters', 'add', '--name', 'X', '--units', '999', '--opened', '01/01/2021', '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('X: Huyện Tập Huấn (dữ liệu giả định) (999) is not a commune or hamlet');
    const both = await sabanEn(
      'clusters',
      'add',
      '--name',
      'X',
      '--units',
      '99901-001',
      '--point',
      '8.6,108.6',
      '--opened',
      '01/01/2021',
      '--db',
      db,
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give exactly one of --units, --point, --geojson');
    const day = await saban(
      'clusters',
      'add',
      '--name',
      'X',
      '--units',
      '99901-001',
      '--opened',
      '31/02/2021',
      '--db',
      db,
    );
    expect(day.code).toBe(2);
    expect(day.stderr).toContain('--opened “31/02/2021”: cần ngày dd/mm/yyyy');
    const dir = tempDir();
    const file = path.join(dir, 'bowtie.geojson');
    fs.writeFileSync(
      file,
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [108.61, 8.56],
            [108.62, 8.57],
            [108.62, 8.56],
            [108.61, 8.57],
            [108.61, 8.56],
          ],
        ],
      }),
    );
    const geo = await sabanEn(
      'clusters',
      'add',
      '--name',
      'Bow',
      '--geojson',
      file,
      '--opened',
      '01/01/2021',
      '--db',
      db,
    );
    expect(geo.code).toBe(2);
    expect(geo.stderr).toContain('Bow: bad geometry, the boundary crosses itself');
    expect(JSON.parse((await saban('clusters', '--db', db, '--json')).stdout)).toHaveLength(1);
  });
});

describe('saban lockdowns', () => {
  it('adds a lockdown of whole hamlets with a checkpoint, extends and ends it, printing its history', async () => {
    const db = await trainingDb();
    const listed = await sabanEn('lockdowns', '--db', db);
    expect(listed.stdout).toMatch(
      /Phong tỏa Ấp 2, Xã Vĩnh Phước \(tập huấn\)\tIn force\t.*1 checkpoints\tỔ dịch chợ Ấp 2/,
    );

    const added = await sabanEn(
      'lockdowns',
      'add',
      '--name',
      'Phong tỏa khu phố 1',
      '--units',
      '99903-001',
      '--from',
      '01/09/2021 00:00',
      '--to',
      '15/09/2021 00:00',
      '--reason',
      'F0 in the community',
      '--post',
      'Chốt cầu Ấp 2 (tập huấn)',
      '--cluster',
      'Ổ dịch chợ Ấp 2 (tập huấn)',
      '--db',
      db,
      '--json',
    );
    expect(added.code, added.stderr).toBe(0);
    const l = JSON.parse(added.stdout) as Lockdown & { history: LockdownChange[] };
    expect(l).toMatchObject({
      startsAt: '2021-09-01T00:00:00+07:00',
      endsAt: '2021-09-15T00:00:00+07:00',
      postIds: ['training-post-1'],
      clusterId: 'training-cluster-1',
    });

    const extended = await sabanEn(
      'lockdowns',
      'extend',
      '--id',
      l.id,
      '--to',
      '22/09/2021 12:00',
      '--reason',
      'two more cases',
      '--db',
      db,
    );
    expect(extended.code, extended.stderr).toBe(0);
    expect(extended.stdout).toMatch(new RegExp(`Extended → 22/09/2021 12:00\ttwo more cases\t${me}`));

    const ended = await sabanEn(
      'lockdowns',
      'end',
      '--id',
      'Phong tỏa khu phố 1',
      '--at',
      '10/09/2021 08:00',
      '--reason',
      'cleared',
      '--db',
      db,
      '--json',
    );
    expect(ended.code, ended.stderr).toBe(0);
    const out = JSON.parse(ended.stdout) as Lockdown & { history: LockdownChange[] };
    expect(out.state).toBe('ended');
    expect(out.history.map((h) => h.kind)).toEqual(['created', 'extended', 'ended']);

    const again = await sabanEn(
      'lockdowns',
      'extend',
      '--id',
      l.id,
      '--to',
      '30/09/2021 12:00',
      '--reason',
      'x',
      '--db',
      db,
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('was already ended at 10/09/2021 08:00');
    const badTime = await sabanEn('lockdowns', 'extend', '--id', l.id, '--to', 'tomorrow', '--reason', 'x', '--db', db);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--to “tomorrow”: expected “dd/mm/yyyy HH:mm” (Vietnam time)');
    const state = JSON.parse((await saban('lockdowns', '--state', 'ended', '--db', db, '--json')).stdout) as Lockdown[];
    expect(state.map((x) => x.id)).toEqual([l.id]);
  });
});

describe('saban clusters: cases against the daily figures', () => {
  it('prints a warning under a cluster whose cases on a day exceed the commune’s new F0', async () => {
    const db = await trainingDb();
    const yesterday = addDays(vnToday(), -1);
    const r = await saban(
      'clusters',
      'cases',
      '--id',
      'training-cluster-1',
      '--day',
      formatDate(yesterday),
      '--count',
      '999',
      '--db',
      db,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `\\n  ⚠ ${formatDate(yesterday).replace(/\//g, '\\/')}: 999 ca gắn với ổ dịch, nhưng số liệu hằng ngày của Xã Vĩnh Phước chỉ có \\d+ F0 mới`,
      ),
    );
    const json = JSON.parse((await sabanEn('clusters', '--db', db, '--json')).stdout) as Cluster[];
    expect(json[0]!.warnings.map((w) => [w.day, w.cases, w.communes])).toEqual([[yesterday, 999, ['99906']]]);
  });
});

describe('saban clusters remove / lockdowns remove', () => {
  it('removes a cluster and a lockdown entered by mistake (reason required), and restores them', async () => {
    const db = await trainingDb();
    const noReason = await saban('clusters', 'remove', 'training-cluster-1', '--db', db);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('thiếu --reason');

    const removed = await saban('clusters', 'remove', 'training-cluster-1', '--reason', 'nhập nhầm', '--db', db);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/^Đã xóa ổ dịch “Ổ dịch chợ Ấp 2 \(tập huấn\)” \(training-cluster-1\)\n/);
    expect(removed.stdout).toContain('Phong tỏa giữ nguyên, bỏ liên kết: training-lockdown-1');
    expect((await saban('clusters', '--db', db)).stdout).toContain('Chưa có ổ dịch nào');
    const lockdowns = JSON.parse((await saban('lockdowns', '--db', db, '--json')).stdout) as Lockdown[];
    expect(lockdowns.map((l) => [l.id, l.clusterId])).toEqual([['training-lockdown-1', null]]);
    const again = await sabanEn('clusters', 'remove', 'training-cluster-1', '--reason', 'x', '--db', db);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('No cluster with id or name “training-cluster-1”');

    const restored = await sabanEn(
      'clusters',
      'restore',
      'training-cluster-1',
      '--reason',
      'undo',
      '--relink',
      'training-lockdown-1',
      '--db',
      db,
      '--json',
    );
    expect(restored.code, restored.stderr).toBe(0);
    expect((JSON.parse(restored.stdout) as Cluster).totalCases).toBe(10);
    const relinked = JSON.parse((await saban('lockdowns', '--db', db, '--json')).stdout) as Lockdown[];
    expect(relinked[0]!.clusterId).toBe('training-cluster-1');

    const byName = await sabanEn(
      'lockdowns',
      'remove',
      '--id',
      relinked[0]!.name,
      '--reason',
      'drawn by mistake',
      '--db',
      db,
    );
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toMatch(/^Removed lockdown “.+” \(training-lockdown-1\)\n$/);
    expect((await sabanEn('lockdowns', '--db', db)).stdout).toContain('No lockdowns yet');
    const back = await sabanEn('lockdowns', 'restore', 'training-lockdown-1', '--reason', 'undo', '--db', db, '--json');
    expect(back.code, back.stderr).toBe(0);
    expect((JSON.parse(back.stdout) as Lockdown & { history: LockdownChange[] }).history).toHaveLength(3);
  });
});
