import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { api, isMethod, type Method, type Output } from '../../shared/contract';
import { EngineError, msg, toErrorResult, type Result } from '../../shared/result';
import type { CallContext, Handlers } from './context';

/** What dispatch needs of the engine: its handler map, and where its database lives (for the error log). */
export interface Dispatchable {
  readonly handlers: Handlers;
  readonly dbPath?: string;
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
 * the wire), runs the engine's handler and returns the result envelope. Never throws.
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
    const handler = engine.handlers[method] as (input: unknown, ctx: CallContext) => unknown;
    return { ok: true, value: handler(parsed.data, ctx) };
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
