import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { type Host, startHost } from '../../electron/http/server';
import { addAccount, signIn, tempDir } from '../helpers/engine';

let engine: Engine;
let host: Host;
let staticDir: string;
let session: string;

beforeAll(async () => {
  const dir = tempDir();
  staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Sa Bàn</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  engine = Engine.open(path.join(dir, 'db.sqlite'), { seedTraining: true });
  host = await startHost({ engine, staticDir, port: 0 });
  addAccount(engine, 'truc-ban', 'operator');
  session = signIn(engine, 'truc-ban');
});
afterAll(async () => {
  await host.close();
  engine.close();
});

function request(
  pathname: string,
  options: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: pathname, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
const api = (method: string, input: unknown, token = host.token) =>
  request(`/api/${method}`, {
    method: 'POST',
    body: JSON.stringify(input),
    headers: { authorization: `Bearer ${token}`, 'x-saban-session': session },
  });

describe('loopback HTTP door', () => {
  it('prints a URL on 127.0.0.1 with its token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers API calls with the result envelope', async () => {
    const r = await api('units.get', { code: '99901' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { unit: { code: '99901', name: 'Xã An Bình' } } });
    const bad = await api('units.get', { code: 42 });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('refuses API calls without the right token', async () => {
    const none = await request('/api/app.info', { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await api('app.info', {}, 'wrong')).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const r = await request('/api/app.info', {
      method: 'POST',
      body: '{}',
      headers: { authorization: `Bearer ${host.token}`, host: 'evil.example:80' },
    });
    expect(r.status).toBe(403);
  });

  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const page = await request('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt']) {
      const r = await request(p);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.body, p).not.toContain('secret');
    }
  });

  it('refuses a body that is not JSON', async () => {
    const r = await request('/api/app.info', {
      method: 'POST',
      body: '{nope',
      headers: { authorization: `Bearer ${host.token}` },
    });
    expect(r.status).toBe(400);
  });
});
