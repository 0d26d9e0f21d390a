import { ROLES, type Role } from '../../shared/access';
import type { Account } from '../../shared/contract-auth';
import { ROLE_TEXT } from '../../shared/contract-auth';
import { EngineError, msg } from '../../shared/result';
import { call } from '../engine/dispatch';
import type { Engine } from '../engine/engine';
import { type CliCommand, type CommandContext, dbPathOf, parseCommand, UsageError, withEngine } from './context';
import { passwordFor } from './password';

function roleOf(value: string | undefined): Role {
  const role = (value ?? 'operator') as Role;
  if (!ROLES.includes(role)) {
    throw new UsageError(
      msg('--role {r}: cần {all}', '--role {r}: expected {all}', { r: String(value), all: ROLES.join(', ') }),
    );
  }
  return role;
}

function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

function byLogin(e: Engine, login: string): Account {
  const a = call(e, 'users.list', {}).find((x) => x.login.toLowerCase() === login.trim().toLowerCase());
  if (!a) throw new EngineError('not-found', msg('Không có tài khoản {login}', 'No account {login}', { login }));
  return a;
}

function line({ lang }: CommandContext, a: Account): string {
  const scope = a.role === 'border' ? ` [${[...a.posts, ...a.communes].join(', ')}]` : '';
  const state = a.disabled ? (lang === 'en' ? ' (disabled)' : ' (vô hiệu)') : a.lockedUntil ? ' (locked)' : '';
  return `${a.login.padEnd(16)} ${ROLE_TEXT[a.role][lang].padEnd(22)} ${a.displayName}${scope}${state}`;
}

/** Creates an account as the OS account (used by `init --admin` too). */
export async function addAccount(
  ctx: CommandContext,
  dbPath: string,
  fields: { login: string; displayName: string; role: Role; phone?: string; posts?: string[]; communes?: string[] },
): Promise<Account> {
  const password = await passwordFor(fields.login, ctx.say);
  return withEngine(dbPath, (e) =>
    call(e, 'users.save', {
      login: fields.login,
      displayName: fields.displayName,
      role: fields.role,
      phone: fields.phone ?? null,
      posts: fields.posts ?? [],
      communes: fields.communes ?? [],
      password,
    }),
  );
}

/** `saban users add|list|reset|disable`. */
export const AUTH_COMMANDS: Readonly<Record<string, CliCommand>> = {
  users: {
    usage: [
      'saban users list [--json]',
      'saban users add LOGIN --name "HỌ TÊN" [--role admin|operator|border|leader|viewer] [--phone P]',
      '      [--posts ID,ID] [--communes CODE,CODE]   (mật khẩu/password: SABAN_PASSWORD or prompt)',
      'saban users reset LOGIN                        (mật khẩu mới/new password: SABAN_PASSWORD or prompt)',
      'saban users disable LOGIN [--enable]',
    ],
    async run(ctx) {
      const { values, positionals } = parseCommand(ctx.args, {
        name: { type: 'string' },
        role: { type: 'string' },
        phone: { type: 'string' },
        posts: { type: 'string' },
        communes: { type: 'string' },
        enable: { type: 'boolean', default: false },
      });
      const [sub, login] = positionals;
      const dbPath = dbPathOf(values.db);
      const needLogin = (): string => {
        if (!login) throw new UsageError(msg('thiếu tên đăng nhập', 'missing the login'));
        return login;
      };
      switch (sub) {
        case 'list': {
          const all = withEngine(dbPath, (e) => call(e, 'users.list', {}));
          if (values.json) ctx.out(JSON.stringify(all));
          else if (all.length === 0)
            ctx.out(
              ctx.say(
                'Chưa có tài khoản: saban users add TÊN --role admin',
                'No accounts: saban users add LOGIN --role admin',
              ),
            );
          else for (const a of all) ctx.out(line(ctx, a));
          return 0;
        }
        case 'add': {
          const a = await addAccount(ctx, dbPath, {
            login: needLogin(),
            displayName: values.name ?? needLogin(),
            role: roleOf(values.role),
            ...(values.phone ? { phone: values.phone } : {}),
            posts: listOf(values.posts),
            communes: listOf(values.communes),
          });
          ctx.out(values.json ? JSON.stringify(a) : line(ctx, a));
          return 0;
        }
        case 'reset': {
          const target = needLogin();
          const password = await passwordFor(target, ctx.say);
          const a = withEngine(dbPath, (e) => call(e, 'users.resetPassword', { id: byLogin(e, target).id, password }));
          ctx.out(ctx.say('Đã đặt lại mật khẩu của {login}', 'Password of {login} reset', { login: a.login }));
          return 0;
        }
        case 'disable': {
          const target = needLogin();
          const a = withEngine(dbPath, (e) =>
            call(e, 'users.disable', { id: byLogin(e, target).id, disabled: !values.enable }),
          );
          ctx.out(line(ctx, a));
          return 0;
        }
        default:
          throw new UsageError(
            msg('users {sub}: cần list, add, reset hoặc disable', 'users {sub}: expected list, add, reset or disable', {
              sub: String(sub),
            }),
          );
      }
    },
  },
};
