import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { type HlcState, parseHlc, tick } from '../../shared/hlc';
import { ENTITIES, type Entity, type EntityDef, type Row } from './entities';

/** Who is writing and why: goes into every audit entry of the transaction. */
export interface WriteMeta {
  readonly actor: string;
  readonly action: string;
  readonly reason?: string | null;
}

/** What a put did. */
export type PutOutcome = 'created' | 'updated' | 'unchanged';

/** The handle a write transaction gets. The only way to change synced tables. */
export interface WriteTx {
  /** Reads a row (tombstoned rows included). */
  get(entity: Entity, id: string): Row | undefined;
  /**
   * Inserts or updates a row (columns not given keep their values), and in the same transaction
   * appends an audit entry and a change-log entry holding the changed columns. A put that
   * changes nothing writes nothing.
   */
  put(entity: Entity, row: Row, action?: string): PutOutcome;
}

interface Prepared {
  select: Database.Statement;
  insert: Database.Statement;
  update: Map<string, Database.Statement>;
}

const SUMMARY_LIMIT = 80;

function summarise(value: string | number | null): string | number | null {
  if (typeof value === 'string' && value.length > SUMMARY_LIMIT) {
    const type = /"type"\s*:\s*"(\w+)"/.exec(value)?.[1];
    return `<${type ?? 'data'}, ${value.length} bytes>`;
  }
  return value;
}

/**
 * The single write path. Every mutation of a synced table goes through {@link Writer.transact},
 * which writes the row, its audit entry and its change-log entry in ONE SQLite transaction, so
 * the three can never disagree: if any step throws, none of them is stored.
 */
export class Writer {
  private readonly prepared = new Map<Entity, Prepared>();
  private readonly auditInsert: Database.Statement;
  private readonly changeInsert: Database.Statement;
  readonly clock: HlcState;

  constructor(
    private readonly db: Database.Database,
    readonly nodeId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.auditInsert = db.prepare(
      'INSERT INTO audit (at, actor, action, entity, entity_id, before, after, reason, hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.changeInsert = db.prepare(
      'INSERT INTO changes (hlc, node_id, entity, entity_id, data) VALUES (?, ?, ?, ?, ?)',
    );
    // Resume the clock after the last timestamp this node issued, so order survives restarts
    // even if the wall clock went backwards meanwhile.
    const last = db.prepare('SELECT max(hlc) AS hlc FROM changes WHERE node_id = ?').get(nodeId) as {
      hlc: string | null;
    };
    const parsed = last.hlc ? parseHlc(last.hlc) : null;
    this.clock = { millis: parsed?.millis ?? 0, counter: parsed?.counter ?? 0, node: nodeId };
  }

  private stmts(entity: Entity): Prepared {
    let p = this.prepared.get(entity);
    if (!p) {
      const def: EntityDef = ENTITIES[entity];
      const cols = def.columns;
      p = {
        select: this.db.prepare(`SELECT ${cols.join(', ')} FROM ${def.table} WHERE ${def.key} = ?`),
        insert: this.db.prepare(
          `INSERT INTO ${def.table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`,
        ),
        update: new Map(),
      };
      this.prepared.set(entity, p);
    }
    return p;
  }

  private updateStmt(entity: Entity, columns: readonly string[]): Database.Statement {
    const p = this.stmts(entity);
    const k = columns.join(',');
    let s = p.update.get(k);
    if (!s) {
      const def: EntityDef = ENTITIES[entity];
      s = this.db.prepare(
        `UPDATE ${def.table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE ${def.key} = @${def.key}`,
      );
      p.update.set(k, s);
    }
    return s;
  }

  /** Runs `fn` as one transaction of the write path (nested calls join the outer one). */
  transact<T>(meta: WriteMeta, fn: (tx: WriteTx) => T): T {
    const at = new Date(this.now()).toISOString();
    const tx: WriteTx = {
      get: (entity, id) => this.stmts(entity).select.get(id) as Row | undefined,
      put: (entity, row, action) => this.put(entity, row, { ...meta, action: action ?? meta.action }, at),
    };
    return this.db.transaction(() => fn(tx))();
  }

  private put(entity: Entity, row: Row, meta: WriteMeta, at: string): PutOutcome {
    const def: EntityDef = ENTITIES[entity];
    const id = row[def.key];
    if (typeof id !== 'string' || id === '') throw new Error(`${entity}: missing key ${def.key}`);
    for (const c of Object.keys(row)) {
      if (!def.columns.includes(c)) throw new Error(`${entity}: unknown column ${c}`);
    }
    const p = this.stmts(entity);
    const before = p.select.get(id) as Row | undefined;
    let changed: Row;
    let outcome: PutOutcome;
    if (!before) {
      changed = {};
      for (const c of def.columns) changed[c] = row[c] ?? null;
      p.insert.run(changed);
      outcome = 'created';
    } else {
      changed = {};
      for (const [c, v] of Object.entries(row)) {
        if (c !== def.key && before[c] !== v) changed[c] = v;
      }
      const cols = Object.keys(changed);
      if (cols.length === 0) return 'unchanged';
      this.updateStmt(entity, cols).run({ ...changed, [def.key]: id });
      outcome = 'updated';
    }
    const hlc = tick(this.clock, this.now());
    const bulky = new Set(def.bulky ?? []);
    const auditView = (source: Row | undefined): string | null => {
      if (!source) return null;
      const out: Row = {};
      for (const c of Object.keys(changed)) {
        if (c === def.key && outcome === 'updated') continue;
        const v = source[c] ?? null;
        out[c] = bulky.has(c) ? summarise(v) : v;
      }
      return JSON.stringify(out);
    };
    this.auditInsert.run(
      at,
      meta.actor,
      meta.action,
      entity,
      id,
      auditView(before),
      auditView(changed),
      meta.reason ?? null,
      hlc,
    );
    this.changeInsert.run(hlc, this.nodeId, entity, id, JSON.stringify(changed));
    return outcome;
  }
}

/** A fresh random node id: 16 hex digits. */
export function newNodeId(): string {
  return crypto.randomBytes(8).toString('hex');
}
