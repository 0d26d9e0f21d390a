import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticFile } from '../../electron/main/static-path';

const root = '/srv/out/renderer';

describe('app:// static file resolution', () => {
  it('maps app://saban paths to files inside the renderer folder', () => {
    expect(resolveStaticFile(root, 'app://saban/', path.posix)).toBe('/srv/out/renderer/index.html');
    expect(resolveStaticFile(root, 'app://saban/index.html', path.posix)).toBe('/srv/out/renderer/index.html');
    expect(resolveStaticFile(root, 'app://saban/assets/index-abc.js?v=1#x', path.posix)).toBe(
      '/srv/out/renderer/assets/index-abc.js',
    );
    expect(resolveStaticFile(root, 'app://saban/t%E1%BB%87p.png', path.posix)).toBe('/srv/out/renderer/tệp.png');
  });

  it('refuses other schemes and hosts', () => {
    expect(resolveStaticFile(root, 'app://evil/index.html', path.posix)).toBeNull();
    expect(resolveStaticFile(root, 'file:///srv/out/renderer/index.html', path.posix)).toBeNull();
    expect(resolveStaticFile(root, 'https://saban/index.html', path.posix)).toBeNull();
    expect(resolveStaticFile(root, 'not a url', path.posix)).toBeNull();
  });

  it('refuses every way out of the folder', () => {
    for (const url of [
      'app://saban/../../etc/passwd',
      'app://saban/%2e%2e/%2e%2e/etc/passwd',
      'app://saban/..%2f..%2fetc%2fpasswd',
      'app://saban/assets/..%2F..%2F..%2Fetc%2Fpasswd',
      'app://saban/%2E%2E%2F%2E%2E%2Fsecret',
      'app://saban/..%5c..%5csecret',
    ]) {
      const got = resolveStaticFile(root, url, path.posix);
      // Either refused, or (for `\`, a plain character on POSIX) a file still inside the folder.
      if (got !== null) expect(got.startsWith(root + '/')).toBe(true);
    }
    expect(resolveStaticFile(root, 'app://saban/..%2f..%2fetc%2fpasswd', path.posix)).toBeNull();
    expect(resolveStaticFile(root, 'app://saban/index.html%00.png', path.posix)).toBeNull();
    expect(resolveStaticFile(root, 'app://saban/%E0%A4%A', path.posix)).toBeNull();
  });

  it('applies the Windows rules: backslashes, drive letters and UNC paths stay inside', () => {
    const winRoot = 'C:\\Program Files\\Sa Ban\\resources\\app.asar\\out\\renderer';
    expect(resolveStaticFile(winRoot, 'app://saban/assets/a.js', path.win32)).toBe(`${winRoot}\\assets\\a.js`);
    expect(resolveStaticFile(winRoot, 'app://saban/..%5c..%5c..%5cWindows%5cwin.ini', path.win32)).toBeNull();
    for (const url of [
      'app://saban/C:%5CWindows%5Cwin.ini',
      'app://saban/%5C%5Cserver%5Cshare%5Cx',
      'app://saban//C:/x',
    ]) {
      const got = resolveStaticFile(winRoot, url, path.win32);
      if (got !== null) expect(got.startsWith(winRoot + '\\')).toBe(true);
    }
  });

  it('names content types, opaque bytes for unknown ones', () => {
    expect(contentTypeFor('/a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/a/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/a/x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/a/x.exe')).toBe('application/octet-stream');
  });
});
