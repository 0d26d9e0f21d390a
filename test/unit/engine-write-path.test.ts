import { afterEach, describe, expect, it } from 'vitest';
import { parseHlc } from '../../shared/hlc';
import { dispatch } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import { asUser, call, freshEngine, snapshot } from '../helpers/engine';

const open: Engine[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});
function make(options = {}): ReturnType<typeof freshEngine> {
  const r = freshEngine(options);
  open.push(r.engine);
  return r;
}

describe('the single write path', () => {
  it('writes the row, an audit entry and a change-log entry together', () => {
    const { engine } = make({ seedTraining: true });
    const before = call(engine, 'units.stats', {});
    const updated = call(
      engine,
      'units.update',
      { code: '99901', name: 'Xã An Bình Mới', reason: 'Đổi tên theo nghị quyết' },
      asUser('Phạm Thị Hoa'),
    );
    expect(updated.name).toBe('Xã An Bình Mới');
    const after = call(engine, 'units.stats', {});
    expect(after.changes).toBe(before.changes + 1);
    expect(after.audit).toBe(before.audit + 1);
    const [entry] = call(engine, 'audit.list', { entity: 'unit', entityId: '99901', limit: 1 });
    expect(entry).toMatchObject({
      action: 'unit.update',
      actor: 'Phạm Thị Hoa',
      entity: 'unit',
      entityId: '99901',
      before: { name: 'Xã An Bình' },
      after: { name: 'Xã An Bình Mới' },
      reason: 'Đổi tên theo nghị quyết',
    });
    const change = engine.db.prepare('SELECT * FROM changes ORDER BY seq DESC LIMIT 1').get() as {
      hlc: string;
      node_id: string;
      entity: string;
      entity_id: string;
      data: string;
    };
    expect(change).toMatchObject({ node_id: engine.nodeId, entity: 'unit', entity_id: '99901' });
    expect(JSON.parse(change.data)).toEqual({ name: 'Xã An Bình Mới' });
    expect(change.hlc).toBe(entry!.hlc);
    expect(parseHlc(change.hlc).node).toBe(engine.nodeId);
  });

  it('names the account in audit entries, not the settings name or the door', () => {
    const { engine } = make({ seedTraining: true });
    call(engine, 'settings.set', { operatorName: 'Ai đó' });
    call(engine, 'units.update', { code: '99902', population: 1234, reason: 'Số liệu mới' }, asUser('Nguyễn Văn A'));
    const [entry] = call(engine, 'audit.list', { entityId: '99902', limit: 1 });
    expect(entry!.actor).toBe('Nguyễn Văn A');
  });

  it('writes nothing when nothing changes', () => {
    const { engine } = make({ seedTraining: true });
    const before = snapshot(engine);
    call(engine, 'units.update', { code: '99901', name: 'Xã An Bình' });
    expect(snapshot(engine)).toBe(before);
  });

  it('rolls back row, audit and change log together when the transaction fails', () => {
    const { engine } = make({ seedTraining: true });
    const before = snapshot(engine);
    expect(() =>
      engine.writer.transact({ actor: 'test', action: 'test' }, (tx) => {
        tx.put('unit', { code: '99901', name: 'Tên tạm' });
        tx.put('unit', { code: '99902', name: 'Tên tạm 2' });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(snapshot(engine)).toBe(before);
  });

  it('rolls back when SQLite itself refuses a row (foreign key)', () => {
    const { engine } = make({ seedTraining: true });
    const before = snapshot(engine);
    expect(() =>
      engine.writer.transact({ actor: 'test', action: 'test' }, (tx) => {
        tx.put('unit', { code: '99901', name: 'Đổi' });
        tx.put('unit', { code: '99999', level: 'commune', parent_code: 'nope', name: 'x', type: 'Xã', deleted: 0 });
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(snapshot(engine)).toBe(before);
  });

  it('refuses columns the entity does not have', () => {
    const { engine } = make({ seedTraining: true });
    expect(() =>
      engine.writer.transact({ actor: 't', action: 't' }, (tx) => tx.put('unit', { code: '99901', bogus: 1 })),
    ).toThrow(/unknown column/);
  });

  it('keeps the clock monotonic across restarts, even if the wall clock goes back', () => {
    let now = Date.UTC(2021, 10, 24, 12);
    const { engine, file } = make({ seedTraining: true, now: () => now });
    call(engine, 'units.update', { code: '99901', name: 'A' });
    const last = (engine.db.prepare('SELECT max(hlc) AS h FROM changes').get() as { h: string }).h;
    engine.close();
    now -= 3_600_000; // an hour back
    const again = Engine.open(file, { now: () => now });
    open.push(again);
    call(again, 'units.update', { code: '99901', name: 'B' });
    const next = (again.db.prepare('SELECT max(hlc) AS h FROM changes').get() as { h: string }).h;
    expect(next > last).toBe(true);
    expect(again.nodeId).toBe(engine.nodeId);
  });

  it('tombstones a deleted hamlet and keeps its history', () => {
    const { engine } = make({ seedTraining: true });
    const h = call(engine, 'units.createHamlet', {
      communeCode: '99903',
      name: 'Khu phố Mới',
      type: 'Khu phố',
      geometry: { type: 'Point', coordinates: [108.7, 8.6] },
    });
    expect(h.code).toBe('99903-005');
    expect(h.labelPoint).toEqual([108.7, 8.6]);
    call(engine, 'units.deleteHamlet', { code: h.code, reason: 'Nhập nhầm' });
    expect(call(engine, 'units.list', { within: '99903', level: 'hamlet' }).map((u) => u.code)).not.toContain(h.code);
    const row = engine.db.prepare('SELECT deleted FROM units WHERE code = ?').get(h.code) as { deleted: number };
    expect(row.deleted).toBe(1);
    const history = call(engine, 'audit.list', { entityId: h.code });
    expect(history.map((e) => e.action)).toEqual(['hamlet.delete', 'hamlet.create']);
    // The next hamlet never reuses a code.
    expect(call(engine, 'units.createHamlet', { communeCode: '99903', name: 'Khu phố 6' }).code).toBe('99903-006');
  });
});

describe('dispatch (the door contract)', () => {
  it('validates input as unknown and returns error envelopes, never throws', () => {
    const { engine } = make({ seedTraining: true });
    expect(dispatch(engine, 'nope', {}, { door: 't' })).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(dispatch(engine, 'units.get', { code: 5 }, { door: 't' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(dispatch(engine, 'units.get', { code: 'x' }, { door: 't' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(dispatch(engine, '__proto__', {}, { door: 't' })).toMatchObject({
      ok: false,
      error: { code: 'unknown-method' },
    });
    expect(dispatch(engine, 'units.createHamlet', { communeCode: '99901', name: '  ' }, { door: 't' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    const bad = dispatch(
      engine,
      'units.setGeometry',
      {
        code: '99901',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ],
          ],
        },
      },
      { door: 't' },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-geometry' } });
  });

  it('refuses a drawn self-intersecting shape with where it crosses, and keeps the old one', () => {
    const { engine } = make({ seedTraining: true });
    const before = call(engine, 'map.features', { within: '99901' });
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [108.0, 10.0],
          [108.02, 10.02],
          [108.02, 10.0],
          [108.0, 10.02],
          [108.0, 10.0],
        ],
      ],
    };
    for (const [method, input] of [
      ['units.setGeometry', { code: '99901', geometry: bowtie }],
      ['units.createHamlet', { communeCode: '99901', name: 'Ấp Nơ', geometry: bowtie }],
    ] as const) {
      const r = dispatch(engine, method, input, { door: 't' });
      expect(r, method).toMatchObject({ ok: false, error: { code: 'bad-geometry' } });
      if (!r.ok) expect(r.error.text.en, method).toMatch(/self-intersect/i);
    }
    expect(call(engine, 'map.features', { within: '99901' })).toEqual(before);
  });

  it('answers every read method with output that matches its schema', async () => {
    const { api } = await import('../../shared/contract');
    const { engine } = make({ seedTraining: true });
    const inputs = {
      'app.info': {},
      'units.stats': {},
      'units.list': { within: '999' },
      'units.get': { code: '99901' },
      'map.features': { within: '999' },
      'audit.list': {},
      'settings.get': {},
    } as const;
    for (const [method, input] of Object.entries(inputs)) {
      const r = dispatch(engine, method, input, { door: 't' });
      expect(r.ok, method).toBe(true);
      if (r.ok) expect(() => api[method as keyof typeof inputs].output.parse(r.value), method).not.toThrow();
    }
  });
});

describe('training district', () => {
  it('is seeded once, labelled fictional, with communes and hamlets that all have geometry', () => {
    const { engine, file } = make({ seedTraining: true });
    const info = call(engine, 'app.info', {});
    expect(info.trainingOnly).toBe(true);
    const stats = call(engine, 'units.stats', {});
    expect(stats.units.commune).toEqual({ total: 6, withGeometry: 6 });
    expect(stats.units.hamlet).toEqual({ total: 24, withGeometry: 24 });
    expect(call(engine, 'units.get', { code: '999' }).unit.name).toMatch(/giả định/);
    engine.close();
    const again = Engine.open(file, { seedTraining: true });
    open.push(again);
    expect(call(again, 'units.stats', {}).units.hamlet.total).toBe(24);
    const features = call(again, 'map.features', { within: '999' });
    expect(features.features).toHaveLength(6 + 24 + 1);
  });
  it('is not seeded into a database that already has units', () => {
    const { engine } = make();
    expect(call(engine, 'app.info', {}).unitCount).toBe(0);
    expect(call(engine, 'app.info', {}).trainingOnly).toBe(false);
  });
});
