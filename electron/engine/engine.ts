import type Database from 'better-sqlite3';
import type { Settings } from '../../shared/contract';
import { EngineError, msg } from '../../shared/result';
import type { Access } from '../../shared/access';
import { appHandlers } from './app/handlers';
import { authHandlers } from './auth/handlers';
import { callerOf as resolveCaller } from './auth/sessions';
import { osCaller } from './auth/accounts';
import { auditHandlers } from './audit/handlers';
import { backupBeforeImports, backupHandlers } from './backup/handlers';
import { clustersHandlers } from './clusters/handlers';
import type { CallContext, Caller, EngineContext, Handlers } from './context';
import { openDatabase, type OpenOptions } from './db';
import { figuresHandlers } from './figures/handlers';
import { peopleHandlers } from './people/handlers';
import { postsHandlers } from './posts/handlers';
import { reportHandlers } from './report/handlers';
import { riskHandlers } from './risk/handlers';
import { appSettings } from './settings/settings';
import { settingsHandlers } from './settings/handlers';
import { syncHandlers } from './sync/handlers';
import { unitsHandlers } from './units/handlers';
import { getUnitRow, type UnitRow } from './units/repo';
import { seedTrainingOutbreak } from './clusters/training';
import { seedTrainingFigures } from './figures/training';
import { seedTrainingDistrict, TRAINING_DISTRICT_CODE } from './units/training';
import { vnToday } from '../../shared/time';
import { newNodeId, Writer, type WriteMeta, type WriteTx } from './write';

/** Options for {@link Engine.open}. */
export interface EngineOptions extends OpenOptions {
  /** Seed the fictional training district when the database is new (no units yet). */
  readonly seedTraining?: boolean;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/**
 * The data engine: owns the SQLite database and assembles the features, each of which implements
 * its group of the contract (electron/engine/<feature>/handlers.ts) against {@link EngineContext}.
 * All writes go through {@link Writer} (row + audit + change log in one transaction).
 */
export class Engine implements EngineContext {
  readonly writer: Writer;
  readonly nodeId: string;
  readonly handlers: Handlers;
  /** Who this process's own calls act as (`saban --user`); the OS account when null. */
  private localCaller: Caller | null = null;

  private constructor(
    readonly db: Database.Database,
    readonly dbPath: string,
    readonly now: () => number,
  ) {
    this.nodeId = this.ensureNodeId();
    this.writer = new Writer(db, this.nodeId, now);
    // Each feature implements its own group of the contract; `satisfies` proves none is missing.
    this.handlers = backupBeforeImports(this, {
      ...appHandlers(this),
      ...unitsHandlers(this),
      ...auditHandlers(this),
      ...settingsHandlers(this),
      ...riskHandlers(this),
      ...postsHandlers(this),
      ...peopleHandlers(this),
      ...syncHandlers(this, now),
      ...backupHandlers(this),
      ...figuresHandlers(this),
      ...clustersHandlers(this),
      ...reportHandlers(this),
      ...authHandlers(this),
    } satisfies Handlers);
  }

  /** Opens or creates a database at `file` and returns its engine. */
  static open(file: string, options: EngineOptions = {}): Engine {
    const db = openDatabase(file, options);
    try {
      const engine = new Engine(db, file, options.now ?? Date.now);
      if (options.seedTraining && engine.unitCount() === 0) {
        engine.writer.transact({ actor: 'system', action: 'training.seed', reason: 'Dữ liệu tập huấn' }, (tx) => {
          seedTrainingDistrict(tx);
          seedTrainingFigures(tx, vnToday(engine.now()), new Date(engine.now()).toISOString());
          // One outbreak cluster, its lockdown and the checkpoint guarding it (Xã Vĩnh Phước, Ấp 2).
          seedTrainingOutbreak(tx, `${TRAINING_DISTRICT_CODE}06`, engine.now());
        });
      }
      return engine;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Closes the database (checkpointing the WAL). */
  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs `fn` through the single write path with the door's actor. */
  write<T>(ctx: CallContext, meta: Omit<WriteMeta, 'actor'>, fn: (tx: WriteTx) => T): T {
    return this.writer.transact({ ...meta, actor: this.actorOf(ctx) }, fn);
  }

  /**
   * The audit name of whoever calls through `ctx`: the signed-in account's display name (dispatch
   * fills `caller` in), or the OS account for this process's own calls.
   */
  actorOf(ctx: CallContext): string {
    if (ctx.caller) return ctx.caller.displayName;
    return ctx.session === undefined ? (this.localCaller ?? osCaller()).displayName : ctx.door;
  }

  /** Who is calling through `ctx` for a method that needs `needs` (see dispatch). */
  callerOf(ctx: CallContext, needs: Access): Caller | null {
    if (ctx.session === undefined && !ctx.caller && this.localCaller) return this.localCaller;
    return resolveCaller(this, ctx, needs);
  }

  /**
   * Makes this process's own calls (those without a session) act as `caller`: the command line's
   * `--user`, after its password was checked.
   */
  actAs(caller: Caller): void {
    this.localCaller = caller;
  }

  /** A live unit by code, or a not-found error naming the code. */
  requireUnit(code: string): UnitRow {
    const row = getUnitRow(this.db, code);
    if (!row || row.deleted) {
      throw new EngineError('not-found', msg('Không có đơn vị mã {code}', 'No unit with code {code}', { code }));
    }
    return row;
  }

  /** Current settings (defaults for keys never set). */
  settings(): Settings {
    return appSettings(this.db);
  }

  private ensureNodeId(): string {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'node_id'").get() as { value: string } | undefined;
    if (row) return row.value;
    const id = newNodeId();
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('node_id', ?)").run(id);
    return id;
  }

  private unitCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM units WHERE deleted = 0').get() as { n: number }).n;
  }
}

export { APP_VERSION, type CallContext, type Handlers, type HandlersOf } from './context';
