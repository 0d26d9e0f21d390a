/**
 * Who may call what: the roles of an office's local accounts and, declared once beside each group
 * of the contract (`xxxAccess`), what each method needs. The engine enforces it in `dispatch` for
 * every door (IPC, HTTP, CLI); the renderer only reads it to hide what a role cannot do.
 */
import type { ApiGroup } from './contract';

/** The roles of a local account, most powerful first. */
export const ROLES = ['admin', 'operator', 'border', 'leader', 'viewer'] as const;
/** See {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/**
 * What a method needs of its caller:
 * - `public`: nothing, not even a session (app info, login, first-run setup status);
 * - `signed`: no session, because the method authenticates its caller itself (a district's bundle
 *   uploaded to the province is checked against the district's trusted key);
 * - `read`: any signed-in account;
 * - `write`: change data (operators);
 * - `posts`: change checkpoints, shift logs and incidents; border staff only for the posts or
 *   communes assigned to them (the handler checks the scope through the call context);
 * - `approve`: approve the daily report (leaders);
 * - `admin`: accounts, settings, keys, restore.
 */
export const ACCESS = ['public', 'signed', 'read', 'write', 'posts', 'approve', 'admin'] as const;
/** See {@link ACCESS}. */
export type Access = (typeof ACCESS)[number];

/** What each method of a group needs, declared beside its schemas; every method is listed. */
export type AccessOf<G extends ApiGroup> = { readonly [M in keyof G]: Access };

/** What each role is granted (`public` and `signed` need no role). */
export const ROLE_GRANTS: Readonly<Record<Role, readonly Access[]>> = {
  admin: ['read', 'write', 'posts', 'approve', 'admin'],
  operator: ['read', 'write', 'posts'],
  border: ['read', 'posts'],
  leader: ['read', 'approve'],
  viewer: ['read'],
};

/** True when `role` may call a method that needs `access` (before any scope check). */
export function roleMay(role: Role, access: Access): boolean {
  return access === 'public' || access === 'signed' || ROLE_GRANTS[role].includes(access);
}
