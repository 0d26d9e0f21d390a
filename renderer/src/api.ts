/**
 * The renderer's only door to the engine: a typed client over the contract. In Electron the
 * preload exposes `window.saban.invoke`; in a browser (the loopback host, end-to-end tests) the
 * same envelope comes back from `POST /api/<method>` with the per-launch token.
 */
import { HTTP_API_PREFIX, type InputArg, type Method, type Output } from '../../shared/contract';
import { ERROR_CODES, type ApiError, type ErrorCode, type Result } from '../../shared/result';

/** What the Electron preload exposes. */
export interface SabanBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
}

declare global {
  interface Window {
    saban?: SabanBridge;
  }
}

const TOKEN_KEY = 'saban.token';

/** A failed call: the engine's error code, message and per-item details. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/**
 * Moves `?token=` from the address bar into sessionStorage, so the token survives a reload but
 * does not linger in the URL (history, screenshots, copy-paste).
 */
export function captureToken(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Checks the envelope's shape: anything else is an internal failure, never a silent success. */
function unwrap(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || !('ok' in raw)) {
    throw new ApiFailure('internal', 'Phản hồi không hợp lệ / malformed response');
  }
  if (raw.ok === true && 'value' in raw) return raw.value;
  const error = 'error' in raw ? (raw.error as Partial<ApiError> | undefined) : undefined;
  const code = isErrorCode(error?.code) ? error.code : 'internal';
  const details = Array.isArray(error?.details) ? error.details.map(String) : [];
  throw new ApiFailure(code, typeof error?.message === 'string' ? error.message : 'unknown error', details);
}

async function overHttp(method: Method, input: unknown): Promise<unknown> {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  let res: Response;
  try {
    res = await fetch(`${HTTP_API_PREFIX}${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
  } catch (err) {
    throw new ApiFailure('internal', `Không kết nối được / cannot reach the engine: ${(err as Error).message}`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ApiFailure('internal', `HTTP ${res.status}: phản hồi không phải JSON / response is not JSON`);
  }
  return body;
}

/** Calls an engine method; resolves with its output or throws an {@link ApiFailure}. */
export async function invoke<M extends Method>(method: M, input: InputArg<M>): Promise<Output<M>> {
  const raw = window.saban ? await window.saban.invoke(method, input) : await overHttp(method, input);
  // The engine's handlers are typed by the contract (Handlers in electron/engine); the door only
  // carried the value as JSON, so the cast restores the type it had on the other side.
  return unwrap(raw) as Output<M>;
}
