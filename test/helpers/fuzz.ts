/**
 * Shared parts of the seeded fuzz suites (test/unit/fuzz-*.test.ts): the PRNG, the tally and its
 * one printed line, nasty values, and a province with one district set up without the shared
 * data (so the suites run anywhere).
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Result } from '../../shared/result';
import { call } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import { exportFor } from '../../electron/engine/sync/service';
import { tempDir } from './engine';
import { exchangeKeys, type Office } from './sync';
import { seedBacLieuUnits } from './seed-units';

/** The seed of every fuzz suite (`SABAN_FUZZ_SEED` to replay another). */
export const FUZZ_SEED = Number(process.env['SABAN_FUZZ_SEED'] ?? 20211124);

/** A source of numbers in [0, 1). */
export type Rand = () => number;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of `xs`. */
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
/** An integer in [0, n). */
export const int = (r: Rand, n: number): number => Math.floor(r() * n);

/** What the cases of a suite came to. */
export interface Tally {
  tried: number;
  refused: number;
  accepted: number;
  crashed: string[];
  changed: string[];
}

/** An empty tally. */
export function newTally(): Tally {
  return { tried: 0, refused: 0, accepted: 0, crashed: [], changed: [] };
}

/** The one line a suite prints: `fuzz: N tried, N refused, N accepted, 0 crashed, 0 changed`. */
export function tallyLine(t: Tally, suite?: string): string {
  return (
    `fuzz: ${t.tried} tried, ${t.refused} refused, ${t.accepted} accepted, ` +
    `${t.crashed.length} crashed, ${t.changed.length} changed${suite ? ` (${suite})` : ''}\n`
  );
}

/** `PRAGMA integrity_check` says ok. */
export function integrityOk(db: Database.Database): boolean {
  return (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check === 'ok';
}

/**
 * Runs one case and files it under refused / accepted / crashed / changed: an `internal` error or
 * a failed `PRAGMA integrity_check` is a crash; a refusal must name the problem in both languages
 * and leave `snap()` as it was. Returns the result for any further checks.
 */
export function judge(
  tally: Tally,
  label: string,
  db: Database.Database,
  snap: () => string,
  run: () => Result<unknown>,
): Result<unknown> {
  tally.tried++;
  const before = snap();
  const r = run();
  if (!r.ok && r.error.code === 'internal') tally.crashed.push(`${label}: ${r.error.text.en.slice(0, 300)}`);
  else if (!integrityOk(db)) tally.crashed.push(`${label}: integrity_check failed`);
  else if (r.ok) tally.accepted++;
  else {
    tally.refused++;
    const t = r.error.text;
    if (!t.vi || !t.en || t.vi === t.en) tally.crashed.push(`${label}: refusal not in both languages: ${t.en}`);
    if (snap() !== before) tally.changed.push(`${label}: ${r.error.code}`);
  }
  return r;
}

/** The fields in which `changed` differs from `base`, as `key=value` (for case labels). */
export function diffLabel(base: object, changed: Record<string, unknown>): string {
  const b = base as Record<string, unknown>;
  return [...new Set([...Object.keys(changed), ...Object.keys(b)])]
    .filter((k) => JSON.stringify(changed[k]) !== JSON.stringify(b[k]))
    .map((k) => `${k}=${String(JSON.stringify(changed[k])).slice(0, 80)}`)
    .join(', ');
}

/** Flips 1–8 random bits of `bytes` (a copy) within [from, to). */
export function flipBits(r: Rand, bytes: Uint8Array, from = 0, to = bytes.length): Uint8Array {
  const b = Uint8Array.from(bytes);
  const span = Math.max(0, to - from);
  for (let i = 0, n = 1 + int(r, 8); i < n && span > 0; i++) b[from + int(r, span)]! ^= 1 << int(r, 8);
  return b;
}

/** Nested arrays `depth` deep, as JSON text. */
export const deepJson = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/**
 * A value of the wrong kind for almost any field: wrong types, huge numbers and strings, deep
 * nesting, edge numbers. JSON-safe (NaN and Infinity become null once serialised; the text
 * mutations put them in literally).
 */
export function nastyValue(r: Rand, depth = 0): unknown {
  switch (int(r, 14)) {
    case 0:
      return null;
    case 1:
      return pick(r, [true, false]);
    case 2:
      return pick(r, [0, -1, 1.5, -0, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, Number.MAX_SAFE_INTEGER]);
    case 3:
      return pick(r, ['', ' ', '\u0000', '\uFEFF', '🦠', 'Xã\u0301', '<script>', '\'=HYPERLINK("x")', '../../etc']);
    case 4:
      return 'x'.repeat(pick(r, [65, 201, 4097, 70_000]));
    case 5:
      return [];
    case 6:
      return {};
    case 7: {
      let v: unknown = 1;
      for (let i = 0, n = 50 + int(r, 950); i < n; i++) v = [v];
      return v;
    }
    case 8:
      return depth < 3 ? [nastyValue(r, depth + 1), nastyValue(r, depth + 1)] : 7;
    case 9:
      return depth < 3 ? { a: nastyValue(r, depth + 1), __proto__x: 1, constructor: nastyValue(r, depth + 1) } : 'x';
    case 10:
      return String(int(r, 1000));
    case 11:
      return int(r, 100);
    case 12:
      return pick(r, ['2021-11-24', '2021-13-45T99:99:99Z', '958', '95', '31900', 'district', 'province']);
    default:
      return Array.from({ length: 1 + int(r, 5) }, () => (depth < 3 ? nastyValue(r, depth + 1) : 0));
  }
}

/** The communes of the fuzz district 958 (made up, so no shared data is needed). */
export const FUZZ_COMMUNES = Array.from({ length: 6 }, (_, i) => `319${String(i).padStart(2, '0')}`);

/** The shared unit tree (test/helpers/seed-units.ts) with this file's communes. */
function seedUnits(engine: Engine): void {
  seedBacLieuUnits(engine, FUZZ_COMMUNES, { door: 'cli' }, 'fuzz.seed');
}

function openFuzzOffice(dir: string, role: 'district' | 'province', code: string): Office {
  const file = path.join(dir, `${role}-${code}.sqlite`);
  const engine = Engine.open(file);
  call(engine, 'sync.setOffice', { role, office: code });
  seedUnits(engine);
  return { engine, file, code };
}

/** A province (95) and its district 958, keys exchanged, and a first bundle of the district. */
export interface FuzzPair {
  readonly dir: string;
  province: Office;
  readonly district: Office;
  /** The district's first bundle (risk level, a hamlet, a population: unit and assessment lines). */
  readonly bundle: string;
  /** Puts the province back as it was before any import (closing and reopening its engine). */
  resetProvince(): void;
  close(): void;
}

/** Sets up a {@link FuzzPair}. */
export async function fuzzPair(): Promise<FuzzPair> {
  const dir = tempDir('saban-fuzz-');
  const province = openFuzzOffice(dir, 'province', '95');
  const district = openFuzzOffice(dir, 'district', '958');
  exchangeKeys(province, district);
  const d = district.engine;
  call(d, 'risk.set', { codes: [FUZZ_COMMUNES[0]], level: 3, reason: 'Ổ dịch' });
  call(d, 'units.createHamlet', { communeCode: FUZZ_COMMUNES[1], name: 'Ấp Thử', type: 'Ấp' });
  call(d, 'units.update', { code: FUZZ_COMMUNES[2], population: 12345, reason: 'điều tra' });
  const r = await exportFor(d, { outDir: path.join(dir, 'out') });
  if (!r) throw new Error('the fuzz district exported nothing');
  province.engine.close();
  const pristine = path.join(dir, 'province-pristine.sqlite');
  fs.copyFileSync(province.file, pristine);
  const pair: FuzzPair = {
    dir,
    province: { ...province, engine: Engine.open(province.file) },
    district,
    bundle: r.file,
    resetProvince() {
      pair.province.engine.close();
      for (const ext of ['', '-wal', '-shm']) fs.rmSync(province.file + ext, { force: true });
      fs.rmSync(province.file.replace(/\.sqlite$/, '-sync'), { recursive: true, force: true });
      fs.copyFileSync(pristine, province.file);
      pair.province = { ...province, engine: Engine.open(province.file) };
    },
    close() {
      pair.province.engine.close();
      district.engine.close();
    },
  };
  return pair;
}
