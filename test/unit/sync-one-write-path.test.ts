/**
 * One write path (issue 10): only the writer (electron/engine/write.ts) writes the audit trail and
 * the change log; migrations create them. Any other module with SQL that inserts into, updates or
 * deletes from `audit` or `changes` fails this test, naming the file and line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ELECTRON = path.join(ROOT, 'electron');
const ALLOWED = [path.join(ELECTRON, 'engine', 'write.ts'), path.join(ELECTRON, 'engine', 'migrations') + path.sep];

/** SQL that changes `audit` or `changes` (quoted or not, any INSERT/REPLACE conflict clause). */
const WRITES_LOG =
  /\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE\s+(?:OR\s+\w+\s+)?|DELETE\s+FROM)\s*["'`[]?(?:main\.)?(audit|changes)\b(?!\w)/gi;

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return tsFiles(p);
    return d.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every place in `text` that writes the log: `line: statement`. */
function writesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WRITES_LOG)) {
    const line = text.slice(0, m.index).split('\n').length;
    out.push(`${line}: ${m[0]}`);
  }
  return out;
}

describe('one write path', () => {
  it('finds the statements it looks for (the writer has them)', () => {
    const writer = fs.readFileSync(path.join(ELECTRON, 'engine', 'write.ts'), 'utf8');
    expect(writesIn(writer).length).toBeGreaterThanOrEqual(3);
    expect(writesIn('db.prepare(`delete from "changes" where seq = 1`)')).toHaveLength(1);
    expect(writesIn("db.exec('UPDATE OR IGNORE audit SET x = 1')")).toHaveLength(1);
    expect(writesIn('INSERT INTO audit_extra (a) VALUES (1); SELECT * FROM changes')).toEqual([]);
  });

  it('no module but the writer (and the migrations) writes audit or changes', () => {
    const offenders = tsFiles(ELECTRON)
      .filter((f) => !ALLOWED.some((a) => f === a || f.startsWith(a)))
      .flatMap((f) => writesIn(fs.readFileSync(f, 'utf8')).map((w) => `${path.relative(ROOT, f)}:${w}`));
    expect(offenders).toEqual([]);
  });
});
