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
const PAGE = 4000;

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

/** seq, hlc, entity, entity_id, data. */
type ChangeRow = [number, string, string, string, string];

/**
 * The value of top-level `key` in `json`, a change's data (an object of scalars), as
 * `json_extract` would give it: null when absent. Text without any backslash is read without
 * parsing: every quote in it is then a string delimiter, so `"key":` can only be that key (the
 * last one wins, as in JSON.parse), and a string value ends at the next quote. Anything else
 * (escapes, whitespace, a number) is parsed properly.
 */
export function stringField(json: string, key: string): unknown {
  if (!json.includes('\\')) {
    const pattern = `"${key}":`;
    const at = json.lastIndexOf(pattern);
    if (at < 0 && !json.includes(`"${key}"`)) return null;
    const start = at + pattern.length;
    if (at >= 0 && json.charCodeAt(start) === 0x22) {
      const end = json.indexOf('"', start + 1);
      if (end > start) return json.slice(start + 1, end);
    }
  }
  const value = (JSON.parse(json) as Record<string, unknown>)[key];
  return value === undefined ? null : value;
}

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
  // Only the log's own columns: the unit a change belongs to is read from its JSON text in JS
  // (see stringField), which costs far less than SQLite's json_extract on every row.
  const page = db
    .prepare(
      'SELECT seq, hlc, entity, entity_id, data FROM changes WHERE seq > ? AND seq <= ? AND node_id = ? ORDER BY seq LIMIT ?',
    )
    .raw();
  // Per entity: its definition and its name as a JSON string, for the line prefix.
  const known = new Map<string, { def: EntityDef; quoted: string }>();
  for (const name of Object.keys(ENTITIES)) {
    if (isEntity(name)) known.set(name, { def: defOf(name), quoted: JSON.stringify(name) });
  }
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
      for (const [seqOf, hlc, entity, entityId, dataText] of raw) {
        const ent = known.get(entity);
        if (ent === undefined) continue;
        const def = ent.def;
        const data: Record<string, unknown> = {};
        if (def.unitColumn !== undefined && def.unitColumn !== def.key) {
          const unit = stringField(dataText, def.unitColumn);
          if (unit !== null) data[def.unitColumn] = unit;
        }
        if (entity === 'unit') {
          const parent = stringField(dataText, 'parent_code');
          if (parent !== null) data['parent_code'] = parent;
        }
        if (scope.verdict(entity as Entity, entityId, data) !== null) continue;
        // The writer issues this node's clocks in log order; anything else would break the
        // receiver's ordering rule, so it is a bug worth stopping for.
        if (hlcMax !== null && hlc <= hlcMax) {
          throw new EngineError('internal', `change log out of clock order at seq ${seqOf}`);
        }
        hlcMin ??= hlc;
        hlcMax = hlc;
        // `data` is already JSON written by the writer: embed it as is.
        writer.add(`[${JSON.stringify(hlc)},${ent.quoted},${JSON.stringify(entityId)},${dataText}]`);
        counts[entity] = (counts[entity] ?? 0) + 1;
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
