import type http from 'node:http';
import { MAX_UPLOAD_CHUNK } from '../../shared/contract-sync';
import { apiError, type ErrorCode, msg, type Result } from '../../shared/result';
import { type Dispatchable, dispatch } from '../engine/dispatch';

const NAME_RE = /^[0-9]{3}-[0-9]{1,9}-[0-9a-f]{16}$/;
/** The call context of this door (audit entries name it). */
const DOOR = { door: 'sync-upload' } as const;

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

/**
 * The province's upload door (`saban serve --province`): districts PUT a bundle in resumable
 * chunks to `/sync/upload/<district>-<seq>-<hash16>?size=N&offset=K`, and GET the same address to
 * learn how many bytes the province already holds. The last chunk triggers the import; the answer
 * carries the import's outcome and a signed acknowledgement. The door only reads the request and
 * calls the contract (`sync.uploadStatus`, `sync.uploadChunk`, `sync.identity`): the engine holds
 * the inbox, checks and imports. Returns false for any other path, so the host handles it.
 */
export function provinceRoutes(
  engine: Dispatchable,
): (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean {
  return (req, res, url) => {
    if (!url.pathname.startsWith('/sync/')) return false;
    const send = (status: number, body: Result<unknown>): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
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
    const target = { name: m[1]!, size: Number(url.searchParams.get('size')) };
    if (req.method === 'GET') {
      answer(dispatch(engine, 'sync.uploadStatus', target, DOOR));
      return true;
    }
    if (req.method !== 'PUT') {
      send(405, { ok: false, error: apiError('bad-request', msg('Chỉ GET hoặc PUT', 'GET or PUT only')) });
      return true;
    }
    // The offset must be what the province holds: anything else is answered 409 with no body read.
    const offset = Number(url.searchParams.get('offset'));
    const held = dispatch(engine, 'sync.uploadStatus', target, DOOR);
    if (!held.ok) {
      answer(held);
      req.resume();
      return true;
    }
    const have = (held.value as { received: number }).received;
    if (offset !== have) {
      req.resume();
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
      answer(dispatch(engine, 'sync.uploadChunk', { ...target, offset, dataBase64 }, DOOR));
    });
    return true;
  };
}
