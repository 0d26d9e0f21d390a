import { api, isMethod, type Method, type Output } from '../../shared/contract';
import { EngineError, toErrorResult, type Result } from '../../shared/result';
import type { CallContext, Handlers } from './context';

/** What dispatch needs of the engine: its handler map. */
export interface Dispatchable {
  readonly handlers: Handlers;
}

/**
 * The one entry every door calls: validates `method` and `input` (both `unknown`, straight off
 * the wire), runs the engine's handler and returns the result envelope. Never throws.
 */
export function dispatch(engine: Dispatchable, method: unknown, input: unknown, ctx: CallContext): Result<unknown> {
  try {
    if (!isMethod(method)) {
      throw new EngineError('unknown-method', `Không có chức năng / unknown method: ${String(method).slice(0, 100)}`);
    }
    const parsed = api[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
      throw new EngineError(
        'bad-request',
        `${method}: dữ liệu vào không hợp lệ / invalid input: ${details.join('; ')}`,
        details,
      );
    }
    const handler = engine.handlers[method] as (input: unknown, ctx: CallContext) => unknown;
    return { ok: true, value: handler(parsed.data, ctx) };
  } catch (err) {
    return toErrorResult(err);
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
