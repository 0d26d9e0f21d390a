import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  bundleFileName,
  type Manifest,
  PAYLOAD_ENCODING,
} from '../../../shared/bundle-format';
import { EngineError, type LocalText, msg } from '../../../shared/result';
import { SCHEMA_VERSION } from '../migrations/index';
import { hashCanonical, requireOffice, signCanonical } from './keys';
import { BundleFileWriter } from './container';
import { ENTITIES, type Entity, type EntityDef } from '../entities';
import { defOf, isEntity, Scope, type ScopeVerdict } from './scope';

/** Rows read per query: export pages through the log so the database is never held busy. */
const PAGE = 4000;

/** What an export produced. */
export interface ExportResult {
  readonly file: string;
  readonly manifest: Manifest;
  readonly hash: string;
}

/**
 * This office's own changes an export left out, by why (a district's changes to province-owned
 * records, or to units outside its district). Operator preferences (`local`) are not counted:
 * they never travel, by design.
 */
export type SkippedCounts = Partial<Record<Exclude<ScopeVerdict, null | 'local'>, number>>;

/** One line on what an export left out, in both languages, or null when it left nothing out. */
export function skippedMessage(skipped: SkippedCounts): LocalText | null {
  const owned = skipped['province-owned'] ?? 0;
  const outside = (skipped['out-of-scope'] ?? 0) + (skipped['district-owned'] ?? 0);
  if (owned + outside === 0) return null;
  const vi = [owned ? `${owned} thuộc tỉnh quản lý` : '', outside ? `${outside} ngoài phạm vi đơn vị` : '']
    .filter(Boolean)
    .join(', ');
  const en = [owned ? `${owned} province-owned` : '', outside ? `${outside} outside this office's units` : '']
    .filter(Boolean)
    .join(', ');
  return msg(
    'Không gửi {n} thay đổi ({vi}); chúng chỉ lưu ở máy này',
    '{n} change(s) not sent ({en}); they stay on this computer only',
    { n: owned + outside, vi, en },
  );
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
  /** Told, at the end, which of this office's changes were left out (see {@link SkippedCounts}). */
  readonly onSkipped?: (skipped: SkippedCounts) => void;
}

/** seq, entity, the line as it travels. */
type ChangeRow = [number, string, string];

/** Length of a clock: ISO time (24), `-`, 4 hex counter, `-`, 16 hex node id. */
const HLC_LENGTH = 46;

/**
 * The value of top-level `key` in the data object of a bundle line `[hlc, entity, id, data]`, as
 * `JSON.parse` would give it: null when absent. A line without any backslash is read without
 * parsing: every quote in it is then a string delimiter, so `"key":` can only be a key, and the
 * data object, which comes last, holds the only one unless a key repeats (then the line is parsed,
 * and the last wins as in JSON.parse); a string value ends at the next quote. Anything else
 * (escapes, whitespace, a number) is parsed properly.
 */
export function lineDataField(line: string, key: string): unknown {
  if (!line.includes('\\')) {
    const pattern = `"${key}":`;
    // Searched forwards (the unit comes early in the writer's rows).
    const at = line.indexOf(pattern);
    if (at < 0) {
      if (!line.includes(`"${key}"`)) return null;
    } else {
      const start = at + pattern.length;
      if (line.charCodeAt(start) === 0x22 && line.indexOf(pattern, start) < 0) {
        const end = line.indexOf('"', start + 1);
        if (end > start) return line.slice(start + 1, end);
      }
    }
  }
  const value = (JSON.parse(line) as [unknown, unknown, unknown, Record<string, unknown>])[3][key];
  return value === undefined ? null : value;
}

/** The record id of a bundle line (read when a scope verdict needs it, not for every line). */
function idOf(line: string): string {
  return (JSON.parse(line) as [string, string, string, unknown])[2];
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
  // Is there anything of ours to send? (Counting it all would scan the whole range once more.)
  const any = db
    .prepare('SELECT 1 FROM changes WHERE seq > ? AND seq <= ? AND node_id = ? LIMIT 1')
    .get(sinceSeq, untilSeq, options.nodeId);
  if (any === undefined) {
    options.onSkipped?.({});
    return null;
  }
  // Progress runs over the log range read, whoever wrote the rows in it.
  const span = untilSeq - sinceSeq;

  const scope = new Scope(db, me.role, me.office);
  // SQLite builds each line as it travels: `data` is already JSON written by the writer, the clock
  // and the entity name need no escaping, the id is quoted by json_quote. The unit a change
  // belongs to is read from the line's text in JS (see lineDataField), far cheaper than json_extract.
  const page = db
    .prepare(
      `SELECT seq, entity, '["' || hlc || '","' || entity || '",' || json_quote(entity_id) || ',' || data || ']'
       FROM changes WHERE seq > ? AND seq <= ? AND node_id = ? ORDER BY seq LIMIT ?`,
    )
    .raw();
  const known = new Map<string, EntityDef>();
  for (const name of Object.keys(ENTITIES)) if (isEntity(name)) known.set(name, defOf(name));
  const file = path.join(path.resolve(options.outDir), bundleFileName(me.office, seq));
  // Frames compress in the thread pool while the next pages are read.
  const writer = new BundleFileWriter(file, true);
  const counts: Record<string, number> = {};
  let written = 0;
  /** Scope verdicts by entity, then unit; and the previous row's entity with its lookups. */
  const allowed = new Map<string, Map<string, ScopeVerdict>>();
  const skipped: SkippedCounts = {};
  const skip = (verdict: Exclude<ScopeVerdict, null>): void => {
    if (verdict !== 'local') skipped[verdict] = (skipped[verdict] ?? 0) + 1;
  };
  let lastEntity: string | null = null;
  let lastDef: EntityDef | undefined;
  let lastAllowed: Map<string, ScopeVerdict> | undefined;
  let hlcMin: string | null = null;
  let hlcMax: string | null = null;
  try {
    let after = sinceSeq;
    for (;;) {
      const raw = page.all(after, untilSeq, options.nodeId, PAGE) as ChangeRow[];
      if (raw.length === 0) break;
      for (let i = 0; i < raw.length; i++) {
        const row = raw[i]!;
        const entity = row[1];
        const line = row[2];
        if (entity !== lastEntity) {
          lastEntity = entity;
          lastDef = known.get(entity);
          lastAllowed = allowed.get(entity);
          if (lastAllowed === undefined) allowed.set(entity, (lastAllowed = new Map<string, ScopeVerdict>()));
        }
        const def = lastDef;
        if (def === undefined) continue;
        const col = def.unitColumn;
        if (col !== undefined && col !== def.key && def.localIds === undefined) {
          // Then the verdict depends on the entity and the unit alone: decided once per pair.
          const unit = lineDataField(line, col);
          if (typeof unit === 'string') {
            let verdict = lastAllowed!.get(unit);
            if (verdict === undefined) {
              verdict = scope.verdict(entity as Entity, idOf(line), { [col]: unit });
              lastAllowed!.set(unit, verdict);
            }
            if (verdict !== null) {
              skip(verdict);
              continue;
            }
          } else {
            const verdict = scope.verdict(entity as Entity, idOf(line), {});
            if (verdict !== null) {
              skip(verdict);
              continue;
            }
          }
        } else {
          const data: Record<string, unknown> = {};
          if (col !== undefined && col !== def.key) {
            const unit = lineDataField(line, col);
            if (unit !== null) data[col] = unit;
          }
          if (entity === 'unit') {
            const parent = lineDataField(line, 'parent_code');
            if (parent !== null) data['parent_code'] = parent;
          }
          const verdict = scope.verdict(entity as Entity, idOf(line), data);
          if (verdict !== null) {
            skip(verdict);
            continue;
          }
        }
        const hlc = line.slice(2, 2 + HLC_LENGTH);
        // The writer issues this node's clocks in log order; anything else would break the
        // receiver's ordering rule, so it is a bug worth stopping for.
        if (line.charCodeAt(2 + HLC_LENGTH) !== 0x22 || (hlcMax !== null && hlc <= hlcMax)) {
          throw new EngineError(
            'internal',
            msg('Nhật ký thay đổi sai thứ tự đồng hồ ở số {seq}', 'change log out of clock order at seq {seq}', {
              seq: row[0],
            }),
          );
        }
        hlcMin ??= hlc;
        hlcMax = hlc;
        writer.add(line);
        if (writer.frameFull) await writer.flushInBackground();
        counts[entity] = (counts[entity] ?? 0) + 1;
        written += 1;
      }
      after = raw[raw.length - 1]![0];
      options.onProgress?.(after - sinceSeq, span);
      if (options.yieldBetweenPages) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    options.onSkipped?.(skipped);
    if (written === 0) {
      writer.abort();
      return null;
    }
    const sha256 = await writer.endPayloadAsync();
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
