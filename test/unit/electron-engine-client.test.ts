import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineClient, type EnginePort } from '../../electron/main/engine-client';
import { isHostMessage, isHostRequest, type HostRequest } from '../../electron/main/engine-protocol';
import { tempDir } from '../helpers/engine';

/** An in-memory stand-in for Electron's UtilityProcess. */
class FakePort implements EnginePort {
  readonly sent: HostRequest[] = [];
  killed = false;
  private readonly listeners: { message: Array<(m: unknown) => void>; exit: Array<(c: number) => void> } = {
    message: [],
    exit: [],
  };
  postMessage(message: HostRequest): void {
    this.sent.push(message);
  }
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message' | 'exit', listener: ((m: unknown) => void) | ((c: number) => void)): unknown {
    (this.listeners[event] as Array<typeof listener>).push(listener);
    return this;
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
  emit(message: unknown): void {
    for (const l of this.listeners.message) l(message);
  }
  exit(code: number): void {
    for (const l of this.listeners.exit) l(code);
  }
}

describe('engine client (main side of the utility process)', () => {
  it('resolves start-up with ready or fatal', async () => {
    const a = new FakePort();
    const ready = new EngineClient(a);
    a.emit({ type: 'ready', dbPath: '/x.sqlite', created: true });
    await expect(ready.started).resolves.toEqual({ ok: true, dbPath: '/x.sqlite', created: true });

    const b = new FakePort();
    const fatal = new EngineClient(b);
    b.emit({ type: 'fatal', error: { code: 'db-too-new', message: 'newer' } });
    await expect(fatal.started).resolves.toEqual({ ok: false, error: { code: 'db-too-new', message: 'newer' } });
  });

  it('matches replies to calls by id, whatever their order', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const first = client.call('units.stats', {});
    const second = client.call('app.info', {});
    const [c1, c2] = port.sent;
    expect(c1).toMatchObject({ type: 'call', method: 'units.stats' });
    expect(c2).toMatchObject({ type: 'call', method: 'app.info' });
    if (c1?.type !== 'call' || c2?.type !== 'call') throw new Error('expected calls');
    port.emit({ type: 'result', id: c2.id, result: { ok: true, value: 2 } });
    port.emit({ type: 'result', id: c1.id, result: { ok: true, value: 1 } });
    port.emit({ type: 'result', id: 999, result: { ok: true, value: 'stray' } });
    port.emit('garbage');
    await expect(first).resolves.toEqual({ ok: true, value: 1 });
    await expect(second).resolves.toEqual({ ok: true, value: 2 });
  });

  it('answers pending and later calls with an error when the process dies', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    let unexpected: number | null = null;
    client.onUnexpectedExit = (code) => {
      unexpected = code;
    };
    const pending = client.call('units.stats', {});
    port.exit(3);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    await expect(client.call('units.stats', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(unexpected).toBe(3);
  });

  it('close asks the host to exit, and kills it when it does not', async () => {
    const polite = new FakePort();
    const a = new EngineClient(polite);
    const closing = a.close(1000);
    expect(polite.sent.at(-1)).toEqual({ type: 'close' });
    polite.exit(0);
    await closing;
    expect(polite.killed).toBe(false);

    const stuck = new FakePort();
    await new EngineClient(stuck).close(10);
    expect(stuck.killed).toBe(true);
  });

  it('turns uncloneable input into bad-request instead of throwing', async () => {
    const port = new FakePort();
    port.postMessage = () => {
      throw new Error('could not be cloned');
    };
    await expect(new EngineClient(port).call('units.stats', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
  });

  it('checks message shapes on both sides', () => {
    expect(isHostRequest({ type: 'call', id: 1, method: 'x', input: {}, session: null })).toBe(true);
    // A call without its session field is not a call: the host would otherwise act as this process.
    expect(isHostRequest({ type: 'call', id: 1, method: 'x', input: {} })).toBe(false);
    expect(isHostRequest({ type: 'call', id: 'x' })).toBe(false);
    expect(isHostRequest({ type: 'close' })).toBe(true);
    expect(isHostRequest(null)).toBe(false);
    expect(
      isHostMessage({ type: 'result', id: 1, result: { ok: false, error: { code: 'internal', message: 'm' } } }),
    ).toBe(true);
    expect(isHostMessage({ type: 'result', id: 1, result: { ok: false } })).toBe(false);
    expect(isHostMessage({ type: 'ready', dbPath: 1, created: true })).toBe(false);
  });
});

/**
 * The real engine-host.ts, run in plain Node with a child-process stand-in for Electron's
 * parentPort (test/electron/engine-host-harness.ts), talked to through the real EngineClient.
 */
describe('engine host process', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  let child: ChildProcess | null = null;
  afterEach(() => {
    child?.kill();
    child = null;
  });

  function startHost(dbPath: string): EngineClient {
    child = fork(path.join(root, 'test/electron/engine-host-harness.ts'), ['--db', dbPath], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const c = child;
    const port: EnginePort = {
      postMessage: (m) => {
        c.send(m);
      },
      on: (event: 'message' | 'exit', listener: ((m: unknown) => void) | ((code: number) => void)) =>
        event === 'message'
          ? c.on('message', listener as (m: unknown) => void)
          : c.on('exit', (code) => listener(code ?? 1)),
      kill: () => c.kill(),
    };
    return new EngineClient(port);
  }

  it('seeds the training district into a new file, answers calls, and closes cleanly', async () => {
    const dbPath = path.join(tempDir(), 'new.sqlite');
    const client = startHost(dbPath);
    await expect(client.started).resolves.toEqual({ ok: true, dbPath, created: true });
    // Nothing but public methods before someone signs in; the first-run setup signs its caller in.
    await expect(client.call('units.stats', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    const setup = await client.call('setup.run', {
      office: { kind: 'training' },
      admin: { login: 'quantri', displayName: 'Quản trị viên', password: 'mật khẩu đủ dài' },
    });
    expect(setup.ok).toBe(true);
    const session = setup.ok ? (setup.value as { session: string }).session : null;
    const stats = await client.call('units.stats', {}, session);
    expect(stats.ok).toBe(true);
    if (stats.ok)
      expect((stats.value as { units: { hamlet: { total: number } } }).units.hamlet.total).toBeGreaterThan(0);
    await expect(client.call('no.such', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    await expect(client.call('units.get', { code: 42 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    await client.close(10_000);
    // A clean close checkpoints and removes the WAL.
    expect(fs.existsSync(dbPath + '-wal')).toBe(false);
  });

  it('reports a database from a newer app as fatal, untouched', async () => {
    const dbPath = path.join(tempDir(), 'future.sqlite');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(dbPath);
    db.pragma('user_version = 999999');
    db.close();
    const before = fs.readFileSync(dbPath);
    const client = startHost(dbPath);
    await expect(client.started).resolves.toMatchObject({ ok: false, error: { code: 'db-too-new' } });
    expect(fs.readFileSync(dbPath).equals(before)).toBe(true);
    // After a fatal start the host still exits when asked (main closes it before quitting).
    await client.close(10_000);
    expect(child?.exitCode).toBe(1);
  });
});
