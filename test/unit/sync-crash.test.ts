/** Sync crash safety: a kill -9 in the middle of applying a bundle leaves the province intact, and the bundle importable again. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { sharedDataAvailable } from '../helpers/shared-data';
import { communesOf, craftBundle, dataSnapshot, setUpOffices } from '../helpers/sync';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'electron/cli/main.ts');
const available = sharedDataAvailable();
let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const CHANGES = 300_000;

describe.skipIf(!available)('sync crash safety', () => {
  it('survives SIGKILL mid-apply: integrity ok, state as before, then imports cleanly', async () => {
    const o = setUpOffices();
    cleanup = o.close;
    const d = o.districts[0]!;
    const communes = communesOf(d);
    const base = Date.parse('2021-11-24T00:00:00Z');
    const lines: string[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const hlc = `${new Date(base + Math.floor(i / 1000)).toISOString()}-${(i % 1000).toString(16).padStart(4, '0')}-${d.engine.nodeId}`;
      const id = `fig-${i}`;
      lines.push(
        `[${JSON.stringify(hlc)},"riskFigures",${JSON.stringify(id)},${JSON.stringify({
          id,
          unit_code: communes[i % communes.length],
          as_of: '2021-11-24',
          population: 1000 + i,
          new_cases_7d: i % 50,
          vaccine_pct: 70.5,
          capacity_ok: 1,
          deleted: 0,
        })}]`,
      );
    }
    const file = path.join(o.dir, '958-1.sabanbundle');
    craftBundle(d, file, lines, { counts: { riskFigures: CHANGES } });
    const before = dataSnapshot(o.province.engine);
    const dbFile = o.province.file;
    o.province.engine.close();

    // node itself (not the tsx wrapper, which would survive as an orphan) so SIGKILL hits the importer.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'import-bundle', file, '--db', dbFile, '--lang', 'en'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, SABAN_CLI_MAIN: '1' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Killed as soon as it reports applying (a progress line), never after a sleep.
    const killedAt = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /progress (\d+)\/(\d+)/.exec(out);
        if (m && Number(m[1]) < CHANGES) {
          child.kill('SIGKILL');
          resolve(m[0]);
        }
      });
      child.once('exit', (code) =>
        reject(new Error(`import ended (${code}) before it could be killed: ${out} ${stderr}`)),
      );
    });
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    expect(killedAt).toMatch(/progress \d+\/300000/);

    const raw = new Database(dbFile);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const reopened = Engine.open(dbFile);
    try {
      expect(dataSnapshot(reopened)).toBe(before);
      const { importFor } = await import('../../electron/engine/sync/service');
      const r = importFor(reopened, file);
      expect(r.status).toBe('applied');
      expect(r.applied[0]).toMatchObject({ changes: CHANGES, applied: CHANGES });
      expect((reopened.db.prepare('SELECT count(*) AS n FROM risk_figures').get() as { n: number }).n).toBe(CHANGES);
    } finally {
      reopened.close();
    }
  }, 180_000);
});
