/**
 * Sync outputs carry their messages as `text: {vi, en}` beside the older `message` string (a
 * Vietnamese line, or both languages joined). The dialog shows `text` in the chosen language when
 * it is there, and falls back to `message` otherwise, so one language reaches the screen.
 */
import type { Lang } from '../../../../shared/messages';
import type { LocalText } from '../../../../shared/result';

function isLocalText(value: unknown): value is LocalText {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { vi?: unknown }).vi === 'string' &&
    typeof (value as { en?: unknown }).en === 'string'
  );
}

/**
 * The `lang` side of `item[field]` when it is a {@link LocalText}, else `fallback`.
 * `item` is any sync output object (an export or import result, a job, a district row).
 */
export function worded(item: object | null | undefined, field: string, lang: Lang, fallback: string): string {
  if (!item) return fallback;
  const value: unknown = (item as Readonly<Record<string, unknown>>)[field];
  return isLocalText(value) ? value[lang] : fallback;
}
