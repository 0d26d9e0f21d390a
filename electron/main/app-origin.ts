/**
 * The renderer's origin in Electron: a privileged custom scheme rather than file://, so the page
 * has a real origin ('self' in the CSP means exactly our files) and file:// stays unreachable.
 */

/** The custom scheme the window loads from. */
export const APP_SCHEME = 'app';
/** The single host under that scheme; anything else is refused. */
export const APP_HOST = 'saban';
/** What the window loads first. */
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `u` is on our app origin. Compares scheme and host rather than `URL.origin`, because
 * Node's WHATWG URL reports the origin of non-special schemes such as app:// as "null"; and it
 * lowercases the host itself, as Chromium does for a standard scheme but Node does not.
 */
export function isAppOrigin(u: URL): boolean {
  return u.protocol === `${APP_SCHEME}:` && u.host.toLowerCase() === APP_HOST && u.username === '' && u.password === '';
}

/** True for URLs of our app origin (see {@link isAppOrigin}). */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && isAppOrigin(u);
}

/**
 * The URL to hand to the system browser, or null when it must not leave the app: only plain
 * http(s) links, never file:, javascript:, custom protocol handlers or URLs with credentials.
 */
export function externalHttpUrl(url: string): string | null {
  const u = parse(url);
  if (u === null) return null;
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (u.username !== '' || u.password !== '' || u.hostname === '') return null;
  return u.href;
}
