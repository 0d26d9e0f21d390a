import path from 'node:path';

/** What an Electron build of better-sqlite3 must match to be loadable. */
export interface NativeTarget {
  readonly electronVersion: string;
  readonly sqliteVersion: string;
  readonly platform: string;
  readonly arch: string;
}

const SAFE = /^[0-9A-Za-z._+-]+$/;

/**
 * Where the development Electron build of better-sqlite3 lives: `.cache/electron-native/<key>/`.
 * Node's own build stays untouched in node_modules (the tests use it); Electron's copy sits
 * beside it, keyed by everything that changes the ABI or the source, so upgrading Electron or
 * better-sqlite3 builds a fresh copy instead of loading a stale one. A packaged app never uses
 * this: electron-builder rebuilds the addon for Electron into the package.
 */
export function nativeCacheFile(projectRoot: string, t: NativeTarget): string {
  for (const v of [t.electronVersion, t.sqliteVersion, t.platform, t.arch]) {
    if (!SAFE.test(v)) throw new Error(`unsafe native target component: ${JSON.stringify(v)}`);
  }
  const key = `electron-${t.electronVersion}-better-sqlite3-${t.sqliteVersion}-${t.platform}-${t.arch}`;
  return path.join(projectRoot, '.cache', 'electron-native', key, 'better_sqlite3.node');
}
