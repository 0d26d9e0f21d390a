/** Logging a shift's figures and incidents. */
import crypto from 'node:crypto';
import { requirePostScope } from '../auth/scope';
import type { Input, Output } from '../../../shared/contract';
import { FIGURE_KEYS, type Shift, shiftAt, shiftWindow, ZERO_FIGURES } from '../../../shared/posts';
import { EngineError, msg } from '../../../shared/result';
import type { CallContext, EngineContext } from '../context';
import type { Row } from '../entities';
import {
  FIGURE_COLUMNS,
  iso,
  logId,
  type LogRow,
  logsWithIncidents,
  patternOf,
  type PostRow,
  requirePost,
} from './repo';

/** The shift a log is for: the one named, or the one in progress; never one not yet started. */
function shiftOf(post: PostRow, input: Input<'posts.logShift'>, nowMs: number): Shift {
  const pattern = patternOf(post);
  let shift: Shift;
  if (input.date !== undefined || input.shift !== undefined) {
    if (input.date === undefined || input.shift === undefined) {
      throw new EngineError('bad-request', msg('Cần cả ngày và số ca', 'Give both the date and the shift number'));
    }
    if (input.shift > pattern.shiftsPerDay) {
      throw new EngineError(
        'bad-request',
        msg('{name}: chỉ có {n} ca/ngày, không có ca {shift}', '{name} has {n} shifts a day, no shift {shift}', {
          name: post.name,
          n: pattern.shiftsPerDay,
          shift: input.shift,
        }),
      );
    }
    shift = shiftWindow(pattern, input.date, input.shift);
  } else {
    shift = shiftAt(pattern, nowMs);
  }
  if (shift.startMs > nowMs) {
    throw new EngineError(
      'bad-request',
      msg('{name}: ca {no} ngày {date} chưa bắt đầu', '{name}: shift {no} of {date} has not started', {
        name: post.name,
        no: shift.no,
        date: shift.date,
      }),
    );
  }
  return shift;
}

/** Writes (or updates) a post's log for one shift, with new incidents. */
export function logShift(
  engine: EngineContext,
  ctx: CallContext,
  input: Input<'posts.logShift'>,
): Output<'posts.logShift'> {
  const post = requirePost(engine.db, input.postId);
  requirePostScope(ctx, {
    id: post.id,
    name: post.name,
    communeBefore: post.commune_code,
    communeAfter: post.commune_code,
  });
  const nowMs = engine.now();
  const shift = shiftOf(post, input, nowMs);
  const incidents = input.incidents.map((inc, i) => {
    const atMs = inc.at ? Date.parse(inc.at) : Math.min(nowMs, shift.endMs - 60_000);
    if (atMs < shift.startMs || atMs >= shift.endMs) {
      throw new EngineError(
        'bad-request',
        msg(
          '{name}: sự việc {i} lúc {at} nằm ngoài ca {no} ({start}–{end})',
          '{name}: incident {i} is outside the shift: {at} is not in shift {no} ({start}–{end})',
          {
            name: post.name,
            i: i + 1,
            at: inc.at ?? '',
            no: shift.no,
            start: iso(shift.startMs),
            end: iso(shift.endMs),
          },
        ),
      );
    }
    if ((inc.lon === undefined) !== (inc.lat === undefined)) {
      throw new EngineError(
        'bad-request',
        msg('Sự việc {i}: cần cả lon và lat', 'Incident {i}: give both lon and lat', { i: i + 1 }),
      );
    }
    return { ...inc, atIso: iso(atMs) };
  });
  const id = logId(post.id, shift.date, shift.no);
  const loggedBy = engine.actorOf(ctx);
  engine.write(ctx, { action: 'post.log', reason: null }, (tx) => {
    const existing = tx.get('postLog', id);
    const row: Row = {
      id,
      post_id: post.id,
      commune_code: post.commune_code,
      shift_date: shift.date,
      shift_no: shift.no,
      shift_start: iso(shift.startMs),
      shift_end: iso(shift.endMs),
      logged_by: loggedBy,
      logged_at: iso(nowMs),
      deleted: 0,
    };
    // Figures not given keep what the log already has (0 on a new log).
    for (const k of FIGURE_KEYS) {
      const v = input.figures[k];
      if (v !== undefined) row[FIGURE_COLUMNS[k]] = v;
      else if (!existing) row[FIGURE_COLUMNS[k]] = ZERO_FIGURES[k];
    }
    if (input.note !== undefined) row['note'] = input.note;
    else if (!existing) row['note'] = '';
    tx.put('postLog', row);
    for (const inc of incidents) {
      tx.put(
        'postIncident',
        {
          id: crypto.randomUUID(),
          post_id: post.id,
          log_id: id,
          commune_code: post.commune_code,
          type: inc.type,
          at: inc.atIso,
          place: inc.place,
          people: inc.people,
          handling: inc.handling,
          note: inc.note,
          lon: inc.lon ?? null,
          lat: inc.lat ?? null,
          deleted: 0,
        },
        'post.incident',
      );
    }
  });
  const log = engine.db.prepare('SELECT * FROM post_logs WHERE id = ?').get(id) as LogRow;
  return logsWithIncidents(engine.db, [log])[0]!;
}
