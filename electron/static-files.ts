import path from 'node:path';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The Content-Type for a served file; unknown types are sent as opaque bytes (with nosniff). */
export function contentTypeFor(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a decoded URL path to a file strictly inside `root`, or null when it would leave it
 * (`..`, encoded slashes, backslashes on Windows, absolute paths) or holds a NUL byte. The one
 * check every door that serves the renderer goes through.
 *
 * `pathImpl` is injectable so the Windows rules can be tested on any OS.
 */
export function resolveInside(root: string, decodedPath: string, pathImpl: path.PlatformPath = path): string | null {
  if (decodedPath.includes('\0')) return null;
  const rel = decodedPath === '' || decodedPath === '/' ? '/index.html' : decodedPath;
  const base = pathImpl.resolve(root);
  const file = pathImpl.resolve(base, '.' + pathImpl.sep + rel.replace(/^[/\\]+/, ''));
  if (!file.startsWith(base + pathImpl.sep)) return null;
  return file;
}
