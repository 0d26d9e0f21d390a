/**
 * A seeded, bounded fuzz suite over sync bundles, imported by the province through the contract
 * (`sync.importFile`, as the command line calls it). Each case starts from a real bundle the
 * district exported and damages it: bit flips in the header, its padding or the payload,
 * truncation, bytes appended, gzip frames cut or corrupted, frame lengths that lie, a compression
 * bomb; a manifest with wrong counts, hashes, huge numbers or wrong types; lines with NaN,
 * Infinity, huge strings, deep nesting, wrong entities, columns, ids or clocks — many of them
 * under a VALID signature of the district's real key over the changed content, so the checks
 * behind the signature are reached. Every case must end in a clear refusal (an error code other
 * than `internal`, text in both languages) that changes nothing stored — the refusal log
 * (`sync_refusals`) is where a refusal is meant to be written — or in a documented outcome
 * (applied, held, already applied) with `PRAGMA integrity_check` ok.
 * Prints one line: `fuzz: N tried, N refused, N accepted, 0 crashed, 0 changed (bundles)`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_MAGIC, HEADER_BYTES, type Manifest } from '../../shared/bundle-format';
import type { SyncJob } from '../../shared/contract-sync';
import type { LocalText } from '../../shared/result';
import { dispatch } from '../../electron/engine/dispatch';
import type { Engine } from '../../electron/engine/engine';
import {
  type BundleParts,
  describePayload,
  framesOf,
  payloadOf,
  readParts,
  writeRaw,
  writeSigned,
} from '../helpers/fuzz-bundle';
import {
  deepJson,
  diffLabel,
  flipBits,
  FUZZ_SEED,
  type FuzzPair,
  fuzzPair,
  FUZZ_COMMUNES,
  int,
  integrityOk,
  nastyValue,
  newTally,
  pick,
  prng,
  type Rand,
  tallyLine,
} from '../helpers/fuzz';

const CASES = Number(process.env['SABAN_FUZZ_CASES'] ?? 120) * 2;

/** Every table but the refusal log, whose rows a refusal is meant to add. */
function stored(engine: Engine): string {
  const tables = (
    engine.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'sync_refusals' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  return JSON.stringify(tables.map((t) => [t, engine.db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).all()]));
}

/** What an import came to, whichever door it went through. */
type Outcome =
  | { readonly ok: true; readonly status: string }
  | { readonly ok: false; readonly code: string; readonly text: LocalText; readonly details: readonly string[] };

/** A case: its label and how it writes its file. */
interface Case {
  readonly label: string;
  readonly write: (file: string) => void;
}

type Lines = string[];

/** Changes to the change lines; the manifest is then re-signed over them. */
const LINE_MUTATIONS: readonly [string, (r: Rand, lines: Lines) => void][] = [
  [
    'nasty value',
    (r, lines) => {
      const i = int(r, lines.length);
      const l = JSON.parse(lines[i]!) as [string, string, string, Record<string, unknown>];
      const keys = Object.keys(l[3]);
      l[3][pick(r, keys)] = nastyValue(r);
      lines[i] = JSON.stringify(l);
    },
  ],
  [
    'non-finite token',
    (r, lines) => {
      const i = int(r, lines.length);
      lines[i] = lines[i]!.replace(
        /:(-?\d+(\.\d+)?|null|"[^"]*")/,
        `:${pick(r, ['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '1e-999', '-0'])}`,
      );
    },
  ],
  [
    'whole line replaced',
    (r, lines) => {
      lines[int(r, lines.length)] = pick(r, [
        deepJson(1000 + int(r, 60_000)),
        `"${'x'.repeat(1 << 20)}"`,
        '',
        'null',
        '{}',
        '[1,2,3,4]',
        '["a","b","c",{}]',
        '\u0000',
        '[' + 'x'.repeat(100) + ']',
      ]);
    },
  ],
  ['line dropped', (r, lines) => void lines.splice(int(r, lines.length), 1)],
  [
    'line repeated',
    (r, lines) => {
      const i = int(r, lines.length);
      lines.splice(i, 0, lines[i]!);
    },
  ],
  [
    'lines swapped',
    (r, lines) => {
      const i = int(r, lines.length - 1);
      [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
    },
  ],
  [
    'field of the line',
    (r, lines) => {
      const i = int(r, lines.length);
      const l = JSON.parse(lines[i]!) as unknown[];
      const f = int(r, 4);
      l[f] = pick(r, [
        nastyValue(r),
        'person',
        'assessment',
        'nope',
        '',
        'x'.repeat(201),
        `${String(l[0]).slice(0, -16)}0123456789abcdef`,
        `9999-12-31T23:59:59.999Z-ffff-${String(l[0]).slice(-16)}`,
        `2021-13-45T99:99:99.000Z-0000-${String(l[0]).slice(-16)}`,
      ]);
      lines[i] = JSON.stringify(l);
    },
  ],
  [
    'extra column or key',
    (r, lines) => {
      const i = int(r, lines.length);
      const l = JSON.parse(lines[i]!) as [string, string, string, Record<string, unknown>];
      const col = pick(r, ['code', 'id', 'nope', '__proto__', 'deleted', 'origin_hlc', 'x'.repeat(1000)]);
      l[3] = { ...l[3], [col]: nastyValue(r) };
      lines[i] = JSON.stringify(l);
    },
  ],
  [
    'huge string field',
    (r, lines) => {
      const i = int(r, lines.length);
      const l = JSON.parse(lines[i]!) as [string, string, string, Record<string, unknown>];
      const keys = Object.keys(l[3]).filter((k) => typeof l[3][k] === 'string');
      if (keys.length) l[3][pick(r, keys)] = '🦠'.repeat(1 + int(r, 1 << 19));
      lines[i] = JSON.stringify(l);
    },
  ],
];

/** Changes to the manifest, re-signed with the district's real key. */
function manifestPatch(r: Rand, m: Manifest): Record<string, unknown> {
  const hlcNode = m.nodeId;
  const huge = (): unknown => pick(r, [2 ** 31, 2 ** 53, 1e15, 1e300, Number.MAX_SAFE_INTEGER, -1, 1.5, '1', null]);
  switch (int(r, 16)) {
    case 0:
      return { ...m, total: pick(r, [m.total - 1, m.total + 1, 0, huge()]) };
    case 1:
      return {
        ...m,
        counts: pick(r, [{}, { unit: 1 }, { ...m.counts, person: 2 }, { unit: -1 }, { unit: 1e300 }, [], { x: 'y' }]),
      };
    case 2:
      return { ...m, seq: pick(r, [0, 2, 3, huge()]) };
    case 3:
      return { ...m, sinceSeq: pick(r, [m.untilSeq + 1, huge()]), untilSeq: pick(r, [m.untilSeq, huge()]) };
    case 4: {
      const field = pick(r, ['bytes', 'frames', 'sha256', 'encoding'] as const);
      const wrong = field === 'sha256' ? pick(r, ['0'.repeat(64), 'f'.repeat(64), 'x']) : huge();
      return { ...m, payload: { ...m.payload, [field]: wrong } };
    }
    case 5:
      return {
        ...m,
        [pick(r, ['hlcMax', 'hlcMin'])]: pick(r, [
          null,
          `9999-12-31T23:59:59.999Z-ffff-${hlcNode}`,
          `2021-13-45T99:99:99.000Z-0000-${hlcNode}`,
          `2000-01-01T00:00:00.000Z-0000-${hlcNode}`,
          'x'.repeat(64),
          `${m.hlcMax ?? ''}x`,
        ]),
      };
    case 6:
      return { ...m, prevHash: pick(r, [crypto.randomBytes(32).toString('hex'), 'x', 7]) };
    case 7:
      return { ...m, kind: pick(r, ['full', 'incremental', 'partial', 1]) };
    case 8:
      return { ...m, origin: pick(r, ['province', 'district', 'national']) };
    case 9:
      return { ...m, office: pick(r, ['960', '95', '9999', '']), nodeId: pick(r, [m.nodeId, '0123456789abcdef']) };
    case 10:
      return { ...m, schemaVersion: pick(r, [999, 0, 1, '70']) };
    case 11:
      return { ...m, formatVersion: pick(r, [2, 0, '1']) };
    case 12:
      return { ...m, [pick(r, ['extra', '__proto__', 'constructor'])]: nastyValue(r) };
    case 13: {
      const copy: Record<string, unknown> = { ...m };
      delete copy[pick(r, Object.keys(m))];
      return copy;
    }
    case 14:
      return { ...m, appVersion: pick(r, ['x'.repeat(41), 'x'.repeat(20_000), '']) };
    default:
      return { ...m, [pick(r, Object.keys(m))]: nastyValue(r) };
  }
}

/** The manifest describing `lines` in `frames` (counts, total, clock range, payload). */
function describeLines(m: Manifest, lines: Lines, frames: readonly Buffer[]): Manifest {
  const counts: Record<string, number> = {};
  const clocks: string[] = [];
  for (const l of lines) {
    try {
      const p = JSON.parse(l) as unknown[];
      if (typeof p[1] === 'string') counts[p[1]] = (counts[p[1]] ?? 0) + 1;
      if (typeof p[0] === 'string') clocks.push(p[0]);
    } catch {
      // a broken line is left for the importer to find
    }
  }
  return {
    ...m,
    counts,
    total: lines.length,
    hlcMin: clocks[0] ?? m.hlcMin,
    hlcMax: clocks[clocks.length - 1] ?? m.hlcMax,
    payload: describePayload(frames),
  };
}

/** One random case over the bundle `b`, signed (where re-signed) by the district `d`. */
function randomCase(r: Rand, b: BundleParts, pair: FuzzPair, i: number): Case {
  const d = pair.district;
  const headerEnd = BUNDLE_MAGIC.length + Buffer.byteLength(b.headerText);
  const payload = b.bytes.subarray(HEADER_BYTES);
  const raw = (label: string, bytes: Uint8Array): Case => ({ label, write: (f) => fs.writeFileSync(f, bytes) });
  switch (int(r, 16)) {
    case 0:
      return raw('bits of the header', flipBits(r, b.bytes, 0, headerEnd));
    case 1:
      return raw('bits of the padding', flipBits(r, b.bytes, headerEnd, HEADER_BYTES));
    case 2:
      return raw('bits of the payload', flipBits(r, b.bytes, HEADER_BYTES));
    case 3:
      return raw('truncated', b.bytes.subarray(0, int(r, b.bytes.length)));
    case 4:
      return raw('bytes appended', Buffer.concat([b.bytes, crypto.randomBytes(1 + int(r, 100))]));
    case 5: {
      // A token of the header text replaced (the signature then no longer matches, or the JSON breaks).
      const tokens = b.headerText.split(/([,:{}[\]])/);
      tokens[int(r, tokens.length)] = pick(r, ['NaN', 'Infinity', '1e999', '-1', '""', 'null', deepJson(5000), '{}']);
      return { label: 'header token', write: (f) => writeRaw(f, tokens.join(''), payload) };
    }
    case 6: {
      const len = Buffer.from(payload);
      len.writeUInt32BE(pick(r, [0, 1, 0xffffffff, 8 * 1024 * 1024 + 1, len.readUInt32BE(0) + 1]), 0);
      return { label: 'frame length lies', write: (f) => writeRaw(f, b.headerText, len) };
    }
    case 7:
      return raw(
        'not a bundle',
        pick(r, [
          Buffer.alloc(0),
          Buffer.from(BUNDLE_MAGIC),
          crypto.randomBytes(1 + int(r, 40_000)),
          Buffer.concat([Buffer.from(BUNDLE_MAGIC), Buffer.alloc(HEADER_BYTES, 0x20)]),
        ]),
      );
    case 8: {
      // Frames damaged, then the manifest re-signed over them: the payload hash matches.
      const frames = b.frames.map((x) => Buffer.from(x));
      const k = int(r, frames.length);
      const kind = int(r, 6);
      if (kind === 0) frames[k] = frames[k]!.subarray(0, 1 + int(r, frames[k]!.length - 1));
      else if (kind === 1) frames[k] = Buffer.from(flipBits(r, frames[k]!, 10));
      else if (kind === 2) frames[k] = zlib.gzipSync(b.lines.join('\n'), { level: 1 });
      else if (kind === 3) frames.push(zlib.gzipSync('', { level: 1 }));
      else if (kind === 4) frames[k] = Buffer.concat([frames[k]!, zlib.gzipSync('', { level: 1 })]);
      else frames[k] = crypto.randomBytes(1 + int(r, 500));
      const m = { ...b.manifest, payload: describePayload(frames) };
      return { label: `signed frames ${kind}`, write: (f) => writeSigned(d, f, m, frames) };
    }
    case 9:
    case 10:
    case 11:
    case 12: {
      const lines = [...b.lines];
      const [name, mutate] = pick(r, LINE_MUTATIONS);
      mutate(r, lines);
      const frames = framesOf(lines, pick(r, [1, 3, lines.length]));
      // Mostly the manifest describes the new lines (to reach the line checks), sometimes not.
      const m =
        r() < 0.8 ? describeLines(b.manifest, lines, frames) : { ...b.manifest, payload: describePayload(frames) };
      return { label: `signed lines: ${name}`, write: (f) => writeSigned(d, f, m, frames) };
    }
    default: {
      const m = manifestPatch(r, b.manifest);
      const label = `signed manifest #${i}: ${diffLabel(b.manifest, m)}`;
      return { label, write: (f) => writeSigned(d, f, m, b.frames) };
    }
  }
}

/** Fixed cases: every branch once, whatever the seed. */
function fixedCases(b: BundleParts, pair: FuzzPair): Case[] {
  const d = pair.district;
  const valid = (label: string, lines: Lines, perFrame: number): Case => {
    const frames = framesOf(lines, perFrame);
    return { label, write: (f) => writeSigned(d, f, describeLines(b.manifest, lines, frames), frames) };
  };
  // 64 MB and a bit of zeros compress to some 70 KB: a bomb the reader must stop at its bound.
  const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024 + 1, 0x20), { level: 9 });
  return [
    { label: 'the bundle itself', write: (f) => fs.copyFileSync(pair.bundle, f) },
    valid('one line per frame', [...b.lines], 1),
    { label: 'no such file', write: () => undefined },
    {
      label: 'compression bomb',
      write: (f) => writeSigned(d, f, { ...b.manifest, payload: describePayload([bomb]) }, [bomb]),
    },
    {
      label: 'frame without its last newline',
      write: (f) => {
        const frames = [zlib.gzipSync(b.lines.join('\n'))];
        writeSigned(d, f, { ...b.manifest, payload: describePayload(frames) }, frames);
      },
    },
    { label: 'no frames', write: (f) => writeSigned(d, f, describeLines(b.manifest, [], []), []) },
    {
      label: 'header longer than its block',
      write: (f) => writeSigned(d, f, { ...b.manifest, appVersion: 'x'.repeat(HEADER_BYTES) }, b.frames),
    },
    {
      label: 'a clock that is no date',
      write: (f) => {
        const hlcMax = `2021-13-45T99:99:99.000Z-0000-${b.manifest.nodeId}`;
        writeSigned(d, f, { ...b.manifest, hlcMax }, b.frames);
      },
    },
    {
      // Clocks that sort before the last (valid) one but are no dates: were they stored, the
      // writer could no longer read the newest clock of its log, and every local write would fail.
      label: 'clocks that are no dates before a valid last one',
      write: (f) => {
        // The day before, at hour 99: sorts before the last line's clock, and parses as no date.
        const day = new Date(Date.parse(b.manifest.hlcMax!.slice(0, 10)) - 86_400_000).toISOString().slice(0, 11);
        const last = b.lines.length - 1;
        const lines = b.lines.map((l, k) => {
          if (k === last) return l;
          const p = JSON.parse(l) as unknown[];
          p[0] = `${day}99:00:00.${String(k).padStart(3, '0')}Z${String(p[0]).slice(24)}`;
          return JSON.stringify(p);
        });
        const frames = framesOf(lines);
        writeSigned(d, f, describeLines(b.manifest, lines, frames), frames);
      },
    },
    {
      // Refused by the schema, then logged: the log must not choke on the number it was given.
      label: 'a sequence number no integer column holds',
      write: (f) => writeSigned(d, f, { ...b.manifest, seq: 1e300 }, b.frames),
    },
    ...['formatVersion', 'schemaVersion'].map((key) => ({
      // Quoted in the refusal: the message must not turn a nested value into text recursively.
      label: `${key} nested deep`,
      write: (f: string) =>
        writeRaw(
          f,
          b.headerText.replace(new RegExp(`"${key}":\\d+`), `"${key}":${deepJson(5000)}`),
          payloadOf(b.frames),
        ),
    })),
    {
      label: 'NaN in the header',
      write: (f) => writeRaw(f, b.headerText.replace(/"total":\d+/, '"total":NaN'), payloadOf(b.frames)),
    },
  ];
}

describe('fuzz: sync bundles', () => {
  let pair: FuzzPair;
  let parts: BundleParts;
  const tally = newTally();

  beforeAll(async () => {
    pair = await fuzzPair();
    parts = readParts(pair.bundle);
  });
  afterAll(() => pair.close());

  /** Imports one case at the province and files it under refused / accepted / crashed / changed. */
  /** Imports a file as the command line does, or sends its bytes as the UI does and waits for the job. */
  async function importVia(ui: boolean, file: string): Promise<Outcome> {
    const engine = pair.province.engine;
    if (!ui) {
      const r = dispatch(engine, 'sync.importFile', { file }, { door: 'cli' });
      return r.ok
        ? { ok: true, status: (r.value as { status: string }).status }
        : { ok: false, code: r.error.code, text: r.error.text, details: r.error.details ?? [] };
    }
    const bytes = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
    const input = { fileName: path.basename(file), dataBase64: bytes.toString('base64') };
    const started = dispatch(engine, 'sync.importStart', input, { door: 'ui' });
    if (!started.ok) return { ok: false, code: started.error.code, text: started.error.text, details: [] };
    const { jobId } = started.value as { jobId: string };
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const j = dispatch(engine, 'sync.job', { jobId }, { door: 'ui' });
      if (!j.ok) return { ok: false, code: 'internal', text: j.error.text, details: [] };
      const job = j.value as SyncJob;
      if (job.state === 'done') return { ok: true, status: job.import?.status ?? 'none' };
      if (job.state === 'failed') return { ok: false, code: job.error!.code, text: job.error!.text, details: [] };
    }
  }

  /** Imports one case at the province and files it under refused / accepted / crashed / changed. */
  async function run(c: Case, n: number, ui: boolean): Promise<void> {
    const file = path.join(pair.dir, 'cases', `958-${n}.sabanbundle`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.rmSync(file, { force: true });
    c.write(file);
    const engine = pair.province.engine;
    const label = `${c.label}${ui ? ' (UI door)' : ''}`;
    tally.tried++;
    const before = stored(engine);
    const r = await importVia(ui, file);
    fs.rmSync(file, { force: true });
    if (process.env['FUZZ_DEBUG']) {
      const reason = r.ok ? r.status : `${r.code} ${r.details.join(' ')} ${r.text.en.slice(0, 90)}`;
      process.stdout.write(`${label.slice(0, 70)} => ${reason}\n`);
    }
    if (!r.ok && r.code === 'internal') {
      tally.crashed.push(`${label}: ${r.text.en.slice(0, 300)}`);
    } else if (!integrityOk(engine.db)) {
      tally.crashed.push(`${label}: integrity_check failed`);
    } else if (r.ok) {
      tally.accepted++;
      // What was taken must leave the province able to write: a stored clock it cannot read would not.
      const update = { code: FUZZ_COMMUNES[3], population: n, reason: 'fuzz' };
      const local = dispatch(engine, 'units.update', update, { door: 'cli' });
      if (!local.ok) tally.crashed.push(`${label}: a local write fails afterwards: ${local.error.text.en}`);
      // Whatever was applied or held goes: the next case starts from the same province.
      pair.resetProvince();
    } else {
      tally.refused++;
      if (!r.text.vi || !r.text.en || r.text.vi === r.text.en) {
        tally.crashed.push(`${label}: refusal not in both languages: ${JSON.stringify(r.text)}`);
      }
      if (stored(engine) !== before) {
        tally.changed.push(`${label}: ${r.code}`);
        pair.resetProvince();
      }
    }
  }

  it('refuses every damaged bundle clearly and changes nothing, or applies it intact', async () => {
    const cases = fixedCases(parts, pair);
    const r = prng(FUZZ_SEED ^ 0xb0b);
    for (let i = 0; i < CASES; i++) cases.push(randomCase(r, parts, pair, i));
    // One case in eight goes through the UI's door (bytes, then a background job).
    for (const [n, c] of cases.entries()) await run(c, n, n % 8 === 7);
    expect(tally.crashed, tally.crashed.slice(0, 5).join('\n')).toEqual([]);
    expect(tally.changed, tally.changed.slice(0, 5).join('\n')).toEqual([]);
    // The bundle itself and its valid re-framing are applied.
    expect(tally.accepted).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('prints its tally', () => {
    process.stdout.write(tallyLine(tally, 'bundles'));
    expect(tally.tried).toBeGreaterThanOrEqual(CASES);
    expect(tally.refused).toBeGreaterThan(CASES / 2);
  });
});
