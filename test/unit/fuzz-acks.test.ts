/**
 * A seeded, bounded fuzz suite over acknowledgements, imported by the district through the
 * contract (`sync.importAck`, as `saban import-ack` and the UI call it). Each case starts from the
 * real acknowledgement the province wrote after applying the district's first bundle, and damages
 * it: bit flips, truncation, repeated and dropped bytes, nasty tokens (NaN, Infinity, huge
 * numbers and strings, deep nesting), other encodings; and the acknowledgement's body changed —
 * wrong district, counts, hashes, types, huge lists — under a VALID signature of the province's
 * real key, and under missing, foreign or broken signatures. Every case must end in a clear
 * refusal (an error code other than `internal`, text in both languages) that changes nothing
 * stored, or in the documented outcome with `PRAGMA integrity_check` ok.
 * Prints one line: `fuzz: N tried, N refused, N accepted, 0 crashed, 0 changed (acknowledgements)`.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckBody } from '../../shared/bundle-format';
import { dispatch } from '../../electron/engine/dispatch';
import { ensureIdentity, signCanonical } from '../../electron/engine/sync/keys';
import { call, snapshot } from '../helpers/engine';
import {
  deepJson,
  diffLabel,
  flipBits,
  FUZZ_SEED,
  type FuzzPair,
  fuzzPair,
  int,
  judge,
  nastyValue,
  newTally,
  pick,
  prng,
  type Rand,
  tallyLine,
} from '../helpers/fuzz';
import { type Office } from '../helpers/sync';

const CASES = Number(process.env['SABAN_FUZZ_CASES'] ?? 120) * 2;

/** Text mutations of the acknowledgement file, decoded as `saban import-ack` reads it (UTF-8). */
const TEXT_MUTATIONS: readonly ((r: Rand, t: string) => string)[] = [
  (r, t) => Buffer.from(flipBits(r, Buffer.from(t))).toString('utf8'),
  (r, t) => t.slice(0, int(r, t.length)),
  (r, t) => {
    const i = int(r, t.length);
    return r() < 0.5 ? t.slice(0, i) + t.slice(i, i + 1 + int(r, 40)) + t.slice(i) : t.slice(0, i) + t.slice(i + 40);
  },
  (r, t) => {
    const tokens = t.split(/([,:[\]{}])/);
    tokens[int(r, tokens.length)] = pick(r, [
      'NaN',
      'Infinity',
      '-Infinity',
      '1e999',
      '-0',
      '9007199254740993',
      '""',
      'null',
      'true',
      '{}',
      '[]',
      deepJson(1000 + int(r, 50_000)),
      JSON.stringify('x'.repeat(70_000)),
      '"\\u0000"',
      '"🦠"',
    ]);
    return tokens.join('');
  },
  // Latin-1 or UTF-16 bytes read as UTF-8.
  (r, t) =>
    r() < 0.5 ? Buffer.from(t, 'latin1').toString('utf8') : `\uFEFF${Buffer.from(t, 'utf16le').toString('utf8')}`,
  (r, t) => pick(r, ['', '   \n', 'null', '[]', '{}', '{"ack":null,"signature":""}', t + t, `${t.trim()},`]),
];

/** The acknowledgement's body changed, for signing. */
function bodyPatch(r: Rand, a: AckBody): Record<string, unknown> {
  const huge = (): unknown =>
    pick(r, [2 ** 31, 2 ** 53, 1e15, 1e300, Number.MAX_SAFE_INTEGER, -1, 1.5, '1', null, nastyValue(r)]);
  const hex = (): string => crypto.randomBytes(32).toString('hex');
  switch (int(r, 12)) {
    case 0:
      return { ...a, district: pick(r, ['960', '954', '95', '9999', '', nastyValue(r)]) };
    case 1:
      return { ...a, appliedThrough: pick(r, [0, 2, 3, huge()]) };
    case 2:
      return { ...a, appliedHash: pick(r, [null, hex(), 'x', nastyValue(r)]) };
    case 3:
      return { ...a, untilSeq: huge() };
    case 4:
      return {
        ...a,
        bundles: pick(r, [
          [],
          Array.from({ length: 10_001 }, (_, i) => ({ seq: i + 1, hash: hex(), status: 'applied' })),
          [{ seq: 1, hash: a.appliedHash, status: 'held' }],
          [{ seq: huge(), hash: 'x', status: 'nope' }],
          nastyValue(r),
        ]),
      };
    case 5:
      return {
        ...a,
        missing: pick(r, [
          [2, 3],
          Array.from({ length: 10_001 }, (_, i) => i + 2),
          Array.from({ length: 10_000 }, (_, i) => i + 2),
          [0],
          [-1],
          [1e300],
          nastyValue(r),
        ]),
      };
    case 6:
      return { ...a, office: pick(r, ['96', '958', '', nastyValue(r)]) };
    case 7:
      return { ...a, keyFingerprint: pick(r, ['0'.repeat(32), 'x', nastyValue(r)]) };
    case 8:
      return { ...a, createdAt: pick(r, ['x'.repeat(41), '', nastyValue(r)]) };
    case 9:
      return { ...a, [pick(r, ['extra', '__proto__', 'constructor'])]: nastyValue(r) };
    case 10: {
      const copy: Record<string, unknown> = { ...a };
      delete copy[pick(r, Object.keys(a))];
      return copy;
    }
    default:
      return { ...a, [pick(r, Object.keys(a))]: nastyValue(r) };
  }
}

/** Signs `body` with `signer`'s key; a body canonical JSON cannot sign gets a zero signature. */
function signed(signer: Office, body: Record<string, unknown>): string {
  let signature: string;
  try {
    signature = signCanonical(ensureIdentity(signer.engine.db), body);
  } catch {
    signature = Buffer.alloc(64).toString('base64');
  }
  return JSON.stringify({ ack: body, signature }) + '\n';
}

describe('fuzz: acknowledgements', () => {
  let pair: FuzzPair;
  let text: string;
  let body: AckBody;
  const tally = newTally();

  beforeAll(async () => {
    pair = await fuzzPair();
    call(pair.province.engine, 'sync.importFile', { file: pair.bundle });
    const [ack] = call(pair.province.engine, 'sync.ack', { district: '958' });
    text = ack!.text;
    body = (JSON.parse(text) as { ack: AckBody }).ack;
    expect(body.appliedThrough).toBe(1);
  });
  afterAll(() => pair.close());

  const run = (label: string, input: unknown): void => {
    const d = pair.district.engine;
    const r = judge(
      tally,
      label,
      d.db,
      () => snapshot(d),
      () => dispatch(d, 'sync.importAck', input, { door: 'cli' }),
    );
    if (process.env['FUZZ_DEBUG']) {
      process.stdout.write(
        `${label.slice(0, 70)} => ${r.ok ? 'ok' : `${r.error.code} ${r.error.text.en.slice(0, 100)}`}\n`,
      );
    }
  };

  it('refuses every damaged acknowledgement clearly and changes nothing, or takes it as documented', () => {
    const r = prng(FUZZ_SEED ^ 0xac4);
    const { province, district } = pair;
    // Fixed cases: the acknowledgement itself (taken), and signatures that are not the province's.
    run('the acknowledgement itself', { fileName: 'ack.sabanack', text });
    run('signed by the district', { fileName: 'a', text: signed(district, { ...body }) });
    run('no signature', { fileName: 'a', text: JSON.stringify({ ack: body }) });
    run('text at the size limit', { fileName: 'a', text: text + ' '.repeat(10 * 1024 * 1024 - text.length) });
    run('text over the size limit', { fileName: 'a', text: text + ' '.repeat(10 * 1024 * 1024) });
    for (let i = 0; i < CASES; i++) {
      const kind = int(r, 4);
      if (kind === 0) {
        run(`text #${i}`, { fileName: 'ack-95-958-1.sabanack', text: pick(r, TEXT_MUTATIONS)(r, text) });
      } else if (kind === 1) {
        const b = bodyPatch(r, body);
        run(`signed body #${i}: ${diffLabel(body, b)}`, { fileName: 'a.sabanack', text: signed(province, b) });
      } else if (kind === 2) {
        const sig = pick(r, [
          '',
          'x',
          'x'.repeat(201),
          Buffer.alloc(64).toString('base64'),
          crypto.randomBytes(64).toString('base64'),
          nastyValue(r),
        ]);
        run(`signature #${i}`, { fileName: 'a', text: JSON.stringify({ ack: body, signature: sig }) });
      } else {
        // Wrong types at the door itself.
        run(
          `door #${i}`,
          pick(r, [
            null,
            7,
            'x',
            [],
            {},
            { text },
            { fileName: nastyValue(r), text },
            { fileName: 'a', text: nastyValue(r) },
          ]),
        );
      }
    }
    expect(tally.crashed, tally.crashed.slice(0, 5).join('\n')).toEqual([]);
    expect(tally.changed, tally.changed.slice(0, 5).join('\n')).toEqual([]);
    // The province's own acknowledgement is taken: bundle 1 is acknowledged at the district.
    const sent = pair.district.engine.db.prepare('SELECT acked_at FROM sync_sent WHERE seq = 1').get() as {
      acked_at: string | null;
    };
    expect(sent.acked_at).not.toBeNull();
  }, 120_000);

  it('prints its tally', () => {
    process.stdout.write(tallyLine(tally, 'acknowledgements'));
    expect(tally.tried).toBeGreaterThanOrEqual(CASES);
    expect(tally.refused).toBeGreaterThan(CASES / 2);
  });
});
