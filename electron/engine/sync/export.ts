import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  bundleFileName,
  type Manifest,
  PAYLOAD_ENCODING,
} from '../../../shared/bundle-format';
import { EngineError } from '../../../shared/result';
import { SCHEMA_VERSION } from '../migrations/index';
import { hashCanonical, requireOffice, signCanonical } from './keys';
import { BundleFileWriter } from './container';
import { ENTITIES, type Entity, type EntityDef } from '../entities';
import { defOf, isEntity, Scope } from './scope';

/** Rows read per query: export pages through the log so the database is never held busy. */
const PAGE = 20000;

/** What an export produced. */
export interface ExportResult {
  readonly file: string;
  readonly manifest: Manifest;
  readonly hash: string;
}

/** Progress of a long export or import: done and total changes. */
export type Progress = (done: number, total: number) => void;

/** Options of {@link exportBundle}. */
export interface ExportOptions {
  readonly outDir: string;
  /** Every change of this office, superseding any missing bundle at the receiver. */
  readonly full?: boolean;
  readonly nodeId: string;
  readonly appVersion: string;
  readonly now?: () => number;
  readonly onProgress?: Progress;
  /** Yields to the event loop between pages (the UI polls progress meanwhile). */
  readonly yieldBetweenPages?: boolean;
}

/** seq, hlc, entity, entity_id, data, unit (from data), parent_code (units only). */
type ChangeRow = [number, string, string, string, string, string | null, string | null];

/**
 * Exports this office's own changes since its previous bundle (or all of them with `full`) as the
 * next bundle of its chain. Returns null when nothing new would travel. Streams page by page
 * into {@link BundleFileWriter}: memory stays flat whatever the size.
 */
export async function exportBundle(db: Database.Database, options: ExportOptions): Promise<ExportResult | null> {
  const me = requireOffice(db);
  const now = options.now ?? Date.now;
  const last = db.prepare('SELECT seq, until_seq, hash FROM sync_sent ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; until_seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const sinceSeq = options.full ? 0 : (last?.until_seq ?? 0);
  const untilSeq = (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM changes').get() as { n: number }).n;
  const total = (
    db
      .prepare('SELECT count(*) AS n FROM changes WHERE seq > ? AND seq <= ? AND node_id = ?')
      .get(sinceSeq, untilSeq, options.nodeId) as { n: number }
  ).n;
  if (total === 0) return null;

  const scope = new Scope(db, me.role, me.office);
  // The unit a change belongs to is read by SQLite from the change's JSON (no parse in JS).
  const unitCases = Object.entries(ENTITIES)
    .map(([name, def]: [string, EntityDef]) => [name, def.unitColumn] as const)
    .filter(([name, col]) => col !== undefined && col !== defOf(name as Entity).key)
    .map(([name, col]) => `WHEN '${name}' THEN json_extract(data, '$.${col}')`);
  const page = db
    .prepare(
      `SELECT seq, hlc, entity, entity_id, data,
         ${unitCases.length ? `CASE entity ${unitCases.join(' ')} END` : 'NULL'} AS unit,
         CASE entity WHEN 'unit' THEN json_extract(data, '$.parent_code') END AS parent
       FROM changes WHERE seq > ? AND seq <= ? AND node_id = ? ORDER BY seq LIMIT ?`,
    )
    .raw();
  const file = path.join(path.resolve(options.outDir), bundleFileName(me.office, seq));
  const writer = new BundleFileWriter(file);
  const counts: Record<string, number> = {};
  let written = 0;
  let read = 0;
  let hlcMin: string | null = null;
  let hlcMax: string | null = null;
  try {
    let after = sinceSeq;
    for (;;) {
      const raw = page.all(after, untilSeq, options.nodeId, PAGE) as ChangeRow[];
      if (raw.length === 0) break;
      for (const [seqOf, hlc, entity, entityId, dataText, unit, parent] of raw) {
        const r = { seq: seqOf, hlc, entity, entity_id: entityId, data: dataText };
        if (!isEntity(r.entity)) continue;
        const def = defOf(r.entity);
        const data: Record<string, unknown> = {};
        if (def.unitColumn !== undefined && unit !== null) data[def.unitColumn] = unit;
        if (parent !== null) data['parent_code'] = parent;
        if (scope.verdict(r.entity, r.entity_id, data) !== null) continue;
        // The writer issues this node's clocks in log order; anything else would break the
        // receiver's ordering rule, so it is a bug worth stopping for.
        if (hlcMax !== null && r.hlc <= hlcMax) {
          throw new EngineError('internal', `change log out of clock order at seq ${r.seq}`);
        }
        hlcMin ??= r.hlc;
        hlcMax = r.hlc;
        // `data` is already JSON written by the writer: embed it as is.
        writer.add(`[${JSON.stringify(r.hlc)},${JSON.stringify(r.entity)},${JSON.stringify(r.entity_id)},${r.data}]`);
        counts[r.entity] = (counts[r.entity] ?? 0) + 1;
        written += 1;
      }
      read += raw.length;
      after = raw[raw.length - 1]![0];
      options.onProgress?.(read, total);
      if (options.yieldBetweenPages) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (written === 0) {
      writer.abort();
      return null;
    }
    const sha256 = writer.endPayload();
    const manifest: Manifest = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      kind: options.full ? 'full' : 'incremental',
      origin: me.role,
      office: me.office,
      nodeId: options.nodeId,
      publicKey: me.publicKey,
      keyFingerprint: me.fingerprint,
      schemaVersion: SCHEMA_VERSION,
      appVersion: options.appVersion,
      seq,
      prevHash: last?.hash ?? null,
      sinceSeq,
      untilSeq,
      hlcMin,
      hlcMax,
      counts,
      total: written,
      payload: { encoding: PAYLOAD_ENCODING, bytes: writer.bytes, frames: writer.frames, sha256 },
      createdAt: new Date(now()).toISOString(),
    };
    writer.finish({ manifest, signature: signCanonical(me, manifest) });
    const hash = hashCanonical(manifest);
    db.prepare(
      `INSERT INTO sync_sent (seq, kind, since_seq, until_seq, change_count, hash, file, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(seq) DO UPDATE SET kind = excluded.kind, since_seq = excluded.since_seq,
         until_seq = excluded.until_seq, change_count = excluded.change_count, hash = excluded.hash,
         file = excluded.file, created_at = excluded.created_at, acked_at = NULL`,
    ).run(seq, manifest.kind, sinceSeq, untilSeq, written, hash, file, manifest.createdAt);
    return { file, manifest, hash };
  } catch (err) {
    writer.abort();
    throw err;
  }
}
