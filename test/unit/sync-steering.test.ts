/**
 * Steering teams belong to the smallest unit holding all their areas (migration 70), so a
 * district's own teams travel to the province like its other records, and a team over several
 * districts stays the province's.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commonAncestor } from '../../shared/units';
import { call } from '../../electron/engine/dispatch';
import { openDatabase } from '../../electron/engine/db';
import { MIGRATIONS } from '../../electron/engine/migrations/index';
import { skippedMessage, type SkippedCounts } from '../../electron/engine/sync/export';
import { exportFor } from '../../electron/engine/sync/service';
import { tempDir } from '../helpers/engine';
import { sharedDataAvailable } from '../helpers/shared-data';
import { communesOf, exportNext, importInto, setUpOffices } from '../helpers/sync';

const available = sharedDataAvailable();
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('commonAncestor', () => {
  it.each([
    [[['95', '958', '95801']], '95801'],
    [
      [
        ['95', '958', '95801'],
        ['95', '958', '95802'],
      ],
      '958',
    ],
    [
      [
        ['95', '958', '95801'],
        ['95', '958'],
      ],
      '958',
    ],
    [
      [
        ['95', '958', '95801'],
        ['95', '960', '96001'],
      ],
      '95',
    ],
    [
      [
        ['95', '958'],
        ['94', '941'],
      ],
      null,
    ],
    [[], null],
  ] as const)('%j → %s', (chains, expected) => {
    expect(commonAncestor(chains)).toBe(expected);
  });
});

describe.skipIf(!available)('steering teams in sync', () => {
  function offices() {
    const o = setUpOffices();
    cleanups.push(o.close);
    return o;
  }

  it("a district's steering team over its communes reaches the province, owned by the district", async () => {
    const o = offices();
    const d = o.districts[0]!;
    const [a, b] = communesOf(d);
    const team = call(d.engine, 'teams.steeringSave', { name: 'Tổ chỉ đạo cụm 1', areaCodes: [a!, b!] });
    const unit = d.engine.db.prepare('SELECT unit_code FROM steering_teams WHERE id = ?').pluck().get(team.id);
    expect(unit).toBe(d.code);
    const r = importInto(o.province, await exportNext(d, path.join(o.dir, 'out')));
    expect(r.applied[0]!.refused).toBe(0);
    expect(call(o.province.engine, 'teams.steeringList', {})).toEqual([
      expect.objectContaining({ id: team.id, name: 'Tổ chỉ đạo cụm 1', areaCodes: [a, b] }),
    ]);
  });

  it('a team over two districts belongs to the province: a district does not send it', async () => {
    const o = offices();
    const [d1, d2] = o.districts;
    const team = call(d1!.engine, 'teams.steeringSave', {
      name: 'Tổ liên huyện',
      areaCodes: [communesOf(d1!)[0]!, communesOf(d2!)[0]!],
    });
    expect(d1!.engine.db.prepare('SELECT unit_code FROM steering_teams WHERE id = ?').pluck().get(team.id)).toBe('95');
    // The district's other work still travels; the cross-district team does not.
    call(d1!.engine, 'risk.set', { codes: [communesOf(d1!)[0]!], level: 2, reason: 'x' });
    importInto(o.province, await exportNext(d1!, path.join(o.dir, 'out')));
    expect(call(o.province.engine, 'teams.steeringList', {})).toEqual([]);
    expect(call(o.province.engine, 'risk.levels', { within: d1!.code })).toHaveLength(1);
  });
});

describe.skipIf(!available)('what a district export leaves out', () => {
  it('is counted by reason and said in the export message, not dropped silently', async () => {
    const o = setUpOffices();
    cleanups.push(o.close);
    const [d1, d2] = o.districts;
    // The first bundle carries the boundary import; the other districts' units in that file stay.
    let skipped: SkippedCounts = {};
    await exportFor(d1!.engine, { outDir: path.join(o.dir, 'out'), onSkipped: (s) => (skipped = s) });
    expect(skipped['out-of-scope']).toBeGreaterThan(0);
    // A province-owned setting changed locally, and a team over two districts.
    call(d1!.engine, 'risk.setRules', { caseBands: [1, 2, 3] });
    call(d1!.engine, 'teams.steeringSave', {
      name: 'Tổ liên huyện',
      areaCodes: [communesOf(d1!)[0]!, communesOf(d2!)[0]!],
    });
    call(d1!.engine, 'risk.set', { codes: [communesOf(d1!)[0]!], level: 2, reason: 'x' });
    const r = await exportFor(d1!.engine, { outDir: path.join(o.dir, 'out'), onSkipped: (s) => (skipped = s) });
    expect(r?.manifest.counts).toEqual({ assessment: 1 });
    expect(skipped).toEqual({ 'province-owned': 1, 'out-of-scope': 1 });
    expect(skippedMessage(skipped)?.vi).toMatch(
      /Không gửi 2 thay đổi \(1 thuộc tỉnh quản lý, 1 ngoài phạm vi đơn vị\)/,
    );
    expect(skippedMessage({})).toBeNull();

    // The sync dialog's export job says it too.
    call(d1!.engine, 'risk.setRules', { caseBands: [2, 3, 4] });
    const { jobId } = call(d1!.engine, 'sync.exportStart', {});
    await expect.poll(() => call(d1!.engine, 'sync.job', { jobId }).state, { timeout: 10_000 }).toBe('done');
    const job = call(d1!.engine, 'sync.job', { jobId });
    expect(job.export?.message).toMatch(/Không có thay đổi mới để gửi\. Không gửi 1 thay đổi \(1 thuộc tỉnh quản lý\)/);
    expect(job.export?.text.en).toMatch(/Nothing new to send\. 1 change\(s\) not sent \(1 province-owned\)/);
  });
});

describe('migration 70', () => {
  it('gives existing steering teams the unit holding their areas', () => {
    const file = path.join(tempDir('saban-mig70-'), 'old.sqlite');
    const before = MIGRATIONS.filter((m) => m.version < 70);
    const old = openDatabase(file, { migrations: before });
    const unit = old.prepare(
      'INSERT INTO units (code, level, parent_code, name, type, deleted) VALUES (?, ?, ?, ?, ?, 0)',
    );
    unit.run('95', 'province', null, 'Tỉnh', 'Tỉnh');
    unit.run('958', 'district', '95', 'Huyện A', 'Huyện');
    unit.run('960', 'district', '95', 'Huyện B', 'Huyện');
    unit.run('95801', 'commune', '958', 'Xã 1', 'Xã');
    unit.run('95802', 'commune', '958', 'Xã 2', 'Xã');
    unit.run('96001', 'commune', '960', 'Xã 3', 'Xã');
    const team = old.prepare(
      "INSERT INTO steering_teams (id, name, member_ids, area_codes, from_date, notes, deleted) VALUES (?, ?, '[]', ?, '2021-11-01', '', 0)",
    );
    team.run('t1', 'Một huyện', JSON.stringify(['95801', '95802']));
    team.run('t2', 'Hai huyện', JSON.stringify(['95801', '96001']));
    team.run('t3', 'Một xã', JSON.stringify(['96001']));
    team.run('t4', 'Hỏng', 'not json');
    old.close();
    const db = openDatabase(file);
    try {
      expect(db.prepare('SELECT id, unit_code FROM steering_teams ORDER BY id').all()).toEqual([
        { id: 't1', unit_code: '958' },
        { id: 't2', unit_code: '95' },
        { id: 't3', unit_code: '96001' },
        { id: 't4', unit_code: null },
      ]);
    } finally {
      db.close();
    }
  });
});
