import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeCacheFile } from '../../electron/main/native-cache';
import {
  absoluteDbArgs,
  addonHasAbi,
  browserOpener,
  buildEnv,
  electronNativeTarget,
  findElectronBinary,
  PROJECT_ROOT,
  serveArgs,
} from '../../scripts/electron-native';

describe('Electron binary detection (npm start)', () => {
  it('is null when require("electron") throws (binary never downloaded)', () => {
    const load = (): unknown => {
      throw new Error('Electron failed to install correctly');
    };
    expect(findElectronBinary(load)).toBeNull();
  });

  it('is null when the recorded path does not exist, the path when it does', () => {
    expect(
      findElectronBinary(
        () => '/nowhere/electron',
        () => false,
      ),
    ).toBeNull();
    expect(
      findElectronBinary(
        () => '/opt/electron/electron',
        (f) => f === '/opt/electron/electron',
      ),
    ).toBe('/opt/electron/electron');
    expect(
      findElectronBinary(
        () => undefined,
        () => true,
      ),
    ).toBeNull();
  });

  it('agrees with the electron package on this machine', () => {
    let expected: string | null;
    try {
      const p = createRequire(path.join(PROJECT_ROOT, 'package.json'))('electron') as string;
      expected = fs.existsSync(p) ? p : null;
    } catch {
      expected = null;
    }
    expect(findElectronBinary()).toBe(expected);
  });
});

describe('Electron build of better-sqlite3: cache location', () => {
  it('keys the cache by Electron, better-sqlite3, platform and arch', () => {
    const file = nativeCacheFile('/repo', {
      electronVersion: '41.7.1',
      sqliteVersion: '12.11.1',
      platform: 'win32',
      arch: 'x64',
    });
    expect(file).toBe(
      path.join(
        '/repo',
        '.cache',
        'electron-native',
        'electron-41.7.1-better-sqlite3-12.11.1-win32-x64',
        'better_sqlite3.node',
      ),
    );
  });

  it('refuses version strings that could escape the folder', () => {
    expect(() =>
      nativeCacheFile('/repo', { electronVersion: '../../x', sqliteVersion: '1', platform: 'linux', arch: 'x64' }),
    ).toThrow();
  });

  it('keeps npm config that would aim node-gyp at Node instead of Electron out of the build', () => {
    const env = buildEnv({
      npm_config_nodedir: '/usr',
      npm_config_target: '20.0.0',
      npm_config_runtime: 'node',
      npm_config_https_proxy: 'http://proxy:3128',
      PATH: '/usr/bin',
    });
    expect(env).toEqual({ npm_config_https_proxy: 'http://proxy:3128', PATH: '/usr/bin' });
  });

  it("recognises an addon's ABI (Node's own build here: loads in Node, is not Electron's)", async () => {
    const require = createRequire(path.join(PROJECT_ROOT, 'package.json'));
    const nodeBuild = path.join(
      path.dirname(require.resolve('better-sqlite3/package.json')),
      'build',
      'Release',
      'better_sqlite3.node',
    );
    expect(await addonHasAbi(nodeBuild, process.versions.modules)).toBe(true);
    expect(await addonHasAbi(nodeBuild, '145')).toBe(false);
  });

  // A fixture checkout: `electron` is optional, so this machine may not have it installed.
  it('reads the installed versions', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-native-target-'));
    const put = (name: string, version: string): void => {
      fs.mkdirSync(path.join(root, 'node_modules', name), { recursive: true });
      fs.writeFileSync(path.join(root, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
    };
    fs.writeFileSync(path.join(root, 'package.json'), '{"name":"fixture"}');
    put('better-sqlite3', '12.6.2');
    // Without the optional electron package there is no Electron target (npm start then uses the browser host).
    expect(() => electronNativeTarget(root)).toThrow();
    put('electron', '41.7.1');
    const t = electronNativeTarget(root);
    expect(t.electronVersion).toBe('41.7.1');
    expect(t.sqliteVersion).toBe('12.6.2');
    fs.rmSync(root, { recursive: true, force: true });
  });
});

describe('npm start arguments and browser opening', () => {
  it('makes --db absolute against the directory the user ran npm from', () => {
    expect(absoluteDbArgs(['--db', 'data/a.sqlite', '--x'], '/home/u/work')).toEqual([
      '--db',
      '/home/u/work/data/a.sqlite',
      '--x',
    ]);
    expect(absoluteDbArgs(['--db=b.sqlite'], '/home/u')).toEqual(['--db=/home/u/b.sqlite']);
    expect(absoluteDbArgs(['--db', '/abs/c.sqlite'], '/home/u')).toEqual(['--db', '/abs/c.sqlite']);
  });

  it('passes only --db and --port to the browser host', () => {
    expect(serveArgs(['--db', '/a', '--port', '8080', '--inspect', '--remote-debugging-port=1'])).toEqual([
      '--db',
      '/a',
      '--port',
      '8080',
    ]);
    expect(serveArgs(['--db=/a', '--port=1'])).toEqual(['--db=/a', '--port=1']);
  });

  it('opens a browser only where there is a display and an opener', () => {
    const url = 'http://127.0.0.1:1234/?token=abc';
    expect(browserOpener(url, 'linux', {}, () => true)).toBeNull();
    expect(browserOpener(url, 'linux', { DISPLAY: ':0' }, () => false)).toBeNull();
    expect(browserOpener(url, 'linux', { WAYLAND_DISPLAY: 'wayland-0' }, () => true)).toEqual({
      command: 'xdg-open',
      args: [url],
    });
    expect(browserOpener(url, 'darwin', {}, (c) => c === 'open')).toEqual({ command: 'open', args: [url] });
    expect(browserOpener(url, 'win32', {}, () => false)?.args).toContain(url);
  });
});
