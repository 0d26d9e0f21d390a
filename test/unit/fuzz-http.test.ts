/**
 * A seeded, bounded fuzz suite over both HTTP hosts, started in process as `saban serve` and
 * `saban serve --province` start them: random JSON bodies (wrong types, huge values, deep
 * nesting, NaN and Infinity tokens) and random bytes for random API methods (and names that are
 * not methods); and, at the province, random upload requests — unsigned, badly signed, signed by
 * the registered district with wrong sizes, offsets, chunks, clocks or replayed signatures, and
 * whole bundles, damaged or not. Every answer must be an error status (4xx/5xx) with a JSON error
 * code, or 200 with the result envelope (`ok: true`, or — the API's documented convention for a
 * refused call — `ok: false` with an error code); never `internal`. After every case the host
 * still answers a valid request.
 * Prints one line per host: `fuzz: N tried, N refused, N accepted, 0 crashed, 0 changed (…)`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../shared/contract';
import { UPLOAD_HEADERS, uploadClaim } from '../../shared/bundle-format';
import { Engine } from '../../electron/engine/engine';
import { ensureIdentity, signCanonical } from '../../electron/engine/sync/keys';
import { provinceRoutes } from '../../electron/http/province-routes';
import { type Host, startHost } from '../../electron/http/server';
import { addAccount, signIn, tempDir } from '../helpers/engine';
import {
  deepJson,
  flipBits,
  FUZZ_SEED,
  type FuzzPair,
  fuzzPair,
  int,
  integrityOk,
  nastyValue,
  newTally,
  pick,
  prng,
  type Rand,
  type Tally,
  tallyLine,
} from '../helpers/fuzz';
import type { Office } from '../helpers/sync';

const CASES = Number(process.env['SABAN_FUZZ_CASES'] ?? 120);
const METHODS = Object.keys(api);
const NOT_METHODS = ['nope', '__proto__', 'constructor', 'toString', 'app.info/..', 'app.', '.', '', 'x'.repeat(300)];

interface Answer {
  readonly status: number;
  readonly body: string;
  /** The connection was dropped before an answer (only expected for a refused oversized body). */
  readonly dropped?: boolean;
}

interface Request {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
}

/** One request on a fresh connection; resolves with the answer, or `dropped`, within 20 s. */
function send(port: number, req: Request): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        // Always a length: a GET's body would otherwise go unframed and read as a second request.
        headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body ?? '')) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: 0, body: '', dropped: true }));
      },
    );
    r.setTimeout(20_000, () => {
      r.destroy();
      reject(new Error(`no answer in 20 s: ${req.method} ${req.path.slice(0, 100)}`));
    });
    r.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') resolve({ status: 0, body: '', dropped: true });
      else reject(err);
    });
    r.end(req.body);
  });
}

/** Files an answer: refused (error status or `ok: false`), accepted (`ok: true`), or crashed. */
function judgeAnswer(tally: Tally, label: string, a: Answer, mayDrop: boolean): void {
  tally.tried++;
  if (a.dropped) {
    if (mayDrop) tally.refused++;
    else tally.crashed.push(`${label}: connection dropped`);
    return;
  }
  let json: { ok?: unknown; error?: { code?: unknown; text?: { vi?: unknown; en?: unknown } } };
  try {
    json = JSON.parse(a.body) as typeof json;
  } catch {
    tally.crashed.push(`${label}: ${a.status} answer is not JSON: ${a.body.slice(0, 100)}`);
    return;
  }
  if (a.status === 200 && json.ok === true) {
    tally.accepted++;
    return;
  }
  const code = json.error?.code;
  const okStatus = a.status === 200 || (a.status >= 400 && a.status < 600);
  if (json.ok !== false || typeof code !== 'string' || code === 'internal' || !okStatus) {
    tally.crashed.push(`${label}: ${a.status} ${a.body.slice(0, 300)}`);
    return;
  }
  const t = json.error?.text;
  if (!t || typeof t.vi !== 'string' || typeof t.en !== 'string' || !t.vi || !t.en) {
    tally.crashed.push(`${label}: error without text in both languages: ${a.body.slice(0, 200)}`);
    return;
  }
  tally.refused++;
}

/** A random body for `method`: its own fields with nasty values, nasty JSON, or bytes. */
function randomBody(r: Rand, method: string): { body: Buffer | string; label: string } {
  const schema = (api as Record<string, { input?: { shape?: Record<string, unknown> } }>)[method]?.input;
  const keys = Object.keys(schema?.shape ?? {});
  const key = keys.length ? pick(r, keys) : 'x';
  switch (int(r, 7)) {
    case 0:
      return {
        label: 'every field nasty',
        body: JSON.stringify(Object.fromEntries(keys.map((k) => [k, nastyValue(r)]))),
      };
    case 1:
      return { label: `field ${key} nasty`, body: JSON.stringify({ [key]: nastyValue(r) }) };
    case 2:
      return { label: 'nasty top level', body: JSON.stringify(nastyValue(r)) ?? 'undefined' };
    case 3:
      return {
        label: `non-finite ${key}`,
        body: `{"${key}":${pick(r, ['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '0x10', "'x'", 'undefined'])}}`,
      };
    case 4:
      return { label: 'random bytes', body: crypto.randomBytes(int(r, 65_536)) };
    case 5:
      return { label: 'deep nesting', body: `{"${key}":${deepJson(1000 + int(r, 100_000))}}` };
    default:
      return { label: `huge ${key}`, body: JSON.stringify({ [key]: '🦠'.repeat(1 + int(r, 1 << 20)) }) };
  }
}

/** The district's signature headers over an upload request (fields forgeable for the test). */
function signedHeaders(
  signer: Office,
  o: { office: string; name: string; size: number; offset: number; body?: Buffer; at?: string },
): Record<string, string> {
  const at = o.at ?? new Date().toISOString();
  const nonce = crypto.randomBytes(16).toString('hex');
  const claim = uploadClaim({
    office: o.office,
    name: o.name,
    size: o.size,
    offset: o.body ? o.offset : -1,
    chunkSha256: o.body ? crypto.createHash('sha256').update(o.body).digest('hex') : '',
    at,
    nonce,
  });
  return {
    [UPLOAD_HEADERS.office]: o.office,
    [UPLOAD_HEADERS.time]: at,
    [UPLOAD_HEADERS.nonce]: nonce,
    [UPLOAD_HEADERS.signature]: signCanonical(ensureIdentity(signer.engine.db), claim),
  };
}

/** A random request at the province's upload door. */
function uploadCase(r: Rand, pair: FuzzPair, bundle: Buffer): { req: Request; label: string; mayDrop: boolean } {
  const name = `958-${pick(r, [1, 2, 7, 999_999_999])}-${crypto.randomBytes(8).toString('hex')}`;
  const wholeBundle = r() < 0.4;
  const body = wholeBundle
    ? r() < 0.5
      ? bundle
      : Buffer.from(flipBits(r, bundle))
    : crypto.randomBytes(pick(r, [0, 1, 100, 70_000]));
  let size: number = wholeBundle
    ? bundle.length
    : pick(r, [body.length, body.length, body.length, body.length + 1, 1, 0, 2 ** 31, 2 ** 53]);
  let offset = pick(r, [0, 0, 0, 0, 0, 1, -1, size, 2 ** 40]);
  const signer = pick(r, [pair.district, pair.district, pair.district, pair.province]);
  // Kinds 0–8 break one thing each; 9 and above leave the request as the district would sign it.
  const kind = int(r, 14);
  let headers: Record<string, string> = signedHeaders(signer, {
    office: kind === 0 ? pick(r, ['960', '95', '']) : '958',
    name: kind === 1 ? `${name}0` : name,
    size,
    offset,
    body,
    ...(kind === 2
      ? { at: pick(r, ['2021-11-24T00:00:00Z', 'x', new Date(Date.now() + 3_600_000).toISOString()]) }
      : {}),
  });
  if (kind === 3) headers = {};
  if (kind === 4)
    headers[UPLOAD_HEADERS.signature] = pick(r, ['x', '', 'x'.repeat(5000), crypto.randomBytes(64).toString('base64')]);
  if (kind === 5) size = Number.NaN;
  if (kind === 6) offset = Number.NaN;
  const method = kind === 7 ? pick(r, ['POST', 'DELETE', 'GET', 'PATCH']) : 'PUT';
  const target =
    kind === 8
      ? pick(r, [
          `/sync/upload/${name}/x`,
          '/sync/upload/958-1-XYZ',
          `/sync/upload/${name}%00`,
          '/sync/',
          '/sync/ping?x=1',
        ])
      : `/sync/upload/${name}?size=${size}&offset=${offset}`;
  const label = `upload ${method} kind ${kind}, ${body.length} bytes, size ${size}, offset ${offset}`;
  // The door answers a chunk larger than the upload's rest with 413 and drops the connection.
  return {
    req: { method, path: target, headers, body },
    label,
    mayDrop: body.length > size - offset || !Number.isFinite(size),
  };
}

describe('fuzz: HTTP hosts', () => {
  let plain: { host: Host; engine: Engine };
  let province: { host: Host; pair: FuzzPair; bundle: Buffer };
  const tallies = { serve: newTally(), province: newTally() };
  /** An administrator's session per host, so random calls reach every handler as before accounts. */
  const sessions = new Map<Host, string>();

  beforeAll(async () => {
    const dir = tempDir();
    const staticDir = path.join(dir, 'renderer');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Sa Bàn</title>');
    const engine = Engine.open(path.join(dir, 'db.sqlite'), { seedTraining: true });
    plain = { engine, host: await startHost({ engine, staticDir, port: 0, logInternal: () => undefined }) };
    addAccount(engine, 'fuzz', 'admin');
    sessions.set(plain.host, signIn(engine, 'fuzz'));
    const pair = await fuzzPair();
    const e = pair.province.engine;
    // Room for more unfinished uploads than the default 4 a district may leave, so that later
    // cases still reach the import (the quota answers some all the same).
    e.write({ door: 'cli' }, { action: 'fuzz.quota' }, (tx) => {
      tx.put('setting', { key: 'syncInboxPartsPerOffice', value: '30', deleted: 0 });
    });
    province = {
      pair,
      bundle: fs.readFileSync(pair.bundle),
      host: await startHost({
        engine: e,
        staticDir,
        port: 0,
        logInternal: () => undefined,
        routes: provinceRoutes(e),
        listen: '127.0.0.1',
      }),
    };
    addAccount(e, 'fuzz', 'admin');
    sessions.set(province.host, signIn(e, 'fuzz'));
  });
  afterAll(async () => {
    await plain.host.close();
    plain.engine.close();
    await province.host.close();
    province.pair.close();
  });

  const apiRequest = (host: Host, method: string, body: Buffer | string): Request => ({
    method: 'POST',
    path: `/api/${encodeURIComponent(method)}`,
    headers: {
      authorization: `Bearer ${host.token}`,
      'x-saban-session': sessions.get(host) ?? '',
      'content-type': 'application/json',
    },
    body,
  });

  /** A valid API call, and at the province a valid call of its door, still answered. */
  async function stillAnswers(host: Host, door: boolean, after: string): Promise<void> {
    const info = await send(host.port, apiRequest(host, 'app.info', '{}'));
    expect(info.status, `API after ${after}`).toBe(200);
    expect(JSON.parse(info.body), `API after ${after}`).toMatchObject({ ok: true });
    if (door) {
      const ping = await send(host.port, { method: 'GET', path: '/sync/ping' });
      expect(JSON.parse(ping.body), `upload door after ${after}`).toMatchObject({ ok: true });
    }
  }

  async function apiCases(r: Rand, host: Host, tally: Tally, door: boolean): Promise<void> {
    for (let i = 0; i < CASES; i++) {
      const method = r() < 0.85 ? pick(r, METHODS) : pick(r, NOT_METHODS);
      const { body, label } = randomBody(r, method);
      const name = `${method.slice(0, 40)} #${i}: ${label}`;
      judgeAnswer(tally, name, await send(host.port, apiRequest(host, method, body)), false);
      await stillAnswers(host, door, name);
    }
  }

  it('serve: answers every random call with an error code or a result, and keeps answering', async () => {
    const t = tallies.serve;
    await apiCases(prng(FUZZ_SEED ^ 0x5e7), plain.host, t, false);
    expect(t.crashed, t.crashed.slice(0, 5).join('\n')).toEqual([]);
    expect(integrityOk(plain.engine.db)).toBe(true);
  }, 120_000);

  it('serve --province: the same, and random upload requests at its door', async () => {
    const t = tallies.province;
    const r = prng(FUZZ_SEED ^ 0x9e0);
    const host = province.host;
    await apiCases(r, host, t, true);
    for (let i = 0; i < CASES; i++) {
      const c = uploadCase(r, province.pair, province.bundle);
      const label = `#${i} ${c.label}`;
      const a = await send(host.port, c.req);
      if (process.env['FUZZ_DEBUG']) process.stdout.write(`${label} => ${a.status} ${a.body.slice(0, 160)}\n`);
      judgeAnswer(t, label, a, c.mayDrop);
      await stillAnswers(host, true, label);
    }
    expect(t.crashed, t.crashed.slice(0, 5).join('\n')).toEqual([]);
    expect(integrityOk(province.pair.province.engine.db)).toBe(true);
  }, 120_000);

  it('prints its tallies', () => {
    const all = newTally();
    for (const [name, t] of Object.entries(tallies)) {
      process.stdout.write(tallyLine(t, `HTTP ${name}`));
      all.tried += t.tried;
      all.refused += t.refused;
      all.accepted += t.accepted;
      all.crashed.push(...t.crashed);
    }
    process.stdout.write(tallyLine(all, 'HTTP, both hosts'));
    expect(tallies.serve.tried).toBe(CASES);
    expect(tallies.province.tried).toBe(CASES * 2);
    expect(all.refused).toBeGreaterThan(CASES);
  });
});
