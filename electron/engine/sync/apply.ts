/**
 * Applies a verified bundle in ONE transaction of the writer's remote path: the lines are read,
 * checked and merged (merge.ts); fresh records go in many per statement; counts and clock order
 * are checked as the lines are read, and any mismatch rolls the whole bundle back.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { type LocalText, msg } from '../../../shared/result';
import type { Entity, EntityDef } from '../entities';
import type { RemoteTx, Writer } from '../write';
import { BundleRefusal, inflateFrame, readFrames } from './container';
import type { Progress } from './export';
import { trustKey } from './keys';
import { type MergeStats, Merger } from './merge';
import { defOf, isEntity, Scope } from './scope';
import { HLC_RE, type Verified } from './verify';

/** What happened to one applied bundle. */
export interface AppliedBundle extends Readonly<MergeStats> {
  readonly seq: number;
}

/** What applying needs. */
export interface ApplyOptions {
  readonly writer: Writer;
  readonly now?: () => number;
  readonly onProgress?: Progress;
}

/** An entity's definition and the column names as a set (checked once per line). */
interface EntityInfo {
  readonly def: EntityDef;
  readonly columnSet: ReadonlySet<string>;
  /** Records per multi-row create, or null (units: a unit's scope may depend on the line before). */
  readonly batch: number | null;
}

/** Applies a verified bundle; `supersedes` marks held bundles below it as covered (a full bundle). */
export function apply(db: Database.Database, v: Verified, options: ApplyOptions, supersedes: boolean): AppliedBundle {
  const m = v.manifest;
  const name = path.basename(v.opened.file);
  const at = new Date((options.now ?? Date.now)()).toISOString();
  const meta = {
    actor: `đồng bộ / sync: ${m.origin === 'district' ? 'huyện' : 'tỉnh'} ${m.office}`,
    action: 'sync.import',
    reason: `gói / bundle ${m.office}-${m.seq}`,
  };
  const stats = options.writer.transactRemote(meta, m.hlcMax, (tx) => {
    const merger = new Merger(db, tx, m, name, new Scope(db, m.origin, m.office), at);
    readAll(v, tx, merger, options.onProgress);
    record(db, v, merger, at, supersedes, tx);
    return merger.stats;
  });
  options.onProgress?.(stats.changes, m.total);
  return { seq: m.seq, ...stats };
}

function refusal(reason: string, text: LocalText): BundleRefusal {
  return new BundleRefusal(reason, text);
}

/** Reads, checks and merges every line of the bundle. */
function readAll(v: Verified, tx: RemoteTx, merger: Merger, onProgress: Progress | undefined): void {
  const m = v.manifest;
  const name = path.basename(v.opened.file);
  const stats = merger.stats;
  const counts: Record<string, number> = {};
  const infos = new Map<Entity, EntityInfo>();
  const infoOf = (e: Entity): EntityInfo => {
    let i = infos.get(e);
    if (!i) {
      const def = defOf(e);
      i = { def, columnSet: new Set(def.columns), batch: e === 'unit' ? null : tx.batchRows(e) };
      infos.set(e, i);
    }
    return i;
  };
  let prev: string | null = null;
  const nodeSuffix = `-${m.nodeId}`;
  const bad = (line: number, what: string): never => {
    throw refusal(
      'bad-payload',
      msg('{name}: thay đổi thứ {line} không hợp lệ ({what})', '{name}: change {line} is invalid ({what})', {
        name,
        line,
        what,
      }),
    );
  };

  /** Fresh-record candidates gathered for one multi-row insert: their lines and their values. */
  const pending: { n: number; h: string; key: string; d: Record<string, unknown> }[] = [];
  const pendingValues: unknown[] = [];
  let pendingEntity: Entity | null = null;
  /**
   * Inserts the gathered candidates in one statement. It only succeeds when every one is new and
   * valid — the bulk case, a first bundle — and then each is applied as the fast path would. If
   * any fails (a record that exists, two changes of one record, a value a constraint refuses),
   * SQLite undoes that statement alone and the candidates are applied one by one, in order.
   */
  const flush = (): void => {
    if (pending.length === 0) return;
    const e = pendingEntity!;
    const info = infoOf(e);
    if (pending.length === info.batch && tx.createMany(e, pendingValues)) {
      merger.createdMany(e, pending.length);
    } else {
      const width = info.def.columns.length + 1;
      pending.forEach((p, i) =>
        merger.applyOne(p.n, p.h, e, info.def, p.key, p.d, pendingValues.slice(i * width, (i + 1) * width), true),
      );
    }
    pending.length = 0;
    pendingValues.length = 0;
  };

  // The entity of the previous line and its definition: bundles hold long runs of one entity.
  let lastEntity: Entity | null = null;
  let lastInfo: EntityInfo | null = null;
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
        lastInfo = infoOf(lastEntity);
      }
      const e = lastEntity!;
      if (typeof id !== 'string' || id.length === 0 || id.length > 200) bad(n, 'id');
      const key = id as string;
      if (typeof data !== 'object' || data === null || Array.isArray(data)) bad(n, 'data');
      const d = data as Record<string, unknown>;
      const info = lastInfo!;
      const def = info.def;
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
        for (const c of Object.keys(d)) if (!info.columnSet.has(c)) bad(n, `column ${c.slice(0, 40)}`);
      }
      const full = present === cols.length;
      const givenKey = d[def.key];
      if (givenKey !== undefined && givenKey !== key) bad(n, 'key');
      stats.changes = n;
      counts[e] = (counts[e] ?? 0) + 1;
      if (n % 50000 === 0) onProgress?.(n, m.total);

      const verdict = merger.scopeVerdict(e, key, d);
      if (verdict !== null) {
        merger.refuse(verdict, e, key, h);
        continue;
      }
      if (full && info.batch !== null) {
        // Fresh records are gathered and inserted many per statement (see flush).
        if (pendingEntity !== e) flush();
        pendingEntity = e;
        for (let i = 0; i < values.length; i++) pendingValues.push(values[i]);
        pending.push({ n, h, key, d });
        if (pending.length === info.batch) flush();
        continue;
      }
      flush();
      merger.applyOne(n, h, e, def, key, d, values, full);
    }
  });
  flush();
  checkCounts(name, m.total, m.counts, stats.changes, counts, prev === m.hlcMax);
}

/** Refuses the bundle when its lines do not add up to what the manifest declares. */
function checkCounts(
  name: string,
  total: number,
  declared: Readonly<Record<string, number>>,
  changes: number,
  counts: Readonly<Record<string, number>>,
  endsAtMax: boolean,
): void {
  const mismatch = (text: LocalText): never => {
    throw refusal('count-mismatch', text);
  };
  if (changes !== total || !endsAtMax) {
    mismatch(
      msg(
        '{name}: bản kê khai ghi {total} thay đổi nhưng gói có {changes}',
        '{name}: the manifest declares {total} changes but the bundle holds {changes}',
        { name, total, changes },
      ),
    );
  }
  for (const [entity, n] of Object.entries(declared)) {
    const got = counts[entity] ?? 0;
    if (got !== n) {
      mismatch(
        msg(
          '{name}: bản kê khai ghi {n} thay đổi {entity} nhưng gói có {got}',
          '{name}: the manifest declares {n} {entity} changes but the bundle holds {got}',
          { name, n, entity, got },
        ),
      );
    }
  }
  for (const entity of Object.keys(counts)) {
    if (!(entity in declared)) {
      mismatch(
        msg(
          '{name}: bản kê khai không ghi thay đổi {entity} nào nhưng gói có {got}',
          '{name}: the manifest declares no {entity} changes but the bundle holds {got}',
          { name, entity, got: counts[entity]! },
        ),
      );
    }
  }
}

/** The bundle's own bookkeeping, in its transaction: bulk audit, first-bundle trust, the chain. */
function record(db: Database.Database, v: Verified, merger: Merger, at: string, supersedes: boolean, tx: RemoteTx) {
  const m = v.manifest;
  const stats = merger.stats;
  if (Object.keys(merger.created).length > 0) {
    tx.auditBulk(`${m.office}-${m.seq}`, { created: merger.created }, m.hlcMax ?? '');
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
}
