import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  formatFingerprint,
  gapBetween,
  HEADER_BYTES,
  type Manifest,
  manifestSchema,
  missingMessage,
} from '../../../shared/bundle-format';
import { type HlcState, MAX_DRIFT_MS, parseHlc, receive } from '../../../shared/hlc';
import type { Entity, EntityDef, Row } from '../entities';
import { SCHEMA_VERSION } from '../migrations/index';
import { backupDatabase, syncDir } from './backup';
import { BundleRefusal, closeBundle, inflateFrame, type OpenedBundle, openBundle, readFrames } from './container';
import type { Progress } from './export';
import { fingerprintOf, getPeer, hashCanonical, type Peer, requireOffice, trustKey, verifyCanonical } from './keys';
import { defOf, isEntity, Scope } from './scope';

/** What happened to one applied bundle. */
export interface AppliedBundle {
  readonly seq: number;
  readonly changes: number;
  /** Records written (new or with at least one winning field). */
  readonly applied: number;
  /** Changes already present (received before, or through another path). */
  readonly duplicates: number;
  /** Changes whose every field was older than what the receiver holds (kept in the log and conflicts). */
  readonly superseded: number;
  readonly refused: number;
  readonly conflicts: number;
}

/** The outcome of importing one bundle file. */
export interface ImportOutcome {
  readonly status: 'applied' | 'already-applied' | 'held';
  readonly office: string;
  readonly seq: number;
  readonly kind: Manifest['kind'];
  /** Bilingual, names the bundle and what happened. */
  readonly message: string;
  /** This bundle and any held-back ones applied after it, in order. */
  readonly applied: readonly AppliedBundle[];
  /** Numbers still missing from this sender. */
  readonly missing: readonly number[];
  readonly backup: string | null;
}

/** Options of {@link importBundle}. */
export interface ImportOptions {
  readonly dbPath: string;
  readonly clock: HlcState;
  readonly now?: () => number;
  /** The sender's key fingerprint the operator confirmed, to trust an unknown sender on its first bundle. */
  readonly acceptKey?: string;
  readonly onProgress?: Progress;
  /** Skip the pre-import backup (the benchmark measures it separately). */
  readonly noBackup?: boolean;
}

interface Verified {
  readonly opened: OpenedBundle;
  readonly manifest: Manifest;
  readonly hash: string;
  /** Set when the sender is unknown and the operator confirmed its fingerprint. */
  readonly trustOnApply: boolean;
}

const HLC_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$/;

/** Refuses unless `cond`. */
function check(cond: boolean, reason: string, message: string, code?: 'unauthorized' | 'conflict'): asserts cond {
  if (!cond) throw new BundleRefusal(reason, message, code);
}

/**
 * Checks everything about a bundle that can be checked without touching the data: format and
 * schema versions, the signature, the sender's key, size and payload hash, clock. Nothing is
 * written here.
 */
function verify(db: Database.Database, file: string, options: ImportOptions): Verified {
  const name = path.basename(file);
  const me = requireOffice(db);
  const opened = openBundle(file);
  try {
    const raw = opened.header.manifest as Record<string, unknown>;
    check(
      raw['format'] === BUNDLE_FORMAT,
      'not-a-bundle',
      `${name}: không phải gói đồng bộ Sa Bàn / not a Sa Bàn sync bundle`,
    );
    const fv = raw['formatVersion'];
    check(
      !(typeof fv === 'number' && fv > BUNDLE_FORMAT_VERSION),
      'format-too-new',
      `${name}: gói định dạng ${String(fv)}, ứng dụng chỉ đọc đến ${BUNDLE_FORMAT_VERSION}; hãy cập nhật Sa Bàn / bundle format ${String(fv)} is newer than this app reads (${BUNDLE_FORMAT_VERSION}); update Sa Bàn`,
    );
    const sv = raw['schemaVersion'];
    check(
      !(typeof sv === 'number' && sv > SCHEMA_VERSION),
      'schema-too-new',
      `${name}: gói từ cơ sở dữ liệu phiên bản ${String(sv)}, ứng dụng này chỉ hiểu đến ${SCHEMA_VERSION}; hãy cập nhật Sa Bàn rồi nhập lại / bundle from schema ${String(sv)}, newer than this app understands (${SCHEMA_VERSION}); update Sa Bàn and import again`,
    );
    const parsed = manifestSchema.safeParse(raw);
    check(
      parsed.success,
      'bad-header',
      `${name}: bản kê khai không hợp lệ / invalid manifest: ${parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    const m = parsed.data;
    check(
      fingerprintOf(m.publicKey) === m.keyFingerprint,
      'bad-header',
      `${name}: dấu vân tay không khớp khóa / key fingerprint does not match the key`,
    );
    check(
      verifyCanonical(m.publicKey, m, opened.header.signature),
      'bad-signature',
      `${name}: chữ ký không hợp lệ — gói đã bị sửa hoặc hỏng / invalid signature: the bundle was altered or damaged`,
      'unauthorized',
    );
    const expectOrigin = me.role === 'province' ? 'district' : 'province';
    check(
      m.origin === expectOrigin,
      'wrong-direction',
      `${name}: gói của ${m.origin} ${m.office} không nhập vào ${me.role} được / a ${m.origin} bundle cannot be imported by a ${me.role}`,
      'unauthorized',
    );
    const peer: Peer | undefined = getPeer(db, m.office);
    let trustOnApply = false;
    if (!peer) {
      const confirmed = options.acceptKey?.replace(/\s/g, '').toLowerCase();
      check(
        confirmed === m.keyFingerprint,
        'untrusted-key',
        `${name}: chưa đăng ký khóa của ${m.origin === 'district' ? 'huyện' : 'tỉnh'} ${m.office}; dấu vân tay ${formatFingerprint(m.keyFingerprint)}. Hãy gọi điện xác nhận dấu vân tay với đơn vị gửi, rồi nhập tệp khóa (saban trust) hoặc xác nhận dấu vân tay khi nhập / ` +
          `the key of ${m.origin} ${m.office} is not registered; fingerprint ${formatFingerprint(m.keyFingerprint)}. Confirm it with the sender by phone, then register its key file (saban trust) or confirm the fingerprint on import (--accept-key)`,
        'unauthorized',
      );
      trustOnApply = true;
    } else {
      check(
        peer.fingerprint === m.keyFingerprint,
        'wrong-key',
        `${name}: gói ký bằng khóa ${formatFingerprint(m.keyFingerprint)}, không phải khóa đã đăng ký của ${m.office} (${formatFingerprint(peer.fingerprint)}) / signed with key ${formatFingerprint(m.keyFingerprint)}, not the registered key of ${m.office} (${formatFingerprint(peer.fingerprint)})`,
        'unauthorized',
      );
    }
    const payloadBytes = opened.size - HEADER_BYTES;
    check(
      payloadBytes >= m.payload.bytes,
      'truncated',
      `${name}: tệp bị cắt cụt (${payloadBytes} / ${m.payload.bytes} byte dữ liệu) / file truncated (${payloadBytes} of ${m.payload.bytes} payload bytes)`,
    );
    check(
      payloadBytes === m.payload.bytes,
      'bad-payload',
      `${name}: có dữ liệu thừa sau gói (${payloadBytes - m.payload.bytes} byte) / unexpected data after the payload (${payloadBytes - m.payload.bytes} bytes)`,
    );
    const { sha256, frames } = readFrames(opened);
    check(
      sha256 === m.payload.sha256 && frames === m.payload.frames,
      'hash-mismatch',
      `${name}: mã băm dữ liệu không khớp — tệp đã bị sửa hoặc hỏng khi truyền / payload hash mismatch: the file was altered or damaged in transit`,
    );
    check(
      m.sinceSeq <= m.untilSeq && (m.kind === 'incremental' || m.sinceSeq === 0),
      'bad-header',
      `${name}: khoảng thay đổi sai / bad change range`,
    );
    if (m.hlcMax !== null) {
      check(HLC_RE.test(m.hlcMax), 'bad-header', `${name}: đồng hồ không hợp lệ / malformed clock ${m.hlcMax}`);
      const ahead = parseHlc(m.hlcMax).millis - (options.now ?? Date.now)();
      check(
        ahead <= MAX_DRIFT_MS,
        'clock-ahead',
        `${name}: đồng hồ của ${m.office} nhanh hơn ${Math.round(ahead / 60000)} phút; hãy chỉnh giờ máy gửi / the clock of ${m.office} is ${Math.round(ahead / 60000)} min ahead; fix the sender's clock`,
      );
    }
    return { opened, manifest: m, hash: hashCanonical(m), trustOnApply };
  } catch (err) {
    closeBundle(opened);
    throw err;
  }
}

interface ChainState {
  through: number;
  hash: string | null;
}

function chainState(db: Database.Database, office: string): ChainState {
  const r = db
    .prepare(
      "SELECT seq, hash FROM sync_received WHERE office_code = ? AND status IN ('applied', 'superseded') ORDER BY seq DESC LIMIT 1",
    )
    .get(office) as { seq: number; hash: string } | undefined;
  return { through: r?.seq ?? 0, hash: r?.hash ?? null };
}

/** Bundle numbers still missing from `office`: the gaps below its highest held bundle. */
export function missingOf(db: Database.Database, office: string): number[] {
  const { through } = chainState(db, office);
  const held = (
    db.prepare("SELECT seq FROM sync_received WHERE office_code = ? AND status = 'held' ORDER BY seq").all(office) as {
      seq: number;
    }[]
  ).map((r) => r.seq);
  if (held.length === 0) return [];
  const have = new Set(held);
  return gapBetween(through, held[held.length - 1]!).filter((n) => !have.has(n));
}

/** A stored value as conflict-log text (null stays null). */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function summarise(value: unknown): unknown {
  return typeof value === 'string' && value.length > 80 ? `<${value.length} bytes>` : value;
}

/** Fresh records inserted per statement during a bulk import. */
const BATCH_ROWS = 200;
/** SQLite's limit on parameters per statement (32766 since 3.32), with room to spare. */
const MAX_PARAMS = 32000;

/** Whether `err` is SQLite refusing a row (constraint), as opposed to a failure of the database. */
function isConstraint(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

/** Statements of one entity's table, prepared once per import. */
class TableOps {
  private readonly inserts = new Map<string, Database.Statement>();
  private readonly updates = new Map<string, Database.Statement>();
  readonly select: Database.Statement;
  readonly insertNew: Database.Statement;
  readonly columnSet: ReadonlySet<string>;
  /** The multi-row insert of fresh records, and how many rows it takes (null: one at a time). */
  readonly batch: { readonly rows: number; readonly insert: Database.Statement } | null;

  constructor(
    private readonly db: Database.Database,
    readonly def: EntityDef,
  ) {
    const cols = def.columns;
    this.select = db.prepare(`SELECT ${cols.join(', ')}, origin_hlc FROM ${def.table} WHERE ${def.key} = ?`);
    this.insertNew = db.prepare(
      `INSERT INTO ${def.table} (${cols.join(', ')}, origin_hlc) VALUES (${cols.map(() => '?').join(', ')}, ?) ON CONFLICT(${def.key}) DO NOTHING`,
    );
    this.columnSet = new Set(cols);
    // Units are not batched: a unit's scope is decided by its parent, which may be the line before.
    if (def.table !== 'units') {
      const rows = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMS / (cols.length + 1))));
      const one = `(${cols.map(() => '?').join(', ')}, ?)`;
      this.batch = {
        rows,
        insert: db.prepare(
          `INSERT INTO ${def.table} (${cols.join(', ')}, origin_hlc) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`,
        ),
      };
    } else {
      this.batch = null;
    }
  }

  /** Inserts a new record unless its key exists (0 then); a constraint failure goes to `refuse`. */
  insertFresh(values: readonly unknown[], refuse: (err: Error) => never): number {
    try {
      return this.insertNew.run(values).changes;
    } catch (err) {
      if (isConstraint(err)) refuse(err as Error);
      throw err;
    }
  }

  insert(row: Row): void {
    const cols = Object.keys(row);
    const k = cols.join(',');
    let s = this.inserts.get(k);
    if (!s) {
      s = this.db.prepare(
        `INSERT INTO ${this.def.table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`,
      );
      this.inserts.set(k, s);
    }
    s.run(row);
  }

  update(id: string, row: Row): void {
    const cols = Object.keys(row);
    const k = cols.join(',');
    let s = this.updates.get(k);
    if (!s) {
      s = this.db.prepare(
        `UPDATE ${this.def.table} SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE ${this.def.key} = @__key`,
      );
      this.updates.set(k, s);
    }
    s.run({ ...row, __key: id });
  }
}

/**
 * Applies a verified bundle in ONE transaction: every change is merged field by field
 * (last-writer-wins by HLC, decided from the receiver's change log, so the result does not depend
 * on delivery order), goes into the receiver's change log and audit, and conflicts and refusals
 * are logged. Counts and clock order are checked as the lines are read; any mismatch throws and
 * rolls the whole bundle back.
 */
function apply(db: Database.Database, v: Verified, options: ImportOptions, supersedes: boolean): AppliedBundle {
  const m = v.manifest;
  const name = path.basename(v.opened.file);
  const senderScope = new Scope(db, m.origin, m.office);
  const at = new Date((options.now ?? Date.now)()).toISOString();
  const actor = `đồng bộ / sync: ${m.origin === 'district' ? 'huyện' : 'tỉnh'} ${m.office}`;
  const reason = `gói / bundle ${m.office}-${m.seq}`;
  const insertChange = db.prepare(
    'INSERT INTO changes (hlc, node_id, entity, entity_id, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT(hlc) DO NOTHING',
  );
  const history = db.prepare('SELECT hlc, node_id, data FROM changes WHERE entity = ? AND entity_id = ? AND hlc <> ?');
  const audit = db.prepare(
    'INSERT INTO audit (at, actor, action, entity, entity_id, before, after, reason, hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const conflict = db.prepare(
    `INSERT INTO sync_conflicts (at, office_code, bundle_seq, entity, entity_id, column_name, winner,
       local_value, local_hlc, local_node, remote_value, remote_hlc, remote_node)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateConflict = db.prepare(
    'UPDATE sync_conflicts SET remote_value = ?, remote_hlc = ?, winner = ? WHERE id = ?',
  );
  const dropConflict = db.prepare('DELETE FROM sync_conflicts WHERE id = ?');
  /** This bundle's conflict entries by entity, record and field. */
  const bundleConflicts = new Map<string, { id: number | bigint; localValue: string | null; localHlc: string }>();
  const refusal = db.prepare(
    'INSERT INTO sync_refusals (at, office_code, bundle_seq, code, message, entity, entity_id, hlc, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const ops = new Map<Entity, TableOps>();
  const opsOf = (e: Entity): TableOps => {
    let o = ops.get(e);
    if (!o) {
      o = new TableOps(db, defOf(e));
      ops.set(e, o);
    }
    return o;
  };
  const counts: Record<string, number> = {};
  const created: Record<string, number> = {};
  const stats = { changes: 0, applied: 0, duplicates: 0, superseded: 0, refused: 0, conflicts: 0 };
  let prev: string | null = null;
  const nodeSuffix = `-${m.nodeId}`;
  const bad = (line: number, what: string): never => {
    throw new BundleRefusal(
      'bad-payload',
      `${name}: thay đổi thứ ${line} không hợp lệ (${what}) / change ${line} is invalid (${what})`,
    );
  };

  // Declared once, not per line: a bundle can hold millions of lines.
  const refuse = (verdict: string, e: Entity, key: string, h: string): void => {
    stats.refused += 1;
    refusal.run(
      at,
      m.office,
      m.seq,
      verdict,
      `${m.office} không được sửa ${e} ${key} (${verdict}) / ${m.office} may not change ${e} ${key} (${verdict})`,
      e,
      key,
      h,
      name,
    );
  };

  const cannotApply = (n: number, e: Entity, key: string, err: Error): never => {
    throw new BundleRefusal(
      'bad-payload',
      `${name}: không áp dụng được thay đổi thứ ${n} (${e} ${key}): ${err.message} / cannot apply change ${n} (${e} ${key}): ${err.message}`,
    );
  };
  /**
   * Applies one checked change in scope: a new record created whole goes straight in; anything else
   * is merged field by field against the receiver's history of the record.
   */
  const applyOne = (
    n: number,
    h: string,
    e: Entity,
    t: TableOps,
    key: string,
    d: Record<string, unknown>,
    values: unknown[],
    full: boolean,
  ): void => {
    const def = t.def;
    // Fast path: a record the receiver has never seen, created whole. No earlier change of it
    // can exist here (every applied change leaves a row), so it wins outright. The row keeps
    // the change's clock in origin_hlc (migration 60) instead of a copy in the change log.
    if (full && t.insertFresh(values, (err) => cannotApply(n, e, key, err)) === 1) {
      // New records are audited once per bundle and entity (below). A per-row audit or log
      // entry would more than double the write cost of bulk sync.
      created[e] = (created[e] ?? 0) + 1;
      stats.applied += 1;
      return;
    }
    const stored = t.select.get(key) as (Row & { origin_hlc: string | null }) | undefined;
    if (stored && def.unitColumn !== undefined && def.unitColumn !== def.key) {
      const storedUnit = stored[def.unitColumn];
      const again = senderScope.verdict(e, key, d, { unit: typeof storedUnit === 'string' ? storedUnit : null });
      if (again !== null) {
        refuse(again, e, key, h);
        return;
      }
    }
    if (stored?.origin_hlc === h || insertChange.run(h, m.nodeId, e, key, JSON.stringify(d)).changes === 0) {
      stats.duplicates += 1;
      return;
    }
    // Per field: the newest clock among every change of this record the receiver holds wins.
    const past = (history.all(e, key, h) as { hlc: string; node_id: string; data: string }[]).map((r) => ({
      hlc: r.hlc,
      node: r.node_id,
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
    if (stored?.origin_hlc) {
      // The change that created the record here, whole: its values are the row's wherever no
      // later change won (the only case in which it is the newest for a field).
      past.push({ hlc: stored.origin_hlc, node: stored.origin_hlc.slice(-16), data: stored });
    }
    const winners: Row = {};
    for (const [c, val] of Object.entries(d)) {
      if (c === def.key) continue;
      let best: { hlc: string; node: string; value: unknown } | null = null;
      for (const p of past) {
        if (c in p.data && (best === null || p.hlc > best.hlc)) best = { hlc: p.hlc, node: p.node, value: p.data[c] };
      }
      const remoteWins = best === null || h > best.hlc;
      const field = `${e}\u0000${key}\u0000${c}`;
      const earlier = bundleConflicts.get(field);
      if (earlier !== undefined) {
        // The sender changed this field again in the same bundle: one entry holds the net
        // outcome, its last value against the other office's.
        if (asText(val) === earlier.localValue) {
          dropConflict.run(earlier.id);
          bundleConflicts.delete(field);
          stats.conflicts -= 1;
        } else {
          updateConflict.run(asText(val), h, h > earlier.localHlc ? 'remote' : 'local', earlier.id);
        }
      } else if (best !== null && best.node !== m.nodeId && best.value !== val) {
        // Two offices wrote this field: keep both values, both clocks and the winner.
        stats.conflicts += 1;
        const localValue = asText(best.value);
        const id = conflict.run(
          at,
          m.office,
          m.seq,
          e,
          key,
          c,
          remoteWins ? 'remote' : 'local',
          localValue,
          best.hlc,
          best.node,
          asText(val),
          h,
          m.nodeId,
        ).lastInsertRowid;
        bundleConflicts.set(field, { id, localValue, localHlc: best.hlc });
      }
      if (remoteWins) winners[c] = val as string | number | null;
    }
    const changed = Object.keys(winners);
    if (changed.length === 0) {
      stats.superseded += 1;
      return;
    }
    try {
      if (stored) t.update(key, winners);
      else t.insert({ [def.key]: key, ...winners });
    } catch (err) {
      cannotApply(n, e, key, err as Error);
    }
    const before: Row = {};
    if (stored) for (const c of changed) before[c] = stored[c] ?? null;
    audit.run(
      at,
      actor,
      'sync.import',
      e,
      key,
      stored ? auditJson(def, before) : null,
      auditJson(def, winners),
      reason,
      h,
    );
    stats.applied += 1;
  };

  /** Fresh-record candidates gathered for one multi-row insert: their lines and their values. */
  const pending: { n: number; h: string; e: Entity; key: string; d: Record<string, unknown> }[] = [];
  const pendingValues: unknown[] = [];
  let pendingOps: TableOps | null = null;
  /**
   * Inserts the gathered candidates in one statement. It only succeeds when every one is new and
   * valid — the bulk case, a first bundle — and then each is applied as the fast path would. If
   * any fails (a record that exists, two changes of one record, a value a constraint refuses),
   * SQLite undoes that statement alone and the candidates are applied one by one, in order.
   */
  const flush = (): void => {
    if (pending.length === 0) return;
    const t = pendingOps!;
    let done = false;
    if (pending.length === t.batch!.rows) {
      try {
        t.batch!.insert.run(pendingValues);
        done = true;
      } catch (err) {
        if (!isConstraint(err)) throw err;
      }
    }
    if (done) {
      const e = pending[0]!.e;
      created[e] = (created[e] ?? 0) + pending.length;
      stats.applied += pending.length;
    } else {
      const width = t.def.columns.length + 1;
      pending.forEach((p, i) =>
        applyOne(p.n, p.h, p.e, t, p.key, p.d, pendingValues.slice(i * width, (i + 1) * width), true),
      );
    }
    pending.length = 0;
    pendingValues.length = 0;
  };

  // The entity of the previous line and its statements: bundles hold long runs of one entity.
  let lastEntity: Entity | null = null;
  let lastOps: TableOps | null = null;
  const run = db.transaction(() => {
    readFrames(v.opened, (gz, index) => {
      for (const text of inflateFrame(gz, name, index)) {
        const n = stats.changes + 1;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          bad(n, 'JSON');
        }
        if (!Array.isArray(parsed) || parsed.length !== 4) bad(n, 'shape');
        // Indexed reads, not destructuring: this loop runs once per change, millions of times.
        const line = parsed as unknown[];
        const hlc = line[0];
        const entity = line[1];
        const id = line[2];
        const data = line[3];
        if (typeof hlc !== 'string' || !HLC_RE.test(hlc) || !hlc.endsWith(nodeSuffix)) bad(n, 'clock');
        const h = hlc as string;
        if (prev !== null && h <= prev) bad(n, 'clock order');
        if (prev === null && h !== m.hlcMin) bad(n, 'clock range');
        prev = h;
        if (entity !== lastEntity) {
          if (typeof entity !== 'string' || !isEntity(entity)) bad(n, `entity ${String(entity).slice(0, 40)}`);
          lastEntity = entity as Entity;
          lastOps = opsOf(lastEntity);
        }
        const e = lastEntity!;
        if (typeof id !== 'string' || id.length === 0 || id.length > 200) bad(n, 'id');
        const key = id as string;
        if (typeof data !== 'object' || data === null || Array.isArray(data)) bad(n, 'data');
        const d = data as Record<string, unknown>;
        const t = lastOps!;
        const def = t.def;
        const cols = def.columns;
        // The values in column order, then the clock (the fast path's parameters), checked as read.
        const values: unknown[] = new Array(cols.length + 1);
        let present = 0;
        for (let i = 0; i < cols.length; i++) {
          const val = d[cols[i]!];
          values[i] = val;
          if (val === undefined) continue;
          if (val !== null && typeof val !== 'string' && typeof val !== 'number') bad(n, `value of ${cols[i]}`);
          present += 1;
        }
        values[cols.length] = h;
        if (Object.keys(d).length !== present) {
          for (const c of Object.keys(d)) if (!t.columnSet.has(c)) bad(n, `column ${c.slice(0, 40)}`);
        }
        const full = present === cols.length;
        const givenKey = d[def.key];
        if (givenKey !== undefined && givenKey !== key) bad(n, 'key');
        stats.changes = n;
        counts[e] = (counts[e] ?? 0) + 1;
        if (n % 50000 === 0) options.onProgress?.(n, m.total);

        const verdict = senderScope.verdict(e, key, d);
        if (verdict !== null) {
          refuse(verdict, e, key, h);
          continue;
        }
        if (full && t.batch !== null) {
          // Fresh records are gathered and inserted many per statement (see flush).
          if (pendingOps !== t) flush();
          pendingOps = t;
          for (let i = 0; i < values.length; i++) pendingValues.push(values[i]);
          pending.push({ n, h, e, key, d });
          if (pending.length === t.batch.rows) flush();
          continue;
        }
        flush();
        applyOne(n, h, e, t, key, d, values, full);
      }
    });
    flush();
    if (stats.changes !== m.total || prev !== m.hlcMax) {
      throw new BundleRefusal(
        'count-mismatch',
        `${name}: bản kê khai ghi ${m.total} thay đổi nhưng gói có ${stats.changes} / the manifest declares ${m.total} changes but the bundle holds ${stats.changes}`,
      );
    }
    for (const [entity, n] of Object.entries(m.counts)) {
      if ((counts[entity] ?? 0) !== n) {
        throw new BundleRefusal(
          'count-mismatch',
          `${name}: bản kê khai ghi ${n} thay đổi ${entity} nhưng gói có ${counts[entity] ?? 0} / the manifest declares ${n} ${entity} changes but the bundle holds ${counts[entity] ?? 0}`,
        );
      }
    }
    for (const entity of Object.keys(counts)) {
      if (!(entity in m.counts)) {
        throw new BundleRefusal(
          'count-mismatch',
          `${name}: bản kê khai không ghi thay đổi ${entity} nào nhưng gói có ${counts[entity]} / the manifest declares no ${entity} changes but the bundle holds ${counts[entity]}`,
        );
      }
    }
    if (Object.keys(created).length > 0) {
      audit.run(
        at,
        actor,
        'sync.import',
        'bundle',
        `${m.office}-${m.seq}`,
        null,
        JSON.stringify({ created }),
        reason,
        m.hlcMax ?? '',
      );
    }
    if (v.trustOnApply) {
      trustKey(
        db,
        { role: m.origin, office: m.office, nodeId: m.nodeId, publicKey: m.publicKey, fingerprint: m.keyFingerprint },
        'first-bundle',
        at,
      );
    }
    if (supersedes) {
      db.prepare(
        "UPDATE sync_received SET status = 'superseded' WHERE office_code = ? AND seq < ? AND status = 'held'",
      ).run(m.office, m.seq);
    }
    db.prepare(
      `INSERT INTO sync_received (office_code, seq, kind, hash, prev_hash, until_seq, status, held_file, change_count,
         applied_count, refused_count, conflict_count, hlc_max, manifest, received_at, applied_at)
       VALUES (?, ?, ?, ?, ?, ?, 'applied', NULL, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(office_code, seq) DO UPDATE SET status = 'applied', held_file = NULL,
         applied_count = excluded.applied_count, refused_count = excluded.refused_count,
         conflict_count = excluded.conflict_count, applied_at = excluded.applied_at`,
    ).run(
      m.office,
      m.seq,
      m.kind,
      v.hash,
      m.prevHash,
      m.untilSeq,
      m.total,
      stats.applied,
      stats.refused,
      stats.conflicts,
      m.hlcMax,
      JSON.stringify(m),
      at,
      at,
    );
    // Anything this office writes from now on must sort after what it just received.
    if (m.hlcMax !== null) {
      const snapshot = { ...options.clock };
      try {
        receive(options.clock, parseHlc(m.hlcMax), (options.now ?? Date.now)());
      } catch (err) {
        Object.assign(options.clock, snapshot);
        throw err;
      }
    }
  });
  const clockBefore = { millis: options.clock.millis, counter: options.clock.counter };
  try {
    run.immediate();
  } catch (err) {
    options.clock.millis = clockBefore.millis;
    options.clock.counter = clockBefore.counter;
    throw err;
  }
  options.onProgress?.(stats.changes, m.total);
  return { seq: m.seq, ...stats };
}

function auditJson(def: EntityDef, row: Readonly<Record<string, unknown>>): string {
  const bulky = new Set(def.bulky ?? []);
  const out: Record<string, unknown> = {};
  for (const [c, v] of Object.entries(row)) out[c] = bulky.has(c) ? summarise(v) : v;
  return JSON.stringify(out);
}

/** Copies a bundle into the held-back folder (atomically) and returns its path. */
function holdFile(dbPath: string, m: Manifest, hash: string, from: string): string {
  const dir = syncDir(dbPath, 'held');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${m.office}-${m.seq}-${hash.slice(0, 12)}.sabanbundle`);
  const tmp = `${file}.tmp`;
  fs.copyFileSync(from, tmp);
  const fd = fs.openSync(tmp, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  return file;
}

/** Logs a refused bundle (outside any transaction: the refusal itself must stay recorded). */
export function logRefusal(db: Database.Database, file: string, err: BundleRefusal, now: number): void {
  let office: string | null = null;
  let seq: number | null = null;
  try {
    const b = openBundle(file);
    closeBundle(b);
    const raw = b.header.manifest as Record<string, unknown>;
    if (typeof raw['office'] === 'string') office = raw['office'].slice(0, 10);
    if (typeof raw['seq'] === 'number') seq = raw['seq'];
  } catch {
    // the header itself was unreadable
  }
  db.prepare(
    'INSERT INTO sync_refusals (at, office_code, bundle_seq, code, message, file) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(new Date(now).toISOString(), office, seq, err.reason, err.message, path.basename(file));
}

/**
 * Applies held-back bundles of `office` that are now next in line. A held bundle that fails now
 * is dropped from the queue and logged (its number shows as missing again); it never blocks or
 * undoes the bundle that was just applied.
 */
function drain(db: Database.Database, office: string, options: ImportOptions, out: AppliedBundle[]): void {
  const now = options.now ?? Date.now;
  for (;;) {
    const { through, hash } = chainState(db, office);
    const next = db
      .prepare("SELECT seq, held_file FROM sync_received WHERE office_code = ? AND seq = ? AND status = 'held'")
      .get(office, through + 1) as { seq: number; held_file: string } | undefined;
    if (!next) return;
    const drop = (err: BundleRefusal): void => {
      db.prepare('DELETE FROM sync_received WHERE office_code = ? AND seq = ?').run(office, next.seq);
      logRefusal(db, next.held_file, err, now());
      fs.rmSync(next.held_file, { force: true });
    };
    let v: Verified;
    try {
      // Held files are re-verified: they sat on disk meanwhile.
      v = verify(db, next.held_file, options);
    } catch (err) {
      if (!(err instanceof BundleRefusal)) throw err;
      drop(err);
      return;
    }
    try {
      if (v.manifest.prevHash !== hash) {
        drop(
          new BundleRefusal(
            'chain-broken',
            `gói ${office}-${next.seq} không nối tiếp gói ${through} đã nhận / bundle ${office}-${next.seq} does not follow bundle ${through} as received`,
            'conflict',
          ),
        );
        return;
      }
      out.push(apply(db, v, options, false));
    } catch (err) {
      if (!(err instanceof BundleRefusal)) throw err;
      drop(err);
      return;
    } finally {
      closeBundle(v.opened);
    }
    fs.rmSync(next.held_file, { force: true });
  }
}

/**
 * Imports one bundle file: verifies it completely, then applies it (and any held-back bundles it
 * unblocks) — or holds it back when an earlier one is missing, or says it was already applied.
 * Refusals throw a {@link BundleRefusal} naming the reason, after logging it; the data is unchanged.
 */
export function importBundle(db: Database.Database, file: string, options: ImportOptions): ImportOutcome {
  const now = options.now ?? Date.now;
  let v: Verified;
  try {
    v = verify(db, file, options);
  } catch (err) {
    if (err instanceof BundleRefusal && err.reason !== 'no-file') logRefusal(db, file, err, now());
    throw err;
  }
  const m = v.manifest;
  const label = `${m.office}-${m.seq}`;
  try {
    const state = chainState(db, m.office);
    const existing = db
      .prepare('SELECT hash, status FROM sync_received WHERE office_code = ? AND seq = ?')
      .get(m.office, m.seq) as { hash: string; status: string } | undefined;
    if (existing && existing.hash !== v.hash) {
      const err = new BundleRefusal(
        'fork',
        `${label}: đã nhận một gói số ${m.seq} khác của ${m.office} (nội dung khác); có thể máy huyện đã khôi phục bản sao lưu — hãy gửi gói đầy đủ (--full) / ` +
          `a different bundle ${m.seq} of ${m.office} was already received; the sender may have restored a backup — send a full bundle (--full)`,
        'conflict',
      );
      logRefusal(db, file, err, now());
      throw err;
    }
    if (existing?.status === 'held') {
      const missing = missingOf(db, m.office);
      return {
        status: 'held',
        office: m.office,
        seq: m.seq,
        kind: m.kind,
        message: `${label}: đã giữ lại từ trước, ${missingMessage(m.office, missing)} / held back earlier`,
        applied: [],
        missing,
        backup: null,
      };
    }
    if (existing || m.seq <= state.through) {
      return {
        status: 'already-applied',
        office: m.office,
        seq: m.seq,
        kind: m.kind,
        message: existing
          ? `${label}: gói này đã được áp dụng, không có gì thay đổi / this bundle was already applied; nothing changed`
          : `${label}: gói này nằm trong gói đầy đủ đã áp dụng, không có gì thay đổi / covered by a full bundle already applied; nothing changed`,
        applied: [],
        missing: missingOf(db, m.office),
        backup: null,
      };
    }
    if (m.kind === 'incremental' && m.seq > state.through + 1) {
      const held = holdFile(options.dbPath, m, v.hash, file);
      db.prepare(
        `INSERT INTO sync_received (office_code, seq, kind, hash, prev_hash, until_seq, status, held_file, change_count,
           hlc_max, manifest, received_at) VALUES (?, ?, ?, ?, ?, ?, 'held', ?, ?, ?, ?, ?)`,
      ).run(
        m.office,
        m.seq,
        m.kind,
        v.hash,
        m.prevHash,
        m.untilSeq,
        held,
        m.total,
        m.hlcMax,
        JSON.stringify(m),
        new Date(now()).toISOString(),
      );
      if (v.trustOnApply) {
        trustKey(
          db,
          { role: m.origin, office: m.office, nodeId: m.nodeId, publicKey: m.publicKey, fingerprint: m.keyFingerprint },
          'first-bundle',
          new Date(now()).toISOString(),
        );
      }
      const missing = missingOf(db, m.office);
      return {
        status: 'held',
        office: m.office,
        seq: m.seq,
        kind: m.kind,
        message: `${label}: giữ lại chưa áp dụng, ${missingMessage(m.office, missing)} / held back until the missing bundle arrives`,
        applied: [],
        missing,
        backup: null,
      };
    }
    if (m.kind === 'incremental' && m.prevHash !== state.hash) {
      const err = new BundleRefusal(
        'chain-broken',
        `${label}: không nối tiếp gói ${state.through} đã nhận của ${m.office} (mã băm trước không khớp); hãy gửi gói đầy đủ (--full) / ` +
          `does not follow bundle ${state.through} received from ${m.office} (previous hash differs); send a full bundle (--full)`,
        'conflict',
      );
      logRefusal(db, file, err, now());
      throw err;
    }
    const backup = options.noBackup ? null : backupDatabase(db, options.dbPath, label, now());
    const applied: AppliedBundle[] = [];
    try {
      applied.push(apply(db, v, options, m.kind === 'full'));
    } catch (err) {
      if (err instanceof BundleRefusal) logRefusal(db, file, err, now());
      throw err;
    }
    if (m.kind === 'full') {
      // Held bundles below a full one are covered by it: drop their files.
      const gone = db
        .prepare(
          "SELECT held_file FROM sync_received WHERE office_code = ? AND status = 'superseded' AND held_file IS NOT NULL",
        )
        .all(m.office) as { held_file: string }[];
      for (const g of gone) fs.rmSync(g.held_file, { force: true });
      db.prepare("UPDATE sync_received SET held_file = NULL WHERE office_code = ? AND status = 'superseded'").run(
        m.office,
      );
    }
    drain(db, m.office, options, applied);
    const missing = missingOf(db, m.office);
    const total = applied.reduce((s, a) => s + a.applied, 0);
    const extra =
      applied.length > 1
        ? `, và ${applied.length - 1} gói giữ lại trước đó / and ${applied.length - 1} held-back bundle(s)`
        : '';
    return {
      status: 'applied',
      office: m.office,
      seq: m.seq,
      kind: m.kind,
      message: `${label}: đã áp dụng ${total} bản ghi${extra} / applied ${total} record(s)${missing.length ? `; ${missingMessage(m.office, missing)}` : ''}`,
      applied,
      missing,
      backup,
    };
  } finally {
    closeBundle(v.opened);
  }
}

/** Drains held bundles of every sender (e.g. after a crash between two applies). */
export function drainAll(db: Database.Database, options: ImportOptions): AppliedBundle[] {
  const offices = db.prepare("SELECT DISTINCT office_code FROM sync_received WHERE status = 'held'").all() as {
    office_code: string;
  }[];
  const out: AppliedBundle[] = [];
  for (const o of offices) drain(db, o.office_code, options, out);
  return out;
}
