/**
 * The province's upload door (issue 11): the Host is checked like the API's; only a district
 * whose key the province registered may upload, each request signed and checked before a byte
 * is written, once (replay window); quotas per office and for the inbox; stale parts removed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPLOAD_HEADERS, uploadClaim } from '../../shared/bundle-format';
import { syncDir } from '../../electron/engine/sync/backup';
import { ensureIdentity, signCanonical } from '../../electron/engine/sync/keys';
import { PART_MAX_AGE_MS } from '../../electron/engine/sync/upload';
import { provinceRoutes } from '../../electron/http/province-routes';
import { startHost } from '../../electron/http/server';
import { sharedDataAvailable } from '../helpers/shared-data';
import { type Office, setUpOffices } from '../helpers/sync';

const available = sharedDataAvailable();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const NAME = `958-1-${'ab'.repeat(8)}`;

async function province() {
  const o = setUpOffices();
  cleanups.push(o.close);
  const host = await startHost({
    engine: o.province.engine,
    staticDir: path.join(o.dir, 'none'),
    routes: provinceRoutes(o.province.engine),
  });
  cleanups.push(() => host.close());
  const inbox = syncDir(o.province.file, 'inbox');
  const parts = (): string[] => (fs.existsSync(inbox) ? fs.readdirSync(inbox).filter((f) => f.endsWith('.part')) : []);
  return { o, port: host.port, parts, inbox };
}

/** Signature headers as `from` would send them (time and signer can be forged for the test). */
function signedHeaders(
  from: Office,
  o: { name: string; size: number; offset: number; body?: Buffer; at?: string; office?: string },
): Record<string, string> {
  const at = o.at ?? new Date().toISOString();
  const nonce = crypto.randomBytes(16).toString('hex');
  const office = o.office ?? from.code;
  const claim = uploadClaim({
    office,
    name: o.name,
    size: o.size,
    offset: o.body ? o.offset : -1,
    chunkSha256: o.body ? crypto.createHash('sha256').update(o.body).digest('hex') : '',
    at,
    nonce,
  });
  return {
    [UPLOAD_HEADERS.office]: office,
    [UPLOAD_HEADERS.time]: at,
    [UPLOAD_HEADERS.nonce]: nonce,
    [UPLOAD_HEADERS.signature]: signCanonical(ensureIdentity(from.engine.db), claim),
  };
}

/** A raw request (any Host header), answered with status and JSON body. */
function raw(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number; json: { ok: boolean; error?: { code: string }; value?: { received: number } } }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as never }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.skipIf(!available)('the province upload door', () => {
  it('refuses a foreign Host and an unsigned request without writing a byte', async () => {
    const { port, parts } = await province();
    const body = Buffer.alloc(1024, 1);
    const target = `/sync/upload/${NAME}?size=2147483648&offset=0`;
    const evil = await raw(port, 'PUT', target, { host: 'evil.com' }, body);
    expect(evil.status).toBe(403);
    const unsigned = await raw(port, 'PUT', target, { host: `127.0.0.1:${port}` }, body);
    expect(unsigned.status).toBe(401);
    expect(unsigned.json.error?.code).toBe('unauthorized');
    expect(parts()).toEqual([]);
  });

  it('accepts only the registered key of the named district, once, within the time window', async () => {
    const { o, port, parts } = await province();
    const [d958, d960] = o.districts as [Office, Office];
    const body = Buffer.alloc(1000, 7);
    const target = `/sync/upload/${NAME}?size=4000&offset=0`;
    const host = { host: `127.0.0.1:${port}` };
    // Đông Hải's key claiming to be Vĩnh Lợi, and Đông Hải signing for Vĩnh Lợi's upload.
    const forged = await raw(
      port,
      'PUT',
      target,
      { ...host, ...signedHeaders(d960, { name: NAME, size: 4000, offset: 0, body, office: '958' }) },
      body,
    );
    expect(forged.status).toBe(401);
    const other = await raw(
      port,
      'PUT',
      target,
      { ...host, ...signedHeaders(d960, { name: NAME, size: 4000, offset: 0, body }) },
      body,
    );
    expect(other.status).toBe(401);
    // Signed for another chunk than the one sent.
    const swapped = await raw(
      port,
      'PUT',
      target,
      { ...host, ...signedHeaders(d958, { name: NAME, size: 4000, offset: 0, body: Buffer.alloc(1000, 8) }) },
      body,
    );
    expect(swapped.status).toBe(401);
    // Too old.
    const old = new Date(Date.now() - 10 * 60 * 1000).toISOString();
    const stale = await raw(
      port,
      'PUT',
      target,
      { ...host, ...signedHeaders(d958, { name: NAME, size: 4000, offset: 0, body, at: old }) },
      body,
    );
    expect(stale.status).toBe(401);
    expect(parts()).toEqual([]);
    // The real one, then the same request again (a replay).
    const good = signedHeaders(d958, { name: NAME, size: 4000, offset: 0, body });
    const first = await raw(port, 'PUT', target, { ...host, ...good }, body);
    expect(first.status).toBe(200);
    expect(first.json.value?.received).toBe(1000);
    expect(parts()).toHaveLength(1);
    const again = await raw(port, 'PUT', target, { ...host, ...good }, body);
    expect(again.status).toBe(401);
    const status = await raw(port, 'GET', `/sync/upload/${NAME}?size=4000`, {
      ...host,
      ...signedHeaders(d958, { name: NAME, size: 4000, offset: 0 }),
    });
    expect(status.json.value?.received).toBe(1000);
    // An unregistered district is told so.
    o.province.engine.db.prepare("DELETE FROM sync_peers WHERE office_code = '960'").run();
    const name960 = `960-1-${'cd'.repeat(8)}`;
    const gone = await raw(
      port,
      'PUT',
      `/sync/upload/${name960}?size=4000&offset=0`,
      { ...host, ...signedHeaders(d960, { name: name960, size: 4000, offset: 0, body }) },
      body,
    );
    expect(gone.status).toBe(401);
  });

  it('keeps each district within its quota and removes parts left for a day', async () => {
    const { o, port, parts, inbox } = await province();
    const d958 = o.districts[0]!;
    o.province.engine.write({ door: 'test' }, { action: 'test' }, (tx) => {
      tx.put('setting', { key: 'syncInboxPartsPerOffice', value: '2', deleted: 0 });
      tx.put('setting', { key: 'syncInboxBytesPerOffice', value: String(10_000), deleted: 0 });
    });
    const host = { host: `127.0.0.1:${port}` };
    const body = Buffer.alloc(10, 1);
    const put = (seq: number, size: number) => {
      const name = `958-${seq}-${'ab'.repeat(8)}`;
      return raw(
        port,
        'PUT',
        `/sync/upload/${name}?size=${size}&offset=0`,
        { ...host, ...signedHeaders(d958, { name, size, offset: 0, body }) },
        body,
      );
    };
    expect((await put(1, 4000)).status).toBe(200);
    expect((await put(2, 7000)).status).toBe(413); // 11,000 declared bytes > 10,000
    expect((await put(3, 4000)).status).toBe(200);
    expect((await put(4, 100)).status).toBe(413); // a third part
    expect(parts()).toHaveLength(2);
    // A day later the unfinished parts are gone, and room is made.
    const dayAgo = (Date.now() - PART_MAX_AGE_MS - 60_000) / 1000;
    for (const f of parts()) fs.utimesSync(path.join(inbox, f), dayAgo, dayAgo);
    expect((await put(5, 100)).status).toBe(200);
    expect(parts()).toHaveLength(1);
  });
});
