/** Sync security: every tampered, foreign or malformed bundle is refused with a clear message and the province unchanged. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HEADER_BYTES } from '../../shared/bundle-format';
import { call } from '../../electron/engine/dispatch';
import { SCHEMA_VERSION } from '../../electron/engine/migrations/index';
import { sharedDataAvailable } from '../helpers/shared-data';
import {
  communesOf,
  craftBundle,
  dataSnapshot,
  exportNext,
  importInto,
  openOffice,
  expectRefused,
  setUpOffices,
} from '../helpers/sync';

const available = sharedDataAvailable();
let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

async function scenario() {
  const o = setUpOffices();
  cleanup = o.close;
  const d = o.districts[0]!;
  call(d.engine, 'risk.set', { codes: [communesOf(d)[0]], level: 3, reason: 'ổ dịch' });
  const file = await exportNext(d, path.join(o.dir, 'out'));
  return { o, d, file, before: dataSnapshot(o.province.engine) };
}

function refusals(o: Awaited<ReturnType<typeof scenario>>['o']): { code: string }[] {
  return o.province.engine.db.prepare('SELECT code FROM sync_refusals ORDER BY id').all() as { code: string }[];
}

describe.skipIf(!available)('sync security', () => {
  it('refuses a payload with one byte flipped', async () => {
    const { o, file, before } = await scenario();
    const bytes = fs.readFileSync(file);
    bytes[HEADER_BYTES + 40]! ^= 0x01;
    fs.writeFileSync(file, bytes);
    expectRefused(() => importInto(o.province, file), /mã băm/, /payload hash mismatch/);
    expect(dataSnapshot(o.province.engine)).toBe(before);
    expect(refusals(o)).toEqual([{ code: 'hash-mismatch' }]);
  });

  it('refuses a manifest with one byte changed (the signature no longer matches)', async () => {
    const { o, file, before } = await scenario();
    const text = fs.readFileSync(file);
    const at = text.indexOf('"total":');
    text[at + 8] = text[at + 8] === 0x39 ? 0x38 : text[at + 8]! + 1;
    fs.writeFileSync(file, text);
    expectRefused(() => importInto(o.province, file), /chữ ký không hợp lệ/, /invalid signature/);
    expect(dataSnapshot(o.province.engine)).toBe(before);
  });

  it('refuses a bundle signed with a key other than the one registered for the district', async () => {
    const { o, before } = await scenario();
    // An impostor database claiming to be Vĩnh Lợi, with its own key.
    const impostorDir = path.join(o.dir, 'impostor');
    fs.mkdirSync(impostorDir);
    const impostor = openOffice(impostorDir, 'district', '958', false);
    const file = path.join(o.dir, 'fake.sabanbundle');
    craftBundle(impostor, file, []);
    try {
      expectRefused(() => importInto(o.province, file), /không phải khóa đã đăng ký/, /not the registered key of 958/);
    } finally {
      impostor.engine.close();
    }
    expect(dataSnapshot(o.province.engine)).toBe(before);
  });

  it('refuses an unknown district until its fingerprint is confirmed, then trusts it', async () => {
    const { o } = await scenario();
    const stranger = openOffice(o.dir, 'district', '957');
    call(stranger.engine, 'risk.set', { codes: [communesOf(stranger)[0]], level: 2, reason: 'x' });
    const file = await exportNext(stranger, path.join(o.dir, 'out'));
    const fp = call(stranger.engine, 'sync.identity', {}).fingerprintDisplay;
    stranger.engine.close();
    const before = dataSnapshot(o.province.engine);
    expect(() => importInto(o.province, file)).toThrow(new RegExp(`chưa đăng ký khóa.*${fp}`));
    expect(dataSnapshot(o.province.engine)).toBe(before);
    expect(() => importInto(o.province, file, 'AAAA')).toThrow(/chưa đăng ký khóa/);
    expect(importInto(o.province, file, fp).status).toBe('applied');
    expect(call(o.province.engine, 'sync.status', {}).peers.find((p) => p.office === '957')).toMatchObject({
      trustedHow: 'first-bundle',
      fingerprintDisplay: fp,
    });
  });

  it('refuses a bundle from a newer schema, asking to update', async () => {
    const { o, d, before } = await scenario();
    const file = path.join(o.dir, 'newer.sabanbundle');
    craftBundle(d, file, [], { schemaVersion: SCHEMA_VERSION + 10 });
    expectRefused(() => importInto(o.province, file), new RegExp(`phiên bản ${SCHEMA_VERSION + 10}`), /update Sa Bàn/);
    expect(dataSnapshot(o.province.engine)).toBe(before);
  });

  it('refuses a truncated file', async () => {
    const { o, file, before } = await scenario();
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    expectRefused(() => importInto(o.province, file), /cắt cụt/, /truncated/);
    fs.writeFileSync(file, bytes.subarray(0, 100));
    expectRefused(() => importInto(o.province, file), /cắt cụt/, /truncated/);
    expect(dataSnapshot(o.province.engine)).toBe(before);
  });

  it('refuses an archive with an entry named ../../x, and never writes outside', async () => {
    const { o, d, before } = await scenario();
    // A zip whose only entry is ../../x (local file header, stored, 1 byte).
    const name = Buffer.from('../../x');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt32LE(1, 18);
    header.writeUInt32LE(1, 22);
    header.writeUInt16LE(name.length, 26);
    const zip = path.join(o.dir, 'sub', 'dir', 'evil.sabanbundle');
    fs.mkdirSync(path.dirname(zip), { recursive: true });
    fs.writeFileSync(zip, Buffer.concat([header, name, Buffer.from('x')]));
    expectRefused(() => importInto(o.province, zip), /không phải gói đồng bộ/, /not a Sa Bàn sync bundle/);
    // The same name inside a properly signed bundle, as an entity and as an id: refused too.
    const signed = path.join(o.dir, 'sub', 'dir', 'evil2.sabanbundle');
    const hlc = `2021-11-24T05:00:00.000Z-0000-${d.engine.nodeId}`;
    craftBundle(d, signed, [`["${hlc}","../../x","x",{"a":1}]`], { counts: { '../../x': 1 } });
    expect(() => importInto(o.province, signed)).toThrow(/không hợp lệ \(entity \.\.\/\.\.\/x\)/);
    expect(fs.existsSync(path.join(o.dir, 'x'))).toBe(false);
    expect(fs.existsSync(path.join(o.dir, 'sub', 'x'))).toBe(false);
    expect(dataSnapshot(o.province.engine)).toBe(before);
  });

  it('refuses declared counts that lie, rolling back everything', async () => {
    const { o, d, before } = await scenario();
    const commune = communesOf(d)[0]!;
    const lines = [0, 1].map(
      (i) =>
        `["2021-11-24T05:00:00.000Z-000${i}-${d.engine.nodeId}","riskFigures","f${i}",${JSON.stringify({
          id: `f${i}`,
          unit_code: commune,
          as_of: '2021-11-24',
          population: 1000,
          new_cases_7d: i,
          vaccine_pct: null,
          capacity_ok: null,
          deleted: 0,
        })}]`,
    );
    const lieTotal = path.join(o.dir, 'lie1.sabanbundle');
    craftBundle(d, lieTotal, lines, { total: 3, counts: { riskFigures: 3 } });
    expectRefused(() => importInto(o.province, lieTotal), /ghi 3 thay đổi nhưng gói có 2/, /declares 3 changes/);
    const lieEntity = path.join(o.dir, 'lie2.sabanbundle');
    craftBundle(d, lieEntity, lines, { counts: { assessment: 2 } });
    expectRefused(
      () => importInto(o.province, lieEntity),
      /ghi 2 thay đổi assessment nhưng gói có 0/,
      /declares 2 assessment changes but the bundle holds 0/,
    );
    expect(dataSnapshot(o.province.engine)).toBe(before);
    // The honest version of the same bundle applies.
    const honest = path.join(o.dir, 'honest.sabanbundle');
    craftBundle(d, honest, lines, { counts: { riskFigures: 2 } });
    expect(importInto(o.province, honest).applied[0]).toMatchObject({ changes: 2, applied: 2 });
  });

  it('refuses a file that is not a bundle at all', async () => {
    const { o, before } = await scenario();
    const file = path.join(o.dir, 'notes.sabanbundle');
    fs.writeFileSync(file, 'hello');
    expect(() => importInto(o.province, file)).toThrow(/không phải gói đồng bộ/);
    expect(dataSnapshot(o.province.engine)).toBe(before);
  });
});
