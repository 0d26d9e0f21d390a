import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/contract';
import { diffRows, recordLabel } from '../../renderer/src/features/audit/audit-diff';
import { unitFilterCode } from '../../renderer/src/features/audit/UnitFilterField';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: '2021-11-20T03:00:00.000Z',
  actor: 'a',
  action: 'risk.set',
  entity: 'assessment',
  entityId: 'uuid-1',
  before: null,
  after: null,
  reason: null,
  hlc: 'h',
  ...over,
});

describe('audit viewer helpers', () => {
  it('lists each field once and marks only changed values', () => {
    expect(diffRows({ name: 'Xã A', population: 10 }, { name: 'Xã B', population: 10 })).toEqual([
      { key: 'name', before: 'Xã A', after: 'Xã B', changed: true },
      { key: 'population', before: '10', after: '10', changed: false },
    ]);
    expect(diffRows(null, { level: 3, phones: ['1'] })).toEqual([
      { key: 'level', before: '', after: '3', changed: true },
      { key: 'phones', before: '', after: '["1"]', changed: true },
    ]);
    expect(diffRows(null, null)).toEqual([]);
  });

  it('names a record by the unit it concerns, else by its id', () => {
    expect(recordLabel(entry({ after: { unit_code: '99901', level: 2 } }))).toBe('assessment · 99901');
    expect(recordLabel(entry({ entity: 'unit', entityId: '99902', after: { name: 'x' } }))).toBe('unit · 99902');
    expect(recordLabel(entry({ entity: 'setting', entityId: 'lang', after: 'en' }))).toBe('setting · lang');
  });

  it('filters by the code of a chosen unit, or by the text as typed', () => {
    expect(unitFilterCode('99901 · Xã An Bình')).toBe('99901');
    expect(unitFilterCode(' 99902 ')).toBe('99902');
    expect(unitFilterCode('')).toBe('');
  });
});
