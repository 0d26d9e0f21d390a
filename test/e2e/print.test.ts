/**
 * The print route and its hosts: the CLI prints a page of the built renderer with Debian's
 * Chromium (bundled fonts embedded, A4 from the page's CSS); the browser host's `POST /print/pdf`
 * answers the PDF to a caller with the token only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { saban as sabanCli } from '../helpers/cli';
import { pdfFonts, pdfPages, pdfText } from '../helpers/pdf';
import { CHROMIUM, cleanup, closeBrowser, saban, startServer, tempDb } from './helpers';

afterEach(cleanup);
afterAll(closeBrowser);

/** Prints the sample page of a fresh training database with `browser`; returns the run and the file. */
async function printSample(browser: string, ...more: string[]) {
  const db = tempDb();
  saban(['init', '--training', '--db', db]);
  const out = path.join(path.dirname(db), 'sample.pdf');
  return { out, r: await sabanCli('print', 'sample', '--db', db, '--out', out, '--browser', browser, ...more) };
}

describe('print route', () => {
  it('the CLI prints a page with the bundled fonts embedded, on A4', async () => {
    const { out, r } = await printSample(CHROMIUM, '--param', 'note=Xin chào');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(out);
    const text = pdfText(out);
    expect(text.normalize('NFC')).toBe(text);
    expect(text).toContain('Huyện Tập Huấn — Xã Đông Hải, ấp Phước Thạnh');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Xin chào');
    const fonts = pdfFonts(out);
    expect(fonts.map((f) => f.name).join(' ')).toMatch(/NotoSans-Regular.*Tinos-Regular|Tinos-Regular.*NotoSans/s);
    expect(fonts.every((f) => f.embedded)).toBe(true);
    expect(pdfPages(out).sizes[0]).toEqual([595, 842]);
  });

  it('says in one line when the browser given does not exist', async () => {
    const { r } = await printSample('/nope/chrome');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('/nope/chrome');
  });

  it('the browser host prints through POST /print/pdf, with the token only', async () => {
    const db = tempDb();
    saban(['init', '--training', '--db', db]);
    const server = await startServer(db);
    const body = JSON.stringify({ page: 'sample', params: { note: 'Bản tin' }, lang: 'en' });
    const refused = await fetch(`${server.origin}/print/pdf`, { method: 'POST', body });
    expect(refused.status).toBe(401);
    const res = await fetch(`${server.origin}/print/pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const file = path.join(path.dirname(db), 'door.pdf');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(pdfText(file)).toContain('Sample print page');
    const bad = await fetch(`${server.origin}/print/pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ page: '../etc' }),
    });
    expect(bad.status).toBe(400);
  });
});
