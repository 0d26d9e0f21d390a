/**
 * Border staff's scope: they change only the posts assigned to them, or the posts of the
 * communes assigned to them (reads stay open). Checked in the posts handlers through the call
 * context, so every door enforces it.
 */
import { EngineError, msg } from '../../../shared/result';
import type { CallContext } from '../context';

/** The post being changed: its id (null for a new one) and commune, before and after the change. */
export interface PostTarget {
  readonly id: string | null;
  readonly name: string;
  readonly communeBefore: string | null;
  readonly communeAfter: string | null;
}

/** True when the caller may change `post` (everyone but border staff; border staff within scope). */
export function mayChangePost(ctx: CallContext, post: PostTarget): boolean {
  const c = ctx.caller;
  if (!c || c.role !== 'border') return true;
  const own = (commune: string | null): boolean => commune !== null && c.communes.includes(commune);
  const before = post.id !== null && (c.posts.includes(post.id) || own(post.communeBefore));
  const after = post.communeAfter === post.communeBefore || own(post.communeAfter);
  return post.id === null ? own(post.communeAfter) : before && after;
}

/** Refuses with `forbidden` when border staff reach outside their posts and communes. */
export function requirePostScope(ctx: CallContext, post: PostTarget): void {
  if (mayChangePost(ctx, post)) return;
  throw new EngineError(
    'forbidden',
    msg(
      '{name} không thuộc các chốt/xã được giao cho tài khoản {login}',
      '{name} is not among the posts or communes assigned to account {login}',
      { name: post.name, login: ctx.caller?.login ?? '' },
    ),
  );
}
