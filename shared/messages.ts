/**
 * Bilingual messages for error codes, used by the CLI and the renderer. Vietnamese first.
 */
import type { ErrorCode } from './result';

/** Interface languages. */
export type Lang = 'vi' | 'en';

/** A title per error code and language. */
export const ERROR_TITLES: Readonly<Record<ErrorCode, Readonly<Record<Lang, string>>>> = {
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
};

/** "Tiêu đề / Title: message", the bilingual form the CLI prints. */
export function bilingualError(code: ErrorCode, message: string): string {
  const t = ERROR_TITLES[code];
  return `${t.vi} / ${t.en}: ${message}`;
}
