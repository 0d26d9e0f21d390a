/**
 * The result envelope every door returns, and the error codes the UI translates.
 * Errors cross process boundaries as plain data, never as thrown objects.
 */

/** Stable error codes. Add new ones at the end; the UI and CLI translate each (see messages.ts). */
export const ERROR_CODES = [
  'bad-request',
  'unknown-method',
  'unauthorized',
  'not-found',
  'conflict',
  'bad-file',
  'bad-geometry',
  'too-large',
  'db-too-new',
  'db-error',
  'internal',
] as const;
/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Error data as it crosses a door. `details` holds per-item problems (rows, features). */
export interface ApiError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: readonly string[];
}

/** The envelope. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** An error the engine raises on purpose; doors turn it into `{ok:false, error}`. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: readonly string[],
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Wraps a value as a successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Turns anything thrown into an error envelope; unexpected errors become `internal`. */
export function toErrorResult(err: unknown): { ok: false; error: ApiError } {
  if (err instanceof EngineError) {
    return {
      ok: false,
      error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, error: { code: 'internal', message } };
}
