/** Sync conflicts: per-field last-writer-wins by HLC, every overwritten or losing value kept in the conflict log. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/engine/dispatch';
import { importFor } from '../../electron/engine/sync/service';
import { sharedDataAvailable } from '../helpers/shared-data';
import { clockedOffices, communesOf, exportNext, importInto } from '../helpers/sync';

const available = sharedDataAvailable();
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const clocked = () => clockedOffices((close) => cleanups.push(close));

describe.skipIf(!available)('sync conflicts', () => {
  it('logs no conflict when both offices imported the same boundary file', async () => {
    const s = clocked();
    // Both offices created the same units from the same file; the district's bundle carries
    // them, with the same values, so nothing conflicts.
    const file = await exportNext(s.district, s.dir, true);
    expect(importInto(s.province, file).status).toBe('applied');
    expect(call(s.province.engine, 'sync.conflicts', {})).toEqual([]);
  });

  it('a newer district edit wins over an older province edit of the same field; both values are logged', async () => {
    const s = clocked();
    const commune = communesOf(s.district)[0]!;
    s.setProvince('2021-11-24T02:00:00Z');
    call(s.province.engine, 'units.update', { code: commune, name: 'Tên do tỉnh sửa', reason: 'tỉnh' });
    s.setDistrict('2021-11-24T03:00:00Z');
    call(s.district.engine, 'units.update', {
      code: commune,
      name: 'Tên do huyện sửa',
      population: 777,
      reason: 'huyện',
    });
    const r = importInto(s.province, await exportNext(s.district, path.join(s.dir, 'out')));
    expect(r.applied[0]!.conflicts).toBeGreaterThan(0);
    expect(call(s.province.engine, 'units.get', { code: commune }).unit).toMatchObject({
      name: 'Tên do huyện sửa',
      population: 777,
    });
    const log = call(s.province.engine, 'sync.conflicts', {}).filter(
      (c) => c.entityId === commune && c.column === 'name' && c.remoteValue === 'Tên do huyện sửa',
    );
    expect(log).toEqual([
      expect.objectContaining({
        office: '958',
        winner: 'remote',
        localValue: 'Tên do tỉnh sửa',
        remoteValue: 'Tên do huyện sửa',
        localHlc: expect.stringMatching(/^2021-11-24T02:00:00\.000Z/) as unknown,
        remoteHlc: expect.stringMatching(/^2021-11-24T03:00:00\.000Z/) as unknown,
      }),
    ]);
  });

  it('an older district edit loses to a newer province edit, field by field; the losing value is kept in the log', async () => {
    const s = clocked();
    const commune = communesOf(s.district)[0]!;
    s.setDistrict('2021-11-24T02:00:00Z');
    call(s.district.engine, 'units.update', {
      code: commune,
      name: 'Tên cũ của huyện',
      population: 555,
      reason: 'huyện',
    });
    s.setProvince('2021-11-24T03:00:00Z');
    call(s.province.engine, 'units.update', { code: commune, name: 'Tên mới của tỉnh', reason: 'tỉnh' });
    const r = importInto(s.province, await exportNext(s.district, path.join(s.dir, 'out')));
    expect(r.status).toBe('applied');
    const unit = call(s.province.engine, 'units.get', { code: commune }).unit;
    // name: the province's newer value stays; population: only the district changed it, so it applies.
    expect(unit).toMatchObject({ name: 'Tên mới của tỉnh', population: 555 });
    const log = call(s.province.engine, 'sync.conflicts', {}).filter(
      (c) => c.entityId === commune && c.column === 'name' && c.remoteValue === 'Tên cũ của huyện',
    );
    expect(log).toEqual([
      expect.objectContaining({ winner: 'local', localValue: 'Tên mới của tỉnh', remoteValue: 'Tên cũ của huyện' }),
    ]);
    // The losing change is still in the province's log (nothing silently dropped).
    const kept = s.province.engine.db
      .prepare("SELECT count(*) AS n FROM changes WHERE entity_id = ? AND data LIKE '%Tên cũ của huyện%'")
      .get(commune) as { n: number };
    expect(kept.n).toBe(1);
  });

  it('a province edit made after the import sorts after the district clock it received', async () => {
    const s = clocked();
    const commune = communesOf(s.district)[0]!;
    // The district's clock runs 3 minutes ahead of the province's (within the allowed drift).
    s.setDistrict('2021-11-24T02:03:00Z');
    call(s.district.engine, 'units.update', { code: commune, name: 'Huyện', reason: 'x' });
    s.setProvince('2021-11-24T02:00:00Z');
    importInto(s.province, await exportNext(s.district, path.join(s.dir, 'out')));
    call(s.province.engine, 'units.update', { code: commune, name: 'Tỉnh sửa sau', reason: 'y' });
    const last = s.province.engine.db
      .prepare('SELECT hlc FROM changes WHERE node_id = ? ORDER BY seq DESC LIMIT 1')
      .get(s.province.engine.nodeId) as { hlc: string };
    expect(last.hlc > '2021-11-24T02:03:00.000Z').toBe(true);
  });

  it('refuses a bundle whose clock runs far ahead, naming the district', async () => {
    const s = clocked();
    s.setDistrict('2021-11-24T05:00:00Z');
    call(s.district.engine, 'units.update', { code: communesOf(s.district)[0], name: 'x', reason: 'x' });
    s.setProvince('2021-11-24T02:00:00Z');
    const file = await exportNext(s.district, path.join(s.dir, 'out'));
    const provinceNow = (): number => Date.parse('2021-11-24T02:00:00Z');
    expect(() => importFor(s.province.engine, file, {}, provinceNow)).toThrow(/đồng hồ của 958 nhanh hơn 180 phút/);
  });
});
