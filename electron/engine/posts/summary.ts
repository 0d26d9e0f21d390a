/** What the posts list, a post's page and the gaps list show: today's figures and missing logs. */
import type { Output } from '../../../shared/contract';
import type { PostSummary } from '../../../shared/contract-posts';
import {
  addDays,
  type Figures,
  findGaps,
  lastDueShift,
  localDate,
  logIsMissing,
  shiftAt,
  shiftKey,
  sumFigures,
} from '../../../shared/posts';
import type { EngineContext } from '../context';
import { levelsAt } from '../risk/repo';
import { SUBTREE_CTE } from '../units/repo';
import {
  controlPointsOf,
  figuresOf,
  incidentCounts,
  iso,
  loggedKeys,
  logsInRange,
  logsOnDates,
  logsWithIncidents,
  patternOf,
  postsRules,
  type PostRow,
  recentLogs,
  shiftRef,
  toPost,
} from './repo';

/** Posts with their operational day's figures, current shift and last due shift. */
export function summarise(engine: EngineContext, rows: readonly PostRow[]): PostSummary[] {
  const db = engine.db;
  const nowMs = engine.now();
  const date = localDate(nowMs);
  const rules = postsRules(db);
  const keys = loggedKeys(
    db,
    rows.map((r) => r.id),
    addDays(date, -3),
  );
  // A post's "today" is its operational day: the date of the shift in progress. Before the
  // day's first shift starts (e.g. 00:30 during a 22:00–06:00 shift) that is still yesterday.
  const recent = logsOnDates(db, [date, addDays(date, -1)]);
  const byPost = new Map<string, Figures[]>();
  const logIdsByPost = new Map<string, string[]>();
  for (const l of recent) {
    const k = `${l.post_id}|${l.shift_date}`;
    byPost.set(k, [...(byPost.get(k) ?? []), figuresOf(l)]);
    logIdsByPost.set(k, [...(logIdsByPost.get(k) ?? []), l.id]);
  }
  // Incidents count under the day of the shift they were logged in, like people and the chart:
  // a 04:15 incident of the night shift is "today" for the same shift as its people.
  const incByLog = incidentCounts(
    db,
    recent.map((l) => l.id),
  );
  return rows.map((r) => {
    const pattern = patternOf(r);
    const cur = shiftAt(pattern, nowMs);
    const due = lastDueShift(pattern, nowMs, rules.missingLogGraceMinutes);
    const logs = byPost.get(`${r.id}|${cur.date}`) ?? [];
    const incidents = (logIdsByPost.get(`${r.id}|${cur.date}`) ?? []).reduce((a, id) => a + (incByLog.get(id) ?? 0), 0);
    const dueLogged = keys.has(shiftKey(r.id, due.date, due.no));
    return {
      ...toPost(r),
      today: { ...sumFigures(logs), logs: logs.length, incidents },
      currentShift: { ...shiftRef(cur), logged: keys.has(shiftKey(r.id, cur.date, cur.no)) },
      lastDueShift: {
        ...shiftRef(due),
        logged: dueLogged,
        // The same rule as the gaps list (shared/posts.ts findGaps).
        missing: logIsMissing({ status: r.status, statusSince: r.status_since }, due.date, dueLogged),
      },
    };
  });
}

/** A post's page: its summary, the last seven operational days, recent logs, control points. */
export function postDetail(engine: EngineContext, row: PostRow): Output<'posts.get'> {
  const db = engine.db;
  const post = summarise(engine, [row])[0]!;
  // The chart ends on the post's operational day, like its "today" figures.
  const today = post.currentShift.date;
  const from = addDays(today, -6);
  const logs = logsInRange(engine, undefined, from, today, row.id);
  const counts = incidentCounts(
    db,
    logs.map((l) => l.id),
  );
  const last7 = Array.from({ length: 7 }, (_, i) => {
    const date = addDays(from, i);
    const day = logs.filter((l) => l.shift_date === date);
    return {
      date,
      ...sumFigures(day.map(figuresOf)),
      logs: day.length,
      incidents: day.reduce((a, l) => a + (counts.get(l.id) ?? 0), 0),
    };
  });
  return {
    post,
    last7,
    logs: logsWithIncidents(db, recentLogs(db, row.id, 20)),
    controlPoints: controlPointsOf(db, row.id),
  };
}

/** Shifts not logged and communes at a high level without a checkpoint. */
export function postGaps(
  engine: EngineContext,
  rows: readonly PostRow[],
  within: string | undefined,
): Output<'posts.gaps'> {
  const db = engine.db;
  const nowMs = engine.now();
  const keys = loggedKeys(
    db,
    rows.map((r) => r.id),
    addDays(localDate(nowMs), -3),
  );
  const s = within
    ? { cte: SUBTREE_CTE, where: 'AND code IN (SELECT code FROM subtree)', params: [within] }
    : { cte: '', where: '', params: [] };
  const communes = db
    .prepare(`${s.cte} SELECT code, name FROM units WHERE level = 'commune' AND deleted = 0 ${s.where} ORDER BY code`)
    .all(...s.params) as { code: string; name: string }[];
  const levels = new Map(levelsAt(engine, iso(nowMs), within).map((l) => [l.code, l.level]));
  return findGaps({
    posts: rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      status: r.status,
      statusSince: r.status_since,
      communeCode: r.commune_code,
      borderSegment: r.border_segment,
      pattern: patternOf(r),
    })),
    loggedShifts: keys,
    communes: communes.map((c) => ({ ...c, level: levels.get(c.code) ?? 0 })),
    nowMs,
    rules: postsRules(db),
  });
}
