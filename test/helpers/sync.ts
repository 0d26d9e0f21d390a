/** Shared set-up for the sync tests: real Bạc Liêu offices, key exchange, bundle crafting. */
import fs from 'node:fs';
import path from 'node:path';
import { type Manifest, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, PAYLOAD_ENCODING } from '../../shared/bundle-format';
import { call } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import { ENTITIES } from '../../electron/engine/entities';
import { SCHEMA_VERSION } from '../../electron/engine/migrations/index';
import { BundleFileWriter } from '../../electron/engine/sync/container';
import { exportFor, importFor } from '../../electron/engine/sync/service';
import type { ImportOutcome } from '../../electron/engine/sync/import';
import { ensureIdentity, signCanonical } from '../../electron/engine/sync/keys';
import { expect } from 'vitest';
import { EngineError } from '../../shared/result';
import { tempDir } from './engine';
import { sharedFile } from './shared-data';

/** Bạc Liêu (95) and three of its districts: Vĩnh Lợi, Đông Hải, Thành phố Bạc Liêu. */
export const PROVINCE = '95';
export const DISTRICTS = ['958', '960', '954'] as const;

let boundaries: string | null = null;
function bacLieu(): string {
  boundaries ??= fs.readFileSync(sharedFile('boundaries', 'communes_95_bac-lieu.geojson'), 'utf8');
  return boundaries;
}

/** An office: its engine and database file. */
export interface Office {
  readonly engine: Engine;
  readonly file: string;
  readonly code: string;
}

/** A database for an office, with the real Bạc Liêu communes imported. */
export function openOffice(
  dir: string,
  role: 'district' | 'province',
  code: string,
  withUnits = true,
  now?: () => number,
): Office {
  const file = path.join(dir, `${role}-${code}.sqlite`);
  const engine = Engine.open(file, now ? { now } : {});
  call(engine, 'sync.setOffice', { role, office: code });
  if (withUnits) call(engine, 'import.boundaries', { fileName: 'communes_95_bac-lieu.geojson', text: bacLieu() });
  return { engine, file, code };
}

/** Registers each side's key with the other (as `saban key` + `saban trust` would). */
export function exchangeKeys(province: Office, district: Office): void {
  for (const [from, to] of [
    [district, province],
    [province, district],
  ] as const) {
    const key = call(from.engine, 'sync.keyFile', {});
    call(to.engine, 'sync.trust', { fileName: key.fileName, text: key.text });
  }
}

/** A province and three districts, keys exchanged. */
export function setUpOffices(): { dir: string; province: Office; districts: Office[]; close: () => void } {
  const dir = tempDir('saban-sync-');
  const province = openOffice(dir, 'province', PROVINCE);
  const districts = DISTRICTS.map((d) => openOffice(dir, 'district', d));
  for (const d of districts) exchangeKeys(province, d);
  return {
    dir,
    province,
    districts,
    close: () => {
      province.engine.close();
      for (const d of districts) d.engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The communes of a district, by code. */
export function communesOf(office: Office): string[] {
  return (
    office.engine.db
      .prepare("SELECT code FROM units WHERE parent_code = ? AND level = 'commune' ORDER BY code")
      .all(office.code) as {
      code: string;
    }[]
  ).map((r) => r.code);
}

/**
 * The province and district 958 (real communes, keys exchanged) on clocks the test moves by hand.
 * `register` receives the function that closes both.
 */
export function clockedOffices(register: (close: () => void) => void) {
  const dir = tempDir('saban-sync-clock-');
  let pNow = Date.parse('2021-11-24T01:00:00Z');
  let dNow = Date.parse('2021-11-24T01:00:00Z');
  const province = openOffice(dir, 'province', PROVINCE, true, () => pNow);
  const district = openOffice(dir, 'district', '958', true, () => dNow);
  exchangeKeys(province, district);
  register(() => {
    province.engine.close();
    district.engine.close();
  });
  return {
    dir,
    province,
    district,
    setProvince: (iso: string) => (pNow = Date.parse(iso)),
    setDistrict: (iso: string) => (dNow = Date.parse(iso)),
  };
}

/** Exports the next bundle of an office into `dir`; fails if there was nothing to export. */
export async function exportNext(office: Office, dir: string, full = false): Promise<string> {
  const r = await exportFor(office.engine, { outDir: dir, full });
  if (!r) throw new Error(`nothing to export from ${office.code}`);
  return r.file;
}

/** Imports a bundle file. */
export function importInto(office: Office, file: string, acceptKey?: string): ImportOutcome {
  return importFor(office.engine, file, acceptKey ? { acceptKey } : {});
}

/** The synced data (every entity table) plus the change log and audit: "nothing changed" checks. */
export function dataSnapshot(engine: Engine): string {
  const tables = [
    ...Object.values(ENTITIES).map((e) => e.table),
    'changes',
    'audit',
    'sync_received',
    'sync_peers',
    'sync_conflicts',
  ];
  return JSON.stringify(tables.map((t) => engine.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
}

/**
 * The merged state only (every entity's columns), to compare provinces fed in different orders.
 * `origin_hlc` is left out: which of two creating changes arrived first is bookkeeping, not state.
 */
export function entityState(engine: Engine): string {
  return JSON.stringify(
    Object.values(ENTITIES).map((e) =>
      engine.db.prepare(`SELECT ${e.columns.join(', ')} FROM ${e.table} ORDER BY 1`).all(),
    ),
  );
}

/**
 * Writes a bundle with arbitrary lines and manifest fields, signed with the office's real key —
 * the way a buggy or malicious sender would, to test the checks behind the signature.
 */
export function craftBundle(
  office: Office,
  file: string,
  lines: readonly string[],
  patch: Partial<Manifest> = {},
): void {
  const me = ensureIdentity(office.engine.db);
  const w = new BundleFileWriter(file);
  for (const l of lines) w.add(l);
  const sha256 = w.endPayload();
  const hlcs = lines.map((l) => {
    try {
      return String((JSON.parse(l) as unknown[])[0]);
    } catch {
      return null;
    }
  });
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    kind: 'incremental',
    origin: me.role!,
    office: me.office!,
    nodeId: office.engine.nodeId,
    publicKey: me.publicKey,
    keyFingerprint: me.fingerprint,
    schemaVersion: SCHEMA_VERSION,
    appVersion: 'test',
    seq: 1,
    prevHash: null,
    sinceSeq: 0,
    untilSeq: lines.length,
    hlcMin: hlcs[0] ?? null,
    hlcMax: hlcs[hlcs.length - 1] ?? null,
    counts: {},
    total: lines.length,
    payload: { encoding: PAYLOAD_ENCODING, bytes: w.bytes, frames: w.frames, sha256 },
    createdAt: new Date().toISOString(),
    ...patch,
  };
  w.finish({ manifest, signature: signCanonical(me, manifest) });
}

/**
 * Runs `fn`, which must throw an engine error, and checks its text in each language: errors carry
 * both, and a door shows one (`vi` is also the error's message).
 */
export function expectRefused(fn: () => unknown, vi: RegExp, en: RegExp): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  if (!(caught instanceof EngineError)) throw new Error(`expected an engine error, got ${String(caught)}`);
  expect(caught.text.vi).toMatch(vi);
  expect(caught.message).toBe(caught.text.vi);
  expect(caught.text.en).toMatch(en);
}
