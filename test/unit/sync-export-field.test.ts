/** The exporter's fast read of a change's unit from its JSON text must agree with a real JSON parse (and SQLite's json_extract). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  BundleFileWriter,
  closeBundle,
  inflateFrame,
  openBundle,
  readFrames,
} from '../../electron/engine/sync/container';
import { lineDataField } from '../../electron/engine/sync/export';

/** The field as the exporter reads it from a bundle line carrying `json` as its data. */
function stringField(json: string, key: string): unknown {
  return lineDataField(`["2021-11-24T05:00:00.000Z-0000-0123456789abcdef","unit","id-1",${json}]`, key);
}

/** What SQLite's json_extract gives for `$.key` (the exporter used it before the fast read). */
function sqliteExtract(json: string, key: string): unknown {
  const db = new Database(':memory:');
  try {
    const r = db.prepare(`SELECT json_extract(?, '$.${key}') AS v`).get(json) as { v: unknown };
    return r.v;
  } finally {
    db.close();
  }
}

const CASES: readonly (readonly [string, string])[] = [
  ['{"id":"fig-1","unit_code":"31900","as_of":"2021-11-24"}', 'unit_code'],
  ['{"id":"fig-1","as_of":"2021-11-24"}', 'unit_code'],
  ['{"unit_code":null}', 'unit_code'],
  ['{"unit_code":31900}', 'unit_code'],
  ['{"unit_code":""}', 'unit_code'],
  // The key's name as a value, or inside another string, is not the key.
  ['{"note":"unit_code","unit_code":"958"}', 'unit_code'],
  ['{"note":"\\"unit_code\\":\\"999\\"","unit_code":"958"}', 'unit_code'],
  ['{"note":"x\\"unit_code\\":\\"999\\""}', 'unit_code'],
  ['{"note":"a\\\\","unit_code":"958"}', 'unit_code'],
  // Escaped keys and values, whitespace and duplicate keys (the last wins, as in JSON.parse).
  ['{"unit\\u005fcode":"958"}', 'unit_code'],
  ['{"unit_code":"9\\u00358"}', 'unit_code'],
  ['{"unit_code" : "958"}', 'unit_code'],
  ['{ "unit_code":"958" }', 'unit_code'],
  ['{"parent_code":"95","code":"958"}', 'parent_code'],
  ['{"name":"Xã \\"Vĩnh\\" <b>","parent_code":"958"}', 'parent_code'],
];

describe('lineDataField (export fast path)', () => {
  it.each(CASES)('reads %s like JSON.parse and json_extract', (json, key) => {
    const parsed = (JSON.parse(json) as Record<string, unknown>)[key];
    const expected = parsed === undefined ? null : parsed;
    expect(stringField(json, key)).toEqual(expected);
    expect(stringField(json, key)).toEqual(sqliteExtract(json, key));
  });

  it('takes the last of duplicate keys, as the receiver JSON.parse-ing the line will', () => {
    // json_extract takes the first here: the exporter now agrees with the importer instead.
    const json = '{"unit_code":"111","unit_code":"958"}';
    expect(stringField(json, 'unit_code')).toBe('958');
    expect((JSON.parse(json) as Record<string, unknown>)['unit_code']).toBe('958');
  });
});

describe('BundleFileWriter (one reused frame buffer)', () => {
  it('gives back every line, multi-byte text and lines larger than a frame included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-writer-'));
    try {
      const file = path.join(dir, 'x.sabanbundle');
      const lines: string[] = [];
      for (let i = 0; i < 30000; i++) lines.push(`["${i}","Xã Vĩnh Hưng ${i} — ${'ạ'.repeat(i % 40)}"]`);
      lines.splice(100, 0, `["big","${'đ'.repeat(3 * 1024 * 1024)}"]`);
      lines.push(`["big2","${'x'.repeat(5 * 1024 * 1024)}"]`, '["last"]');
      const w = new BundleFileWriter(file);
      for (const l of lines) w.add(l);
      const sha256 = w.endPayload();
      w.finish({ manifest: {}, signature: '' });
      const b = openBundle(file);
      const back: string[] = [];
      try {
        const r = readFrames(b, (gz, index) => back.push(...inflateFrame(gz, 'x', index)));
        expect(r.sha256).toBe(sha256);
        expect(r.frames).toBe(w.frames);
        expect(r.frames).toBeGreaterThan(2);
      } finally {
        closeBundle(b);
      }
      expect(back.length).toBe(lines.length);
      expect(back).toEqual(lines);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
