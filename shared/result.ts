/**
 * The result envelope every door returns, and the error codes the UI translates.
 * Errors cross process boundaries as plain data, never as thrown objects.
 *
 * One language on screen: an error carries its text in both interface languages
 * ({@link LocalText}); each door shows exactly one of them (the UI the chosen language, the
 * CLI Vietnamese or `--lang en`). No door prints both, and no raw exception text reaches a person.
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
  'busy',
  'forbidden',
  'unauthenticated',
] as const;
/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A text in both interface languages. */
export interface LocalText {
  readonly vi: string;
  readonly en: string;
}

/** Values that fill `{name}` placeholders of a message. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders; an unknown name stays as written, so a typo shows. */
export function fill(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/**
 * A message in both languages with its parameters filled, e.g.
 * `msg('Không có đơn vị mã {code}', 'No unit with code {code}', { code })`.
 */
export function msg(vi: string, en: string, params?: MessageParams): LocalText {
  return { vi: fill(vi, params), en: fill(en, params) };
}

/** The same text in both languages (a file name, a value quoted as it is). */
export function same(text: string): LocalText {
  return { vi: text, en: text };
}

/** Joins texts language by language. */
export function joinText(parts: readonly LocalText[], separator = ' '): LocalText {
  return { vi: parts.map((p) => p.vi).join(separator), en: parts.map((p) => p.en).join(separator) };
}

/** True for a {@link LocalText}. */
export function isLocalText(value: unknown): value is LocalText {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { vi?: unknown }).vi === 'string' &&
    typeof (value as { en?: unknown }).en === 'string'
  );
}

/** Error data as it crosses a door. */
export interface ApiError {
  readonly code: ErrorCode;
  /** The text in Vietnamese (for logs and callers that show one language only). */
  readonly message: string;
  /** The text in both languages; a door shows the user's. */
  readonly text: LocalText;
  /** Per-item problems (rows, features), in Vietnamese. */
  readonly details?: readonly string[];
  /** Per-item problems in both languages. */
  readonly detailsText?: readonly LocalText[];
  /** For an internal error: the short id under which its stack was logged, to quote to support. */
  readonly ref?: string;
}

/** The envelope. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

function toText(value: LocalText | string): LocalText {
  return typeof value === 'string' ? same(value) : value;
}

/** An error the engine raises on purpose; doors turn it into `{ok:false, error}`. */
export class EngineError extends Error {
  /** The message in both languages. */
  readonly text: LocalText;
  /** Per-item problems in both languages. */
  readonly detailsText: readonly LocalText[] | undefined;

  /**
   * `text` is a {@link LocalText} (from {@link msg}); a plain string is language-neutral (shown
   * as it is in either language), so use it only for text that needs no translation.
   */
  constructor(
    readonly code: ErrorCode,
    text: LocalText | string,
    details?: readonly (LocalText | string)[],
  ) {
    const t = toText(text);
    super(t.vi);
    this.name = 'EngineError';
    this.text = t;
    this.detailsText = details?.map(toText);
  }

  /** Per-item problems in Vietnamese. */
  get details(): readonly string[] | undefined {
    return this.detailsText?.map((d) => d.vi);
  }
}

/** Wraps a value as a successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds the error envelope of an {@link EngineError}. */
export function errorOf(err: EngineError, ref?: string): ApiError {
  return {
    code: err.code,
    message: err.text.vi,
    text: err.text,
    ...(err.detailsText ? { details: err.detailsText.map((d) => d.vi), detailsText: err.detailsText } : {}),
    ...(ref ? { ref } : {}),
  };
}

/** SQLite's "database is locked/busy" errors, after the busy timeout and retries ran out. */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT';
}

/** The text of an internal error: never the raw exception, only the id to quote. */
export function internalText(ref?: string): LocalText {
  return ref
    ? msg(
        'Lỗi nội bộ (mã {ref}). Thao tác chưa được thực hiện; chi tiết đã ghi vào nhật ký lỗi.',
        'Internal error (id {ref}). Nothing was changed; the details were written to the error log.',
        { ref },
      )
    : msg('Lỗi nội bộ. Thao tác chưa được thực hiện.', 'Internal error. Nothing was changed.');
}

/**
 * Turns anything thrown into an error envelope. An {@link EngineError} keeps its code and text;
 * a busy database becomes `busy`; anything else is `internal`, and `logInternal` (when given)
 * records it and returns the id shown to the user.
 */
export function toErrorResult(err: unknown, logInternal?: (err: unknown) => string): { ok: false; error: ApiError } {
  if (err instanceof EngineError) return { ok: false, error: errorOf(err) };
  if (isBusy(err)) {
    return {
      ok: false,
      error: errorOf(
        new EngineError(
          'busy',
          msg(
            'Cơ sở dữ liệu đang bận (một chương trình khác đang ghi). Chưa lưu gì; hãy thử lại.',
            'The database is busy (another program is writing). Nothing was saved; try again.',
          ),
        ),
      ),
    };
  }
  const ref = logInternal?.(err);
  const text = internalText(ref);
  return { ok: false, error: { code: 'internal', message: text.vi, text, ...(ref ? { ref } : {}) } };
}

/** An error envelope's data from a code and a text (for doors that refuse before dispatch). */
export function apiError(code: ErrorCode, text: LocalText | string): ApiError {
  return errorOf(new EngineError(code, text));
}
