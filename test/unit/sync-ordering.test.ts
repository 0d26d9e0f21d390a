/** Sync ordering: gaps held back and reported by number, late arrivals, full bundles, and convergence whatever the delivery order. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/engine/dispatch';
import { sharedDataAvailable } from '../helpers/shared-data';
import { tempDir } from '../helpers/engine';
import {
  communesOf,
  dataSnapshot,
  entityState,
  exportNext,
  importInto,
  openOffice,
  PROVINCE,
  expectRefused,
  setUpOffices,
} from '../helpers/sync';

const available = sharedDataAvailable();
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A small deterministic PRNG (mulberry32), so a failing order can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe.skipIf(!available)('sync ordering', () => {
  it('holds back a bundle that arrives before a missing one, names the missing number, and applies it when it arrives', async () => {
    const o = setUpOffices();
    cleanups.push(o.close);
    const d = o.districts[0]!;
    const out = path.join(o.dir, 'out');
    const c = communesOf(d);
    const files: string[] = [];
    for (const [i, level] of [2, 3, 4].entries()) {
      call(d.engine, 'risk.set', { codes: [c[0]], level, reason: `tuần ${i + 1}` });
      files.push(await exportNext(d, out));
    }
    const before = dataSnapshot(o.province.engine);
    const held = importInto(o.province, files[2]!);
    expect(held.status).toBe('held');
    expect(held.message).toContain('thiếu gói số 1, 2 của huyện 958');
    expect(held.missing).toEqual([1, 2]);
    expect(call(o.province.engine, 'risk.levels', { within: d.code })).toEqual([]);
    // The same held bundle again: still held, nothing new.
    expect(importInto(o.province, files[2]!).status).toBe('held');
    expect(call(o.province.engine, 'sync.status', {}).districts.find((x) => x.office === '958')).toMatchObject({
      held: [3],
      missing: [1, 2],
    });
    expect(dataSnapshot(o.province.engine)).not.toBe(before);
    const first = importInto(o.province, files[0]!);
    expect(first).toMatchObject({ status: 'applied', missing: [2] });
    expect(first.message).toContain('thiếu gói số 2 của huyện 958');
    const late = importInto(o.province, files[1]!);
    expect(late.status).toBe('applied');
    expect(late.applied.map((a) => a.seq)).toEqual([2, 3]);
    expect(late.missing).toEqual([]);
    expect(call(o.province.engine, 'risk.levels', { within: d.code })[0]).toMatchObject({ level: 4, reason: 'tuần 3' });
    // Held files are cleaned up once applied.
    expect(fs.readdirSync(path.join(o.dir, 'province-95-sync', 'held'))).toEqual([]);
  });

  it('lets a full bundle stand in for lost ones', async () => {
    const o = setUpOffices();
    cleanups.push(o.close);
    const d = o.districts[0]!;
    const out = path.join(o.dir, 'out');
    const c = communesOf(d);
    call(d.engine, 'risk.set', { codes: [c[0]], level: 2, reason: 'a' });
    await exportNext(d, out); // lost on the way
    call(d.engine, 'risk.set', { codes: [c[1]], level: 3, reason: 'b' });
    const second = await exportNext(d, out);
    expect(importInto(o.province, second).status).toBe('held');
    const full = await exportNext(d, out, true);
    const r = importInto(o.province, full);
    expect(r).toMatchObject({ status: 'applied', kind: 'full', missing: [] });
    expect(call(o.province.engine, 'risk.levels', { within: d.code }).map((l) => l.level)).toEqual([2, 3]);
    // The lost one turning up later changes nothing.
    expect(importInto(o.province, path.join(out, '958-1.sabanbundle')).status).toBe('already-applied');
  });

  it('refuses a different bundle under a number already received (a restored district)', async () => {
    const o = setUpOffices();
    cleanups.push(o.close);
    const d = o.districts[0]!;
    call(d.engine, 'risk.set', { codes: [communesOf(d)[0]], level: 2, reason: 'a' });
    const first = await exportNext(d, path.join(o.dir, 'out'));
    importInto(o.province, first);
    // The district restores an old copy and exports a different bundle 1.
    d.engine.db.prepare('DELETE FROM sync_sent').run();
    call(d.engine, 'risk.set', { codes: [communesOf(d)[1]], level: 4, reason: 'b' });
    const other = await exportNext(d, path.join(o.dir, 'out2'));
    const before = dataSnapshot(o.province.engine);
    expectRefused(() => importInto(o.province, other), /gói số 1 khác/, /send a full bundle/);
    expect(dataSnapshot(o.province.engine)).toBe(before);
  });

  it('converges to the same province state whatever order the bundles arrive in (property, 12 orders)', async () => {
    const dir = tempDir('saban-sync-prop-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const o = setUpOffices();
    cleanups.push(o.close);
    const out = path.join(dir, 'bundles');
    const files: string[] = [];
    // Three districts, three bundles each, with edits that overwrite earlier ones; the third
    // district's last bundle is a full one.
    for (const [k, d] of o.districts.entries()) {
      const c = communesOf(d);
      for (let b = 0; b < 3; b++) {
        call(d.engine, 'risk.set', { codes: [c[b % c.length]], level: ((b + k) % 4) + 1, reason: `${d.code}/${b}` });
        call(d.engine, 'units.update', { code: c[0], population: 1000 * (b + 1) + k, reason: `${b}` });
        if (b === 1) call(d.engine, 'units.createHamlet', { communeCode: c[1], name: `Ấp ${d.code}`, type: 'Ấp' });
        files.push(await exportNext(d, out, k === 2 && b === 2));
      }
    }
    const states = new Set<string>();
    const random = rng(20211124);
    for (let run = 0; run < 12; run++) {
      const order = run === 0 ? files : shuffle(files, random);
      const pdir = path.join(dir, `p${run}`);
      fs.mkdirSync(pdir);
      const p = openOffice(pdir, 'province', PROVINCE);
      try {
        for (const d of o.districts) {
          const key = call(d.engine, 'sync.keyFile', {});
          call(p.engine, 'sync.trust', { fileName: key.fileName, text: key.text });
        }
        for (const f of order) importInto(p, f);
        expect(call(p.engine, 'sync.status', {}).districts.filter((x) => x.missing.length || x.held.length)).toEqual(
          [],
        );
        states.add(entityState(p.engine));
      } finally {
        p.engine.close();
      }
    }
    expect(states.size).toBe(1);
  }, 120_000);
});
