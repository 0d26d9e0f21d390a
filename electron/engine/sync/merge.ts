/**
 * The merge rule of received changes: per-field last-writer-wins by HLC over every change of the
 * record the receiver holds, with conflicts and refusals logged. Rows, audit and change log are
 * written through the writer's {@link RemoteTx}; this module only decides.
 */
import type Database from 'better-sqlite3';
import type { Manifest } from '../../../shared/bundle-format';
import { msg } from '../../../shared/result';
import type { Entity, EntityDef, Row } from '../entities';
import { isConstraint, type RemoteTx } from '../write';
import { storedText } from './chain';
import { BundleRefusal } from './container';
import type { Scope } from './scope';

/** Counts of one applied bundle. */
export interface MergeStats {
  changes: number;
  /** Records written (new or with at least one winning field). */
  applied: number;
  /** Changes already present (received before, or through another path). */
  duplicates: number;
  /** Changes whose every field was older than what the receiver holds. */
  superseded: number;
  refused: number;
  conflicts: number;
}

/** A stored value as conflict-log text (null stays null). */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Merges the changes of one bundle, one at a time, inside the bundle's transaction. */
export class Merger {
  readonly stats: MergeStats = { changes: 0, applied: 0, duplicates: 0, superseded: 0, refused: 0, conflicts: 0 };
  /** Records created whole, per entity (audited once per bundle). */
  readonly created: Record<string, number> = {};
  private readonly conflict: Database.Statement;
  private readonly updateConflict: Database.Statement;
  private readonly dropConflict: Database.Statement;
  private readonly refusal: Database.Statement;
  /** This bundle's conflict entries by entity, record and field. */
  private readonly bundleConflicts = new Map<
    string,
    { id: number | bigint; localValue: string | null; localHlc: string }
  >();

  constructor(
    db: Database.Database,
    private readonly tx: RemoteTx,
    private readonly m: Manifest,
    private readonly name: string,
    private readonly scope: Scope,
    private readonly at: string,
  ) {
    this.conflict = db.prepare(
      `INSERT INTO sync_conflicts (at, office_code, bundle_seq, entity, entity_id, column_name, winner,
         local_value, local_hlc, local_node, remote_value, remote_hlc, remote_node)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateConflict = db.prepare(
      'UPDATE sync_conflicts SET remote_value = ?, remote_hlc = ?, winner = ? WHERE id = ?',
    );
    this.dropConflict = db.prepare('DELETE FROM sync_conflicts WHERE id = ?');
    this.refusal = db.prepare(
      'INSERT INTO sync_refusals (at, office_code, bundle_seq, code, message, entity, entity_id, hlc, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Whether the sender may make this change (null) or why not. */
  scopeVerdict(e: Entity, key: string, d: Readonly<Record<string, unknown>>): ReturnType<Scope['verdict']> {
    return this.scope.verdict(e, key, d);
  }

  /** Logs a change the sender may not make; the rest of the bundle applies. */
  refuse(verdict: string, e: Entity, key: string, h: string): void {
    const m = this.m;
    this.stats.refused += 1;
    const text = msg(
      '{office} không được sửa {entity} {id} ({verdict})',
      '{office} may not change {entity} {id} ({verdict})',
      { office: m.office, entity: e, id: key, verdict },
    );
    this.refusal.run(this.at, m.office, m.seq, verdict, storedText(text), e, key, h, this.name);
  }

  /** Counts `n` records created whole by one statement. */
  createdMany(e: Entity, n: number): void {
    this.created[e] = (this.created[e] ?? 0) + n;
    this.stats.applied += n;
  }

  private cannotApply(n: number, e: Entity, key: string, err: Error): never {
    throw new BundleRefusal(
      'bad-payload',
      msg(
        '{name}: không áp dụng được thay đổi thứ {n} ({entity} {id}): {error}',
        '{name}: cannot apply change {n} ({entity} {id}): {error}',
        { name: this.name, n, entity: e, id: key, error: err.message },
      ),
    );
  }

  /**
   * Applies one checked change in scope: a new record created whole goes straight in; anything
   * else is merged field by field against the receiver's history of the record. `values` are the
   * change's columns in order, then its clock.
   */
  applyOne(
    n: number,
    h: string,
    e: Entity,
    def: EntityDef,
    key: string,
    d: Record<string, unknown>,
    values: readonly unknown[],
    full: boolean,
  ): void {
    const tx = this.tx;
    const stats = this.stats;
    // Fast path: a record the receiver has never seen, created whole. No earlier change of it
    // can exist here (every applied change leaves a row), so it wins outright. The row keeps
    // the change's clock in origin_hlc (migration 60) instead of a copy in the change log.
    if (full) {
      let created: boolean;
      try {
        created = tx.create(e, values);
      } catch (err) {
        if (isConstraint(err)) this.cannotApply(n, e, key, err as Error);
        throw err;
      }
      if (created) {
        this.createdMany(e, 1);
        return;
      }
    }
    const stored = tx.stored(e, key);
    if (stored && def.unitColumn !== undefined && def.unitColumn !== def.key) {
      const storedUnit = stored[def.unitColumn];
      const again = this.scope.verdict(e, key, d, { unit: typeof storedUnit === 'string' ? storedUnit : null });
      if (again !== null) {
        this.refuse(again, e, key, h);
        return;
      }
    }
    const node = this.m.nodeId;
    if (stored?.origin_hlc === h || !tx.logChange(h, node, e, key, d)) {
      stats.duplicates += 1;
      return;
    }
    // Per field: the newest clock among every change of this record the receiver holds wins.
    const past = tx.history(e, key, h).map((r) => ({
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
      this.noteConflict(e, key, c, val, h, best, remoteWins);
      if (remoteWins) winners[c] = val as string | number | null;
    }
    if (Object.keys(winners).length === 0) {
      stats.superseded += 1;
      return;
    }
    try {
      tx.writeFields(e, key, winners, stored, h);
    } catch (err) {
      this.cannotApply(n, e, key, err as Error);
    }
    stats.applied += 1;
  }

  /** Logs (or updates) the conflict on one field, when two offices wrote it. */
  private noteConflict(
    e: Entity,
    key: string,
    c: string,
    val: unknown,
    h: string,
    best: { hlc: string; node: string; value: unknown } | null,
    remoteWins: boolean,
  ): void {
    const m = this.m;
    const field = `${e}\u0000${key}\u0000${c}`;
    const earlier = this.bundleConflicts.get(field);
    if (earlier !== undefined) {
      // The sender changed this field again in the same bundle: one entry holds the net
      // outcome, its last value against the other office's.
      if (asText(val) === earlier.localValue) {
        this.dropConflict.run(earlier.id);
        this.bundleConflicts.delete(field);
        this.stats.conflicts -= 1;
      } else {
        this.updateConflict.run(asText(val), h, h > earlier.localHlc ? 'remote' : 'local', earlier.id);
      }
    } else if (best !== null && best.node !== m.nodeId && best.value !== val) {
      // Two offices wrote this field: keep both values, both clocks and the winner.
      this.stats.conflicts += 1;
      const localValue = asText(best.value);
      const id = this.conflict.run(
        this.at,
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
      this.bundleConflicts.set(field, { id, localValue, localHlc: best.hlc });
    }
  }
}
