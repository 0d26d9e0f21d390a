/**
 * Runs the built Electron main process (out/electron/main.cjs) in plain Node against a fake
 * `electron` module (test/electron/fake-electron.ts) and the real built engine host. Covers the
 * wiring that would otherwise only run where the Electron binary exists: app:// serving with the
 * CSP, the trusted-sender check in front of the engine, navigation, window and permission
 * lockdown, and a clean quit. Chromium's own behaviour is for test/electron/electron.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../../electron/http/server';
import { tempDir } from '../helpers/engine';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runMain(db: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', './test/electron/fake-electron.ts', 'out/electron/main.cjs', '--db', db],
      { cwd: ROOT, env: { ...process.env, SABAN_HOME: path.join(path.dirname(db), 'profile'), ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function line(run: Run, tag: string): unknown {
  const found = run.stdout.split('\n').find((l) => l.startsWith(tag + ' '));
  if (!found) throw new Error(`no ${tag} line; stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  return JSON.parse(found.slice(tag.length + 1));
}

describe('Electron main process wiring (fake electron module)', () => {
  beforeAll(() => {
    // The Node bundles only; the renderer's index.html may or may not be built.
    const r = spawnSync(process.execPath, ['scripts/build.mjs', '--skip-renderer'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('serves app://, guards IPC, blocks navigation and windows, and quits cleanly', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'saban.sqlite');
    const run = await runMain(db, { SABAN_SQLITE_BINDING: '' });
    const r = line(run, 'FAKE-ELECTRON-RESULT') as Record<string, unknown>;

    expect(r['schemes']).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(r['userData']).toBe(path.join(dir, 'profile'));
    expect(r['sandboxEnabled']).toBe(true);
    expect(r['title']).toBe('Sa Bàn');
    expect(r['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
    // Options whose only safe value is the default: never set at all.
    for (const k of [
      'allowRunningInsecureContent',
      'experimentalFeatures',
      'enableBlinkFeatures',
      'nodeIntegrationInWorker',
    ]) {
      expect(r['webPreferences'], k).not.toHaveProperty(k);
    }
    expect(String((r['webPreferences'] as { preload: string }).preload)).toMatch(/out[/\\]electron[/\\]preload\.cjs$/);
    expect(r['loadedUrl']).toBe('app://saban/index.html');

    const index = r['index'] as { status: number; csp: string };
    expect([200, 404]).toContain(index.status); // 404 with a "run npm run build" text when unbuilt
    expect(index.csp).toBe(CSP);
    expect(r['traversal']).toMatchObject({ status: 403 });
    expect(r['otherHost']).toMatchObject({ status: 403 });
    expect(r['missing']).toMatchObject({ status: 404, csp: CSP });

    expect(r['signedOutCall']).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // The window is signed in by main; the page never receives the session token.
    expect(r['setupCall']).toMatchObject({ ok: true, value: { session: '', me: { login: 'quantri', role: 'admin' } } });
    expect(r['trustedCall']).toMatchObject({ ok: true, value: { units: { district: { total: 1 } } } });
    expect(r['badMethod']).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    for (const k of ['otherWindow', 'foreignFrame', 'subFrame', 'goneFrame']) {
      expect(r[k], k).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }

    expect(r['navigateAwayPrevented']).toBe(true);
    expect(r['navigateFilePrevented']).toBe(true);
    expect(r['navigateInAppPrevented']).toBe(false);
    expect(r['redirectAwayPrevented']).toBe(true);
    expect(r['redirectInAppPrevented']).toBe(false);
    expect(r['webviewPrevented']).toBe(true);
    expect(r['listenerCounts']).toEqual({ willNavigate: 1, willRedirect: 1, willAttachWebview: 1 });
    // Every window.open is denied; an http(s) link goes to the browser only after the user agreed
    // to its host (the fake user agrees to example.com, declines other.example).
    for (const k of ['openHttps', 'openOther', 'openFile', 'openCredentials']) {
      expect(r[k], k).toEqual({ action: 'deny' });
    }
    expect(r['prompts']).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('example.com') as unknown,
        parent: true,
        defaultId: 1,
        cancelId: 1,
      }),
      expect.objectContaining({
        message: expect.stringContaining('other.example:8080') as unknown,
        defaultId: 1,
        cancelId: 1,
      }),
    ]);
    expect(r['opened']).toEqual(['https://example.com/']);
    expect(r['permissionGranted']).toBe(false);
    expect(r['permissionCheck']).toBe(false);

    // Quit waited for the engine: exit 0 and the WAL checkpointed away.
    expect(run.stdout).toContain('FAKE-ELECTRON-QUIT');
    expect(run.code).toBe(0);
    expect(fs.existsSync(db + '-wal')).toBe(false);
  });

  it('shows a bilingual error and exits 1 for a database from a newer app', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'future.sqlite');
    const Database = (await import('better-sqlite3')).default;
    const d = new Database(db);
    d.pragma('user_version = 999999');
    d.close();
    const run = await runMain(db, { SABAN_SQLITE_BINDING: '' });
    const dialog = line(run, 'FAKE-ELECTRON-DIALOG') as { title: string; content: string };
    expect(dialog.title).toContain('Không mở được cơ sở dữ liệu / Cannot open the database');
    expect(dialog.content).toContain(db);
    expect(dialog.content).toMatch(/phiên bản mới hơn \/ Database from a newer version/);
    expect(run.stdout).toContain('FAKE-ELECTRON-EXIT 1');
    expect(run.code).toBe(1);
  });
});
