import { describe, expect, it } from 'vitest';
import { APP_START_URL, externalHttpUrl, isAppUrl } from '../../electron/main/app-origin';
import { dbArg } from '../../electron/main/args';
import { isTrustedSender } from '../../electron/main/trusted-sender';

describe('trusted IPC sender', () => {
  const ours = { webContentsId: 7, frameUrl: 'app://saban/index.html#/map', isTopFrame: true };

  it('accepts the top frame of our window showing app://saban', () => {
    expect(isTrustedSender(ours, 7)).toBe(true);
    expect(isTrustedSender({ ...ours, frameUrl: APP_START_URL }, 7)).toBe(true);
  });

  it('refuses another window, a subframe, a gone frame, or any other origin', () => {
    expect(isTrustedSender(ours, 8)).toBe(false);
    expect(isTrustedSender(ours, null)).toBe(false);
    expect(isTrustedSender({ ...ours, isTopFrame: false }, 7)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: null }, 7)).toBe(false);
    for (const frameUrl of [
      'https://example.com/',
      'file:///work/main/out/renderer/index.html',
      'app://evil/index.html',
      'app://user:pw@saban/index.html',
      'http://127.0.0.1:5173/',
      'about:blank',
      'data:text/html,<script>1</script>',
      '',
    ]) {
      expect(isTrustedSender({ ...ours, frameUrl }, 7), frameUrl).toBe(false);
    }
  });
});

describe('app origin and external links', () => {
  it('recognises only app://saban', () => {
    expect(isAppUrl('app://saban/x.js')).toBe(true);
    expect(isAppUrl('APP://SABAN/x.js')).toBe(true);
    expect(isAppUrl('app://saban.evil/x')).toBe(false);
    expect(isAppUrl('https://saban/')).toBe(false);
  });

  it('lets only plain http(s) links go to the system browser', () => {
    expect(externalHttpUrl('https://www.openstreetmap.org/copyright')).toBe('https://www.openstreetmap.org/copyright');
    expect(externalHttpUrl('http://example.com')).toBe('http://example.com/');
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id',
      'app://saban/index.html',
      'https://user:pw@example.com/',
      'not a url',
    ]) {
      expect(externalHttpUrl(url), url).toBeNull();
    }
  });
});

describe('--db argument', () => {
  it('reads --db FILE and --db=FILE among Electron and Chromium arguments', () => {
    expect(dbArg(['/usr/lib/electron', '.', '--db', '/tmp/a.sqlite'])).toBe('/tmp/a.sqlite');
    expect(dbArg(['SaBan.exe', '--inspect=0', '--db=C:\\x.sqlite', '--remote-debugging-port=0'])).toBe('C:\\x.sqlite');
    expect(dbArg(['SaBan.exe'])).toBeNull();
    expect(dbArg(['SaBan.exe', '--db'])).toBeNull();
    expect(dbArg(['SaBan.exe', '--db', '--other'])).toBeNull();
    expect(dbArg(['SaBan.exe', '--', '--db', 'x'])).toBeNull();
  });
});
