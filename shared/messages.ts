/**
 * Titles of error codes, used by the CLI and the renderer, and the one function that renders an
 * error in one language.
 */
import type { ApiError, ErrorCode, LocalText } from './result';

/** Interface languages. */
export type Lang = 'vi' | 'en';

/** A title per error code and language. */
export const ERROR_TITLES: Readonly<Record<ErrorCode, LocalText>> = {
  'bad-request': { vi: 'Yêu cầu không hợp lệ', en: 'Invalid request' },
  'unknown-method': { vi: 'Chức năng không tồn tại', en: 'Unknown function' },
  unauthorized: { vi: 'Không có quyền truy cập', en: 'Not authorised' },
  'not-found': { vi: 'Không tìm thấy', en: 'Not found' },
  conflict: { vi: 'Xung đột dữ liệu', en: 'Conflict' },
  'bad-file': { vi: 'Tệp không hợp lệ', en: 'Invalid file' },
  'bad-geometry': { vi: 'Hình học không hợp lệ', en: 'Invalid geometry' },
  'too-large': { vi: 'Tệp quá lớn', en: 'File too large' },
  'db-too-new': { vi: 'Cơ sở dữ liệu của phiên bản mới hơn', en: 'Database from a newer version' },
  'db-error': { vi: 'Lỗi cơ sở dữ liệu', en: 'Database error' },
  internal: { vi: 'Lỗi nội bộ', en: 'Internal error' },
  busy: { vi: 'Cơ sở dữ liệu đang bận', en: 'Database busy' },
  forbidden: { vi: 'Không được phép', en: 'Not permitted' },
  unauthenticated: { vi: 'Chưa đăng nhập', en: 'Not signed in' },
};

/** Codes that mean the user can fix the input (shown as a warning, not as a failure). */
export const USER_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'bad-request',
  'not-found',
  'conflict',
  'bad-file',
  'bad-geometry',
  'too-large',
  'busy',
  'forbidden',
  'unauthenticated',
]);

/** The language a command line asks for: `--lang en`, else a `LANG` starting with `en`, else Vietnamese. */
export function langOf(flag: string | undefined, envLang: string | undefined): Lang {
  if (flag === 'en' || flag === 'vi') return flag;
  return envLang?.toLowerCase().startsWith('en') ? 'en' : 'vi';
}

/** "Title: message" in one language, the form the CLI prints. */
export function errorLine(error: Pick<ApiError, 'code' | 'text'>, lang: Lang): string {
  return `${ERROR_TITLES[error.code][lang]}: ${error.text[lang]}`;
}

/** @deprecated Two languages at once; the CLI moves to {@link errorLine}. */
export function bilingualError(code: ErrorCode, message: string): string {
  const t = ERROR_TITLES[code];
  return `${t.vi} / ${t.en}: ${message}`;
}
