/**
 * Roles at every door (issue 14): a leader's write is refused by the engine whichever door it
 * comes through (the Electron IPC handler's session keeping, HTTP, the command line's `--user`),
 * border staff change only their own posts, lockout and idle timeout run on the engine's clock,
 * and every audit entry names the account.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENTITIES } from '../../electron/engine/entities';
import { dispatch } from '../../electron/engine/dispatch';
import type { Engine } from '../../electron/engine/engine';
import { startHost } from '../../electron/http/server';
import { WindowSessions } from '../../electron/main/window-sessions';
import { saban } from '../helpers/cli';
import {
  addAccount,
  call,
  CallError,
  freshEngine,
  signIn,
  snapshot,
  TEST_PASSWORD,
  tempDir,
  viaSession,
} from '../helpers/engine';

const errorOf = (fn: () => unknown): CallError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof CallError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
};

let clock = Date.parse('2021-11-20T03:00:00Z');
afterEach(() => {
  delete process.env['SABAN_PASSWORD'];
});

function office(): Engine {
  clock = Date.parse('2021-11-20T03:00:00Z');
  return freshEngine({ seedTraining: true, now: () => clock }).engine;
}

const rename = { code: '99901', name: 'Xã Đổi Tên', reason: 'thử' };

describe('the access check in dispatch', () => {
  it('refuses a remote call without a session, and a leader’s write with forbidden, naming both', () => {
    const e = office();
    addAccount(e, 'lanhdao', 'leader', { displayName: 'Lãnh đạo Hùng' });
    const none = dispatch(e, 'units.update', rename, { door: 'http', session: null });
    expect(none).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // Public methods answer without one.
    expect(dispatch(e, 'app.info', {}, { door: 'http', session: null }).ok).toBe(true);

    const leader = viaSession(signIn(e, 'lanhdao'));
    const before = snapshot(e);
    const err = errorOf(() => call(e, 'units.update', rename, leader));
    expect(err.code).toBe('forbidden');
    expect(err.text.vi).toContain('Lãnh đạo Hùng (vai trò lãnh đạo) không được thay đổi dữ liệu: units.update');
    expect(err.text.en).toContain('(role leader) may not change data: units.update');
    expect(snapshot(e)).toBe(before);
    // …and reads stay open to the leader.
    expect(call(e, 'units.get', { code: '99901' }, leader).unit.name).toBe('Xã An Bình');
    expect(errorOf(() => call(e, 'users.list', {}, leader)).code).toBe('forbidden');
  });

  it('refuses it through the Electron window’s session keeping, which never hands the token to the page', async () => {
    const e = office();
    addAccount(e, 'lanhdao', 'leader');
    const sessions = new WindowSessions();
    const forward = (m: unknown, i: unknown, session: string | null) =>
      Promise.resolve(dispatch(e, m, i, { door: 'ui', session }));
    const login = await sessions.call(7, 'auth.login', { login: 'lanhdao', password: TEST_PASSWORD }, forward);
    expect(login).toMatchObject({ ok: true, value: { session: '', me: { role: 'leader' } } });
    expect(sessions.has(7)).toBe(true);
    expect(await sessions.call(7, 'units.get', { code: '99901' }, forward)).toMatchObject({ ok: true });
    expect(await sessions.call(7, 'units.update', rename, forward)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // Another window has no session; signing out forgets this one's.
    expect(await sessions.call(8, 'units.get', { code: '99901' }, forward)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    // A hidden print window borrows the asking window's session: it reads as that person, no more.
    sessions.lend(7, 9);
    expect(await sessions.call(9, 'units.get', { code: '99901' }, forward)).toMatchObject({ ok: true });
    expect(await sessions.call(9, 'units.update', rename, forward)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    sessions.forget(9);
    expect(sessions.has(9)).toBe(false);
    expect(sessions.has(7)).toBe(true);
    await sessions.call(7, 'auth.logout', {}, forward);
    expect(sessions.has(7)).toBe(false);
    expect(await sessions.call(7, 'units.get', { code: '99901' }, forward)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });

  it('refuses it over HTTP with the leader’s session, and lets an operator’s through', async () => {
    const e = office();
    addAccount(e, 'lanhdao', 'leader');
    addAccount(e, 'trucban', 'operator', { displayName: 'Trực ban Mai' });
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    const host = await startHost({ engine: e, staticDir: dir, port: 0 });
    const post = (
      method: string,
      input: unknown,
      session?: string,
    ): Promise<{ ok: boolean; error?: { code: string } }> =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify(input);
        const req = http.request(
          {
            host: '127.0.0.1',
            port: host.port,
            path: `/api/${method}`,
            method: 'POST',
            headers: { authorization: `Bearer ${host.token}`, ...(session ? { 'x-saban-session': session } : {}) },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve(JSON.parse(text) as { ok: boolean; error?: { code: string } }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      expect((await post('units.update', rename)).error?.code).toBe('unauthenticated');
      expect((await post('units.update', rename, signIn(e, 'lanhdao'))).error?.code).toBe('forbidden');
      expect((await post('units.update', rename, 'not-a-session')).error?.code).toBe('unauthenticated');
      expect((await post('units.update', rename, signIn(e, 'trucban'))).ok).toBe(true);
      const [entry] = call(e, 'audit.list', { entity: 'unit', entityId: '99901', limit: 1 });
      expect(entry!.actor).toBe('Trực ban Mai');
    } finally {
      await host.close();
    }
  });

  it('refuses it on the command line with --user, exit 4; the OS account acts as administrator', async () => {
    const { file, engine } = freshEngine({ seedTraining: true });
    addAccount(engine, 'lanhdao', 'leader', { displayName: 'Lãnh đạo Hùng' });
    engine.close();
    process.env['SABAN_PASSWORD'] = TEST_PASSWORD;
    const refused = await saban(
      'set-level',
      '--db',
      file,
      '--unit',
      '99901',
      '--level',
      '3',
      '--reason',
      'x',
      '--user',
      'lanhdao',
    );
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('Lãnh đạo Hùng (vai trò lãnh đạo) không được thay đổi dữ liệu: risk.set');
    const read = await saban('levels', '--db', file, '--json', '--user', 'lanhdao');
    expect(read.code).toBe(0);
    process.env['SABAN_PASSWORD'] = 'sai mật khẩu';
    const wrong = await saban('stats', '--db', file, '--user', 'lanhdao');
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain('Sai tên đăng nhập hoặc mật khẩu');
    delete process.env['SABAN_PASSWORD'];
    const asOs = await saban('set-level', '--db', file, '--unit', '99901', '--level', '3', '--reason', 'thử');
    expect(asOs.code).toBe(0);
  });
});

describe('border staff', () => {
  it('log and change only the posts and communes assigned to them; everything else is refused', () => {
    const e = office();
    const point = (code: string) => {
      const [lon, lat] = call(e, 'units.get', { code }).unit.labelPoint!;
      return { lon, lat };
    };
    const mine = call(e, 'posts.save', { kind: 'border_post', name: 'Đồn Của Tôi', ...point('99901') });
    const theirs = call(e, 'posts.save', { kind: 'checkpoint', name: 'Chốt Khác', ...point('99902') });
    addAccount(e, 'bienphong', 'border', { displayName: 'Đồn trưởng Lâm', posts: [mine.id] });
    addAccount(e, 'xa3', 'border', { communes: ['99903'] });
    const bp = viaSession(signIn(e, 'bienphong'));
    const log = call(e, 'posts.logShift', { postId: mine.id, figures: { peopleChecked: 12 } }, bp);
    expect(log.peopleChecked).toBe(12);
    expect(log.loggedBy).toBe('Đồn trưởng Lâm');
    expect(call(e, 'audit.list', { action: 'post.log', limit: 1 })[0]?.actor).toBe('Đồn trưởng Lâm');
    const refused = errorOf(() => call(e, 'posts.logShift', { postId: theirs.id, figures: { peopleChecked: 1 } }, bp));
    expect(refused.code).toBe('forbidden');
    expect(refused.text.vi).toContain('Chốt Khác không thuộc các chốt/xã được giao cho tài khoản bienphong');
    // Moving their own post into another commune is refused too; creating one outside their scope as well.
    expect(errorOf(() => call(e, 'posts.save', { ...mine, ...point('99902'), communeCode: '99902' }, bp)).code).toBe(
      'forbidden',
    );
    // Reads stay open; other writes are not theirs at all.
    expect(call(e, 'posts.list', {}, bp).map((x) => x.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect(errorOf(() => call(e, 'units.update', rename, bp)).code).toBe('forbidden');
    expect(errorOf(() => call(e, 'posts.delete', { id: mine.id, reason: 'x' }, bp)).code).toBe('forbidden');
    // A commune's border staff: any post there, new ones included, nothing elsewhere.
    const xa3 = viaSession(signIn(e, 'xa3'));
    const created = call(e, 'posts.save', { kind: 'checkpoint', name: 'Chốt Mới', ...point('99903') }, xa3);
    expect(created.communeCode).toBe('99903');
    expect(
      errorOf(() => call(e, 'posts.save', { kind: 'checkpoint', name: 'Ngoài', ...point('99902') }, xa3)).code,
    ).toBe('forbidden');
  });
});

describe('passwords and sessions', () => {
  it('locks an account after the set number of wrong passwords, for the set time (fixed clock)', () => {
    const e = office();
    addAccount(e, 'trucban', 'operator');
    call(e, 'auth.setSettings', { lockoutFailures: 3, lockoutMinutes: 15 });
    const login = (password: string) =>
      dispatch(e, 'auth.login', { login: 'trucban', password }, { door: 'http', session: null });
    expect(login('sai 1')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(login('sai 2')).toMatchObject({ ok: false });
    const third = login('sai 3');
    expect(third.ok || third.error.text.en).toContain('3 wrong passwords: account trucban is locked for 15 minutes');
    // Locked: even the right password is refused, until the time has passed.
    const locked = login(TEST_PASSWORD);
    expect(locked.ok || locked.error.text.vi).toContain('tạm khoá đến');
    expect(call(e, 'users.list', {})[0]?.lockedUntil).toBe('2021-11-20T03:15:00.000Z');
    clock += 15 * 60_000 + 1;
    expect(login(TEST_PASSWORD).ok).toBe(true);
    // A success resets the count: two more failures do not lock.
    login('sai');
    login('sai');
    expect(login(TEST_PASSWORD).ok).toBe(true);
  });

  it('ends a session after the idle timeout, measured on the engine clock; use keeps it alive', () => {
    const e = office();
    addAccount(e, 'trucban', 'operator');
    expect(call(e, 'auth.settings', {}).idleMinutes).toBe(30);
    const s = viaSession(signIn(e, 'trucban'));
    clock += 29 * 60_000;
    expect(call(e, 'auth.status', {}, s).sessionRemainingMs).toBe(60_000);
    call(e, 'units.list', { level: 'commune' }, s);
    clock += 29 * 60_000;
    expect(call(e, 'units.list', { level: 'commune' }, s).length).toBeGreaterThan(0);
    clock += 30 * 60_000 + 1;
    const err = errorOf(() => call(e, 'units.list', {}, s));
    expect(err.code).toBe('unauthenticated');
    expect(err.text.en).toBe('The session ended after 30 idle minutes; sign in again');
    expect(call(e, 'auth.status', {}, s).me).toBeNull();
  });

  it('stores scrypt parameters beside each hash, changes and resets passwords, audited without hashes', () => {
    const e = office();
    const a = addAccount(e, 'trucban', 'operator', { displayName: 'Trực ban Mai' });
    const row = e.db
      .prepare('SELECT pw_algo, pw_n, pw_r, pw_p, pw_keylen, length(pw_salt) AS salt FROM accounts')
      .get();
    expect(row).toEqual({ pw_algo: 'scrypt', pw_n: 2 ** 17, pw_r: 8, pw_p: 1, pw_keylen: 32, salt: 16 });
    const s = viaSession(signIn(e, 'trucban'));
    expect(
      errorOf(() => call(e, 'auth.changePassword', { oldPassword: 'sai', newPassword: 'mật khẩu mới 1' }, s)).code,
    ).toBe('unauthenticated');
    call(e, 'auth.changePassword', { oldPassword: TEST_PASSWORD, newPassword: 'mật khẩu mới 1' }, s);
    // Unicode: the same password typed with decomposed diacritics signs in.
    expect(signIn(e, 'trucban', 'mật khẩu mới 1'.normalize('NFD'))).toBeTruthy();
    call(e, 'users.resetPassword', { id: a.id, password: 'do quản trị đặt' });
    expect(signIn(e, 'trucban', 'do quản trị đặt')).toBeTruthy();
    // The reset ended the operator's sessions.
    expect(errorOf(() => call(e, 'units.list', {}, s)).code).toBe('unauthenticated');
    const trail = call(e, 'audit.list', { entity: 'account' });
    expect(trail.map((t) => t.action).sort()).toEqual(['account.create', 'account.password', 'account.reset']);
    expect(trail.find((t) => t.action === 'account.password')?.actor).toBe('Trực ban Mai');
    const text = JSON.stringify(trail);
    expect(text).not.toMatch(/pw_|hash|salt|mật khẩu mới/);
    // Accounts never travel: no account table is a synced entity.
    expect(Object.values(ENTITIES).map((d) => d.table)).not.toContain('accounts');
    expect(Object.values(ENTITIES).map((d) => d.table)).not.toContain('sessions');
  });

  it('keeps one active administrator, and opens setup only while no account exists', () => {
    const e = office();
    const setup = {
      office: { kind: 'training' },
      admin: { login: 'quantri', displayName: 'Quản trị Lan', password: 'mật khẩu quản trị' },
    };
    const first = call(e, 'setup.run', setup, { door: 'http', session: null });
    expect(first.me).toMatchObject({ login: 'quantri', role: 'admin' });
    expect(call(e, 'sync.identity', {}).office).toBe('999');
    expect(call(e, 'auth.status', {}, viaSession(first.session))).toMatchObject({
      setupNeeded: false,
      me: { login: 'quantri' },
    });
    expect(errorOf(() => call(e, 'setup.run', setup, { door: 'http', session: null })).code).toBe('forbidden');
    const admin = call(e, 'users.list', {})[0]!;
    expect(errorOf(() => call(e, 'users.disable', { id: admin.id, disabled: true })).code).toBe('conflict');
    expect(errorOf(() => call(e, 'users.save', { ...admin, role: 'operator' })).code).toBe('conflict');
    expect(call(e, 'audit.list', { entity: 'account' })[0]?.actor).toBe('Quản trị Lan');
  });
});
