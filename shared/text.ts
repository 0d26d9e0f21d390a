/**
 * Vietnamese text helpers: diacritic-insensitive folding and name sorting.
 * Pure functions, shared by the engine, the CLI and the renderer.
 */

const COMBINING = /[\u0300-\u036f]/g;

/**
 * Folds text for search: lower case, no diacritics, `đ` → `d`, collapsed spaces.
 * "Xã Long Điền Đông" → "xa long dien dong".
 */
export function fold(text: string): string {
  return text.normalize('NFD').replace(COMBINING, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * True when every word of `query` starts a word of `text` (folded, any order), so typing
 * "long dien d" finds "Xã Long Điền Đông" while "a" does not match the "a" inside "xa".
 */
export function matchesQuery(text: string, query: string): boolean {
  const words = fold(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const hay = fold(text).split(/[\s,.;:()/-]+/);
  return words.every((w) => hay.some((h) => h.startsWith(w)));
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Compares two strings the Vietnamese way (diacritics sorted after the base letter). */
export function compareVi(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Escapes text for safe inclusion in HTML (tooltips, printed reports). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
