/**
 * What the clusters views show (UI state only; engine data is read through data/query.ts): which
 * dialog is open, a drawing in progress on the map and what it produced, and whether the map
 * layer is on. A tiny external store, so the map layer, the drawing tool inside the map and the
 * dialogs outside it share it without threading props through App.
 */
import { useSyncExternalStore } from 'react';

/** A drawn polygon or a picked point (GeoJSON, WGS84). */
export type Drawn =
  | { readonly type: 'Polygon'; readonly coordinates: number[][][] }
  | { readonly type: 'Point'; readonly coordinates: [number, number] };

/** Which dialog is open. */
export type ClustersDialog =
  | { readonly kind: 'none' }
  | { readonly kind: 'list'; readonly tab: 'clusters' | 'lockdowns' }
  | { readonly kind: 'cluster'; readonly id: string | null }
  | { readonly kind: 'lockdown'; readonly id: string | null }
  | { readonly kind: 'lockdownDetail'; readonly id: string };

/** A record just deleted, which the undo bar can bring back. */
export interface Removed {
  readonly kind: 'cluster' | 'lockdown';
  readonly id: string;
  readonly name: string;
  /** Lockdowns the removal unlinked from the cluster (relinked by the undo). */
  readonly relink: readonly string[];
}

/** The whole state. */
export interface ClustersState {
  readonly dialog: ClustersDialog;
  /** A drawing in progress (the dialog hides meanwhile), and its shape. */
  readonly drawing: 'Polygon' | 'Point' | null;
  /** The last shape drawn (bumped `seq` on each). */
  readonly drawn: { readonly shape: Drawn; readonly seq: number } | null;
  readonly showLayer: boolean;
  /** The last deletion, while its undo is offered. */
  readonly removed: Removed | null;
}

let state: ClustersState = { dialog: { kind: 'none' }, drawing: null, drawn: null, showLayer: true, removed: null };
const listeners = new Set<() => void>();

function set(patch: Partial<ClustersState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

/** The actions on the clusters state. */
export const clustersStore = {
  get: (): ClustersState => state,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  open(dialog: ClustersDialog): void {
    set({ dialog, drawing: null, drawn: null });
  },
  close(): void {
    set({ dialog: { kind: 'none' }, drawing: null, drawn: null });
  },
  startDrawing(shape: 'Polygon' | 'Point'): void {
    set({ drawing: shape });
  },
  finishDrawing(shape: Drawn): void {
    set({ drawing: null, drawn: { shape, seq: (state.drawn?.seq ?? 0) + 1 } });
  },
  cancelDrawing(): void {
    set({ drawing: null });
  },
  setShowLayer(showLayer: boolean): void {
    set({ showLayer });
  },
  /** After a deletion: closes its dialog and offers the undo (null: the offer goes). */
  setRemoved(removed: Removed | null): void {
    set(removed ? { removed, dialog: { kind: 'none' }, drawing: null, drawn: null } : { removed });
  },
};

/** Reads a slice of the clusters state and re-renders when it changes. */
export function useClustersState<T>(select: (s: ClustersState) => T): T {
  return useSyncExternalStore(clustersStore.subscribe, () => select(state));
}
