/**
 * Counts typed or pasted the Vietnamese way: `.` groups thousands and `,` is the decimal mark, so
 * `1.234` is one thousand two hundred thirty-four and `12,5` is twelve and a half (not a count).
 * Spaces (also the no-break and thin spaces spreadsheets put between groups) are ignored.
 */

/** Why a cell's text is not a count. */
export type CountProblem = 'notWhole' | 'negative';

/** A cell's text read as a count: empty (null), a whole number ≥ 0, or the problem. */
export type CountRead =
  { readonly ok: true; readonly value: number | null } | { readonly ok: false; readonly problem: CountProblem };

const GROUPED = /^\d{1,3}(\.\d{3})+$/;
const PLAIN = /^\d+$/;
// A decimal comma whose fraction is all zeros ("12,0", "1.234,00") still names a whole number.
const ZERO_FRACTION = /,0+$/;

/** Reads `text` as a whole number ≥ 0 (see the module comment); empty text is `null`. */
export function readCount(text: string): CountRead {
  let s = text.replace(/[\s\u00a0\u2009\u202f]/g, '');
  if (s === '') return { ok: true, value: null };
  let negative = false;
  if (/^[-\u2212]/.test(s)) {
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  s = s.replace(ZERO_FRACTION, '');
  let digits: string | null = null;
  if (PLAIN.test(s)) digits = s;
  else if (GROUPED.test(s)) digits = s.replace(/\./g, '');
  if (digits === null) return { ok: false, problem: 'notWhole' };
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return { ok: false, problem: 'notWhole' };
  if (negative && value !== 0) return { ok: false, problem: 'negative' };
  return { ok: true, value };
}

/** A count as the grid shows it: Vietnamese grouping (`1.234`), empty for null. */
export function showCount(value: number | null): string {
  if (value === null) return '';
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
