/**
 * Undo and redo over immutable snapshots. The grid's rows are an array of row objects that an
 * edit replaces only where it changes, so a snapshot costs one array of references.
 */

/** Past and future states around the present one. */
export interface UndoState<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
}

/** How many steps are kept. */
export const UNDO_LIMIT = 200;

/** A history holding only `present`. */
export function startUndo<T>(present: T): UndoState<T> {
  return { past: [], present, future: [] };
}

/** Moves to `next`, remembering the present (nothing happens when `next` is the present). */
export function pushUndo<T>(state: UndoState<T>, next: T): UndoState<T> {
  if (next === state.present) return state;
  const past = [...state.past, state.present];
  return { past: past.length > UNDO_LIMIT ? past.slice(past.length - UNDO_LIMIT) : past, present: next, future: [] };
}

/** Back one step (unchanged when there is none). */
export function undo<T>(state: UndoState<T>): UndoState<T> {
  const prev = state.past[state.past.length - 1];
  if (prev === undefined) return state;
  return { past: state.past.slice(0, -1), present: prev, future: [state.present, ...state.future] };
}

/** Forward one step (unchanged when there is none). */
export function redo<T>(state: UndoState<T>): UndoState<T> {
  const next = state.future[0];
  if (next === undefined) return state;
  return { past: [...state.past, state.present], present: next, future: state.future.slice(1) };
}
