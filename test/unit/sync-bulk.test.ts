/**
 * The bulk import path: records a bundle creates whole go in many per statement and keep their
 * creating clock on the row (origin_hlc) instead of a copy in the change log; anything unusual in a
 * batch (a record that exists, one record twice, a value a constraint refuses) is applied or
 * refused line by line. Also: one conflict entry per field per bundle.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/engine/dispatch';
import { sharedDataAvailable } from '../helpers/shared-data';
import {
  clockedOffices,
  communesOf,
  craftBundle,
  dataSnapshot,
  entityState,
  exportNext,
  importInto,
  type Office,
  setUpOffices,
} from '../helpers/sync';
import { freshEngine, tempDir } from '../helpers/engine';
import { ENTITIES } from '../../electron/engine/entities';
import {
  BundleFileWriter,
  closeBundle,
  inflateFrame,
  openBundle,
  readFrames,
} from '../../electron/engine/sync/container';

const available = sharedDataAvailable();
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function offices() {
  const o = setUpOffices();
  cleanups.push(o.close);
  return { o, d: o.districts[0]! };
}

/** The i-th change of a crafted bundle: a whole weekly-figures record of `unit`. */
function figureLine(d: Office, i: number, unit: string, newCases = i % 50, id = `fig-${i}`): string {
  const hlc = `2021-11-24T05:00:00.000Z-${i.toString(16).padStart(4, '0')}-${d.engine.nodeId}`;
  const row = {
    id,
    unit_code: unit,
    as_of: '2021-11-24',
    population: 1000 + i,
    new_cases_7d: newCases,
    vaccine_pct: 70.5,
    capacity_ok: 1,
    deleted: 0,
  };
  return `[${JSON.stringify(hlc)},"riskFigures",${JSON.stringify(id)},${JSON.stringify(row)}]`;
}

function hlcOf(line: string): string {
  return (JSON.parse(line) as [string])[0];
}

function figures(office: Office): { id: string; new_cases_7d: number; origin_hlc: string | null }[] {
  return office.engine.db.prepare('SELECT id, new_cases_7d, origin_hlc FROM risk_figures ORDER BY id').all() as {
    id: string;
    new_cases_7d: number;
    origin_hlc: string | null;
  }[];
}

function loggedFigures(office: Office): number {
  return (
    office.engine.db.prepare("SELECT count(*) AS n FROM changes WHERE entity = 'riskFigures'").get() as { n: number }
  ).n;
}

describe.skipIf(!available)('sync bulk import', () => {
  it('applies 450 new records in batches; each keeps its creating clock; a full re-send changes nothing', () => {
    const { o, d } = offices();
    const units = communesOf(d);
    const lines = Array.from({ length: 450 }, (_, i) => figureLine(d, i, units[i % units.length]!));
    const file = path.join(o.dir, 'bulk.sabanbundle');
    craftBundle(d, file, lines, { counts: { riskFigures: 450 } });
    const r = importInto(o.province, file);
    expect(r.status).toBe('applied');
    expect(r.applied[0]).toMatchObject({ changes: 450, applied: 450, duplicates: 0, refused: 0 });
    const rows = figures(o.province);
    expect(rows).toHaveLength(450);
    const byId = new Map(rows.map((x) => [x.id, x]));
    for (const i of [0, 199, 200, 399, 400, 449]) expect(byId.get(`fig-${i}`)!.origin_hlc).toBe(hlcOf(lines[i]!));
    // The row holds the change: the province's change log has no copy of it.
    expect(loggedFigures(o.province)).toBe(0);

    // The same changes again in a full bundle: every one is recognised, nothing is written.
    const state = entityState(o.province.engine);
    const again = path.join(o.dir, 'bulk-full.sabanbundle');
    craftBundle(d, again, lines, { counts: { riskFigures: 450 }, kind: 'full', seq: 2, prevHash: null });
    const r2 = importInto(o.province, again);
    expect(r2.status).toBe('applied');
    expect(r2.applied[0]).toMatchObject({ changes: 450, applied: 0, duplicates: 450 });
    expect(entityState(o.province.engine)).toBe(state);
    expect(loggedFigures(o.province)).toBe(0);
  });

  it('a record changed twice inside one batch ends with its later values', () => {
    const { o, d } = offices();
    const unit = communesOf(d)[0]!;
    const lines = Array.from({ length: 200 }, (_, i) =>
      // Line 150 rewrites record fig-10 whole, with other figures and a later clock.
      i === 150 ? figureLine(d, i, unit, 49, 'fig-10') : figureLine(d, i, unit, 7),
    );
    const file = path.join(o.dir, 'twice.sabanbundle');
    craftBundle(d, file, lines, { counts: { riskFigures: 200 } });
    const r = importInto(o.province, file);
    expect(r.applied[0]).toMatchObject({ changes: 200, applied: 200, conflicts: 0 });
    const rows = figures(o.province);
    expect(rows).toHaveLength(199);
    const fig10 = rows.find((x) => x.id === 'fig-10')!;
    expect(fig10.new_cases_7d).toBe(49);
    // Its first change created it (kept on the row); the second went into the log.
    expect(fig10.origin_hlc).toBe(hlcOf(lines[10]!));
    expect(loggedFigures(o.province)).toBe(1);
  });

  it('refuses a batch with a value the schema forbids, naming the change, and writes nothing', () => {
    const { o, d } = offices();
    const unit = communesOf(d)[0]!;
    const before = dataSnapshot(o.province.engine);
    const lines = Array.from({ length: 300 }, (_, i) => figureLine(d, i, unit, i === 249 ? -1 : 3));
    const file = path.join(o.dir, 'bad.sabanbundle');
    craftBundle(d, file, lines, { counts: { riskFigures: 300 } });
    expect(() => importInto(o.province, file)).toThrow(/thay đổi thứ 250 \(riskFigures fig-249\).*CHECK/);
    expect(dataSnapshot(o.province.engine)).toBe(before);
  });

  it('a record created by a province bundle is updated by the next one without a conflict', async () => {
    const { o, d } = offices();
    const p = o.province.engine;
    call(p, 'risk.setRules', { caseBands: [10, 40, 120] });
    importInto(d, await exportNext(o.province, path.join(o.dir, 'out')));
    const origin = d.engine.db.prepare("SELECT origin_hlc FROM settings WHERE key = 'riskRules'").get() as
      { origin_hlc: string | null } | undefined;
    // Created whole by the bundle: the row carries the province's clock (its node id at the end).
    expect(origin?.origin_hlc?.endsWith(p.nodeId)).toBe(true);
    call(p, 'risk.setRules', { caseBands: [5, 20, 80] });
    const r = importInto(d, await exportNext(o.province, path.join(o.dir, 'out')));
    expect(r.applied[0]).toMatchObject({ applied: 1, conflicts: 0 });
    expect(call(d.engine, 'risk.rules', {}).caseBands).toEqual([5, 20, 80]);
    expect(call(d.engine, 'sync.conflicts', {})).toEqual([]);
  });
});

describe.skipIf(!available)('sync conflicts, one entry per field per bundle', () => {
  const clocked = () => clockedOffices((close) => cleanups.push(close));

  it('a field the district renamed twice against a newer province name logs one entry, its last value', async () => {
    const s = clocked();
    const commune = communesOf(s.district)[0]!;
    s.setDistrict('2021-11-24T02:00:00Z');
    call(s.district.engine, 'units.update', { code: commune, name: 'Tên A', reason: 'x' });
    s.setDistrict('2021-11-24T02:10:00Z');
    call(s.district.engine, 'units.update', { code: commune, name: 'Tên B', reason: 'x' });
    s.setProvince('2021-11-24T03:00:00Z');
    call(s.province.engine, 'units.update', { code: commune, name: 'Tên của tỉnh', reason: 'y' });
    const r = importInto(s.province, await exportNext(s.district, path.join(s.dir, 'out')));
    expect(r.status).toBe('applied');
    const log = call(s.province.engine, 'sync.conflicts', {}).filter(
      (c) => c.entityId === commune && c.column === 'name',
    );
    expect(log).toEqual([
      expect.objectContaining({ winner: 'local', localValue: 'Tên của tỉnh', remoteValue: 'Tên B' }),
    ]);
    expect(call(s.province.engine, 'units.get', { code: commune }).unit.name).toBe('Tên của tỉnh');
  });

  it('no entry stays when the district ends on the province value', async () => {
    const s = clocked();
    const commune = communesOf(s.district)[0]!;
    s.setDistrict('2021-11-24T02:00:00Z');
    call(s.district.engine, 'units.update', { code: commune, name: 'Tên tạm', reason: 'x' });
    s.setDistrict('2021-11-24T02:10:00Z');
    call(s.district.engine, 'units.update', { code: commune, name: 'Tên thống nhất', reason: 'x' });
    s.setProvince('2021-11-24T03:00:00Z');
    call(s.province.engine, 'units.update', { code: commune, name: 'Tên thống nhất', reason: 'y' });
    importInto(s.province, await exportNext(s.district, path.join(s.dir, 'out')));
    expect(
      call(s.province.engine, 'sync.conflicts', {}).filter((c) => c.entityId === commune && c.column === 'name'),
    ).toEqual([]);
  });
});

describe('schema and writer for the bulk path', () => {
  it('every synced table has origin_hlc (a new entity needs it in its migration)', () => {
    const { engine } = freshEngine();
    try {
      for (const def of Object.values(ENTITIES)) {
        const cols = (engine.db.prepare(`PRAGMA table_info(${def.table})`).all() as { name: string }[]).map(
          (c) => c.name,
        );
        expect(cols, def.table).toContain('origin_hlc');
      }
    } finally {
      engine.close();
    }
  });

  it('a writer compressing in the background writes the same lines, in order, as the plain one', async () => {
    const dir = tempDir('saban-bg-writer-');
    // Lines of varied length, some far longer than a frame, so frames fill, grow and overlap.
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ i, text: 'x'.repeat(i % 7 === 0 ? 5000 : 100), long: i === 1500 ? 'y'.repeat(3_000_000) : '' }),
    );
    const read = (file: string): string[] => {
      const b = openBundle(file);
      try {
        const out: string[] = [];
        readFrames(b, (gz, index) => out.push(...inflateFrame(gz, file, index)));
        return out;
      } finally {
        closeBundle(b);
      }
    };
    const plainFile = path.join(dir, 'plain.sabanbundle');
    const plain = new BundleFileWriter(plainFile);
    for (const l of lines) plain.add(l);
    plain.endPayload();
    plain.finish({ manifest: {}, signature: '' });
    const bgFile = path.join(dir, 'bg.sabanbundle');
    const bg = new BundleFileWriter(bgFile, true);
    for (const l of lines) {
      bg.add(l);
      if (bg.frameFull) await bg.flushInBackground();
    }
    const sha = await bg.endPayloadAsync();
    bg.finish({ manifest: {}, signature: '' });
    expect(bg.frames).toBeGreaterThan(3);
    expect(read(bgFile)).toEqual(lines);
    expect(read(plainFile)).toEqual(lines);
    const b = openBundle(bgFile);
    try {
      expect(readFrames(b).sha256).toBe(sha);
    } finally {
      closeBundle(b);
    }
  });
});
