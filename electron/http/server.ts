import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HTTP_API_PREFIX, MAX_IMPORT_CHARS } from '../../shared/contract';
import { apiError, msg, type ApiError, type Result } from '../../shared/result';
import { dispatch } from '../engine/dispatch';
import { contentTypeFor, resolveInside } from '../static-files';
import type { Engine } from '../engine/engine';

/** The Content-Security-Policy both the browser host and the Electron window use. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Options for {@link startHost}. */
export interface HostOptions {
  readonly engine: Engine;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Fixed token for tests; random per launch otherwise. */
  readonly token?: string;
  /** Address to listen on (127.0.0.1 unless a feature such as the province's sync door needs more). */
  readonly listen?: string;
  /**
   * Extra routes tried before the loopback checks (the province's bundle uploads, which carry
   * their own signatures): returns true when it handled the request.
   */
  readonly routes?: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean;
}

/** A running host. */
export interface Host {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * The loopback HTTP door: serves the built renderer and `POST /api/<method>` on 127.0.0.1 only.
 * Every API call must carry the per-launch token, and the Host header must name the loopback
 * address (so a web page elsewhere cannot reach the API through DNS rebinding).
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const staticRoot = path.resolve(options.staticDir);
  let port = 0;

  const server = http.createServer((req, res) => {
    const send = (status: number, body: Result<unknown>): void => {
      const json = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(json);
    };
    const fail = (status: number, error: ApiError): void => send(status, { ok: false, error });
    if (options.routes?.(req, res, new URL(req.url ?? '/', 'http://localhost'))) return;
    const hostHeader = req.headers.host ?? '';
    if (hostHeader !== `127.0.0.1:${port}` && hostHeader !== `localhost:${port}`) {
      fail(
        403,
        apiError(
          'unauthorized',
          msg('Tiêu đề Host không hợp lệ: {host}', 'Bad Host header: {host}', { host: hostHeader.slice(0, 100) }),
        ),
      );
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith(HTTP_API_PREFIX)) {
      if (req.method !== 'POST') {
        fail(405, apiError('bad-request', 'POST only'));
        return;
      }
      const given = req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
      if (!safeEqual(given, token)) {
        fail(401, apiError('unauthorized', msg('Thiếu hoặc sai mã truy cập', 'missing or wrong token')));
        return;
      }
      const method = decodeURIComponent(url.pathname.slice(HTTP_API_PREFIX.length));
      readBody(req, MAX_IMPORT_CHARS + 1024 * 1024)
        .then((raw) => {
          let input: unknown;
          try {
            input = raw.length ? (JSON.parse(raw) as unknown) : {};
          } catch {
            fail(400, apiError('bad-request', msg('Thân yêu cầu không phải JSON', 'body is not JSON')));
            return;
          }
          send(200, dispatch(options.engine, method, input, { door: 'http' }));
        })
        .catch((err: unknown) => {
          fail(413, apiError('too-large', (err as Error).message));
        });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      fail(405, apiError('bad-request', 'GET only'));
      return;
    }
    serveStatic(staticRoot, url.pathname, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.listen ?? '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error(`Yêu cầu quá lớn / request larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  let file: string | null;
  try {
    file = resolveInside(root, decodeURIComponent(pathname));
  } catch {
    file = null;
  }
  if (!file) {
    res.writeHead(403).end();
    return;
  }
  fs.readFile(file, (err, data) => {
    if (err) {
      const missingBuild = pathname === '/' || pathname === '/index.html';
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        missingBuild
          ? 'Chưa build giao diện: chạy `npm run build` / renderer not built: run `npm run build`'
          : 'Not found',
      );
      return;
    }
    res.writeHead(200, {
      'content-type': contentTypeFor(file),
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    res.end(data);
  });
}
