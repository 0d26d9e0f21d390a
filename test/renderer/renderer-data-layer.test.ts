import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { api, effects, type Method } from '../../shared/contract';
import { invalidateAfter, isStaleFor } from '../../renderer/src/data/query';
import { defineStrings, translateIn } from '../../renderer/src/i18n/define';

const methods = Object.keys(api) as Method[];
const groups = new Set(methods.map((m) => m.split('.')[0]));

describe('effects declared beside the contract', () => {
  it('names only real methods and groups', () => {
    for (const m of methods) {
      for (const target of effects[m]) {
        if (target === '*') continue;
        if (target.endsWith('.*')) expect(groups, `${m} → ${target}`).toContain(target.slice(0, -2));
        else expect(methods, `${m} → ${target}`).toContain(target);
      }
    }
  });

  it('a level change makes the posts gaps and coverage warnings stale, not the people register', () => {
    expect(effects['risk.set']).toContain('posts.gaps');
    expect(effects['risk.set'].some((t) => isStaleFor(['coverage.warnings', {}], t))).toBe(true);
    expect(effects['risk.set'].some((t) => isStaleFor(['people.list', {}], t))).toBe(false);
    expect(effects['units.createHamlet'].some((t) => isStaleFor(['coverage.warnings', {}], t))).toBe(true);
  });

  it('invalidates exactly the cached reads a write declares', async () => {
    const client = new QueryClient();
    const keys = [
      ['posts.gaps', { within: '999' }],
      ['coverage.warnings', {}],
      ['risk.levels', { within: '999' }],
      ['people.list', {}],
      ['settings.get', {}],
    ] as const;
    for (const k of keys) client.setQueryData(k, 1);
    await invalidateAfter(client, 'risk.set');
    const stale = keys.filter((k) => client.getQueryState(k)?.isInvalidated).map((k) => k[0]);
    expect(stale).toEqual(['posts.gaps', 'coverage.warnings', 'risk.levels']);
    await invalidateAfter(client, 'import.boundaries');
    expect(keys.every((k) => client.getQueryState(k)?.isInvalidated)).toBe(true);
  });
});

describe('per-feature strings', () => {
  it('translates in one language with parameters', () => {
    const table = defineStrings({ hello: 'Xin chào {name}' }, { hello: 'Hello {name}' });
    expect(translateIn(table, 'vi', 'hello', { name: 'Lan' })).toBe('Xin chào Lan');
    expect(translateIn(table, 'en', 'hello', { name: 'Lan' })).toBe('Hello Lan');
  });

  it('refuses, at compile time, a key missing in one language or present in one only', () => {
    // @ts-expect-error: "b" has no English
    defineStrings({ a: 'A', b: 'B' }, { a: 'A' });
    // @ts-expect-error: "c" has no Vietnamese
    defineStrings({ a: 'A' }, { a: 'A', c: 'C' });
    expect(true).toBe(true);
  });
});
