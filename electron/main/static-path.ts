import path from 'node:path';
import { resolveInside } from '../static-files';
import { isAppOrigin } from './app-origin';

export { contentTypeFor } from '../static-files';

/**
 * Maps an app:// request URL to a file inside `root`, or null when it must be refused: another
 * scheme or host, a malformed escape, a NUL byte, or a path that would leave `root` after
 * decoding (`..`, `%2e%2e`, `%2f`, backslashes on Windows, absolute paths).
 *
 * `pathImpl` is injectable so the Windows rules can be tested on any OS.
 */
export function resolveStaticFile(root: string, requestUrl: string, pathImpl: path.PlatformPath = path): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (!isAppOrigin(url)) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  return resolveInside(root, rel, pathImpl);
}
