import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionLabel } from '../../renderer/src/i18n';

const ENGINE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../electron/engine');

/** Every audit action the engine writes, read from its sources (`action: 'x.y'` and `a ? 'x.y' : 'x.z'`). */
function engineActions(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else if (e.name.endsWith('.ts')) {
        for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
          if (!/\baction\b/.test(line)) continue;
          for (const m of line.matchAll(/'([a-z]+\.[a-zA-Z]+)'/g)) out.add(m[1] ?? '');
        }
      }
    }
  };
  walk(ENGINE);
  return out;
}

describe('history labels of audit actions', () => {
  it('finds the actions of every feature in the engine sources', () => {
    const actions = engineActions();
    for (const a of ['risk.set', 'person.delete', 'assignment.delete', 'steering.delete', 'community.delete']) {
      expect(actions).toContain(a);
    }
  });

  it('labels every action in Vietnamese and English, never the raw name', () => {
    // The people import writes `import.${kind}` and a sync import writes 'sync.import' in its own SQL.
    const actions = [...engineActions(), 'import.people', 'import.assignments', 'import.teams', 'sync.import'];
    const raw = actions.filter((a) => actionLabel('vi', a) === a || actionLabel('en', a) === a);
    expect(raw).toEqual([]);
    expect(actionLabel('vi', 'assignment.delete')).toBe('Xóa phân công');
    expect(actionLabel('en', 'community.delete')).toBe('Community team deleted');
  });
});
