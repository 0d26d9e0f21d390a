import { afterEach, describe, expect, it } from 'vitest';
import { readCsv } from '../../shared/csv';
import type { Engine } from '../../electron/engine/engine';
import { asUser, call, CallError, freshEngine } from '../helpers/engine';

const open: Engine[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});

/**
 * A training database with a known trail, on a fixed clock:
 * - 2021-11-20 10:00 +07:00: Nguyễn Văn Đức sets 99901 to level 2;
 * - 2021-11-21 06:59 +07:00 (23:59 UTC the day before): same, renames 99902;
 * - 2021-11-21 07:00 +07:00: Trần Thị Lan sets 99902 to level 3.
 */
function trail(): Engine {
  let clock = Date.parse('2021-11-20T03:00:00Z');
  const { engine } = freshEngine({ seedTraining: true, now: () => clock });
  open.push(engine);
  const duc = asUser('Nguyễn Văn Đức');
  call(engine, 'risk.set', { codes: ['99901'], level: 2, reason: 'Có ca mới' }, duc);
  clock = Date.parse('2021-11-20T23:59:00Z');
  call(engine, 'units.update', { code: '99902', name: 'Xã Mới', reason: 'Đổi tên' }, duc);
  clock = Date.parse('2021-11-21T00:00:00Z');
  call(engine, 'risk.set', { codes: ['99902'], level: 3, reason: 'Ổ dịch' }, asUser('Trần Thị Lan'));
  return engine;
}

describe('audit.list filters', () => {
  it('keeps its old defaults: newest first, up to 100, by entity and id', () => {
    const e = trail();
    const all = call(e, 'audit.list', {});
    expect(all.length).toBeLessThanOrEqual(100);
    expect(all.map((a) => a.id)).toEqual([...all.map((a) => a.id)].sort((a, b) => b - a));
    expect(all[0]).toMatchObject({ action: 'risk.set', reason: 'Ổ dịch' });
    const unit = call(e, 'audit.list', { entity: 'unit', entityId: '99902' });
    expect(unit[0]).toMatchObject({ action: 'unit.update', after: { name: 'Xã Mới' } });
  });

  it('filters by actor: a part of the name, without diacritics or case', () => {
    const e = trail();
    const duc = call(e, 'audit.list', { actor: 'van duc' });
    expect(duc.length).toBeGreaterThan(0);
    expect(duc.every((a) => a.actor === 'Nguyễn Văn Đức')).toBe(true);
    expect(duc.map((a) => a.action)).toContain('unit.update');
    expect(call(e, 'audit.list', { actor: 'THỊ LAN' }).map((a) => a.actor)).toContain('Trần Thị Lan');
    expect(call(e, 'audit.list', { actor: 'nobody' })).toEqual([]);
    expect(call(e, 'audit.list', { actor: '  ' }).length).toBe(call(e, 'audit.list', {}).length);
  });

  it('filters by action', () => {
    const e = trail();
    const sets = call(e, 'audit.list', { action: 'risk.set' });
    expect(sets.map((a) => a.reason)).toEqual(['Ổ dịch', 'Có ca mới']);
    expect(call(e, 'audit.actions', {})).toEqual(expect.arrayContaining(['risk.set', 'unit.update', 'training.seed']));
  });

  it('filters by unit: the unit itself and the assessments naming it', () => {
    const e = trail();
    const u2 = call(e, 'audit.list', { unit: '99902' });
    expect(u2.map((a) => [a.entity, a.action])).toEqual(
      expect.arrayContaining([
        ['assessment', 'risk.set'],
        ['unit', 'unit.update'],
      ]),
    );
    expect(u2.every((a) => a.entityId === '99902' || (a.after as { unit_code?: string }).unit_code === '99902')).toBe(
      true,
    );
    const u1 = call(e, 'audit.list', { unit: '99901', entity: 'assessment' });
    expect(u1.map((a) => a.reason)).toEqual(['Có ca mới']);
    // An entity id works too.
    const id = u1[0]!.entityId;
    expect(call(e, 'audit.list', { unit: id }).map((a) => a.entityId)).toEqual([id]);
  });

  it('filters by Vietnam days, from and to inclusive, on the stored UTC time', () => {
    const e = trail();
    const day20 = call(e, 'audit.list', { from: '2021-11-20', to: '2021-11-20' });
    expect(day20.map((a) => a.action)).toContain('risk.set');
    expect(day20.map((a) => a.action)).not.toContain('unit.update');
    const day21 = call(e, 'audit.list', { from: '2021-11-21', to: '2021-11-21', action: 'risk.set' });
    expect(day21.map((a) => a.reason)).toEqual(['Ổ dịch']);
    // 06:59 on the 21st in Vietnam is the 20th in UTC: it belongs to the 21st.
    expect(call(e, 'audit.list', { from: '2021-11-21', action: 'unit.update' })).toHaveLength(1);
    expect(call(e, 'audit.list', { to: '2021-11-20', action: 'unit.update' })).toHaveLength(0);
    expect(call(e, 'audit.list', { from: '2021-11-22' })).toEqual([]);
    expect(() => call(e, 'audit.list', { from: '2021-02-30' })).toThrow(CallError);
  });

  it('pages with limit and offset, or before an id, without gaps or repeats', () => {
    const e = trail();
    const all = call(e, 'audit.list', { limit: 1000 });
    expect(all.length).toBeGreaterThan(6);
    const byOffset = [
      ...call(e, 'audit.list', { limit: 3 }),
      ...call(e, 'audit.list', { limit: 3, offset: 3 }),
      ...call(e, 'audit.list', { limit: 1000, offset: 6 }),
    ];
    expect(byOffset.map((a) => a.id)).toEqual(all.map((a) => a.id));
    const first = call(e, 'audit.list', { limit: 2 });
    const next = call(e, 'audit.list', { limit: 2, beforeId: first[1]!.id });
    expect(next.map((a) => a.id)).toEqual(all.slice(2, 4).map((a) => a.id));
  });
});

describe('audit.exportCsv', () => {
  it('writes the filtered entries, readable back with the same values', () => {
    let clock = Date.parse('2021-11-20T03:00:00Z');
    const { engine: e } = freshEngine({ seedTraining: true, now: () => clock });
    open.push(e);
    clock = Date.parse('2021-11-21T17:30:00Z');
    call(e, 'units.update', { code: '99902', name: '=Xã, "Mới"', reason: 'Đổi tên; theo QĐ' }, asUser('Lê Văn Tám'));
    const file = call(e, 'audit.exportCsv', { action: 'unit.update' });
    expect(file.fileName).toBe('nhat-ky-2021-11-22.csv');
    expect(file.mimeType).toMatch(/^text\/csv/);
    const table = readCsv(file.text, file.fileName);
    expect(table.header).toHaveLength(8);
    expect(table.rows).toHaveLength(1);
    const [at, actor, action, entity, entityId, reason, before, after] = table.rows[0]!.cells;
    expect(at).toBe('2021-11-22T00:30:00+07:00');
    expect([actor, action, entity, entityId, reason]).toEqual([
      'Lê Văn Tám',
      'unit.update',
      'unit',
      '99902',
      'Đổi tên; theo QĐ',
    ]);
    expect(JSON.parse(before!)).toEqual({ name: 'Xã Phú Thạnh' });
    expect(JSON.parse(after!)).toEqual({ name: '=Xã, "Mới"' });
    // Every entry when nothing is filtered, not only the first page.
    const everything = readCsv(call(e, 'audit.exportCsv', {}).text, 'x.csv');
    expect(everything.rows).toHaveLength(call(e, 'units.stats', {}).audit);
  });
});
