/** SQL and row mapping of checkpoints, their shift logs and incidents. */
import type Database from 'better-sqlite3';
import type { Incident, Post, ShiftLog } from '../../../shared/contract-posts';
import type { FORCES } from '../../../shared/posts';
import {
  DEFAULT_POSTS_RULES,
  type FigureKey,
  type Figures,
  type PostKind,
  type PostsRules,
  type PostStatus,
  postsRulesSchema,
  type Shift,
  shiftKey,
  type ShiftPattern,
} from '../../../shared/posts';
import { EngineError, msg } from '../../../shared/result';
import type { EngineContext } from '../context';
import { readSetting } from '../settings/settings';
import { SUBTREE_CTE } from '../units/repo';

/** A posts row as SQLite returns it. */
export interface PostRow {
  id: string;
  kind: PostKind;
  name: string;
  parent_id: string | null;
  lon: number;
  lat: number;
  commune_code: string | null;
  commune_name?: string | null;
  status: PostStatus;
  status_since: string | null;
  opened_on: string | null;
  commander: string;
  phone: string;
  staff_police: number;
  staff_military: number;
  staff_border_guard: number;
  staff_health: number;
  staff_volunteer: number;
  shifts_per_day: number;
  first_shift_start: string;
  border_segment: string;
  markers: string;
  neighbour_country: string;
  note: string;
  created_at: string;
  deleted: number;
}

export interface LogRow {
  id: string;
  post_id: string;
  commune_code: string | null;
  shift_date: string;
  shift_no: number;
  shift_start: string;
  shift_end: string;
  people_checked: number;
  vehicles_checked: number;
  turned_back: number;
  health_declarations: number;
  temp_alerts: number;
  test_alerts: number;
  note: string;
  logged_by: string;
  logged_at: string;
}

export interface IncidentRow {
  id: string;
  post_id: string;
  post_name: string;
  post_kind: PostKind;
  post_lon: number;
  post_lat: number;
  log_id: string | null;
  type: Incident['type'];
  at: string;
  place: string;
  people: number;
  handling: Incident['handling'];
  note: string;
  lon: number | null;
  lat: number | null;
}

/** Figure key → column. */
export const FIGURE_COLUMNS: Readonly<Record<FigureKey, string>> = {
  peopleChecked: 'people_checked',
  vehiclesChecked: 'vehicles_checked',
  turnedBack: 'turned_back',
  healthDeclarations: 'health_declarations',
  tempAlerts: 'temp_alerts',
  testAlerts: 'test_alerts',
};

export const STAFF_COLUMN = {
  police: 'staff_police',
  military: 'staff_military',
  border_guard: 'staff_border_guard',
  health: 'staff_health',
  volunteer: 'staff_volunteer',
} as const satisfies Record<(typeof FORCES)[number], keyof PostRow>;

/** The settings key of the posts rules. */
export const POSTS_RULES_KEY = 'postsRules';
/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

export const POST_SELECT = `SELECT p.*, u.name AS commune_name FROM posts p LEFT JOIN units u ON u.code = p.commune_code`;

export function patternOf(r: Pick<PostRow, 'shifts_per_day' | 'first_shift_start'>): ShiftPattern {
  return { shiftsPerDay: r.shifts_per_day, firstStart: r.first_shift_start };
}

export function toPost(r: PostRow): Post {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    parentId: r.parent_id,
    lon: r.lon,
    lat: r.lat,
    communeCode: r.commune_code,
    communeName: r.commune_name ?? null,
    status: r.status,
    statusSince: r.status_since,
    openedOn: r.opened_on,
    commander: r.commander,
    phone: r.phone,
    staff: {
      police: r.staff_police,
      military: r.staff_military,
      border_guard: r.staff_border_guard,
      health: r.staff_health,
      volunteer: r.staff_volunteer,
    },
    pattern: patternOf(r),
    borderSegment: r.border_segment,
    markers: r.markers,
    neighbourCountry: r.neighbour_country,
    note: r.note,
  };
}

export function figuresOf(r: LogRow): Figures {
  return {
    peopleChecked: r.people_checked,
    vehiclesChecked: r.vehicles_checked,
    turnedBack: r.turned_back,
    healthDeclarations: r.health_declarations,
    tempAlerts: r.temp_alerts,
    testAlerts: r.test_alerts,
  };
}

export function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    postId: r.post_id,
    postName: r.post_name,
    postKind: r.post_kind,
    logId: r.log_id,
    type: r.type,
    at: r.at,
    place: r.place,
    people: r.people,
    handling: r.handling,
    note: r.note,
    lon: r.lon ?? r.post_lon,
    lat: r.lat ?? r.post_lat,
  };
}

/** UTC ISO text of an instant. */
export const iso = (ms: number): string => new Date(ms).toISOString();
/** A shift as the contract names it. */
export const shiftRef = (s: Shift): { date: string; no: number; start: string; end: string } => ({
  date: s.date,
  no: s.no,
  start: iso(s.startMs),
  end: iso(s.endMs),
});

/** The id of a post's log for one shift: one log per post and shift, so logging again updates it. */

/** The posts rules stored in settings, or the defaults. */
export function postsRules(db: Database.Database): PostsRules {
  return readSetting(db, POSTS_RULES_KEY, postsRulesSchema, DEFAULT_POSTS_RULES);
}

/** Scope SQL for posts of the unit `within` (posts with no commune are always in scope). */
export function scope(within: string | undefined): { cte: string; where: string; params: unknown[] } {
  if (!within) return { cte: '', where: '', params: [] };
  return {
    cte: SUBTREE_CTE,
    where: 'AND (p.commune_code IN (SELECT code FROM subtree) OR p.commune_code IS NULL)',
    params: [within],
  };
}

/** A live post by id, or a not-found error. */
export function requirePost(db: Database.Database, id: string): PostRow {
  const r = db.prepare(`${POST_SELECT} WHERE p.id = ?`).get(id) as PostRow | undefined;
  if (!r || r.deleted) {
    throw new EngineError('not-found', msg('Không có chốt mã {id}', 'No post with id {id}', { id }));
  }
  return r;
}

/** Live posts under `within` (checked to exist), by name. */
export function postRows(engine: EngineContext, within: string | undefined): PostRow[] {
  if (within) engine.requireUnit(within);
  const s = scope(within);
  return engine.db
    .prepare(`${s.cte} ${POST_SELECT} WHERE p.deleted = 0 ${s.where} ORDER BY p.name, p.id`)
    .all(...s.params) as PostRow[];
}

/** Live control points of a border post. */
export function controlPointsOf(db: Database.Database, id: string): { id: string; name: string; status: PostStatus }[] {
  return db.prepare('SELECT id, name, status FROM posts WHERE parent_id = ? AND deleted = 0 ORDER BY name').all(id) as {
    id: string;
    name: string;
    status: PostStatus;
  }[];
}

/** Keys of the logs since `fromDate`, for "is this shift logged". */
export function loggedKeys(db: Database.Database, postIds: readonly string[], fromDate: string): Set<string> {
  const rows = db
    .prepare('SELECT post_id, shift_date, shift_no FROM post_logs WHERE deleted = 0 AND shift_date >= ?')
    .all(fromDate) as { post_id: string; shift_date: string; shift_no: number }[];
  const ids = new Set(postIds);
  return new Set(rows.filter((r) => ids.has(r.post_id)).map((r) => shiftKey(r.post_id, r.shift_date, r.shift_no)));
}

/** Live incidents of live posts matching `where`, in time order. */
export function incidentRows(db: Database.Database, where: string, params: unknown[], cte = ''): IncidentRow[] {
  return db
    .prepare(
      `${cte} SELECT i.*, p.name AS post_name, p.kind AS post_kind, p.lon AS post_lon, p.lat AS post_lat
       FROM post_incidents i JOIN posts p ON p.id = i.post_id WHERE i.deleted = 0 AND p.deleted = 0 ${where}
       ORDER BY i.at, i.id`,
    )
    .all(...params) as IncidentRow[];
}

/** Live logs of shifts dated `from`..`to` (inclusive), under `within`, optionally of one post. */
export function logsInRange(
  engine: EngineContext,
  within: string | undefined,
  from: string,
  to: string,
  postId?: string,
): LogRow[] {
  if (from > to) {
    throw new EngineError(
      'bad-request',
      msg('Từ ngày {from} sau đến ngày {to}', 'From {from} is after to {to}', { from, to }),
    );
  }
  const s = scope(within);
  if (within) engine.requireUnit(within);
  const postFilter = postId ? 'AND l.post_id = ?' : '';
  return engine.db
    .prepare(
      `${s.cte} SELECT l.*, p.commune_code AS commune_code FROM post_logs l JOIN posts p ON p.id = l.post_id
       WHERE l.deleted = 0 AND p.deleted = 0 AND l.shift_date >= ? AND l.shift_date <= ? ${s.where} ${postFilter}
       ORDER BY l.shift_date, l.shift_no, p.name`,
    )
    .all(...s.params, from, to, ...(postId ? [postId] : [])) as LogRow[];
}

/** Live logs of shifts on the given dates (any post). */
export function logsOnDates(db: Database.Database, dates: readonly string[]): LogRow[] {
  return db
    .prepare('SELECT * FROM post_logs WHERE deleted = 0 AND shift_date IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(dates)) as LogRow[];
}

/** A post's latest logs, newest first. */
export function recentLogs(db: Database.Database, postId: string, limit: number): LogRow[] {
  return db
    .prepare(
      'SELECT * FROM post_logs WHERE post_id = ? AND deleted = 0 ORDER BY shift_date DESC, shift_no DESC LIMIT ?',
    )
    .all(postId, limit) as LogRow[];
}

/** Incidents per log id. */
export function incidentCounts(db: Database.Database, logIds: readonly string[]): Map<string, number> {
  if (logIds.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT log_id, count(*) AS n FROM post_incidents WHERE deleted = 0 AND log_id IN (SELECT value FROM json_each(?)) GROUP BY log_id`,
    )
    .all(JSON.stringify(logIds)) as { log_id: string; n: number }[];
  return new Map(rows.map((r) => [r.log_id, r.n]));
}

/** Logs with their incidents, as the contract shows them. */
export function logsWithIncidents(db: Database.Database, logs: readonly LogRow[]): ShiftLog[] {
  if (logs.length === 0) return [];
  const ids = logs.map((l) => l.id);
  const incs = incidentRows(db, `AND i.log_id IN (${ids.map(() => '?').join(', ')})`, ids).map(toIncident);
  return logs.map((l) => ({
    id: l.id,
    postId: l.post_id,
    shift: { date: l.shift_date, no: l.shift_no, start: l.shift_start, end: l.shift_end },
    ...figuresOf(l),
    note: l.note,
    loggedBy: l.logged_by,
    loggedAt: l.logged_at,
    incidents: incs.filter((i) => i.logId === l.id),
  }));
}

/** The id of a post's log for one shift: one log per post and shift, so logging again updates it. */
export function logId(postId: string, date: string, no: number): string {
  return `${postId}@${date}#${no}`;
}
