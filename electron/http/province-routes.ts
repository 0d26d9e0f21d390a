import type http from 'node:http';
import net from 'node:net';
import { UPLOAD_HEADERS } from '../../shared/bundle-format';
import { MAX_UPLOAD_CHUNK } from '../../shared/contract-sync';
import { apiError, type ErrorCode, msg, type Result } from '../../shared/result';
import { type Dispatchable, dispatch } from '../engine/dispatch';

const NAME_RE = /^[0-9]{3}-[0-9]{1,9}-[0-9a-f]{16}$/;
/** The call context of this door (audit entries name it). */
/** Uploads carry no session: they authenticate by the district's signature (`signed` methods only). */
const DOOR = { door: 'sync-upload', session: null } as const;

/** HTTP status of an error code at this door (a refused bundle is 422). */
function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'bad-request':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'too-large':
      return 413;
    case 'busy':
      return 503;
    case 'internal':
      return 500;
    default:
      return 422;
  }
}

/** Options of {@link provinceRoutes}. */
export interface ProvinceRouteOptions {
  /**
   * Host names (lower case, no port) districts may use to reach the province besides its IP
   * addresses and `localhost`, e.g. `tinh95.lan`.
   */
  readonly hosts?: readonly string[];
}

/**
 * Whether the Host header names this server: an IP address (v4 or [v6]) or `localhost`, or a
 * configured name, with the port the request came in on. A name an attacker controls (DNS
 * rebinding) is refused, as on the API.
 */
export function hostAllowed(req: http.IncomingMessage, hosts: readonly string[] = []): boolean {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):([0-9]{1,5})$/.exec(req.headers.host ?? '');
  if (!m || Number(m[2]) !== req.socket.localPort) return false;
  const name = m[1]!.toLowerCase();
  if (name === 'localhost' || net.isIPv4(name)) return true;
  if (name.startsWith('[')) return net.isIPv6(name.slice(1, -1));
  return hosts.includes(name);
}

/** The district's signature headers, or null when one is missing. */
function authOf(req: http.IncomingMessage): { office: string; at: string; nonce: string; signature: string } | null {
  const h = (name: string): string | null => {
    const v = req.headers[name];
    return typeof v === 'string' && v.length > 0 ? v : null;
  };
  const office = h(UPLOAD_HEADERS.office);
  const at = h(UPLOAD_HEADERS.time);
  const nonce = h(UPLOAD_HEADERS.nonce);
  const signature = h(UPLOAD_HEADERS.signature);
  return office && at && nonce && signature ? { office, at, nonce, signature } : null;
}

/**
 * The province's upload door (`saban serve --province`): districts PUT a bundle in resumable
 * chunks to `/sync/upload/<district>-<seq>-<hash16>?size=N&offset=K`, and GET the same address to
 * learn how many bytes the province already holds. The last chunk triggers the import; the answer
 * carries the import's outcome and a signed acknowledgement. The door only reads the request and
 * calls the contract (`sync.uploadStatus`, `sync.uploadChunk`, `sync.identity`): the engine holds
 * the inbox, checks the sender's signature (before a byte is written), quotas, and imports.
 * The Host header is checked like the API's. Returns false for any other path, so the host
 * handles it.
 */
export function provinceRoutes(
  engine: Dispatchable,
  options: ProvinceRouteOptions = {},
): (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean {
  const hosts = (options.hosts ?? []).map((h) => h.toLowerCase());
  return (req, res, url) => {
    if (!url.pathname.startsWith('/sync/')) return false;
    const send = (status: number, body: Result<unknown>): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (!hostAllowed(req, hosts)) {
      req.resume();
      send(403, {
        ok: false,
        error: apiError(
          'forbidden',
          msg('Tiêu đề Host không hợp lệ: {host}', 'Bad Host header: {host}', {
            host: (req.headers.host ?? '').slice(0, 100),
          }),
        ),
      });
      return true;
    }
    const answer = (r: Result<unknown>): void => send(r.ok ? 200 : statusOf(r.error.code), r);
    if (url.pathname === '/sync/ping' && req.method === 'GET') {
      const r = dispatch(engine, 'sync.identity', {}, DOOR);
      answer(
        r.ok
          ? {
              ok: true,
              value: {
                office: (r.value as { office: string | null }).office,
                role: (r.value as { role: string | null }).role,
              },
            }
          : r,
      );
      return true;
    }
    const m = /^\/sync\/upload\/([^/]+)$/.exec(url.pathname);
    if (!m || !NAME_RE.test(m[1]!)) {
      send(404, { ok: false, error: apiError('not-found', msg('Không có địa chỉ này', 'No such address')) });
      return true;
    }
    const auth = authOf(req);
    if (!auth) {
      req.resume();
      send(401, {
        ok: false,
        error: apiError(
          'unauthorized',
          msg('Yêu cầu tải lên thiếu chữ ký của huyện', 'The upload request carries no district signature'),
        ),
      });
      return true;
    }
    const target = { name: m[1]!, size: Number(url.searchParams.get('size')), auth };
    if (req.method === 'GET') {
      answer(dispatch(engine, 'sync.uploadStatus', target, DOOR));
      return true;
    }
    if (req.method !== 'PUT') {
      send(405, { ok: false, error: apiError('bad-request', msg('Chỉ GET hoặc PUT', 'GET or PUT only')) });
      return true;
    }
    // The body is read into memory (one chunk at most) and handed to the engine, which checks
    // the signature over it before writing anything.
    const offset = Number(url.searchParams.get('offset'));
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(target.size)) {
      req.resume();
      send(400, { ok: false, error: apiError('bad-request', msg('Thiếu size hoặc offset', 'Missing size or offset')) });
      return true;
    }
    const limit = Math.min(MAX_UPLOAD_CHUNK, Math.max(0, target.size - offset));
    const chunks: Buffer[] = [];
    let length = 0;
    let aborted = false;
    req.on('data', (c: Buffer) => {
      if (aborted) return;
      length += c.length;
      if (length > limit) {
        aborted = true;
        send(413, {
          ok: false,
          error: apiError('too-large', msg('Phần tải lên quá lớn', 'Chunk too large')),
        });
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (aborted) return;
      const dataBase64 = Buffer.concat(chunks).toString('base64');
      const r = dispatch(engine, 'sync.uploadChunk', { ...target, offset, dataBase64 }, DOOR);
      if (r.ok && !(r.value as { accepted: boolean }).accepted) {
        // The offset is not what the province holds (an earlier try got through): the district resumes.
        const have = (r.value as { received: number }).received;
        send(409, {
          ok: false,
          error: apiError(
            'conflict',
            msg('vị trí {offset}, tỉnh đang có {have} byte', 'offset {offset}, the province holds {have} bytes', {
              offset,
              have,
            }),
          ),
        });
        return;
      }
      answer(r);
    });
    return true;
  };
}
