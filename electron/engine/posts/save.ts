/** Creating and editing a post. */
import crypto from 'node:crypto';
import { requirePostScope } from '../auth/scope';
import type { Input, Output } from '../../../shared/contract';
import { FORCES, localDate } from '../../../shared/posts';
import { EngineError, msg } from '../../../shared/result';
import type { CallContext, EngineContext } from '../context';
import type { Row } from '../entities';
import { actsAsCommune } from '../units/repo';
import { communeLocator } from './locator';
import { iso, requirePost, STAFF_COLUMN, toPost } from './repo';

function checkParent(engine: EngineContext, parentId: string | null | undefined, selfId: string | undefined): void {
  if (!parentId) return;
  const p = requirePost(engine.db, parentId);
  if (p.kind !== 'border_post') {
    throw new EngineError(
      'bad-request',
      msg('{name}: không phải đồn biên phòng', '{name} is not a border post', { name: p.name }),
    );
  }
  if (parentId === selfId) {
    throw new EngineError('bad-request', msg('Chốt không thể thuộc chính nó', 'A post cannot be its own parent'));
  }
}

/** The commune a saved post belongs to: given, none, or found from its point. */
function communeOf(engine: EngineContext, input: Input<'posts.save'>): string | null {
  if (input.communeCode === undefined) return communeLocator(engine).locate(input.lon, input.lat)?.code ?? null;
  if (input.communeCode === null) return null;
  const u = engine.requireUnit(input.communeCode);
  // A district without communes (an island district) holds its posts itself.
  if (!actsAsCommune(engine.db, u)) {
    throw new EngineError(
      'bad-request',
      msg('{name} ({code}) không phải xã/phường', '{name} ({code}) is not a commune', { name: u.name, code: u.code }),
    );
  }
  return u.code;
}

/** Creates a post, or updates one; absent fields keep their stored values. */
export function savePost(engine: EngineContext, ctx: CallContext, input: Input<'posts.save'>): Output<'posts.save'> {
  const existing = input.id ? requirePost(engine.db, input.id) : null;
  checkParent(engine, input.parentId, input.id);
  const communeCode = communeOf(engine, input);
  requirePostScope(ctx, {
    id: existing?.id ?? null,
    name: existing?.name ?? input.name,
    communeBefore: existing?.commune_code ?? null,
    communeAfter: communeCode,
  });
  const id = existing?.id ?? crypto.randomUUID();
  const today = localDate(engine.now());
  const statusChanged = existing ? existing.status !== input.status : true;
  const row: Row = {
    id,
    kind: input.kind,
    name: input.name,
    lon: input.lon,
    lat: input.lat,
    commune_code: communeCode,
    status: input.status,
  };
  // Absent fields keep their stored values on update; a new post gets the defaults.
  const opt = (col: string, v: string | number | null | undefined, dflt: string | number | null): void => {
    if (v !== undefined) row[col] = v;
    else if (!existing) row[col] = dflt;
  };
  opt('parent_id', input.parentId, null);
  opt('status_since', input.statusSince ?? (statusChanged ? today : undefined), today);
  opt('opened_on', input.openedOn, today);
  opt('commander', input.commander, '');
  opt('phone', input.phone, '');
  for (const f of FORCES) opt(STAFF_COLUMN[f], input.staff?.[f], 0);
  opt('shifts_per_day', input.pattern?.shiftsPerDay, 3);
  opt('first_shift_start', input.pattern?.firstStart, '06:00');
  opt('border_segment', input.borderSegment, '');
  opt('markers', input.markers, '');
  opt('neighbour_country', input.neighbourCountry, '');
  opt('note', input.note, '');
  if (!existing) {
    row['created_at'] = iso(engine.now());
    row['deleted'] = 0;
  }
  engine.write(ctx, { action: existing ? 'post.update' : 'post.create', reason: input.reason ?? null }, (tx) =>
    tx.put('post', row),
  );
  return toPost(requirePost(engine.db, id));
}
