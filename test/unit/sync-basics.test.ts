/** Sync basics: identity, round trip of three real districts into one province, idempotence, acks, province → district settings. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/engine/dispatch';
import { openDatabase } from '../../electron/engine/db';
import { MIGRATIONS } from '../../electron/engine/migrations/index';
import { importAck, watermark, writeAcks } from '../../electron/engine/sync/ack';
import { sharedDataAvailable } from '../helpers/shared-data';
import { tempDir } from '../helpers/engine';
import { communesOf, dataSnapshot, exportNext, importInto, setUpOffices } from '../helpers/sync';

const available = sharedDataAvailable();
let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('migration 50 (sync)', () => {
  it('adds the sync tables to a version-40 database and keeps its data', () => {
    const file = path.join(tempDir(), 'v40.sqlite');
    const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 40) });
    old.prepare("INSERT INTO meta (key, value) VALUES ('node_id', '0123456789abcdef')").run();
    old.close();
    const db = openDatabase(file);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(
      expect.arrayContaining([
        'sync_identity',
        'sync_peers',
        'sync_sent',
        'sync_received',
        'sync_conflicts',
        'sync_refusals',
      ]),
    );
    expect(db.prepare("SELECT value FROM meta WHERE key = 'node_id'").get()).toEqual({ value: '0123456789abcdef' });
    db.close();
    new Database(file).close();
  });
});

describe.skipIf(!available)('sync basics', () => {
  it('gives each office a key pair and a fingerprint, and refuses a wrong office code', () => {
    const o = setUpOffices();
    cleanup = o.close;
    const id = call(o.districts[0]!.engine, 'sync.identity', {});
    expect(id).toMatchObject({ role: 'district', office: '958', officeName: 'Huyện Vĩnh Lợi' });
    expect(id.fingerprintDisplay).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    expect(() => call(o.province.engine, 'sync.setOffice', { role: 'district', office: '95' })).toThrow(
      /3 chữ số|3 digits/,
    );
  });

  it('round-trips three districts into one province: units, levels and hamlets merged', async () => {
    const o = setUpOffices();
    cleanup = o.close;
    const out = path.join(o.dir, 'out');
    const expected: Record<string, { code: string; level: number }> = {};
    for (const d of o.districts) {
      const communes = communesOf(d);
      call(d.engine, 'risk.set', { codes: [communes[0]], level: 3, reason: `Ổ dịch ${d.code}` });
      expected[d.code] = { code: communes[0]!, level: 3 };
      call(d.engine, 'units.createHamlet', { communeCode: communes[1], name: `Ấp Thử ${d.code}`, type: 'Ấp' });
      call(d.engine, 'units.update', { code: communes[1], population: 12345, reason: 'điều tra' });
    }
    for (const d of o.districts) {
      const r = importInto(o.province, await exportNext(d, out));
      expect(r.status).toBe('applied');
      expect(r.applied[0]!.refused).toBe(0);
      expect(r.backup && fs.existsSync(r.backup)).toBe(true);
    }
    const p = o.province.engine;
    for (const d of o.districts) {
      const levels = call(p, 'risk.levels', { within: d.code });
      expect(levels).toEqual([
        expect.objectContaining({ code: expected[d.code]!.code, level: 3, reason: `Ổ dịch ${d.code}` }),
      ]);
      const hamlets = call(p, 'units.list', { within: d.code, level: 'hamlet' });
      expect(hamlets.map((h) => h.name)).toEqual([`Ấp Thử ${d.code}`]);
      expect(call(p, 'units.get', { code: communesOf(d)[1] }).unit.population).toBe(12345);
    }
    // Each applied change is in the province's log and audit, under the district's node.
    const fromDistricts = p.db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'sync.import'").get() as {
      n: number;
    };
    expect(fromDistricts.n).toBeGreaterThan(0);
    const status = call(p, 'sync.status', {});
    for (const d of o.districts) {
      expect(status.districts.find((x) => x.office === d.code)).toMatchObject({
        lastSeq: 1,
        stale: false,
        missing: [],
      });
    }
    // Districts that sent nothing are listed too, flagged as never received.
    expect(status.districts.find((x) => x.office === '956')).toMatchObject({ lastSeq: null, stale: true });
  });

  it('applies the same bundle twice as a no-op that says so', async () => {
    const o = setUpOffices();
    cleanup = o.close;
    const d = o.districts[0]!;
    call(d.engine, 'risk.set', { codes: [communesOf(d)[0]], level: 2, reason: 'tuần 47' });
    const file = await exportNext(d, path.join(o.dir, 'out'));
    expect(importInto(o.province, file).status).toBe('applied');
    const before = dataSnapshot(o.province.engine);
    const again = importInto(o.province, file);
    expect(again.status).toBe('already-applied');
    expect(again.message).toMatch(/đã được áp dụng/);
    expect(again.text.en).toMatch(/already applied/);
    expect(dataSnapshot(o.province.engine)).toBe(before);
  });

  it('exports incrementally: the second bundle holds only the new changes and chains to the first', async () => {
    const o = setUpOffices();
    cleanup = o.close;
    const d = o.districts[0]!;
    const out = path.join(o.dir, 'out');
    const c = communesOf(d);
    call(d.engine, 'risk.set', { codes: [c[0]], level: 2, reason: 'a' });
    const first = await exportNext(d, out);
    expect(path.basename(first)).toBe('958-1.sabanbundle');
    call(d.engine, 'risk.set', { codes: [c[0]], level: 4, reason: 'b' });
    const second = await exportNext(d, out);
    expect(path.basename(second)).toBe('958-2.sabanbundle');
    importInto(o.province, first);
    const r = importInto(o.province, second);
    expect(r.applied[0]!.changes).toBe(1);
    expect(call(o.province.engine, 'risk.levels', { within: d.code })[0]).toMatchObject({ level: 4, reason: 'b' });
    await expect(exportNext(d, out)).rejects.toThrow(/nothing to export/);
  });

  it('acknowledges: the signed ack advances the district watermark and reports what is missing', async () => {
    const o = setUpOffices();
    cleanup = o.close;
    const d = o.districts[0]!;
    const out = path.join(o.dir, 'out');
    const c = communesOf(d);
    call(d.engine, 'risk.set', { codes: [c[0]], level: 2, reason: 'a' });
    const b1 = await exportNext(d, out);
    call(d.engine, 'risk.set', { codes: [c[0]], level: 3, reason: 'b' });
    await exportNext(d, out);
    call(d.engine, 'risk.set', { codes: [c[0]], level: 4, reason: 'c' });
    const b3 = await exportNext(d, out);
    importInto(o.province, b1);
    importInto(o.province, b3);
    const [ack] = writeAcks(o.province.engine.db, path.join(o.dir, 'acks'), o.province.engine.nodeId, Date.now());
    expect(ack).toMatchObject({ district: '958', appliedThrough: 1, missing: [2] });
    expect(watermark(d.engine.db).ackedSeq).toBe(0);
    const r = importAck(d.engine.db, fs.readFileSync(ack!.file, 'utf8'), 'ack', Date.now());
    expect(r).toMatchObject({ appliedThrough: 1, newlyAcked: 1, missing: [2] });
    expect(watermark(d.engine.db).ackedSeq).toBe(1);
    // An ack meant for another district, or altered, is refused.
    const other = o.districts[1]!;
    expect(() => importAck(other.engine.db, fs.readFileSync(ack!.file, 'utf8'), 'ack', Date.now())).toThrow(/958/);
    const tampered = fs.readFileSync(ack!.file, 'utf8').replace('"appliedThrough":1', '"appliedThrough":3');
    expect(() => importAck(d.engine.db, tampered, 'ack', Date.now())).toThrow(/chữ ký|signature/);
    expect(watermark(d.engine.db).ackedSeq).toBe(1);
  });

  it('refuses and logs changes to another district’s units, applying the rest', async () => {
    const o = setUpOffices();
    cleanup = o.close;
    const [vinhLoi, dongHai] = o.districts as [(typeof o.districts)[0], (typeof o.districts)[0]];
    // Vĩnh Lợi's database also holds Đông Hải's communes (the whole province was imported).
    const foreign = communesOf(dongHai)[0]!;
    const own = communesOf(vinhLoi)[0]!;
    call(vinhLoi.engine, 'risk.set', { codes: [foreign, own], level: 4, reason: 'nhầm huyện' });
    // The exporter never sends another district's data…
    const file = await exportNext(vinhLoi, path.join(o.dir, 'out'));
    const r = importInto(o.province, file);
    expect(r.applied[0]!.refused).toBe(0);
    expect(call(o.province.engine, 'risk.levels', { within: dongHai.code })).toEqual([]);
    expect(call(o.province.engine, 'risk.levels', { within: vinhLoi.code })).toHaveLength(1);
  });

  it('carries province settings to a district in a province bundle; local preferences stay', async () => {
    const o = setUpOffices();
    cleanup = o.close;
    const p = o.province.engine;
    call(p, 'risk.setRules', { caseBands: [10, 40, 120] });
    call(p, 'sync.setStaleHours', { hours: 12 });
    call(p, 'settings.set', { operatorName: 'Sở Y tế' });
    const file = await exportNext(o.province, path.join(o.dir, 'out'));
    const d = o.districts[0]!;
    call(d.engine, 'settings.set', { operatorName: 'Trực ban huyện' });
    expect(importInto(d, file).status).toBe('applied');
    expect(call(d.engine, 'risk.rules', {}).caseBands).toEqual([10, 40, 120]);
    expect(call(d.engine, 'sync.status', {}).staleHours).toBe(12);
    expect(call(d.engine, 'settings.get', {}).operatorName).toBe('Trực ban huyện');
    // …and a district bundle cannot carry settings up: the exporter leaves them out.
    await exportNext(d, path.join(o.dir, 'out'));
    call(d.engine, 'risk.setRules', { caseBands: [1, 2, 3] });
    await expect(exportNext(d, path.join(o.dir, 'out'))).rejects.toThrow(/nothing to export/);
  });
});
