import type { authApi } from '../../../shared/contract-auth';
import { EngineError, msg } from '../../../shared/result';
import type { CallContext, EngineContext, HandlersOf } from '../context';
import { setOffice } from '../sync/keys';
import {
  type AccountFields,
  accountOf,
  allAccounts,
  authSettings,
  createAccount,
  meOf,
  noAccounts,
  otherAdminExists,
  requireAccount,
  setAuthSettings,
  setDisabled,
  setPassword,
  updateAccount,
} from './accounts';
import { checkPassword, closeSession, openSession, statusOf } from './sessions';

/** The training district's code (province 99, district 999: codes GSO never issued). */
const TRAINING_DISTRICT = '999';

/** The accounts, sign-in and first-run setup methods. */
export function authHandlers(engine: EngineContext): HandlersOf<typeof authApi> {
  const db = engine.db;

  /** Border staff's posts and communes must exist; other roles have none. */
  const checkScope = (fields: AccountFields): AccountFields => {
    if (fields.role !== 'border') return { ...fields, posts: [], communes: [] };
    for (const c of fields.communes) engine.requireUnit(c);
    for (const p of fields.posts) {
      if (!db.prepare('SELECT 1 FROM posts WHERE id = ? AND deleted = 0').get(p)) {
        throw new EngineError('not-found', msg('Không có chốt {id}', 'No post {id}', { id: p }));
      }
    }
    return fields;
  };

  /** The signed-in account behind `ctx` (not the command line's OS account). */
  const ownAccount = (ctx: CallContext) => {
    const id = ctx.caller?.id;
    if (!id) {
      throw new EngineError(
        'bad-request',
        msg(
          'Chỉ tài khoản đã đăng nhập mới đổi được mật khẩu của mình (dùng --user)',
          'Only a signed-in account can change its own password (use --user)',
        ),
      );
    }
    return requireAccount(db, id);
  };

  const keepAnAdmin = (id: string): void => {
    if (!otherAdminExists(db, id)) {
      throw new EngineError(
        'conflict',
        msg('Phải còn ít nhất một quản trị viên đang hoạt động', 'At least one active administrator must remain'),
      );
    }
  };

  return {
    'auth.status': (_input, ctx) => ({
      setupNeeded: noAccounts(db),
      idleMinutes: authSettings(db).idleMinutes,
      ...statusOf(engine, ctx),
    }),

    'auth.login': (input, ctx) => {
      const row = checkPassword(db, input.login, input.password, engine.now());
      return {
        session: openSession(db, row, ctx.door, engine.now()),
        me: meOf(row),
        idleMinutes: authSettings(db).idleMinutes,
      };
    },

    'auth.logout': (_input, ctx) => ({ signedOut: ctx.session ? closeSession(db, ctx.session) : false }),

    'auth.changePassword': (input, ctx) => {
      const row = ownAccount(ctx);
      checkPassword(db, row.login, input.oldPassword, engine.now());
      engine.write(ctx, { action: 'account.password' }, (tx) =>
        setPassword(db, tx, row, input.newPassword, engine.now(), 'account.password'),
      );
      return { changed: true };
    },

    'auth.settings': () => authSettings(db),
    'auth.setSettings': (input, ctx) => setAuthSettings(engine, ctx, input),

    'users.list': () => allAccounts(db).map((r) => accountOf(r, engine.now())),

    'users.save': (input, ctx) => {
      const fields = checkScope(input);
      const row = engine.write(ctx, { action: input.id ? 'account.update' : 'account.create' }, (tx) => {
        if (!input.id) {
          if (!input.password) {
            throw new EngineError('bad-request', msg('Tài khoản mới cần mật khẩu', 'A new account needs a password'));
          }
          return createAccount(db, tx, fields, input.password, engine.now());
        }
        const before = requireAccount(db, input.id);
        if (before.role === 'admin' && fields.role !== 'admin') keepAnAdmin(before.id);
        const after = updateAccount(db, tx, before, fields);
        if (input.password) return setPassword(db, tx, after, input.password, engine.now(), 'account.reset');
        return after;
      });
      return accountOf(row, engine.now());
    },

    'users.resetPassword': (input, ctx) => {
      const row = requireAccount(db, input.id);
      const after = engine.write(ctx, { action: 'account.reset' }, (tx) => {
        db.prepare('DELETE FROM sessions WHERE account_id = ?').run(row.id);
        return setPassword(db, tx, row, input.password, engine.now(), 'account.reset');
      });
      return accountOf(after, engine.now());
    },

    'users.disable': (input, ctx) => {
      const row = requireAccount(db, input.id);
      if (input.disabled && row.role === 'admin') keepAnAdmin(row.id);
      const after = engine.write(ctx, { action: input.disabled ? 'account.disable' : 'account.enable' }, (tx) =>
        setDisabled(db, tx, row, input.disabled),
      );
      return accountOf(after, engine.now());
    },

    'setup.run': (input, ctx) => {
      if (!noAccounts(db)) {
        throw new EngineError(
          'forbidden',
          msg(
            'Sa Bàn đã được thiết lập; hãy đăng nhập (quản trị viên thêm tài khoản mới)',
            'Sa Bàn is already set up; sign in (an administrator adds new accounts)',
          ),
        );
      }
      const o = input.office;
      const fields: AccountFields = { ...input.admin, role: 'admin', posts: [], communes: [] };
      const admin = {
        id: 'new',
        login: fields.login,
        displayName: fields.displayName,
        role: 'admin' as const,
        posts: [],
        communes: [],
      };
      // The new administrator is the author of the setup's audit entries.
      const row = engine.write({ ...ctx, caller: admin }, { action: 'setup.run' }, (tx) => {
        if (o?.kind === 'training') setOffice(db, 'district', TRAINING_DISTRICT);
        else if (o) setOffice(db, o.kind, o.code);
        return createAccount(db, tx, fields, input.admin.password, engine.now());
      });
      return {
        session: openSession(db, row, ctx.door, engine.now()),
        me: meOf(row),
        idleMinutes: authSettings(db).idleMinutes,
      };
    },
  };
}
