/**
 * Sessions: sign-in with lockout, the idle timeout (measured with the engine's clock, so tests fix
 * it), and the one function dispatch calls to learn who is calling through a door.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Access } from '../../../shared/access';
import type { Me } from '../../../shared/contract-auth';
import { EngineError, msg } from '../../../shared/result';
import { formatDateTime } from '../../../shared/time';
import type { CallContext, Caller } from '../context';
import { accountById, accountByLogin, authSettings, hashOf, meOf, osCaller, type AccountRow } from './accounts';
import { DUMMY_HASH, verifyPassword } from './password';

/** A last-seen time is written at most this often (reads would otherwise each write). */
const TOUCH_MS = 5000;

function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

interface SessionRow {
  readonly account_id: string;
  readonly last_seen_ms: number;
}

/** Starts a session for `account` and returns its token (only its hash is stored). */
export function openSession(db: Database.Database, account: AccountRow, door: string, now: number): string {
  const token = crypto.randomBytes(32).toString('base64url');
  db.prepare(
    'INSERT INTO sessions (token_hash, account_id, door, created_ms, last_seen_ms) VALUES (?, ?, ?, ?, ?)',
  ).run(tokenHash(token), account.id, door, now, now);
  return token;
}

/** Ends the session `token` (nothing when there is none). */
export function closeSession(db: Database.Database, token: string): boolean {
  return db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token)).changes > 0;
}

const WRONG = msg('Sai tên đăng nhập hoặc mật khẩu', 'Wrong login or password');

/**
 * Checks a login and password. A wrong password counts toward the lockout; a locked or disabled
 * account is refused even with the right one. An unknown login costs the same time as a known one.
 */
export function checkPassword(db: Database.Database, login: string, password: string, now: number): AccountRow {
  const row = accountByLogin(db, login);
  if (!row) {
    verifyPassword(password, DUMMY_HASH);
    throw new EngineError('unauthenticated', WRONG);
  }
  const settings = authSettings(db);
  if (row.locked_until_ms !== null) {
    if (row.locked_until_ms > now) {
      throw new EngineError(
        'unauthenticated',
        msg(
          'Tài khoản {login} tạm khoá đến {until} vì nhập sai mật khẩu nhiều lần',
          'Account {login} is locked until {until} after repeated wrong passwords',
          { login: row.login, until: formatDateTime(new Date(row.locked_until_ms).toISOString()) },
        ),
      );
    }
    db.prepare('UPDATE accounts SET failed_count = 0, locked_until_ms = NULL WHERE id = ?').run(row.id);
  }
  const failed = row.locked_until_ms !== null ? 0 : row.failed_count;
  if (!verifyPassword(password, hashOf(row))) {
    const count = failed + 1;
    const lock = count >= settings.lockoutFailures ? now + settings.lockoutMinutes * 60_000 : null;
    db.prepare('UPDATE accounts SET failed_count = ?, locked_until_ms = ? WHERE id = ?').run(
      lock === null ? count : 0,
      lock,
      row.id,
    );
    if (lock !== null) {
      throw new EngineError(
        'unauthenticated',
        msg(
          'Sai mật khẩu {n} lần: tài khoản {login} tạm khoá {minutes} phút',
          '{n} wrong passwords: account {login} is locked for {minutes} minutes',
          { n: count, login: row.login, minutes: settings.lockoutMinutes },
        ),
      );
    }
    throw new EngineError('unauthenticated', WRONG);
  }
  if (row.disabled === 1) {
    throw new EngineError(
      'unauthenticated',
      msg('Tài khoản {login} đã bị vô hiệu hoá', 'Account {login} is disabled', { login: row.login }),
    );
  }
  if (failed > 0) db.prepare('UPDATE accounts SET failed_count = 0 WHERE id = ?').run(row.id);
  return row;
}

/** A live session's account and how long it has left, or null (an ended session is removed). */
export function sessionOf(
  db: Database.Database,
  token: string,
  now: number,
  touch: boolean,
): { account: AccountRow; remainingMs: number } | { expired: boolean } {
  const key = tokenHash(token);
  const s = db.prepare('SELECT account_id, last_seen_ms FROM sessions WHERE token_hash = ?').get(key) as
    SessionRow | undefined;
  if (!s) return { expired: false };
  const idleMs = authSettings(db).idleMinutes * 60_000;
  const account = accountById(db, s.account_id);
  if (!account || account.disabled === 1 || now - s.last_seen_ms > idleMs) {
    db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(key);
    return { expired: account !== undefined && account.disabled === 0 };
  }
  let seen = s.last_seen_ms;
  if (touch && now - seen >= TOUCH_MS) {
    db.prepare('UPDATE sessions SET last_seen_ms = ? WHERE token_hash = ?').run(now, key);
    seen = now;
  }
  return { account, remainingMs: Math.max(0, seen + idleMs - now) };
}

/** What dispatch and `auth.status` need: the engine's database and clock. */
export interface AuthEnv {
  readonly db: Database.Database;
  readonly now: () => number;
}

/**
 * Who is calling through `ctx` for a method that needs `needs`. A context without `session` is
 * this process's own caller (see {@link CallContext}). A remote door's caller is signed in from
 * its session; a public or signed method may be called without one (null), anything else is
 * refused with `unauthenticated`. Only methods that need a session keep it alive.
 */
export function callerOf(env: AuthEnv, ctx: CallContext, needs: Access): Caller | null {
  if (ctx.session === undefined) return ctx.caller ?? osCaller();
  const open = needs === 'public' || needs === 'signed';
  if (ctx.session === null || ctx.session === '') {
    if (open) return null;
    throw new EngineError(
      'unauthenticated',
      msg('Chưa đăng nhập: hãy đăng nhập để tiếp tục', 'Not signed in: sign in to continue'),
    );
  }
  const found = sessionOf(env.db, ctx.session, env.now(), !open);
  if ('account' in found) return meOf(found.account);
  if (open) return null;
  const minutes = authSettings(env.db).idleMinutes;
  throw new EngineError(
    'unauthenticated',
    found.expired
      ? msg(
          'Phiên đăng nhập đã hết sau {minutes} phút không dùng; hãy đăng nhập lại',
          'The session ended after {minutes} idle minutes; sign in again',
          { minutes },
        )
      : msg('Phiên đăng nhập không còn; hãy đăng nhập lại', 'The session is no longer valid; sign in again'),
  );
}

/** Who `me` is with the time its session has left (for `auth.status`). */
export function statusOf(env: AuthEnv, ctx: CallContext): { me: Me | null; sessionRemainingMs: number | null } {
  if (ctx.session === undefined) return { me: ctx.caller ?? osCaller(), sessionRemainingMs: null };
  if (!ctx.session) return { me: null, sessionRemainingMs: null };
  const found = sessionOf(env.db, ctx.session, env.now(), false);
  return 'account' in found
    ? { me: meOf(found.account), sessionRemainingMs: found.remainingMs }
    : { me: null, sessionRemainingMs: null };
}
