import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { api, type Method, type Output } from '../../shared/contract';
import type { ErrorCode, LocalText } from '../../shared/result';
import { dispatch, type Dispatchable } from '../../electron/engine/dispatch';
import type { Role } from '../../shared/access';
import type { CallContext } from '../../electron/engine/context';
import { Engine, type EngineOptions } from '../../electron/engine/engine';

const made: string[] = [];
const opened: Engine[] = [];

// Every temp folder and engine a test file made is closed and removed when the file ends.
afterAll(() => {
  for (const e of opened.splice(0)) e.close();
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh temp folder, removed after the test file. */
export function tempDir(prefix = 'saban-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Opens an engine on a fresh database file in a temp folder (both cleaned up after the file). */
export function freshEngine(options: EngineOptions = {}): { engine: Engine; file: string; dir: string } {
  const dir = tempDir();
  const file = path.join(dir, 'saban.sqlite');
  const engine = Engine.open(file, options);
  opened.push(engine);
  return { engine, file, dir };
}

/**
 * A failed call as tests see it: `message` holds both languages ("vi | en") so a test may assert
 * either; `text` and `detailsText` keep them apart.
 */
export class CallError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly text: LocalText,
    readonly detailsText: readonly LocalText[] | undefined,
  ) {
    super(`${text.vi} | ${text.en}`);
    this.name = 'CallError';
  }

  /** Per-item problems in Vietnamese. */
  get details(): readonly string[] | undefined {
    return this.detailsText?.map((d) => d.vi);
  }
}

/**
 * Calls a method through dispatch, as every door does, and checks the output against the
 * method's schema in the contract: a handler returning something the contract does not promise
 * fails the test. Throws {@link CallError} on an error result.
 */
export function call<M extends Method>(
  engine: Dispatchable,
  method: M,
  input: unknown,
  ctx: CallContext = { door: 'cli' },
): Output<M> {
  const r = dispatch(engine, method, input, ctx);
  if (!r.ok) throw new CallError(r.error.code, r.error.text, r.error.detailsText);
  const checked = api[method].output.safeParse(r.value);
  if (!checked.success) {
    throw new Error(`${method}: output does not match the contract: ${checked.error.message}`);
  }
  return r.value as Output<M>;
}

/** The {@link CallError} `fn` throws (fails when it throws nothing or something else). */
export function errorOf(fn: () => unknown): CallError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CallError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

/** Snapshot of every table (whatever later migrations add), for "nothing changed" assertions. */
export function snapshot(engine: Engine): string {
  const tables = (
    engine.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as {
      name: string;
    }[]
  ).map((t) => t.name);
  return JSON.stringify(tables.map((t) => [t, engine.db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).all()]));
}

/**
 * A call context of this process acting as a named person (as `saban --user` does), for tests
 * that look at who the audit trail names or what a role may do.
 */
export function asUser(
  displayName: string,
  role: Role = 'operator',
  scope: { posts?: string[]; communes?: string[] } = {},
): CallContext {
  return {
    door: 'cli',
    caller: {
      id: `test-${displayName}`,
      login: displayName,
      displayName,
      role,
      posts: scope.posts ?? [],
      communes: scope.communes ?? [],
    },
  };
}

/** The password test accounts get. */
export const TEST_PASSWORD = 'mật khẩu thử 2021';

/** Creates an account (as this process, the OS account's administrator). */
export function addAccount(
  engine: Dispatchable,
  login: string,
  role: Role = 'admin',
  scope: { displayName?: string; posts?: string[]; communes?: string[] } = {},
): Output<'users.save'> {
  return call(engine, 'users.save', {
    login,
    displayName: scope.displayName ?? login,
    role,
    posts: scope.posts ?? [],
    communes: scope.communes ?? [],
    password: TEST_PASSWORD,
  });
}

/** Signs `login` in through a remote door and returns the session token. */
export function signIn(engine: Dispatchable, login: string, password = TEST_PASSWORD, door = 'http'): string {
  return call(engine, 'auth.login', { login, password }, { door, session: null }).session;
}

/** A remote door's context carrying `session`. */
export function viaSession(session: string, door = 'http'): CallContext {
  return { door, session };
}
