/**
 * What the browser benchmarks share: building a bench page alone (its own Vite entry, never part
 * of the app build), serving it on 127.0.0.1 (with extra files by URL path), Chromium, medians.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

/** The median of `xs`. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** `x` rounded to `digits` decimals. */
export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Builds `renderer/<html>` and what it loads into `outDir`. */
export async function buildBenchPage(html: string, outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: path.join(ROOT, 'renderer'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      modulePreload: { polyfill: false },
      chunkSizeWarningLimit: 5000,
      rollupOptions: { input: path.join(ROOT, 'renderer', html) },
    },
  });
}

/** Serves `outDir` (`/` is `index`) and the `extra` files at their URL paths, on a free port. */
export function serveBenchPage(
  outDir: string,
  index: string,
  extra: Readonly<Record<string, string>> = {},
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const given = extra[url.pathname];
    const file = given ?? path.join(outDir, path.normalize(url.pathname === '/' ? `/${index}` : url.pathname));
    if (!given && !file.startsWith(outDir)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404).end();
        return;
      }
      const type = file.endsWith('.js')
        ? 'text/javascript'
        : file.endsWith('.css')
          ? 'text/css'
          : file.endsWith('.html')
            ? 'text/html; charset=utf-8'
            : 'application/json';
      res.writeHead(200, { 'content-type': type }).end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
