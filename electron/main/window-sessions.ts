import type { Result } from '../../shared/result';

/** Forwards one call to the engine with a session (the engine client's `call`). */
export type Forward = (method: unknown, input: unknown, session: string | null) => Promise<Result<unknown>>;

/** Methods whose answer carries a new session. */
const SIGN_IN = new Set(['auth.login', 'setup.run']);

/**
 * The Electron window's sessions, held in main per webContents: the page signs in through the
 * contract like any door, but never sees its session token (main keeps it and attaches it to every
 * call from that window), so a script in the page cannot carry it elsewhere.
 */
export class WindowSessions {
  private readonly byWindow = new Map<number, string>();

  /** Forwards a call from window `webContentsId` with its session, keeping what sign-in returns. */
  async call(webContentsId: number, method: unknown, input: unknown, forward: Forward): Promise<Result<unknown>> {
    const r = await forward(method, input, this.byWindow.get(webContentsId) ?? null);
    if (typeof method !== 'string') return r;
    if (SIGN_IN.has(method) && r.ok) {
      const value = r.value as { session: string };
      this.byWindow.set(webContentsId, value.session);
      return { ok: true, value: { ...value, session: '' } };
    }
    if (method === 'auth.logout' || (!r.ok && r.error.code === 'unauthenticated')) this.byWindow.delete(webContentsId);
    return r;
  }

  /** Lets window `to` (a hidden print window) read with window `from`'s session while it lives. */
  lend(from: number, to: number): void {
    const session = this.byWindow.get(from);
    if (session !== undefined) this.byWindow.set(to, session);
  }

  /** Forgets a window's session (the window closed or navigated away). */
  forget(webContentsId: number): void {
    this.byWindow.delete(webContentsId);
  }

  /** Whether window `webContentsId` holds a session (for tests). */
  has(webContentsId: number): boolean {
    return this.byWindow.has(webContentsId);
  }
}
