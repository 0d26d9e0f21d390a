/**
 * Clusters and lockdowns travel in sync bundles like every record: a district's cluster (with its
 * cases) and lockdown (with its history and checkpoints) reach the province, which sees every
 * district's on its map; a district never sends a record of another district's unit.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/engine/dispatch';
import type { SkippedCounts } from '../../electron/engine/sync/export';
import { exportFor } from '../../electron/engine/sync/service';
import { sharedDataAvailable } from '../helpers/shared-data';
import { communesOf, exportNext, importInto, type Office, setUpOffices } from '../helpers/sync';

const available = sharedDataAvailable();
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function offices() {
  const o = setUpOffices();
  cleanups.push(o.close);
  return o;
}

/** A cluster on two communes of the office's district, with cases, and a lockdown of the first guarded by a checkpoint. */
function outbreak(d: Office, name: string) {
  const [a, b] = communesOf(d);
  const cluster = call(d.engine, 'clusters.save', {
    name,
    place: { kind: 'units', codes: [a!, b!] },
    openedOn: '2021-08-01',
  });
  call(d.engine, 'clusters.setCases', { id: cluster.id, day: '2021-08-02', count: 5 });
  const [lon, lat] = call(d.engine, 'units.get', { code: a! }).unit.labelPoint!;
  const post = call(d.engine, 'posts.save', { kind: 'checkpoint', name: `Chốt ${name}`, lon, lat });
  const lockdown = call(d.engine, 'lockdowns.save', {
    name: `Phong tỏa ${name}`,
    area: { kind: 'units', codes: [a!] },
    startsAt: '2021-08-02T00:00:00+07:00',
    endsAt: '2021-08-16T00:00:00+07:00',
    reason: 'ca cộng đồng',
    clusterId: cluster.id,
    postIds: [post.id],
  });
  call(d.engine, 'lockdowns.extend', { id: lockdown.id, endsAt: '2021-08-23T00:00:00+07:00', reason: 'thêm ca' });
  return { cluster, lockdown, post };
}

describe.skipIf(!available)('clusters and lockdowns in sync', () => {
  it('reach the province with their cases, history and checkpoints; the province sees every district’s', async () => {
    const o = offices();
    const [d1, d2] = o.districts;
    const one = outbreak(d1!, 'Ổ dịch A');
    const two = outbreak(d2!, 'Ổ dịch B');
    for (const d of [d1!, d2!]) {
      const r = importInto(o.province, await exportNext(d, path.join(o.dir, 'out')));
      expect(r.applied[0]!.refused).toBe(0);
    }
    const p = o.province.engine;
    const clusters = call(p, 'clusters.list', { within: '95' });
    expect(clusters.map((c) => [c.name, c.unitCode, c.totalCases]).sort()).toEqual([
      ['Ổ dịch A', d1!.code, 5],
      ['Ổ dịch B', d2!.code, 5],
    ]);
    expect(call(p, 'clusters.list', {})).toHaveLength(2);
    expect(call(p, 'clusters.list', { within: d1!.code }).map((c) => c.id)).toEqual([one.cluster.id]);
    const got = call(p, 'lockdowns.get', { id: one.lockdown.id });
    expect(got.lockdown).toMatchObject({
      endsAt: '2021-08-23T00:00:00+07:00',
      postIds: [one.post.id],
      clusterId: one.cluster.id,
      clusterName: 'Ổ dịch A',
    });
    expect(got.lockdown.geometry?.type).toBe('MultiPolygon');
    expect(got.history.map((h) => [h.kind, h.reason])).toEqual([
      ['created', 'ca cộng đồng'],
      ['extended', 'thêm ca'],
    ]);
    expect(
      call(p, 'lockdowns.list', {})
        .map((l) => l.id)
        .sort(),
    ).toEqual([one.lockdown.id, two.lockdown.id].sort());
    // The checkpoint came too, so the province's map can highlight it.
    expect(call(p, 'posts.get', { id: one.post.id }).post.name).toBe('Chốt Ổ dịch A');

    // A later change travels as a change: the district ends its lockdown early.
    call(d1!.engine, 'lockdowns.end', { id: one.lockdown.id, at: '2021-08-20T08:00:00+07:00', reason: 'hết ca' });
    importInto(o.province, await exportNext(d1!, path.join(o.dir, 'out')));
    const after = call(p, 'lockdowns.get', { id: one.lockdown.id });
    expect(after.lockdown.state).toBe('ended');
    expect(after.history.map((h) => h.kind)).toEqual(['created', 'extended', 'ended']);
  });

  it('a cluster and a lockdown removed at the district are gone at the province after a bundle; a restore brings them back', async () => {
    const o = offices();
    const [d1] = o.districts;
    const one = outbreak(d1!, 'Ổ dịch nhầm');
    const extra = call(d1!.engine, 'lockdowns.save', {
      name: 'Phong tỏa nhầm',
      area: { kind: 'units', codes: [communesOf(d1!)[1]!] },
      startsAt: '2021-08-02T00:00:00+07:00',
      endsAt: '2021-08-16T00:00:00+07:00',
      reason: 'vẽ nhầm',
    });
    const out = path.join(o.dir, 'out');
    importInto(o.province, await exportNext(d1!, out));
    const p = o.province.engine;
    expect(call(p, 'clusters.list', {}).map((c) => c.id)).toEqual([one.cluster.id]);
    expect(call(p, 'lockdowns.list', {})).toHaveLength(2);

    const removed = call(d1!.engine, 'clusters.remove', { id: one.cluster.id, reason: 'nhập nhầm' });
    expect(removed.unlinkedLockdownIds).toEqual([one.lockdown.id]);
    call(d1!.engine, 'lockdowns.remove', { id: extra.id, reason: 'vẽ nhầm' });
    const r = importInto(o.province, await exportNext(d1!, out));
    expect(r.applied[0]!.refused).toBe(0);
    expect(call(p, 'clusters.list', {})).toEqual([]);
    expect(call(p, 'lockdowns.list', {}).map((l) => [l.id, l.clusterId])).toEqual([[one.lockdown.id, null]]);
    expect(call(p, 'lockdowns.get', { id: one.lockdown.id }).history.at(-1)!.reason).toMatch(/nhập nhầm$/);
    // A soft delete: the row stays, marked, so a later restore can travel too.
    expect(p.db.prepare('SELECT deleted FROM clusters WHERE id = ?').pluck().get(one.cluster.id)).toBe(1);

    call(d1!.engine, 'lockdowns.restore', { id: extra.id, reason: 'hoàn tác' });
    importInto(o.province, await exportNext(d1!, out));
    expect(
      call(p, 'lockdowns.list', {})
        .map((l) => l.id)
        .sort(),
    ).toEqual([one.lockdown.id, extra.id].sort());
  });

  it('a district does not send a cluster or lockdown of another district’s communes', async () => {
    const o = offices();
    const [d1, d2] = o.districts;
    // Sent once: the boundary import.
    await exportNext(d1!, path.join(o.dir, 'out'));
    const other = communesOf(d2!)[0]!;
    call(d1!.engine, 'clusters.save', {
      name: 'Ngoài huyện',
      place: { kind: 'units', codes: [other] },
      openedOn: '2021-08-01',
    });
    call(d1!.engine, 'lockdowns.save', {
      name: 'Ngoài huyện',
      area: { kind: 'units', codes: [other] },
      startsAt: '2021-08-02T00:00:00+07:00',
      endsAt: '2021-08-16T00:00:00+07:00',
      reason: 'x',
    });
    let skipped: SkippedCounts = {};
    const r = await exportFor(d1!.engine, { outDir: path.join(o.dir, 'out'), onSkipped: (s) => (skipped = s) });
    expect(r).toBeNull();
    expect(skipped['out-of-scope']).toBe(3);
  });
});
