/**
 * Where an installed Chromium, Chrome or Edge is: `--browser PATH`, then `SABAN_BROWSER`, then the
 * usual install places of the OS. Pure apart from the `exists` check, which tests replace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EngineError, msg } from '../../shared/result';

/** What the search reads of the machine. */
export interface BrowserSearch {
  /** `--browser PATH` of the command line (first choice). */
  readonly explicit?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly platform?: NodeJS.Platform;
  readonly exists?: (file: string) => boolean;
}

/** The usual places, in order of preference, for one OS. */
export function browserCandidates(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter((r): r is string => !!r);
    const w = path.win32;
    return [
      ...roots.map((r) => w.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe')),
      ...roots.map((r) => w.join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')),
      ...roots.map((r) => w.join(r, 'Chromium', 'Application', 'chrome.exe')),
    ];
  }
  if (platform === 'darwin') {
    const apps = ['Google Chrome', 'Chromium', 'Microsoft Edge'].map(
      (a) => `/Applications/${a}.app/Contents/MacOS/${a}`,
    );
    const home = env['HOME'];
    return home ? [...apps, ...apps.map((a) => path.posix.join(home, a))] : apps;
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
  ];
}

/** The browser to drive, or null when none is found. An explicit path that does not exist is an error. */
export function findBrowser(search: BrowserSearch = {}): string | null {
  const env = search.env ?? process.env;
  const exists = search.exists ?? ((f: string) => fs.existsSync(f));
  const given = search.explicit ?? env['SABAN_BROWSER'];
  if (given) {
    if (!exists(given)) {
      throw new EngineError('not-found', msg('Không có trình duyệt ở {path}', 'No browser at {path}', { path: given }));
    }
    return given;
  }
  return browserCandidates(search.platform ?? process.platform, env).find(exists) ?? null;
}

/** The one-line error when no browser can be found. */
export function noBrowserError(): EngineError {
  return new EngineError(
    'not-found',
    msg(
      'Không tìm thấy Chromium, Chrome hoặc Edge để in PDF; cài một trình duyệt hoặc chỉ đường dẫn bằng --browser PATH (hoặc SABAN_BROWSER)',
      'No Chromium, Chrome or Edge found to print the PDF; install one or give its path with --browser PATH (or SABAN_BROWSER)',
    ),
  );
}
