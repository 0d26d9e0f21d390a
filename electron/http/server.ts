import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { HTTP_API_PREFIX, MAX_IMPORT_CHARS } from '../../shared/contract';
import { checkPrintRequest, PRINT_PDF_PATH, type PrintRequest } from '../../shared/print';
import { SESSION_HEADER } from '../../shared/ipc';
import { apiError, msg, toErrorResult, type ApiError, type Result } from '../../shared/result';
import { dispatch } from '../engine/dispatch';
import { contentTypeFor, resolveInside } from '../static-files';
import type { Engine } from '../engine/engine';
import { loopbackHosts, reachableHosts } from './host-check';

/**
 * The Content-Security-Policy both the browser host and the Electron window use. Images: our
 * files, data:/blob: (Leaflet's generated icons and exports) and https: for an operator's basemap
 * tiles; never plain http:, which anyone on the office network could alter in transit.
 */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; " +
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
   * Extra routes tried before the token check (the province's bundle uploads, which carry their
   * own signatures): returns true when it handled the request. They are reached only under a Host
   * this machine answers to (loopback, the listen address; see {@link reachableHosts}).
   */
  readonly routes?: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean;
  /** More host names the extra routes may be reached under (a DNS name districts use). */
  readonly routeHosts?: readonly string[];
  /** Where an unexpected error's stack goes, under the id quoted to the caller (stderr by default). */
  readonly logInternal?: (ref: string, err: unknown) => void;
  /**
   * The print door `POST /print/pdf` (same token as the API; body: a PrintRequest as JSON; answer:
   * the PDF, or 501 when no browser is installed so the page falls back to the print dialog).
   * A {@link import('../print/print-pdf').Printer}.
   */
  readonly print?: PrintService;
  /**
   * API calls act as this process's own caller (the command line's `--user`, or the OS account),
   * with no session: only for the private host {@link import('../print/print-pdf').printPdf} starts
   * for one print, on loopback with a fresh token nobody else holds.
   */
  readonly asLocalCaller?: boolean;
}

/** What the print door needs (electron/print/print-pdf.ts `Printer`). */
export interface PrintService {
  readonly available: boolean;
  print(target: { readonly origin: string; readonly token: string }, req: PrintRequest): Promise<Buffer>;
}

/** A running host. */
export interface Host {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

/** An error answer the handler chose, thrown to leave it early. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

const badRequest = (vi: string, en: string, params?: Record<string, string | number>): Refusal =>
  new Refusal(400, apiError('bad-request', msg(vi, en, params)));

/**
 * The loopback HTTP door: serves the built renderer and `POST /api/<method>` on 127.0.0.1 only.
 * Every API call must carry the per-launch token, and the Host header must name the loopback
 * address (so a web page elsewhere cannot reach the API through DNS rebinding).
 *
 * No request can stop it: malformed request lines, targets, percent-encodings, headers and bodies
 * are answered 400 with an error code, and anything a handler throws becomes a 500 `internal`
 * answer with a reference id, never an exit.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const staticRoot = path.resolve(options.staticDir);
  const listen = options.listen ?? '127.0.0.1';
  const logInternal = (err: unknown): string => {
    const ref = crypto.randomBytes(4).toString('hex');
    if (options.logInternal) options.logInternal(ref, err);
    else process.stderr.write(`Sa Bàn [${ref}]: ${(err as Error)?.stack ?? String(err)}\n`);
    return ref;
  };
  let loopback: ReadonlySet<string> = new Set();
  let reachable: ReadonlySet<string> = new Set();
  let ownOrigin = '';

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const send = (status: number, body: Result<unknown>): void => {
      if (res.headersSent || res.writableEnded) return;
      const json = JSON.stringify(body);
      res.writeHead(status, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(json) });
      res.end(json);
    };
    // The Host first, before the target is even parsed and before any route runs.
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    const isLoopback = loopback.has(hostHeader);
    if (!isLoopback && !(options.routes && reachable.has(hostHeader))) {
      throw new Refusal(
        403,
        apiError(
          'unauthorized',
          msg('Tiêu đề Host không hợp lệ: {host}', 'Bad Host header: {host}', { host: hostHeader.slice(0, 100) }),
        ),
      );
    }
    const url = parseTarget(req.url);
    if (options.routes?.(req, res, url)) return;
    if (!isLoopback) {
      throw new Refusal(403, apiError('unauthorized', msg('Chỉ truy cập từ máy này', 'loopback only')));
    }
    const checkToken = (): void => {
      const given = req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
      if (!safeEqual(given, token)) {
        throw new Refusal(401, apiError('unauthorized', msg('Thiếu hoặc sai mã truy cập', 'missing or wrong token')));
      }
    };
    if (url.pathname === PRINT_PDF_PATH && options.print) {
      if (req.method !== 'POST') throw new Refusal(405, apiError('bad-request', 'POST only'));
      checkToken();
      const print = { origin: ownOrigin, token, session: sessionOf(req) };
      await servePdf(options.print, parseJson(await readBody(req, 64 * 1024)), print, res);
      return;
    }
    if (url.pathname.startsWith(HTTP_API_PREFIX)) {
      if (req.method !== 'POST') throw new Refusal(405, apiError('bad-request', 'POST only'));
      checkToken();
      const method = decodePath(url.pathname.slice(HTTP_API_PREFIX.length));
      const input = parseJson(await readBody(req, MAX_IMPORT_CHARS + 1024 * 1024));
      // The launch token says the page is ours; the session says who uses it (the engine checks
      // it, and what that account may call, in dispatch).
      // A private print host (printPdf for the command line) acts as this process's own caller.
      const ctx = options.asLocalCaller ? { door: 'print' } : { door: 'http', session: sessionOf(req) };
      send(200, dispatch(options.engine, method, input, ctx));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new Refusal(405, apiError('bad-request', 'GET only'));
    await serveStatic(staticRoot, decodePath(url.pathname), url.pathname, req.method === 'HEAD', res);
  };

  const server = http.createServer((req, res) => {
    const answer = (err: unknown): void => {
      const error = err instanceof Refusal ? err.error : toErrorResult(err, logInternal).error;
      const status = err instanceof Refusal ? err.status : error.code === 'busy' ? 503 : 500;
      if (res.headersSent || res.writableEnded) {
        // Too late for an answer: end this exchange, keep the host.
        res.destroy();
        return;
      }
      const json = JSON.stringify({ ok: false, error } satisfies Result<unknown>);
      res.writeHead(status, {
        ...JSON_HEADERS,
        'content-length': Buffer.byteLength(json),
        // The rest of a refused body is not read; the connection cannot be reused.
        ...(status === 413 ? { connection: 'close' } : {}),
      });
      res.end(json);
    };
    try {
      handle(req, res).catch(answer);
    } catch (err) {
      answer(err);
    }
  });
  // What Node's parser refuses (bad request line, header, chunk, Content-Length) never reaches the
  // handler: answer it in the same JSON shape and drop the connection.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify({
      ok: false,
      error: apiError('bad-request', msg('Yêu cầu HTTP không hợp lệ', 'malformed HTTP request')),
    } satisfies Result<unknown>);
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listen, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, a server error (too many open files on accept…) is logged, not fatal.
  server.on('error', (err) => logInternal(err));
  const port = (server.address() as AddressInfo).port;
  loopback = loopbackHosts(port);
  ownOrigin = `http://127.0.0.1:${port}`;
  reachable = reachableHosts(port, listen, options.routeHosts);
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

/** Prints a request through the host's own pages and answers the PDF (501: no browser here). */
async function servePdf(
  printer: PrintService,
  input: unknown,
  target: { readonly origin: string; readonly token: string; readonly session: string | null },
  res: http.ServerResponse,
): Promise<void> {
  let req: PrintRequest;
  try {
    req = checkPrintRequest(input);
  } catch (err) {
    throw badRequest('Yêu cầu in không hợp lệ: {why}', 'Bad print request: {why}', { why: (err as Error).message });
  }
  if (!printer.available) {
    throw new Refusal(
      501,
      apiError(
        'not-found',
        msg(
          'Máy này không có Chromium, Chrome hoặc Edge để in PDF; dùng hộp thoại in của trình duyệt',
          'No Chromium, Chrome or Edge on this machine to print the PDF; use the browser’s print dialog',
        ),
      ),
    );
  }
  const pdf = await printer.print(target, req);
  res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length, 'cache-control': 'no-store' });
  res.end(pdf);
}

/**
 * The request target as a URL. Only origin-form (`/path?query`) is accepted: browsers send
 * nothing else to a server that is not a proxy, and an absolute or authority form would let the
 * target name another host than the checked Host header.
 */
function parseTarget(target: string | undefined): URL {
  if (target?.startsWith('/')) {
    try {
      // Appended, not resolved: `//evil/x` stays a path here instead of becoming a host.
      const url = new URL(`http://localhost${target}`);
      if (url.host === 'localhost') return url;
    } catch {
      // refused below
    }
  }
  throw badRequest('Địa chỉ yêu cầu không hợp lệ: {target}', 'malformed request target: {target}', {
    target: String(target).slice(0, 100),
  });
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest('Mã hoá phần trăm sai trong địa chỉ: {path}', 'malformed percent-encoding in the path: {path}', {
      path: raw.slice(0, 100),
    });
  }
}

function parseJson(raw: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw badRequest('Thân yêu cầu không phải UTF-8', 'body is not UTF-8');
  }
  if (text.length === 0) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('Thân yêu cầu không phải JSON', 'body is not JSON');
  }
}

function sessionOf(req: http.IncomingMessage): string | null {
  const v = req.headers[SESSION_HEADER];
  const token = Array.isArray(v) ? v[0] : v;
  return token && token.length <= 200 ? token : null;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(tooLarge(limit));
        req.pause();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => reject(badRequest('Yêu cầu bị ngắt giữa chừng', 'request aborted')));
  });
}

function tooLarge(limit: number): Refusal {
  return new Refusal(
    413,
    apiError('too-large', msg('Yêu cầu lớn hơn {limit} byte', 'request larger than {limit} bytes', { limit })),
  );
}

async function serveStatic(
  root: string,
  decoded: string,
  pathname: string,
  headOnly: boolean,
  res: http.ServerResponse,
): Promise<void> {
  const file = resolveInside(root, decoded);
  if (!file) {
    res.writeHead(403).end();
    return;
  }
  let data: Buffer;
  try {
    data = await fs.promises.readFile(file);
  } catch {
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
  res.end(headOnly ? undefined : data);
}
