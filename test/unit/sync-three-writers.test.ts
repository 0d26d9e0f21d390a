/**
 * No lost writes (issue 11): two command-line loops and the served HTTP API write to one database
 * at once, 200 writes each. Every write must be stored and none reported as failed: each
 * transaction takes the write lock up front and reads the newest clock inside it, so processes
 * sharing a database (and its node id) wait for each other and never stamp the same clock.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { HTTP_API_PREFIX } from '../../shared/contract';
import { Engine } from '../../electron/engine/engine';
import { addAccount, tempDir, TEST_PASSWORD } from '../helpers/engine';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'electron/cli/main.ts');
const LOOP = path.join(ROOT, 'test/helpers/set-level-loop.ts');
const WRITES = 200;

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function start(args: string[], cliMain = false): { child: ChildProcess; output: Promise<string> } {
  // node itself (not the tsx wrapper) so the child is the process that ends.
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SABAN_CLI_MAIN: cliMain ? '1' : '0' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const output = new Promise<string>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out} ${err}`)))),
  );
  return { child, output };
}

describe('three processes writing one database', () => {
  it('stores all 600 writes of two CLI loops and the HTTP API, none reported failed', async () => {
    const dir = tempDir('saban-writers-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const db = path.join(dir, 'saban.sqlite');
    const seeded = Engine.open(db, { seedTraining: true });
    const communes = (
      seeded.db.prepare("SELECT code FROM units WHERE level = 'commune' ORDER BY code LIMIT 3").all() as {
        code: string;
      }[]
    ).map((r) => r.code);
    addAccount(seeded, 'trucban', 'operator');
    seeded.close();
    expect(communes).toHaveLength(3);

    const server = start([CLI, 'serve', '--db', db, '--port', '0'], true);
    cleanups.push(() => server.child.kill('SIGTERM'));
    const url = await new Promise<URL>((resolve, reject) => {
      let seen = '';
      server.child.stdout!.on('data', (c: Buffer) => {
        seen += c.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(seen);
        if (m) resolve(new URL(m[1]!));
      });
      server.output.catch(reject);
    });
    const token = url.searchParams.get('token')!;
    const signedIn = (await (
      await fetch(`${url.origin}${HTTP_API_PREFIX}auth.login`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'trucban', password: TEST_PASSWORD }),
      })
    ).json()) as { value: { session: string } };
    const session = signedIn.value.session;

    const loops = [
      start([LOOP, db, communes[0]!, String(WRITES), 'cli-a']),
      start([LOOP, db, communes[1]!, String(WRITES), 'cli-b']),
    ];
    let httpOk = 0;
    const httpErrors: string[] = [];
    for (let i = 0; i < WRITES; i++) {
      const res = await fetch(`${url.origin}${HTTP_API_PREFIX}risk.set`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'x-saban-session': session, 'content-type': 'application/json' },
        body: JSON.stringify({ codes: [communes[2]], level: (i % 4) + 1, reason: `http ${i}` }),
      });
      const body = (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
      if (body.ok) httpOk += 1;
      else httpErrors.push(`${body.error?.code}: ${body.error?.message}`);
    }
    const results = (await Promise.all(loops.map((l) => l.output))).map(
      (o) => JSON.parse(o.trim().split('\n').pop()!) as { ok: number; failed: number; errors: string[] },
    );
    server.child.kill('SIGTERM');
    await server.output;

    expect(httpErrors).toEqual([]);
    expect(httpOk).toBe(WRITES);
    for (const r of results) expect(r).toEqual({ ok: WRITES, failed: 0, errors: [] });
    const check = new Database(db, { readonly: true });
    try {
      const stored = (tag: string): number =>
        (check.prepare('SELECT count(*) AS n FROM assessments WHERE reason LIKE ?').get(`${tag} %`) as { n: number }).n;
      expect(['cli-a', 'cli-b', 'http'].map(stored)).toEqual([WRITES, WRITES, WRITES]);
      // One change-log entry per write, each with its own clock.
      const clocks = check
        .prepare("SELECT count(*) AS n, count(DISTINCT hlc) AS d FROM changes WHERE entity = 'assessment'")
        .get() as { n: number; d: number };
      expect(clocks.n).toBeGreaterThanOrEqual(3 * WRITES);
      expect(clocks.d).toBe(clocks.n);
    } finally {
      check.close();
    }
  }, 120_000);
});
