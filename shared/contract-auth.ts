/**
 * The accounts part of the API contract: signing in and out, the first-run setup, the office's
 * local accounts (administrators only) and the sign-in settings. Accounts are local to one
 * office: they are never in a sync bundle.
 */
import { z } from 'zod';
import { type Access, type AccessOf, ROLES, type Role } from './access';
import type { LocalText } from './result';
import type { ApiGroup, EffectsOf } from './contract';

/** Shortest password accepted. */
export const MIN_PASSWORD = 8;

/** A role. */
export const roleSchema = z.enum(ROLES);

const login = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u, { message: 'letters, digits, . _ @ - only' });
const password = z.string().min(MIN_PASSWORD).max(200);
const displayName = z.string().trim().min(1).max(200);
const id = z.string().min(1).max(64);

/** Who is signed in (or who the command line acts as). */
export const meSchema = z.object({
  /** Null for the command line's OS account, which has no stored account. */
  id: z.string().nullable(),
  login: z.string(),
  displayName: z.string(),
  role: roleSchema,
  /** Border staff: the posts assigned to them. */
  posts: z.array(z.string()),
  /** Border staff: the communes whose posts are theirs. */
  communes: z.array(z.string()),
});
/** See {@link meSchema}. */
export type Me = z.infer<typeof meSchema>;

/** One account as administrators see it (never its password hash). */
export const accountSchema = meSchema.extend({
  id: z.string(),
  phone: z.string().nullable(),
  disabled: z.boolean(),
  /** Until when it is locked after failed sign-ins (ISO), or null. */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  passwordChangedAt: z.string().nullable(),
});
/** See {@link accountSchema}. */
export type Account = z.infer<typeof accountSchema>;

/** Sign-in settings of this office. */
export const authSettingsSchema = z.object({
  /** Failed sign-ins in a row that lock an account. */
  lockoutFailures: z.number().int().min(1).max(100),
  /** How long a locked account stays locked. */
  lockoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** A session unused this long ends (shared PCs). */
  idleMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
});
/** See {@link authSettingsSchema}. */
export type AuthSettings = z.infer<typeof authSettingsSchema>;

/** What the office is, chosen at first-run setup. */
export const officeChoiceSchema = z.discriminatedUnion('kind', [
  /** The fictional training district (province 99, district 999). */
  z.object({ kind: z.literal('training') }),
  z.object({ kind: z.literal('district'), code: z.string().regex(/^[0-9]{3}$/) }),
  z.object({ kind: z.literal('province'), code: z.string().regex(/^[0-9]{2}$/) }),
]);
/** See {@link officeChoiceSchema}. */
export type OfficeChoice = z.infer<typeof officeChoiceSchema>;

const signedIn = z.object({
  /**
   * The session token. The browser host's renderer keeps it in memory and sends it as the
   * `x-saban-session` header; the Electron window never sees it (main keeps it per window).
   */
  session: z.string(),
  me: meSchema,
  idleMinutes: z.number().int(),
});

const accountInput = z.object({
  /** Absent: a new account. */
  id: id.optional(),
  login,
  displayName,
  role: roleSchema,
  phone: z.string().trim().max(40).nullable().optional(),
  posts: z.array(id).max(500).default([]),
  communes: z.array(z.string().min(1).max(32)).max(500).default([]),
  /** Required for a new account. */
  password: password.optional(),
});

/** The accounts methods. */
export const authApi = {
  /** Whether setup is needed, who is signed in, and how long the session has left. */
  'auth.status': {
    input: z.object({}),
    output: z.object({
      setupNeeded: z.boolean(),
      me: meSchema.nullable(),
      idleMinutes: z.number().int(),
      /** Milliseconds before the session ends if unused; null without one. */
      sessionRemainingMs: z.number().nullable(),
    }),
  },
  'auth.login': {
    input: z.object({ login: z.string().trim().min(1).max(64), password: z.string().max(200) }),
    output: signedIn,
  },
  'auth.logout': { input: z.object({}), output: z.object({ signedOut: z.boolean() }) },
  'auth.changePassword': {
    input: z.object({ oldPassword: z.string().max(200), newPassword: password }),
    output: z.object({ changed: z.literal(true) }),
  },
  'auth.settings': { input: z.object({}), output: authSettingsSchema },
  'auth.setSettings': { input: authSettingsSchema.partial(), output: authSettingsSchema },
  'users.list': { input: z.object({}), output: z.array(accountSchema) },
  'users.save': { input: accountInput, output: accountSchema },
  'users.resetPassword': { input: z.object({ id, password }), output: accountSchema },
  'users.disable': { input: z.object({ id, disabled: z.boolean() }), output: accountSchema },
  /** First-run setup: only while no account exists. Signs the new administrator in. */
  'setup.run': {
    input: z.object({
      /** Absent: keep the office as it is (set by `saban init --district`, or none yet). */
      office: officeChoiceSchema.optional(),
      admin: z.object({ login, displayName, password, phone: z.string().trim().max(40).nullable().optional() }),
    }),
    output: signedIn,
  },
} as const satisfies ApiGroup;

/** What the accounts methods make stale. */
export const authEffects = {
  'auth.status': [],
  'auth.login': ['*'],
  'auth.logout': ['*'],
  'auth.changePassword': ['audit.list'],
  'auth.settings': [],
  'auth.setSettings': ['auth.*', 'audit.list'],
  'users.list': [],
  'users.save': ['users.*', 'auth.status', 'audit.list'],
  'users.resetPassword': ['users.*', 'audit.list'],
  'users.disable': ['users.*', 'audit.list'],
  'setup.run': ['*'],
} as const satisfies EffectsOf<typeof authApi>;

/** What each accounts method needs (see shared/access.ts). */
export const authAccess = {
  'auth.status': 'public',
  'auth.login': 'public',
  'auth.logout': 'public',
  'auth.changePassword': 'read',
  'auth.settings': 'admin',
  'auth.setSettings': 'admin',
  'users.list': 'admin',
  'users.save': 'admin',
  'users.resetPassword': 'admin',
  'users.disable': 'admin',
  // Refused by the engine once any account exists.
  'setup.run': 'public',
} as const satisfies AccessOf<typeof authApi>;

/** Each role in words. */
export const ROLE_TEXT: Readonly<Record<Role, LocalText>> = {
  admin: { vi: 'quản trị', en: 'administrator' },
  operator: { vi: 'trực ban', en: 'operator' },
  border: { vi: 'cán bộ chốt/biên phòng', en: 'border staff' },
  leader: { vi: 'lãnh đạo', en: 'leader' },
  viewer: { vi: 'chỉ xem', en: 'viewer' },
};

/** What each access kind lets a caller do, in words (for refusals). */
export const ACCESS_TEXT: Readonly<Record<Access, LocalText>> = {
  public: { vi: 'dùng', en: 'use' },
  signed: { vi: 'gửi gói đồng bộ', en: 'send sync bundles' },
  read: { vi: 'xem dữ liệu', en: 'read data' },
  write: { vi: 'thay đổi dữ liệu', en: 'change data' },
  posts: { vi: 'ghi chốt, ca trực và sự việc', en: 'change posts, shift logs and incidents' },
  approve: { vi: 'duyệt báo cáo ngày', en: 'approve the daily report' },
  admin: { vi: 'quản trị (tài khoản, cài đặt, khoá)', en: 'administer (accounts, settings, keys)' },
};
