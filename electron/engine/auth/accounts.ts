/**
 * The office's local accounts (table `accounts`, migration 80): not a synced entity, so they are
 * written here with plain SQL, always inside the write path's transaction with an audit entry
 * (`tx.note`) that never holds a hash.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type Database from 'better-sqlite3';
import type { Role } from '../../../shared/access';
import { type Account, type AuthSettings, authSettingsSchema, type Me } from '../../../shared/contract-auth';
import { EngineError, msg } from '../../../shared/result';
import type { CallContext, EngineContext } from '../context';
import { readSetting, updateSetting } from '../settings/settings';
import type { WriteTx } from '../write';
import { hashPassword, type StoredHash } from './password';

/** The settings key of the sign-in settings (local to this office). */
export const AUTH_SETTINGS_KEY = 'auth';

/** Sign-in settings where none were set: 5 failures lock for 15 minutes; 30 idle minutes end a session. */
export const DEFAULT_AUTH_SETTINGS: AuthSettings = { lockoutFailures: 5, lockoutMinutes: 15, idleMinutes: 30 };

/** The sign-in settings. */
export function authSettings(db: Database.Database): AuthSettings {
  return readSetting(db, AUTH_SETTINGS_KEY, authSettingsSchema, DEFAULT_AUTH_SETTINGS);
}

/** Saves sign-in settings (audited, never sent in a bundle). */
export function setAuthSettings(engine: EngineContext, ctx: CallContext, patch: Partial<AuthSettings>): AuthSettings {
  return updateSetting(
    engine,
    ctx,
    { key: AUTH_SETTINGS_KEY, action: 'auth.settings', schema: authSettingsSchema, fallback: DEFAULT_AUTH_SETTINGS },
    patch,
  );
}

/** An `accounts` row. */
export interface AccountRow {
  readonly id: string;
  readonly login: string;
  readonly display_name: string;
  readonly role: Role;
  readonly phone: string | null;
  readonly posts: string;
  readonly communes: string;
  readonly disabled: number;
  readonly pw_algo: 'scrypt';
  readonly pw_n: number;
  readonly pw_r: number;
  readonly pw_p: number;
  readonly pw_keylen: number;
  readonly pw_salt: Buffer;
  readonly pw_hash: Buffer;
  readonly failed_count: number;
  readonly locked_until_ms: number | null;
  readonly created_at: string;
  readonly password_changed_at: string | null;
}

function list(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Who an account is, as the call context carries it. */
export function meOf(r: AccountRow): Me {
  return {
    id: r.id,
    login: r.login,
    displayName: r.display_name,
    role: r.role,
    posts: list(r.posts),
    communes: list(r.communes),
  };
}

/** An account as administrators see it. */
export function accountOf(r: AccountRow, now: number): Account {
  return {
    ...meOf(r),
    id: r.id,
    phone: r.phone,
    disabled: r.disabled === 1,
    lockedUntil:
      r.locked_until_ms !== null && r.locked_until_ms > now ? new Date(r.locked_until_ms).toISOString() : null,
    createdAt: r.created_at,
    passwordChangedAt: r.password_changed_at,
  };
}

/** The stored hash of an account. */
export function hashOf(r: AccountRow): StoredHash {
  return { algo: r.pw_algo, n: r.pw_n, r: r.pw_r, p: r.pw_p, keylen: r.pw_keylen, salt: r.pw_salt, hash: r.pw_hash };
}

/** An account by id, or undefined. */
export function accountById(db: Database.Database, id: string): AccountRow | undefined {
  return db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
}

/** An account by login (case-insensitive), or undefined. */
export function accountByLogin(db: Database.Database, login: string): AccountRow | undefined {
  return db.prepare('SELECT * FROM accounts WHERE login = ?').get(login.trim()) as AccountRow | undefined;
}

/** An account by id, or a not-found error. */
export function requireAccount(db: Database.Database, id: string): AccountRow {
  const row = accountById(db, id);
  if (!row) throw new EngineError('not-found', msg('Không có tài khoản {id}', 'No account {id}', { id }));
  return row;
}

/** Every account, by display name. */
export function allAccounts(db: Database.Database): AccountRow[] {
  return db.prepare('SELECT * FROM accounts ORDER BY display_name, login').all() as AccountRow[];
}

/** True while no account exists (first-run setup is open). */
export function noAccounts(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM accounts LIMIT 1').get() === undefined;
}

/** What an account audit entry shows: everything but the hash. */
function auditView(r: AccountRow | undefined): Record<string, unknown> | null {
  if (!r) return null;
  return {
    login: r.login,
    display_name: r.display_name,
    role: r.role,
    phone: r.phone,
    posts: list(r.posts),
    communes: list(r.communes),
    disabled: r.disabled,
  };
}

/** A new or changed account's fields. */
export interface AccountFields {
  readonly login: string;
  readonly displayName: string;
  readonly role: Role;
  readonly phone?: string | null | undefined;
  readonly posts: readonly string[];
  readonly communes: readonly string[];
}

function checkLoginFree(db: Database.Database, login: string, exceptId: string | null): void {
  const other = accountByLogin(db, login);
  if (other && other.id !== exceptId) {
    throw new EngineError('conflict', msg('Tên đăng nhập {login} đã có', 'The login {login} is taken', { login }));
  }
}

/** Creates an account (in the write transaction `tx`), audited without its hash. */
export function createAccount(
  db: Database.Database,
  tx: WriteTx,
  fields: AccountFields,
  password: string,
  now: number,
): AccountRow {
  checkLoginFree(db, fields.login, null);
  const id = crypto.randomUUID();
  const h = hashPassword(password);
  const at = new Date(now).toISOString();
  db.prepare(
    `INSERT INTO accounts (id, login, display_name, role, phone, posts, communes, disabled,
       pw_algo, pw_n, pw_r, pw_p, pw_keylen, pw_salt, pw_hash, created_at, password_changed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    fields.login,
    fields.displayName,
    fields.role,
    fields.phone ?? null,
    JSON.stringify(fields.posts),
    JSON.stringify(fields.communes),
    h.algo,
    h.n,
    h.r,
    h.p,
    h.keylen,
    h.salt,
    h.hash,
    at,
    at,
  );
  const row = requireAccount(db, id);
  tx.note('account', id, null, auditView(row), 'account.create');
  return row;
}

/** Changes an account's fields (not its password). */
export function updateAccount(
  db: Database.Database,
  tx: WriteTx,
  before: AccountRow,
  fields: AccountFields,
): AccountRow {
  checkLoginFree(db, fields.login, before.id);
  db.prepare(
    'UPDATE accounts SET login = ?, display_name = ?, role = ?, phone = ?, posts = ?, communes = ? WHERE id = ?',
  ).run(
    fields.login,
    fields.displayName,
    fields.role,
    fields.phone === undefined ? before.phone : fields.phone,
    JSON.stringify(fields.posts),
    JSON.stringify(fields.communes),
    before.id,
  );
  const after = requireAccount(db, before.id);
  tx.note('account', before.id, auditView(before), auditView(after), 'account.update');
  return after;
}

/** Sets a new password (clears the lockout and ends the account's sessions). */
export function setPassword(
  db: Database.Database,
  tx: WriteTx,
  row: AccountRow,
  password: string,
  now: number,
  action: string,
): AccountRow {
  const h = hashPassword(password);
  db.prepare(
    `UPDATE accounts SET pw_algo = ?, pw_n = ?, pw_r = ?, pw_p = ?, pw_keylen = ?, pw_salt = ?, pw_hash = ?,
       failed_count = 0, locked_until_ms = NULL, password_changed_at = ? WHERE id = ?`,
  ).run(h.algo, h.n, h.r, h.p, h.keylen, h.salt, h.hash, new Date(now).toISOString(), row.id);
  tx.note('account', row.id, null, { login: row.login, password: '(đổi / changed)' }, action);
  return requireAccount(db, row.id);
}

/** Disables or enables an account; disabling ends its sessions. */
export function setDisabled(db: Database.Database, tx: WriteTx, row: AccountRow, disabled: boolean): AccountRow {
  db.prepare('UPDATE accounts SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, row.id);
  if (disabled) db.prepare('DELETE FROM sessions WHERE account_id = ?').run(row.id);
  const after = requireAccount(db, row.id);
  tx.note('account', row.id, auditView(row), auditView(after), disabled ? 'account.disable' : 'account.enable');
  return after;
}

/** True when another enabled administrator than `id` exists (the last one cannot be demoted or disabled). */
export function otherAdminExists(db: Database.Database, id: string): boolean {
  return (
    db.prepare("SELECT 1 FROM accounts WHERE role = 'admin' AND disabled = 0 AND id <> ? LIMIT 1").get(id) !== undefined
  );
}

/**
 * The command line's caller when no `--user` is given: the OS account, as administrator. Whoever
 * runs a process as this OS user can open the database file directly, so this grants nothing
 * they do not already have; it names them in the audit trail.
 */
export function osCaller(): Me {
  let name: string;
  try {
    name = os.userInfo().username;
  } catch {
    name = process.env['USER'] ?? process.env['USERNAME'] ?? 'local';
  }
  return { id: null, login: name, displayName: name, role: 'admin', posts: [], communes: [] };
}
