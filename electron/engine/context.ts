/**
 * The small context every engine feature depends on: the database, the single write path,
 * settings, the clock and unit lookup. Features import this module, never the class that
 * assembles them (electron/engine/engine.ts), so no feature can form an import cycle with it.
 */
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { ApiGroup, Input, Method, Output, Settings } from '../../shared/contract';
import type { Me } from '../../shared/contract-auth';
import type { UnitRow } from './units/repo';
import type { WriteMeta, WriteTx, Writer } from './write';

/** The app version, set by the build (falls back to package.json's in development). */
export const APP_VERSION = process.env['SABAN_APP_VERSION'] ?? '0.1.0';

/** Who is calling: a signed-in account, or the command line's OS account (`id` null). */
export type Caller = Me;

/**
 * Who is calling, as the door knows it. Goes into audit entries.
 *
 * Doors that serve another process (the HTTP host, the Electron window, the province's upload
 * routes) always set `session`, null when the caller sent none: dispatch then signs the caller in
 * from it, or refuses. A context without `session` is this process's own caller (the command line,
 * tests): it acts as `caller` when given (`--user`, checked by the CLI), else as the OS account
 * with administrator rights (whoever can run this process can open the database file anyway).
 */
export interface CallContext {
  /** The door: `ui`, `http`, `cli`. */
  readonly door: string;
  /** The session token a remote door holds for its caller (null: none sent). */
  readonly session?: string | null;
  /** Who is calling; dispatch fills it in before a handler runs. */
  readonly caller?: Caller;
}

/** One function per method of a group of the contract, with parsed input. */
export type HandlersOf<G extends ApiGroup> = {
  readonly [M in keyof G]: (input: z.output<G[M]['input']>, ctx: CallContext) => z.output<G[M]['output']>;
};
/** One function per API method. */
export type Handlers = { readonly [M in Method]: (input: Input<M>, ctx: CallContext) => Output<M> };

/** What a feature may use of the engine. */
export interface EngineContext {
  readonly db: Database.Database;
  readonly dbPath: string;
  readonly nodeId: string;
  readonly writer: Writer;
  /** The clock (milliseconds since the epoch); tests fix it. */
  readonly now: () => number;
  /** Runs `fn` through the single write path with the door's actor. */
  write<T>(ctx: CallContext, meta: Omit<WriteMeta, 'actor'>, fn: (tx: WriteTx) => T): T;
  /** The audit name of whoever calls through `ctx`: the account's display name. */
  actorOf(ctx: CallContext): string;
  /** A live unit by code, or a not-found error naming the code. */
  requireUnit(code: string): UnitRow;
  /** Current settings (defaults for keys never set). */
  settings(): Settings;
}
