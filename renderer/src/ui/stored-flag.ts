/**
 * A yes/no choice remembered in localStorage across restarts (map overlays folded or open).
 * Storage can be unavailable or full: the choice then lasts for the session only.
 */
import { useCallback, useState } from 'react';

/** The remembered value of `key` (`fallback` when never set), and a setter that remembers it. */
export function useStoredFlag(key: string, fallback: boolean): [boolean, (value: boolean) => void] {
  const [value, setValue] = useState<boolean>(() => {
    try {
      const stored = localStorage.getItem(key);
      return stored === null ? fallback : stored === '1';
    } catch {
      return fallback;
    }
  });
  const set = useCallback(
    (next: boolean) => {
      setValue(next);
      try {
        localStorage.setItem(key, next ? '1' : '0');
      } catch {
        // Not remembered; the overlay still folds for this session.
      }
    },
    [key],
  );
  return [value, set];
}
