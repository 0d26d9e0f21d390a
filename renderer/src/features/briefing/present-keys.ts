/** Presentation mode's keys (pure, so tested without a browser). */

/** The slide after a key press, or null when the key leaves (Esc), or undefined when it is not ours. */
export function slideAfterKey(key: string, current: number, count: number): number | null | undefined {
  switch (key) {
    case 'ArrowRight':
    case 'PageDown':
    case ' ':
      return Math.min(count - 1, current + 1);
    case 'ArrowLeft':
    case 'PageUp':
      return Math.max(0, current - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'Escape':
      return null;
    default:
      return undefined;
  }
}
