import { describe, expect, it } from 'vitest';
import { ACCESS, ROLES, roleMay } from '../../shared/access';
import { access, api } from '../../shared/contract';

describe('access declarations', () => {
  it('declares what every method of the contract needs, and nothing else', () => {
    expect(Object.keys(access).sort()).toEqual(Object.keys(api).sort());
    for (const need of Object.values(access)) expect(ACCESS).toContain(need);
  });

  it('grants leaders and viewers no write, border staff only posts, admins everything', () => {
    const writes = ['write', 'posts', 'admin'] as const;
    for (const w of writes) {
      expect(roleMay('leader', w)).toBe(false);
      expect(roleMay('viewer', w)).toBe(false);
      expect(roleMay('admin', w)).toBe(true);
    }
    expect(roleMay('border', 'posts')).toBe(true);
    expect(roleMay('border', 'write')).toBe(false);
    expect(roleMay('operator', 'admin')).toBe(false);
    expect(roleMay('leader', 'approve')).toBe(true);
    for (const r of ROLES) expect(roleMay(r, 'read')).toBe(true);
  });

  it('keeps every settings, key and restore method for administrators', () => {
    for (const m of ['settings.set', 'sync.trust', 'sync.setOffice', 'backup.restore'] as const) {
      expect(access[m]).toBe('admin');
    }
  });
});
