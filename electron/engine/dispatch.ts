import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Access, roleMay } from '../../shared/access';
import { ACCESS_TEXT, ROLE_TEXT } from '../../shared/contract-auth';
import { access, api, isMethod, type Method, type Output } from '../../shared/contract';
import { EngineError, msg, toErrorResult, type Result } from '../../shared/result';
import type { CallContext, Caller, Handlers } from './context';

/**
 * What dispatch needs of the engine: its handler map, where its database lives (for the error
 * log), and who is calling (the engine signs remote callers in from their session).
 */
export interface Dispatchable {
  readonly handlers: Handlers;
  readonly dbPath?: string;
  /**
   * Who calls through `ctx` for a method that needs `needs`; null when nobody signed in and the
   * method is public or signed; throws `unauthenticated` otherwise. Without it, only a context
   * without `session` (this process's own caller) gets past a method that needs a role.
   */
  callerOf?(ctx: CallContext, needs: Access): Caller | null;
}

/** Who calls, for a dispatchable without its own sign-in (test doubles): only this process. */
function callerWithout(ctx: CallContext, needs: Access): Caller | null {
  if (ctx.session === undefined && ctx.caller) return ctx.caller;
  if (ctx.session === undefined || needs === 'public' || needs === 'signed') return null;
  throw new EngineError('unauthenticated', msg('Chưa đăng nhập', 'Not signed in'));
}

/**
 * The access check: the caller's role must grant what `method` needs. Refused with
 * `unauthenticated` without a caller, `forbidden` with one whose role falls short.
 */
function authorise(engine: Dispatchable, method: Method, ctx: CallContext): CallContext {
  const needs = access[method];
  const caller = engine.callerOf ? engine.callerOf(ctx, needs) : callerWithout(ctx, needs);
  if (needs === 'public' || needs === 'signed') return caller ? { ...ctx, caller } : ctx;
  if (!caller) {
    // Only a test double without sign-in and without a session gets here: it acts as this process.
    if (ctx.session === undefined) return ctx;
    throw new EngineError('unauthenticated', msg('Chưa đăng nhập', 'Not signed in'));
  }
  if (!roleMay(caller.role, needs)) {
    const role = ROLE_TEXT[caller.role];
    const what = ACCESS_TEXT[needs];
    throw new EngineError(
      'forbidden',
      msg(
        '{name} (vai trò {roleVi}) không được {whatVi}: {method}',
        '{name} (role {roleEn}) may not {whatEn}: {method}',
        { name: caller.displayName, roleVi: role.vi, roleEn: role.en, whatVi: what.vi, whatEn: what.en, method },
      ),
    );
  }
  return { ...ctx, caller };
}

/** The error log's name; it sits beside the database file. */
export const ERROR_LOG_NAME = 'saban-errors.log';

/**
 * Appends an internal error with its stack to the error log beside the database and returns the
 * short id the user is shown, so support can find the entry. Logging never throws: a log that
 * cannot be written still yields an id (and the stack goes to stderr).
 */
export function logInternalError(dbPath: string | undefined, method: string, err: unknown): string {
  const ref = crypto.randomBytes(4).toString('hex');
  const stack = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  const entry = `[${new Date().toISOString()}] ${ref} ${method}\n${stack}\n\n`;
  try {
    if (!dbPath) throw new Error('no database path');
    fs.appendFileSync(path.join(path.dirname(dbPath), ERROR_LOG_NAME), entry, 'utf8');
  } catch {
    process.stderr.write(entry);
  }
  return ref;
}

/**
 * The one entry every door calls: validates `method` and `input` (both `unknown`, straight off
 * the wire), checks that the caller may call it (shared/access.ts: declared beside the contract,
 * enforced here for every door), runs the engine's handler with the caller in its context and
 * returns the result envelope. Never throws.
 */
export function dispatch(engine: Dispatchable, method: unknown, input: unknown, ctx: CallContext): Result<unknown> {
  try {
    if (!isMethod(method)) {
      throw new EngineError(
        'unknown-method',
        msg('Không có chức năng {method}', 'Unknown method {method}', { method: String(method).slice(0, 100) }),
      );
    }
    const parsed = api[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
      throw new EngineError(
        'bad-request',
        msg('{method}: dữ liệu vào không hợp lệ: {details}', '{method}: invalid input: {details}', {
          method,
          details: details.join('; '),
        }),
        details,
      );
    }
    const callCtx = authorise(engine, method, ctx);
    const handler = engine.handlers[method] as (input: unknown, ctx: CallContext) => unknown;
    return { ok: true, value: handler(parsed.data, callCtx) };
  } catch (err) {
    return toErrorResult(err, (e) => logInternalError(engine.dbPath, String(method).slice(0, 100), e));
  }
}

/** Calls a method with typed input from trusted code (CLI, tests); throws EngineError on failure. */
export function call<M extends Method>(
  engine: Dispatchable,
  method: M,
  input: unknown,
  ctx: CallContext = { door: 'cli' },
): Output<M> {
  const r = dispatch(engine, method, input, ctx);
  if (!r.ok) throw new EngineError(r.error.code, r.error.text, r.error.detailsText);
  return r.value as Output<M>;
}
