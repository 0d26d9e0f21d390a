/**
 * What the posts views show (UI state only, no engine data): which post card or form is open, the
 * point being placed, where the map should fly, and which layers are on. The posts themselves are
 * read through the query layer (data/query.ts), which refreshes them after every write. A tiny
 * external store, so the layer inside the map and the panels outside it share it without
 * threading props through App.
 */
import { useSyncExternalStore } from 'react';
import type { PostKind } from '../../../../shared/posts';

/** A point being placed: lon/lat, or null until the operator picks one. */
export interface DraftPoint {
  readonly lon: number;
  readonly lat: number;
}

/** What the posts panel shows. */
export type PostsView =
  | { readonly kind: 'none' }
  | { readonly kind: 'card'; readonly id: string }
  | {
      readonly kind: 'edit';
      /** null: a new post. */
      readonly id: string | null;
      readonly point: DraftPoint | null;
      /** Preset for a new post (e.g. from a "commune without checkpoint" warning). */
      readonly preset?: { readonly communeCode?: string; readonly postKind?: PostKind };
    }
  | { readonly kind: 'log'; readonly id: string };

/** The whole state. */
export interface PostsState {
  readonly view: PostsView;
  /** True while the next map click places the draft point. */
  readonly picking: boolean;
  /** A request to move the map (bumps `seq` so the same place can be asked twice). */
  readonly flyTo: { readonly lon: number; readonly lat: number; readonly seq: number } | null;
  readonly showPosts: boolean;
  readonly showIncidents: boolean;
}

let state: PostsState = {
  view: { kind: 'none' },
  picking: false,
  flyTo: null,
  showPosts: true,
  showIncidents: true,
};
const listeners = new Set<() => void>();

function set(patch: Partial<PostsState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

/** The actions on the posts state. */
export const postsStore = {
  get: (): PostsState => state,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  openCard(id: string, fly?: DraftPoint): void {
    set({
      view: { kind: 'card', id },
      picking: false,
      ...(fly ? { flyTo: { ...fly, seq: (state.flyTo?.seq ?? 0) + 1 } } : {}),
    });
  },
  newPost(preset?: { communeCode?: string; postKind?: PostKind }, point?: DraftPoint): void {
    set({
      view: { kind: 'edit', id: null, point: point ?? null, ...(preset ? { preset } : {}) },
      picking: !point,
      ...(point ? { flyTo: { ...point, seq: (state.flyTo?.seq ?? 0) + 1 } } : {}),
    });
  },
  editPost(id: string, point: DraftPoint): void {
    set({ view: { kind: 'edit', id, point }, picking: false });
  },
  logShift(id: string): void {
    set({ view: { kind: 'log', id }, picking: false });
  },
  setPoint(point: DraftPoint): void {
    if (state.view.kind !== 'edit') return;
    set({ view: { ...state.view, point }, picking: false });
  },
  setPicking(picking: boolean): void {
    set({ picking: picking && state.view.kind === 'edit' });
  },
  close(): void {
    set({ view: { kind: 'none' }, picking: false });
  },
  setLayers(patch: { showPosts?: boolean; showIncidents?: boolean }): void {
    set(patch);
  },
  /** Back to the initial state (a new district). */
  reset(): void {
    set({ view: { kind: 'none' }, picking: false, flyTo: null });
  },
};

/** Reads a slice of the posts state and re-renders when it changes. */
export function usePostsState<T>(select: (s: PostsState) => T): T {
  return useSyncExternalStore(postsStore.subscribe, () => select(state));
}
