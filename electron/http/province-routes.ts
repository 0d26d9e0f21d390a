import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { apiError, msg, toErrorResult, type Result } from '../../shared/result';
import type { Engine } from '../engine/engine';
import { buildAck } from '../engine/sync/ack';
import { syncDir } from '../engine/sync/backup';
import { importFor } from '../engine/sync/handlers';
import { requireOffice } from '../engine/sync/keys';

/** Largest bundle accepted over HTTP. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
/** Largest single upload request. */
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
const NAME_RE = /^[0-9]{3}-[0-9]{1,9}-[0-9a-f]{16}$/;

/**
 * The province's upload door (`saban serve --province`): districts PUT a bundle in resumable
 * chunks to `/sync/upload/<district>-<seq>-<hash16>?size=N&offset=K`, and GET the same address to
 * learn how many bytes the province already holds. The last chunk triggers the import; the answer
 * carries the import's outcome and a signed acknowledgement. The bundle's own signature is the
 * authentication: anything unsigned or from an unregistered key is refused by the engine.
 * Returns false for any other path, so the host handles it.
 */
export function provinceRoutes(
  engine: Engine,
): (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean {
  const inbox = syncDir(engine.dbPath, 'inbox');
  return (req, res, url) => {
    if (!url.pathname.startsWith('/sync/')) return false;
    const send = (status: number, body: Result<unknown>): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, code: 'bad-request' | 'not-found' | 'too-large', message: string): void =>
      send(status, { ok: false, error: apiError(code, message) });
    const m = /^\/sync\/upload\/([^/]+)$/.exec(url.pathname);
    if (url.pathname === '/sync/ping' && req.method === 'GET') {
      const me = requireOffice(engine.db);
      send(200, { ok: true, value: { office: me.office, role: me.role } });
      return true;
    }
    if (!m || !NAME_RE.test(m[1]!)) {
      fail(404, 'not-found', 'Không có địa chỉ này / no such address');
      return true;
    }
    const name = m[1]!;
    const size = Number(url.searchParams.get('size'));
    if (!Number.isInteger(size) || size <= 0 || size > MAX_UPLOAD_BYTES) {
      fail(413, 'too-large', `size ${url.searchParams.get('size')}: 1–${MAX_UPLOAD_BYTES} bytes`);
      return true;
    }
    fs.mkdirSync(inbox, { recursive: true });
    const part = path.join(inbox, `${name}-${size}.part`);
    const have = (): number => (fs.existsSync(part) ? fs.statSync(part).size : 0);
    if (req.method === 'GET') {
      send(200, { ok: true, value: { received: have(), size } });
      return true;
    }
    if (req.method !== 'PUT') {
      fail(405, 'bad-request', 'GET or PUT');
      return true;
    }
    const offset = Number(url.searchParams.get('offset'));
    if (offset !== have()) {
      send(409, {
        ok: false,
        error: apiError(
          'conflict',
          msg('vị trí {offset}, tỉnh đang có {have} byte', 'offset {offset}, the province holds {have} bytes', {
            offset,
            have: have(),
          }),
        ),
      });
      return true;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    let aborted = false;
    req.on('data', (c: Buffer) => {
      length += c.length;
      if (length > MAX_CHUNK_BYTES || offset + length > size) {
        aborted = true;
        fail(413, 'too-large', `chunk too large`);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (aborted) return;
      fs.appendFileSync(part, Buffer.concat(chunks));
      const received = have();
      if (received < size) {
        send(200, { ok: true, value: { received, size } });
        return;
      }
      const file = path.join(inbox, `${name}.sabanbundle`);
      fs.renameSync(part, file);
      let status = 200;
      let body: Result<unknown>;
      const office = name.slice(0, 3);
      try {
        const outcome = importFor(engine, file);
        body = {
          ok: true,
          value: { received, size, outcome, ack: buildAck(engine.db, office, engine.nodeId, Date.now()) },
        };
      } catch (err) {
        const r = toErrorResult(err);
        status = 422;
        body = r;
      } finally {
        fs.rmSync(file, { force: true });
      }
      send(status, body);
    });
    return true;
  };
}
