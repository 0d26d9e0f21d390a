/**
 * A seeded, bounded fuzz suite over the importers, through the contract as every door calls it:
 * boundaries (GeoJSON), unit lists, posts CSV, people CSV. Each case starts from a valid file the
 * training district exports (or builds) and mutates it: bit flips, truncation, repeated and
 * dropped lines, huge and deeply nested values, NaN and Infinity coordinates, wrong types, other
 * encodings. Every case must end in a clear refusal (an error code other than `internal`) that
 * changes nothing, or in a success that leaves the database intact. Prints one line:
 * `fuzz: N tried, N refused, N accepted, 0 crashed, 0 changed (importers)`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Method } from '../../shared/contract';
import { decodeText } from '../../shared/csv';
import { EngineError } from '../../shared/result';
import { call, dispatch } from '../../electron/engine/dispatch';
import type { Engine } from '../../electron/engine/engine';
import { freshEngine, snapshot } from '../helpers/engine';
import { FUZZ_SEED, int, integrityOk, newTally, pick, prng, type Rand, type Tally, tallyLine } from '../helpers/fuzz';

const SEED = FUZZ_SEED;
const CASES_PER_KIND = Number(process.env['SABAN_FUZZ_CASES'] ?? 120);

const NASTY = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '9007199254740993',
  '""',
  'null',
  'true',
  '{}',
  '[]',
  '<script>alert(1)</script>',
  '\'=HYPERLINK("x")',
  '\u0000',
  '\uFEFF',
  'x'.repeat(70_000),
  '🦠',
  'Xã\u0301',
];

/** Text mutations; each returns the new text, or bytes to be decoded as a door would. */
const TEXT_MUTATIONS: readonly ((r: Rand, t: string) => string | Uint8Array)[] = [
  // bit flips in the UTF-8 bytes
  (r, t) => {
    const b = new TextEncoder().encode(t);
    for (let i = 0, n = 1 + int(r, 8); i < n && b.length; i++) b[int(r, b.length)]! ^= 1 << int(r, 8);
    return b;
  },
  // truncation
  (r, t) => t.slice(0, int(r, t.length)),
  // a line repeated or dropped
  (r, t) => {
    const lines = t.split('\n');
    const i = int(r, lines.length);
    if (r() < 0.5) lines.splice(i, 0, lines[i] ?? '');
    else lines.splice(i, 1);
    return lines.join('\n');
  },
  // a nasty value in place of a token
  (r, t) => {
    const tokens = t.split(/([,:\n[\]{}])/);
    const i = int(r, tokens.length);
    tokens[i] = pick(r, NASTY);
    return tokens.join('');
  },
  // deeply nested arrays in place of a number
  (r, t) => {
    const m = /-?\d+(\.\d+)?/.exec(t.slice(int(r, Math.max(1, t.length - 20))));
    if (!m) return t;
    const depth = 1000 + int(r, 50_000);
    return t.replace(m[0], '['.repeat(depth) + ']'.repeat(depth));
  },
  // another encoding: Latin-1 bytes of the text
  (_r, t) => Uint8Array.from([...t].map((c) => Math.min(c.charCodeAt(0), 255))),
  // UTF-16 with a BOM
  (_r, t) => {
    const out = new Uint8Array(2 + t.length * 2);
    out[0] = 0xff;
    out[1] = 0xfe;
    for (let i = 0; i < t.length; i++) {
      out[2 + i * 2] = t.charCodeAt(i) & 0xff;
      out[3 + i * 2] = t.charCodeAt(i) >> 8;
    }
    return out;
  },
  // empty, whitespace, or only a header
  (r, t) => pick(r, ['', '   \n\n', t.split('\n')[0] ?? '']),
];

/** JSON-level mutations of a GeoJSON document (wrong types, NaN/Infinity coordinates, huge rings). */
function mutateGeoJson(
  r: Rand,
  doc: { features: { geometry: unknown; properties: Record<string, unknown> }[] },
): string {
  const d = structuredClone(doc);
  const f = pick(r, d.features);
  switch (int(r, 7)) {
    case 0:
      f.geometry = {
        type: 'Polygon',
        coordinates: [
          [
            [Number.NaN, 1],
            [2, 2],
            [3, 1],
            [Number.NaN, 1],
          ],
        ],
      };
      return JSON.stringify(d).replace(/null/g, 'NaN');
    case 1:
      f.geometry = {
        type: 'Polygon',
        coordinates: [
          [
            [1e308, 1e308],
            [-1e308, 1e308],
            [0, -1e308],
            [1e308, 1e308],
          ],
        ],
      };
      return JSON.stringify(d);
    case 2:
      f.properties = { code: pick(r, [12345, null, [], {}, true, '']), name: pick(r, [null, 7, 'x'.repeat(100_000)]) };
      return JSON.stringify(d);
    case 3:
      f.geometry = pick(r, [null, 'Polygon', { type: 'Point', coordinates: [106, 10] }, { type: 'Polygon' }, []]);
      return JSON.stringify(d);
    case 4: {
      const ring: number[][] = [];
      for (let i = 0; i < 200_000; i++) ring.push([105 + r(), 9 + r()]);
      ring.push(ring[0]!);
      f.geometry = { type: 'Polygon', coordinates: [ring] };
      return JSON.stringify(d);
    }
    case 5:
      return JSON.stringify({ ...d, type: pick(r, ['Feature', 'Topology', 7]) });
    default:
      (d as { features: unknown }).features = pick(r, [null, {}, 'x', [[]], [1, 2, 3]]);
      return JSON.stringify(d);
  }
}

/** Runs one case through dispatch and files it under refused / accepted / crashed / changed. */
function runCase(engine: Engine, tally: Tally, label: string, method: Method, input: Record<string, unknown>): void {
  tally.tried++;
  const before = snapshot(engine);
  const r = dispatch(engine, method, input, { door: 'cli' });
  if (!r.ok && r.error.code === 'internal') {
    tally.crashed.push(`${label}: ${r.error.message}`);
    return;
  }
  if (!integrityOk(engine.db)) {
    tally.crashed.push(`${label}: integrity_check failed`);
    return;
  }
  if (r.ok) {
    tally.accepted++;
    return;
  }
  tally.refused++;
  // A refusal names the problem in both languages and changes nothing stored.
  if (!r.error.text.vi || !r.error.text.en) tally.crashed.push(`${label}: refusal without text`);
  if (snapshot(engine) !== before) tally.changed.push(`${label}: ${r.error.code}`);
}

/** Decodes bytes as a door does; a refusal there counts as a clear refusal. */
function asText(tally: Tally, value: string | Uint8Array, fileName: string): string | null {
  if (typeof value === 'string') return value;
  try {
    return decodeText(value, fileName).text;
  } catch (err) {
    tally.tried++;
    if (err instanceof EngineError) tally.refused++;
    else tally.crashed.push(`${fileName}: decode threw ${String(err)}`);
    return null;
  }
}

describe('fuzz: importers', () => {
  let engine: Engine;
  const tally: Tally = newTally();
  const seeds: Record<string, string> = {};
  let geo: { features: { geometry: unknown; properties: Record<string, unknown> }[] };

  beforeAll(() => {
    engine = freshEngine({ seedTraining: true }).engine;
    seeds['posts'] = call(engine, 'posts.export', { format: 'csv' }).text;
    seeds['people'] = call(engine, 'people.exportCsv', {}).text;
    const fc = call(engine, 'map.features', { levels: ['commune'] });
    geo = {
      features: fc.features.map((f) => ({
        geometry: f.geometry,
        properties: { code: f.properties.code, name: f.properties.name },
      })),
    };
    seeds['boundaries'] = JSON.stringify({ type: 'FeatureCollection', ...geo });
    const units = call(engine, 'units.list', { level: 'commune' });
    seeds['units'] = [
      'province_code,province_name,district_code,district_name,commune_code,commune_name,commune_type',
      ...units.map((u) => `99,Tỉnh Tập Huấn,999,Huyện Tập Huấn,${u.code},${u.name},${u.type}`),
    ].join('\n');
  });

  afterAll(() => {
    engine.close();
  });

  const kinds: readonly { kind: string; method: Method; input: (text: string) => Record<string, unknown> }[] = [
    { kind: 'posts', method: 'posts.import', input: (text) => ({ fileName: 'chot.csv', text }) },
    {
      kind: 'people',
      method: 'people.import',
      input: (text) => ({ kind: 'people', fileName: 'canbo.csv', text, dryRun: false }),
    },
    { kind: 'boundaries', method: 'import.boundaries', input: (text) => ({ fileName: 'xa.geojson', text }) },
    { kind: 'units', method: 'import.units', input: (text) => ({ fileName: 'donvi.csv', text }) },
  ];

  it.each(kinds)(
    '$kind: every mutated file is refused clearly or accepted, nothing half-written',
    ({ kind, method, input }) => {
      const r = prng(SEED ^ (kind.length * 7919));
      const seed = seeds[kind]!;
      for (let i = 0; i < CASES_PER_KIND; i++) {
        const label = `${kind} #${i}`;
        if (kind === 'boundaries' && r() < 0.4) {
          runCase(engine, tally, label, method, input(mutateGeoJson(r, geo)));
          continue;
        }
        const text = asText(tally, pick(r, TEXT_MUTATIONS)(r, seed), `${kind}.csv`);
        if (text !== null) runCase(engine, tally, label, method, input(text));
      }
      // Wrong types at the door itself.
      for (const bad of [null, 7, 'x', [], { text: 7 }, { fileName: '', text: '' }, { fileName: 'a', text: null }]) {
        runCase(engine, tally, `${kind} door`, method, bad as Record<string, unknown>);
      }
      expect(tally.crashed, tally.crashed.slice(0, 5).join('\n')).toEqual([]);
      expect(tally.changed, tally.changed.slice(0, 5).join('\n')).toEqual([]);
    },
  );

  it('prints its tally', () => {
    process.stdout.write(tallyLine(tally, 'importers'));
    expect(tally.tried).toBeGreaterThan(kinds.length * CASES_PER_KIND * 0.9);
    expect(tally.refused).toBeGreaterThan(0);
  });
});
