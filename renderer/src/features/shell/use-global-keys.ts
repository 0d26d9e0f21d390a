/** The app's global keys: "/" or Ctrl+F to search, Escape to clear the selection. */
import { useEffect, type RefObject } from 'react';

/** Registers the keys while the app lives (Escape is left to the drawing tool while it draws). */
export function useGlobalKeys(
  searchRef: RefObject<HTMLInputElement | null>,
  drawing: boolean,
  clearSelection: () => void,
): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      const inDialog = !!target?.closest('[role="dialog"]');
      if ((e.key === '/' && !typing) || (e.key.toLowerCase() === 'f' && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'Escape' && !inDialog && !drawing) {
        clearSelection();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [searchRef, drawing, clearSelection]);
}
