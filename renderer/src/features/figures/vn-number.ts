/**
 * Counts as the grid shows them: Vietnamese grouping, `.` between thousands (`1.234`). Reading
 * them back is shared/figures.ts `parseCount`, the same reader the engine's imports use.
 */

/** A count as the grid shows it: Vietnamese grouping (`1.234`), empty for null. */
export function showCount(value: number | null): string {
  if (value === null) return '';
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
