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
  /**
   * Creates whole records the caller knows are new (`records`: per record, every column in
   * `EntityDef.columns` order; a key that exists fails the transaction), many per statement,
   * each with its change-log entry (the record's columns by name), and ONE audit entry for
   * them all (`entityId`, after: the count, the first and last keys, and `firstHlc`/`lastHlc`,
   * the clocks of its change-log entries, by which a record's history finds its batch). For bulk
   * imports, where an audit entry per record would double the cost; corrections go through {@link put}.
   */
  createMany(entity: Entity, records: readonly (readonly unknown[])[], entityId: string): number;
  /**
   * Records a change to a local record that never travels (an account): an audit entry only, no
   * change-log entry, in this transaction. `before` and `after` must hold nothing secret.
   */
  note(entity: string, id: string, before: unknown, after: unknown, action?: string): void;
}

/** A stored row with the clock of the received change that created it here (null: created locally). */
export type StoredRow = Row & { readonly origin_hlc: string | null };

/** A change-log entry as the merge reads it. */
export interface LoggedChange {
  readonly hlc: string;
  readonly node_id: string;
  readonly data: string;
}

/**
 * The handle of a transaction applying received changes ({@link Writer.transactRemote}). Every
 * write keeps the change's own clock and node: nothing here ticks this office's clock. Which
 * change wins is the caller's rule (sync's merge); how rows, audit and change log are written is
 * the writer's.
 */
export interface RemoteTx {
  /** The stored row and its `origin_hlc` (tombstones included). */
  stored(entity: Entity, id: string): StoredRow | undefined;
  /** The change log of a record, except the entry `exceptHlc`. */
  history(entity: Entity, id: string, exceptHlc: string): LoggedChange[];
  /** Records one multi-row create takes (see {@link createMany}). */
  batchRows(entity: Entity): number;
  /**
   * Creates {@link batchRows} whole records in one statement. `values` holds, per record, its
   * columns in `EntityDef.columns` order and then the change's clock, kept in `origin_hlc`
   * instead of a change-log copy (migration 60). False when a constraint refused any record:
   * SQLite then undid the statement alone, and nothing of it is stored.
   */
  createMany(entity: Entity, values: readonly unknown[]): boolean;
  /** Creates one whole record (values as in {@link createMany}) unless its key exists: false then. */
  create(entity: Entity, values: readonly unknown[]): boolean;
  /** Appends a received change to the change log; false when that clock is already there. */
  logChange(hlc: string, node: string, entity: Entity, id: string, data: Readonly<Record<string, unknown>>): boolean;
  /**
   * Writes the winning fields of a received change (inserting the record when `stored` is
   * undefined) and its audit entry, stamped with the change's clock.
   */
  writeFields(entity: Entity, id: string, fields: Row, stored: Row | undefined, hlc: string): void;
  /** One audit entry for records created in bulk (a per-row entry would double the cost). */
  auditBulk(entityId: string, after: unknown, hlc: string): void;
}

interface Prepared {
  select: Database.Statement;
  insert: Database.Statement;
  update: Map<string, Database.Statement>;
}

/** Statements of received changes, prepared on first use per entity. */
interface RemotePrepared {
  select: Database.Statement;
  create: Database.Statement;
  createMany: Database.Statement;
  rows: number;
  insertSome: Map<string, Database.Statement>;
}

const SUMMARY_LIMIT = 80;
/** Fresh records inserted per statement when a bundle creates many. */
const BATCH_ROWS = 200;
/** SQLite's limit on parameters per statement (32766 since 3.32), with room to spare. */
const MAX_PARAMS = 32000;
/** Tries to take the write lock when SQLite answers busy at once (the busy timeout waits inside each). */
const LOCK_TRIES = 4;

function summarise(value: string | number | null): string | number | null {
  if (typeof value === 'string' && value.length > SUMMARY_LIMIT) {
    const type = /"type"\s*:\s*"(\w+)"/.exec(value)?.[1];
    return `<${type ?? 'data'}, ${value.length} bytes>`;
  }
  return value;
}

/** SQLite's "database is busy/locked". */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The single write path. Every mutation of a synced table goes through {@link Writer.transact}
 * (local edits) or {@link Writer.transactRemote} (changes received in a bundle), which write the
 * row, its audit entry and its change-log entry in ONE SQLite transaction, so the three can
 * never disagree: if any step throws, none of them is stored.
 *
 * A transaction takes the write lock up front (`BEGIN IMMEDIATE`, waiting out the busy timeout,
 * then a few more tries), and reads the newest clock in the change log inside that lock before
 * issuing its own: processes sharing one database (and one node id) never stamp the same value.
 */
export class Writer {
  private readonly prepared = new Map<Entity, Prepared>();
  private readonly remotePrepared = new Map<Entity, RemotePrepared>();
  private readonly auditInsert: Database.Statement;
  private readonly changeInsert: Database.Statement;
  private readonly changeInsertRemote: Database.Statement;
  private readonly newestClock: Database.Statement;
  private historyStmt: Database.Statement | null = null;
  private readonly localManyStmts = new Map<string, { rows: Database.Statement; changes: Database.Statement }>();
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
    this.changeInsertRemote = db.prepare(
      'INSERT INTO changes (hlc, node_id, entity, entity_id, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT(hlc) DO NOTHING',
    );
    // The unique index on hlc answers this at once, however long the log.
    this.newestClock = db.prepare('SELECT max(hlc) AS hlc FROM changes');
    this.clock = { millis: 0, counter: 0, node: nodeId };
    this.catchUp();
  }

  /**
   * Moves the clock past the newest change in the log: stamps another process (same node id)
   * issued since, and changes received. Called inside the write lock, so nobody adds one meanwhile.
   */
  private catchUp(): void {
    const newest = (this.newestClock.get() as { hlc: string | null }).hlc;
    if (newest !== null) this.atLeast(newest);
  }

  /** Moves the clock up to `hlc` when that is later (the next tick then sorts after it). */
  private atLeast(hlc: string): void {
    const h = parseHlc(hlc);
    const c = this.clock;
    if (h.millis > c.millis || (h.millis === c.millis && h.counter > c.counter)) {
      c.millis = h.millis;
      c.counter = h.counter;
    }
  }

  /**
   * Runs `body` as one transaction holding the write lock (a nested call joins the outer one).
   * Busy answers before the body ran are retried; after that SQLite's error (busy: the `busy`
   * error code) propagates. On failure the clock is set back, as nothing it issued was stored.
   */
  private locked<T>(body: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(body)();
    const saved = { millis: this.clock.millis, counter: this.clock.counter };
    for (let attempt = 1; ; attempt++) {
      let entered = false;
      try {
        return this.db
          .transaction(() => {
            entered = true;
            this.catchUp();
            return body();
          })
          .immediate();
      } catch (err) {
        this.clock.millis = saved.millis;
        this.clock.counter = saved.counter;
        if (entered || !isBusy(err) || attempt >= LOCK_TRIES) throw err;
        sleep(20 * attempt + Math.floor(Math.random() * 20));
      }
    }
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

  private remote(entity: Entity): RemotePrepared {
    let p = this.remotePrepared.get(entity);
    if (!p) {
      const def: EntityDef = ENTITIES[entity];
      const cols = def.columns;
      const one = `(${cols.map(() => '?').join(', ')}, ?)`;
      const rows = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMS / (cols.length + 1))));
      const into = `INSERT INTO ${def.table} (${cols.join(', ')}, origin_hlc) VALUES`;
      p = {
        select: this.db.prepare(`SELECT ${cols.join(', ')}, origin_hlc FROM ${def.table} WHERE ${def.key} = ?`),
        create: this.db.prepare(`${into} ${one} ON CONFLICT(${def.key}) DO NOTHING`),
        createMany: this.db.prepare(`${into} ${Array.from({ length: rows }, () => one).join(', ')}`),
        rows,
        insertSome: new Map(),
      };
      this.remotePrepared.set(entity, p);
    }
    return p;
  }

  /** The audit view of the columns `changed`: bulky values summarised, the key left out of updates. */
  private auditView(def: EntityDef, source: Row | undefined, columns: readonly string[], update: boolean) {
    if (!source) return null;
    const bulky = def.bulky ?? [];
    const out: Row = {};
    for (const c of columns) {
      if (c === def.key && update) continue;
      const v = source[c] ?? null;
      out[c] = bulky.includes(c) ? summarise(v) : v;
    }
    return JSON.stringify(out);
  }

  /** Runs `fn` as one transaction of the write path (nested calls join the outer one). */
  transact<T>(meta: WriteMeta, fn: (tx: WriteTx) => T): T {
    const at = new Date(this.now()).toISOString();
    const tx: WriteTx = {
      get: (entity, id) => this.stmts(entity).select.get(id) as Row | undefined,
      put: (entity, row, action) => this.put(entity, row, { ...meta, action: action ?? meta.action }, at),
      createMany: (entity, rows, entityId) => this.createMany(entity, rows, meta, at, entityId),
      note: (entity, id, before, after, action) => {
        const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
        const hlc = tick(this.clock, this.now());
        this.auditInsert.run(
          at,
          meta.actor,
          action ?? meta.action,
          entity,
          id,
          json(before),
          json(after),
          meta.reason ?? null,
          hlc,
        );
      },
    };
    return this.locked(() => fn(tx));
  }

  /**
   * Runs `fn` as one transaction applying changes received from another office: they keep their
   * own clocks and node. When it commits, this office's clock merges `received` (the newest clock
   * applied), so anything written here afterwards sorts after it.
   */
  transactRemote<T>(meta: WriteMeta, received: string | null, fn: (tx: RemoteTx) => T): T {
    const at = new Date(this.now()).toISOString();
    const audit = (entity: string, id: string, before: string | null, after: string | null, hlc: string): void => {
      this.auditInsert.run(at, meta.actor, meta.action, entity, id, before, after, meta.reason ?? null, hlc);
    };
    const tx: RemoteTx = {
      stored: (entity, id) => this.remote(entity).select.get(id) as StoredRow | undefined,
      history: (entity, id, exceptHlc) => {
        this.historyStmt ??= this.db.prepare(
          'SELECT hlc, node_id, data FROM changes WHERE entity = ? AND entity_id = ? AND hlc <> ?',
        );
        return this.historyStmt.all(entity, id, exceptHlc) as LoggedChange[];
      },
      batchRows: (entity) => this.remote(entity).rows,
      createMany: (entity, values) => {
        try {
          this.remote(entity).createMany.run(values);
          return true;
        } catch (err) {
          if (isConstraint(err)) return false;
          throw err;
        }
      },
      create: (entity, values) => this.remote(entity).create.run(values).changes === 1,
      logChange: (hlc, node, entity, id, data) =>
        this.changeInsertRemote.run(hlc, node, entity, id, JSON.stringify(data)).changes === 1,
      writeFields: (entity, id, fields, stored, hlc) => {
        const def: EntityDef = ENTITIES[entity];
        const cols = Object.keys(fields);
        if (stored) this.updateStmt(entity, cols).run({ ...fields, [def.key]: id });
        else this.insertSome(entity, { [def.key]: id, ...fields });
        audit(
          entity,
          id,
          stored ? this.auditView(def, stored, cols, true) : null,
          this.auditView(def, fields, cols, false),
          hlc,
        );
      },
      auditBulk: (entityId, after, hlc) => audit('bundle', entityId, null, JSON.stringify(after), hlc),
    };
    return this.locked(() => {
      const result = fn(tx);
      // The bundle's clocks were checked against drift before; here they only move ours forward.
      if (received !== null) this.atLeast(received);
      return result;
    });
  }

  /** Inserts a record with only the given columns (the others take their defaults). */
  private insertSome(entity: Entity, row: Row): void {
    const p = this.remote(entity);
    const cols = Object.keys(row);
    const k = cols.join(',');
    let s = p.insertSome.get(k);
    if (!s) {
      s = this.db.prepare(
        `INSERT INTO ${ENTITIES[entity].table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`,
      );
      p.insertSome.set(k, s);
    }
    s.run(row);
  }

  private localMany(entity: Entity, rows: number): { rows: Database.Statement; changes: Database.Statement } {
    const k = `${entity}:${rows}`;
    let p = this.localManyStmts.get(k);
    if (!p) {
      const def: EntityDef = ENTITIES[entity];
      const one = `(${def.columns.map(() => '?').join(', ')})`;
      p = {
        rows: this.db.prepare(
          `INSERT INTO ${def.table} (${def.columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`,
        ),
        changes: this.db.prepare(
          `INSERT INTO changes (hlc, node_id, entity, entity_id, data) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?)').join(', ')}`,
        ),
      };
      this.localManyStmts.set(k, p);
    }
    return p;
  }

  private createMany(
    entity: Entity,
    rows: readonly (readonly unknown[])[],
    meta: WriteMeta,
    at: string,
    entityId: string,
  ): number {
    if (rows.length === 0) return 0;
    const def: EntityDef = ENTITIES[entity];
    const cols = def.columns;
    const keyAt = cols.indexOf(def.key);
    const per = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMS / cols.length)));
    // The change-log entry of a record is the JSON of its columns in order, as JSON.stringify of
    // the whole record would write it, built from the values array (imports create millions:
    // an object per record, read by column name, costs several times more).
    const keys = cols.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c)}:`);
    let firstHlc = '';
    let lastHlc = '';
    for (let start = 0; start < rows.length; start += per) {
      const end = Math.min(rows.length, start + per);
      const values: unknown[] = [];
      const changes: unknown[] = [];
      for (let r = start; r < end; r++) {
        const row = rows[r]!;
        if (row.length !== cols.length) throw new Error(`${entity}: ${row.length} values for ${cols.length} columns`);
        const id = row[keyAt];
        if (typeof id !== 'string' || id === '') throw new Error(`${entity}: missing key ${def.key}`);
        let data = '';
        for (let i = 0; i < row.length; i++) {
          const v = row[i] ?? null;
          values.push(v);
          data += keys[i]! + (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : 'null') : JSON.stringify(v));
        }
        lastHlc = tick(this.clock, this.now());
        if (firstHlc === '') firstHlc = lastHlc;
        changes.push(lastHlc, this.nodeId, entity, id, data + '}');
      }
      const s = this.localMany(entity, end - start);
      s.rows.run(values);
      s.changes.run(changes);
    }
    const after = {
      count: rows.length,
      first: rows[0]![keyAt],
      last: rows[rows.length - 1]![keyAt],
      firstHlc,
      lastHlc,
    };
    this.auditInsert.run(
      at,
      meta.actor,
      meta.action,
      entity,
      entityId,
      null,
      JSON.stringify(after),
      meta.reason ?? null,
      lastHlc,
    );
    return rows.length;
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
    const cols = Object.keys(changed);
    this.auditInsert.run(
      at,
      meta.actor,
      meta.action,
      entity,
      id,
      this.auditView(def, before, cols, outcome === 'updated'),
      this.auditView(def, changed, cols, outcome === 'updated'),
      meta.reason ?? null,
      hlc,
    );
    this.changeInsert.run(hlc, this.nodeId, entity, id, JSON.stringify(changed));
    return outcome;
  }
}

/** Whether `err` is SQLite refusing a row (constraint), as opposed to a failure of the database. */
export function isConstraint(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

/** A fresh random node id: 16 hex digits. */
export function newNodeId(): string {
  return crypto.randomBytes(8).toString('hex');
}
