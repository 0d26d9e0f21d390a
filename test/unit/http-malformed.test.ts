/**
 * No request stops a host: a corpus of malformed raw requests (request lines, targets,
 * percent-encodings, headers, bodies) sent over a plain socket to the normal host and to the
 * province's host (`serve --province`), each answered with an error status and, where the
 * answer is ours, a JSON error code; after EVERY case a valid request still gets its answer.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { provinceRoutes } from '../../electron/http/province-routes';
import { type Host, startHost } from '../../electron/http/server';
import { tempDir } from '../helpers/engine';

interface Raw {
  readonly status: number;
  readonly body: string;
}

/** Sends bytes on a fresh connection and reads until the server closes it (or 3 s pass). */
function raw(port: number, data: string | Buffer, options: { abortAfterWrite?: boolean } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = (): void => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, Math.max(split, 0)).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      let bytes: Buffer = split < 0 ? Buffer.alloc(0) : all.subarray(split + 4);
      if (/^transfer-encoding:\s*chunked\s*$/im.test(head)) bytes = dechunk(bytes);
      const body = bytes.toString('utf8');
      resolve({ status, body });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      done();
    }, 3000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', done);
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') reject(err);
    });
    socket.write(data, () => {
      if (options.abortAfterWrite) socket.destroy();
    });
  });
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.subarray(0, eol).toString('latin1'), 16);
    if (!(size > 0)) return Buffer.concat(out);
    out.push(rest.subarray(eol + 2, eol + 2 + size));
    rest = rest.subarray(eol + 2 + size + 2);
  }
}

function parse(body: string, name: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new Error(`${name}: the answer is not one JSON document: ${body.slice(0, 300)}`);
  }
}

interface Case {
  readonly name: string;
  /** The bytes; `{H}` is the valid Host, `{T}` the token. */
  readonly request: string | Buffer;
  /** Expected status; 0 when the connection may simply be dropped (no answer is possible). */
  readonly status: number | readonly number[];
  /** Expected error code in the JSON answer. */
  readonly code?: string;
  readonly abortAfterWrite?: boolean;
}

const CRLF = '\r\n';
const req = (lines: readonly string[], body = ''): string => lines.join(CRLF) + CRLF + CRLF + body;
const api = (target: string, body: string | Buffer, extra: readonly string[] = []): Buffer =>
  Buffer.concat([
    Buffer.from(
      req([
        `POST ${target} HTTP/1.1`,
        'Host: {H}',
        'Authorization: Bearer {T}',
        'Connection: close',
        `Content-Length: ${Buffer.byteLength(body)}`,
        ...extra,
      ]),
    ),
    Buffer.isBuffer(body) ? body : Buffer.from(body),
  ]);

const CORPUS: readonly Case[] = [
  // The reproductions of issue 11: each used to kill the process.
  {
    name: 'absolute target new URL cannot parse',
    request: req(['GET http://[bad/ HTTP/1.1', 'Host: {H}', 'Connection: close']),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'bad percent-encoding in the API method',
    request: api('/api/%E0%A4%A', '{}'),
    status: 400,
    code: 'bad-request',
  },
  // Request lines and targets.
  {
    name: 'bad percent-encoding in a static path',
    request: req(['GET /%E0%A4%A HTTP/1.1', 'Host: {H}', 'Connection: close']),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'lone percent sign',
    request: req(['GET /% HTTP/1.1', 'Host: {H}', 'Connection: close']),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'asterisk target',
    request: req(['OPTIONS * HTTP/1.1', 'Host: {H}', 'Connection: close']),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'absolute-form target',
    request: req(['GET http://127.0.0.1/ HTTP/1.1', 'Host: {H}', 'Connection: close']),
    status: 400,
    code: 'bad-request',
  },
  { name: 'not HTTP at all', request: 'GARBAGE\r\n\r\n', status: 400, code: 'bad-request' },
  { name: 'invalid method token', request: req(['G(T / HTTP/1.1', 'Host: {H}']), status: 400, code: 'bad-request' },
  { name: 'unknown HTTP version', request: req(['GET / HTTP/7', 'Host: {H}']), status: 400, code: 'bad-request' },
  {
    name: 'space inside the target',
    request: req(['GET /a b HTTP/1.1', 'Host: {H}']),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'control byte in the target',
    request: req(['GET /\u0001 HTTP/1.1', 'Host: {H}']),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'NUL in the path',
    request: req(['GET /index%00.html HTTP/1.1', 'Host: {H}', 'Connection: close']),
    status: 403,
  },
  { name: 'only a line feed', request: '\n\n\n\n', status: [0, 400] },
  {
    name: 'request line too long',
    request: req([`GET /${'a'.repeat(100_000)} HTTP/1.1`, 'Host: {H}']),
    status: [400, 431],
  },
  // Headers.
  { name: 'no Host header', request: req(['GET / HTTP/1.1', 'Connection: close']), status: [400, 403] },
  {
    name: 'foreign Host header',
    request: req(['GET / HTTP/1.1', 'Host: evil.example', 'Connection: close']),
    status: 403,
    code: 'unauthorized',
  },
  {
    name: 'Host that is not a host',
    request: req(['GET / HTTP/1.1', 'Host: [bad', 'Connection: close']),
    status: 403,
    code: 'unauthorized',
  },
  {
    name: 'header without a colon',
    request: req(['GET / HTTP/1.1', 'Host: {H}', 'NoColonHere']),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'space in a header name',
    request: req(['GET / HTTP/1.1', 'Host: {H}', 'Bad Name: x']),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'control byte in a header value',
    request: req(['GET / HTTP/1.1', 'Host: {H}', 'X-A: a\u0001b']),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'headers over 16 KiB',
    request: req(['GET / HTTP/1.1', 'Host: {H}', `X-Big: ${'b'.repeat(40_000)}`]),
    status: 431,
    code: 'bad-request',
  },
  {
    name: 'Content-Length not a number',
    request: req(['POST /api/app.info HTTP/1.1', 'Host: {H}', 'Content-Length: abc']),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'two different Content-Lengths',
    request: req(['POST /api/app.info HTTP/1.1', 'Host: {H}', 'Content-Length: 1', 'Content-Length: 2'], '{}'),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'Content-Length with chunked',
    request: req(['POST /api/app.info HTTP/1.1', 'Host: {H}', 'Content-Length: 2', 'Transfer-Encoding: chunked'], '{}'),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'token in another scheme',
    request: api('/api/app.info', '{}').toString().replace('Bearer', 'Basic'),
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'non-ASCII token',
    request: api('/api/app.info', '{}').toString('latin1').replace('{T}', 'ÿÿÿ'),
    status: 401,
    code: 'unauthorized',
  },
  // Bodies.
  {
    name: 'bad chunk size',
    request: req(['POST /api/app.info HTTP/1.1', 'Host: {H}', 'Transfer-Encoding: chunked'], 'ZZ\r\n{}\r\n0\r\n\r\n'),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'body not UTF-8',
    request: api('/api/app.info', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
    status: 400,
    code: 'bad-request',
  },
  { name: 'body not JSON', request: api('/api/app.info', '{nope'), status: 400, code: 'bad-request' },
  {
    name: 'declared body over the limit',
    request: req([
      'POST /api/app.info HTTP/1.1',
      'Host: {H}',
      'Authorization: Bearer {T}',
      'Content-Length: 99999999999',
    ]),
    status: 413,
    code: 'too-large',
  },
  {
    name: 'deeply nested JSON',
    request: api('/api/units.get', `{"code":${'['.repeat(50_000)}${']'.repeat(50_000)}}`),
    status: 200,
    code: 'bad-request',
  },
  {
    name: 'body cut off mid-way',
    request: req(
      ['POST /api/app.info HTTP/1.1', 'Host: {H}', 'Authorization: Bearer {T}', 'Content-Length: 1000'],
      '{"a":',
    ),
    status: 0,
    abortAfterWrite: true,
  },
  {
    name: 'GET on the API',
    request: req(['GET /api/app.info HTTP/1.1', 'Host: {H}', 'Connection: close']),
    status: 405,
    code: 'bad-request',
  },
  { name: 'CONNECT', request: req(['CONNECT 127.0.0.1:1 HTTP/1.1', 'Host: {H}']), status: [0, 400] },
];

/** Extra cases for the province's host: its upload routes. */
const PROVINCE_CORPUS: readonly Case[] = [
  {
    name: 'upload under a foreign Host',
    request: req(
      [
        'PUT /sync/upload/958-1-0123456789abcdef?size=2147483648&offset=0 HTTP/1.1',
        'Host: evil.com',
        'Content-Length: 1',
        'Connection: close',
      ],
      'x',
    ),
    status: 403,
    code: 'unauthorized',
  },
  {
    name: 'bad target on the sync door',
    request: req(['PUT http://[bad/sync/upload/x HTTP/1.1', 'Host: {H}', 'Connection: close']),
    status: 400,
    code: 'bad-request',
  },
  {
    name: 'bad percent-encoding on the sync door',
    request: req(['GET /sync/upload/%E0%A4%A?size=1 HTTP/1.1', 'Host: {H}', 'Connection: close']),
    status: 404,
    code: 'not-found',
  },
  {
    // Unsigned: the door refuses the missing signature before it reads anything else.
    name: 'bad size on the sync door',
    request: req(['GET /sync/upload/958-1-0123456789abcdef?size=%ZZ HTTP/1.1', 'Host: {H}', 'Connection: close']),
    status: [401, 413],
  },
];

interface Target {
  readonly label: string;
  host: Host;
  engine: Engine;
  readonly corpus: readonly Case[];
}

const targets: Target[] = [];

async function open(label: string, province: boolean, corpus: readonly Case[]): Promise<Target> {
  const dir = tempDir();
  const staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Sa Bàn</title>');
  const engine = Engine.open(path.join(dir, 'db.sqlite'), { seedTraining: true });
  const host = await startHost({
    engine,
    staticDir,
    port: 0,
    logInternal: () => undefined,
    ...(province ? { routes: provinceRoutes(engine), listen: '127.0.0.1' } : {}),
  });
  return { label, host, engine, corpus };
}

beforeAll(async () => {
  targets.push(
    await open('serve', false, CORPUS),
    await open('serve --province', true, [...CORPUS, ...PROVINCE_CORPUS]),
  );
});
afterAll(async () => {
  for (const t of targets) {
    await t.host.close();
    t.engine.close();
  }
});

function fill(request: string | Buffer, t: Target): Buffer {
  const text = Buffer.isBuffer(request) ? request.toString('latin1') : request;
  return Buffer.from(text.replaceAll('{H}', `127.0.0.1:${t.host.port}`).replaceAll('{T}', t.host.token), 'latin1');
}

/**
 * A valid API call and (for the province) a valid call of the sync door, both answered correctly.
 * (Upload requests must be signed by a registered district, test/unit/sync-upload-door.test.ts;
 * the unsigned ping is the door's valid request without a key.)
 */
async function stillAnswers(t: Target, after: string): Promise<void> {
  const info = await raw(t.host.port, fill(api('/api/app.info', '{}'), t));
  expect(info.status, `API after "${after}"`).toBe(200);
  expect(JSON.parse(info.body), `API after "${after}"`).toMatchObject({ ok: true });
  if (t.label.includes('province')) {
    const q = await raw(t.host.port, fill(req(['GET /sync/ping HTTP/1.1', 'Host: {H}', 'Connection: close']), t));
    expect(q.status, `sync door after "${after}"`).toBe(200);
    expect(JSON.parse(q.body), `sync door after "${after}"`).toMatchObject({ ok: true, value: { role: null } });
  }
}

describe.each(['serve', 'serve --province'])('%s: malformed requests', (label) => {
  it('answers each with an error and keeps answering valid requests', async () => {
    const t = targets.find((x) => x.label === label)!;
    expect(t.corpus.length).toBeGreaterThan(30);
    for (const c of t.corpus) {
      const r = await raw(t.host.port, fill(c.request, t), { abortAfterWrite: c.abortAfterWrite ?? false });
      const allowed = typeof c.status === 'number' ? [c.status] : c.status;
      expect(allowed, `${c.name}: status ${r.status}, body ${r.body.slice(0, 200)}`).toContain(r.status);
      if (c.code) expect(parse(r.body, c.name), c.name).toMatchObject({ ok: false, error: { code: c.code } });
      await stillAnswers(t, c.name);
    }
  });
});

describe('saban serve --province (the real process)', () => {
  it('stays up after the two requests that used to stop it', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'electron/cli/main.ts',
        'serve',
        '--province',
        '--host-name',
        'Tinh95.lan',
        '--port',
        '0',
        '--db',
        path.join(dir, 'p.sqlite'),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<URL>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Sa Bàn: (http:\S+)/.exec(out);
          if (m) resolve(new URL(m[1]!));
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const port = Number(url.port);
      const t = { label: 'province', host: { port, token: url.searchParams.get('token')! } } as unknown as Target;
      const line = await raw(port, fill(req(['GET http://[bad/ HTTP/1.1', 'Host: {H}']), t));
      expect(line.status).toBe(400);
      const method = await raw(port, fill(api('/api/%E0%A4%A', '{}'), t));
      expect(method.status).toBe(400);
      expect(child.exitCode).toBeNull();
      await stillAnswers(t, 'both reproductions');
      // The DNS name given with --host-name reaches the sync door; a foreign name does not.
      const named = await raw(port, req([`GET /sync/ping HTTP/1.1`, `Host: tinh95.lan:${port}`, 'Connection: close']));
      expect(named.status).toBe(200);
      const foreign = await raw(port, req([`GET /sync/ping HTTP/1.1`, `Host: evil.com:${port}`, 'Connection: close']));
      expect(foreign.status).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
