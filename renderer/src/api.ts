/**
 * The renderer's only door to the engine: a typed client over the contract. In Electron the
 * preload exposes `window.saban.invoke`; in a browser (the loopback host, end-to-end tests) the
 * same envelope comes back from `POST /api/<method>` with the per-launch token.
 */
import { HTTP_API_PREFIX, type InputArg, type Method, type Output } from '../../shared/contract';
import { SESSION_HEADER, SESSION_STORAGE_KEY } from '../../shared/ipc';
import {
  ERROR_CODES,
  isLocalText,
  msg,
  same,
  type ApiError,
  type ErrorCode,
  type LocalText,
  type Result,
} from '../../shared/result';
import { PRINT_PDF_PATH, type PrintRequest } from '../../shared/print';

/** What the Electron preload exposes. */
export interface SabanBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  /** Prints a print page to PDF bytes in a hidden window (electron/main/print-window.ts). */
  print?(req: PrintRequest): Promise<Result<Uint8Array>>;
}

declare global {
  interface Window {
    saban?: SabanBridge;
  }
}

const TOKEN_KEY = 'saban.token';
/**
 * The browser host's session for this tab (the Electron window never sees its session: main keeps
 * it). In sessionStorage, so a reload keeps the person signed in and closing the tab signs out.
 */
const SESSION_KEY = SESSION_STORAGE_KEY;

const signedOutListeners = new Set<() => void>();

/** Calls `listener` whenever a call is refused for want of a session (idle timeout, sign-out elsewhere). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/** What a failure carries beside its code and text. */
export interface FailureExtras {
  /** Per-item problems (rows, features) in both languages. */
  readonly details?: readonly LocalText[];
  /** For an internal error: the id its stack was logged under, for the operator to quote. */
  readonly ref?: string;
}

/**
 * A failed call: the engine's error code, its text in both languages (the screen shows one), the
 * per-item details and, for an internal error, the short reference to quote. `message` is the
 * Vietnamese text, for logs.
 */
export class ApiFailure extends Error {
  readonly text: LocalText;
  readonly detailsText: readonly LocalText[];
  readonly ref: string | undefined;
  constructor(
    readonly code: ErrorCode,
    text: LocalText | string,
    extras: FailureExtras = {},
  ) {
    const local = typeof text === 'string' ? same(text) : text;
    super(local.vi);
    this.name = 'ApiFailure';
    this.text = local;
    this.detailsText = extras.details ?? [];
    this.ref = extras.ref;
  }

  /** The per-item details in Vietnamese (kept for callers that read them as strings). */
  get details(): readonly string[] {
    return this.detailsText.map((d) => d.vi);
  }
}

const MALFORMED = msg('Phản hồi của máy chủ dữ liệu không hợp lệ.', 'The data engine sent a malformed response.');

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
    throw new ApiFailure('internal', MALFORMED);
  }
  if (raw.ok === true && 'value' in raw) return raw.value;
  throw failureOf('error' in raw ? raw.error : undefined);
}

/** An {@link ApiFailure} from an envelope's error data, whatever shape it came in. */
export function failureOf(raw: unknown): ApiFailure {
  const error = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof ApiError, unknown>>;
  const code = isErrorCode(error.code) ? error.code : 'internal';
  const text = isLocalText(error.text)
    ? error.text
    : typeof error.message === 'string'
      ? same(error.message)
      : MALFORMED;
  const details = Array.isArray(error.detailsText)
    ? error.detailsText.filter(isLocalText)
    : Array.isArray(error.details)
      ? error.details.map((d) => same(String(d)))
      : [];
  return new ApiFailure(code, text, {
    details,
    ...(typeof error.ref === 'string' ? { ref: error.ref } : {}),
  });
}

async function overHttp(method: Method, input: unknown): Promise<unknown> {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const session = sessionStorage.getItem(SESSION_KEY);
  let res: Response;
  try {
    res = await fetch(`${HTTP_API_PREFIX}${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...(session ? { [SESSION_HEADER]: session } : {}),
      },
      body: JSON.stringify(input),
    });
  } catch (err) {
    throw new ApiFailure(
      'internal',
      msg(
        'Không kết nối được với máy chủ dữ liệu ({why}). Kiểm tra chương trình còn chạy rồi tải lại trang.',
        'Cannot reach the data engine ({why}). Check that it is still running, then reload the page.',
        { why: (err as Error).message },
      ),
    );
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ApiFailure(
      'internal',
      msg(
        'Máy chủ dữ liệu trả lời HTTP {status} không đọc được.',
        'The data engine answered HTTP {status}, unreadable.',
        {
          status: res.status,
        },
      ),
    );
  }
  return body;
}

/** Keeps the session a sign-in returned (browser host), forgets it on sign-out. */
function keepSession(method: Method, value: unknown): void {
  if (method === 'auth.login' || method === 'setup.run') {
    const session = (value as { session?: unknown }).session;
    // Empty in Electron, where main keeps the window's session.
    if (typeof session === 'string' && session !== '') sessionStorage.setItem(SESSION_KEY, session);
  } else if (method === 'auth.logout') sessionStorage.removeItem(SESSION_KEY);
}

/** Calls an engine method; resolves with its output or throws an {@link ApiFailure}. */
export async function invoke<M extends Method>(method: M, input: InputArg<M>): Promise<Output<M>> {
  const raw = window.saban ? await window.saban.invoke(method, input) : await overHttp(method, input);
  // The engine's handlers are typed by the contract (Handlers in electron/engine); the door only
  // carried the value as JSON, so the cast restores the type it had on the other side.
  try {
    const value = unwrap(raw) as Output<M>;
    keepSession(method, value);
    return value;
  } catch (err) {
    if (err instanceof ApiFailure && err.code === 'unauthenticated' && method !== 'auth.login') {
      sessionStorage.removeItem(SESSION_KEY);
      for (const l of signedOutListeners) l();
    }
    throw err;
  }
}

/**
 * Prints a print page (renderer/src/print/) to PDF through the door: Electron's hidden window, or
 * the browser host's `POST /print/pdf` (an installed Chromium). Null when this host has no browser
 * to print with (the caller opens the print dialog instead).
 */
export async function printOverDoor(req: PrintRequest): Promise<Blob | null> {
  if (window.saban) {
    if (!window.saban.print) return null;
    const bytes = unwrap(await window.saban.print(req)) as Uint8Array;
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const session = sessionStorage.getItem(SESSION_KEY);
  const res = await fetch(PRINT_PDF_PATH, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      // The print page reads the data as the person who asked for it.
      ...(session ? { [SESSION_HEADER]: session } : {}),
    },
    body: JSON.stringify(req),
  });
  if (res.status === 501 || res.status === 404) return null;
  if (res.ok && res.headers.get('content-type') === 'application/pdf') return res.blob();
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // unreadable: reported below
  }
  return unwrap(body) as never;
}
