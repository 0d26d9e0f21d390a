import crypto from 'node:crypto';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import Papa from 'papaparse';
import type { Incident, Post, PostSummary, ShiftLog, postsApi } from '../../shared/contract-posts';
import {
  addDays,
  csvField,
  DEFAULT_POSTS_RULES,
  FIGURE_KEYS,
  type FigureKey,
  type Figures,
  findGaps,
  FORCES,
  HANDLING_LABELS,
  INCIDENT_TYPE_LABELS,
  isDate,
  localDate,
  localMidnightMs,
  POST_CSV_COLUMNS,
  POST_KIND_LABELS,
  POST_KINDS,
  POST_STATUS_LABELS,
  POST_STATUSES,
  type PostKind,
  type PostsRules,
  type PostStatus,
  postsRulesSchema,
  ringsArea,
  SHIFT_COUNTS,
  type Shift,
  shiftAt,
  shiftKey,
  type ShiftPattern,
  shiftWindow,
  sumFigures,
  totalsBy,
  VN_UTC_OFFSET_MINUTES,
  lastDueShift,
  logIsMissing,
  ZERO_FIGURES,
} from '../../shared/posts';
import { EngineError } from '../../shared/result';
import { fold } from '../../shared/text';
import { normaliseGsoCode } from '../../shared/units';
import type { CallContext, EngineContext, HandlersOf } from './context';
import type { Row } from './entities';
import { levelsAt } from './risk';
import { SUBTREE_CTE } from './units-repo';

/** A posts row as SQLite returns it. */
interface PostRow {
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

interface LogRow {
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

interface IncidentRow {
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
const FIGURE_COLUMNS: Readonly<Record<FigureKey, string>> = {
  peopleChecked: 'people_checked',
  vehiclesChecked: 'vehicles_checked',
  turnedBack: 'turned_back',
  healthDeclarations: 'health_declarations',
  tempAlerts: 'temp_alerts',
  testAlerts: 'test_alerts',
};

const STAFF_COLUMN = {
  police: 'staff_police',
  military: 'staff_military',
  border_guard: 'staff_border_guard',
  health: 'staff_health',
  volunteer: 'staff_volunteer',
} as const satisfies Record<(typeof FORCES)[number], keyof PostRow>;

const RULES_KEY = 'postsRules';
const DAY_MS = 86_400_000;

const POST_SELECT = `SELECT p.*, u.name AS commune_name FROM posts p LEFT JOIN units u ON u.code = p.commune_code`;

function patternOf(r: Pick<PostRow, 'shifts_per_day' | 'first_shift_start'>): ShiftPattern {
  return { shiftsPerDay: r.shifts_per_day, firstStart: r.first_shift_start };
}

function toPost(r: PostRow): Post {
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

function figuresOf(r: LogRow): Figures {
  return {
    peopleChecked: r.people_checked,
    vehiclesChecked: r.vehicles_checked,
    turnedBack: r.turned_back,
    healthDeclarations: r.health_declarations,
    tempAlerts: r.temp_alerts,
    testAlerts: r.test_alerts,
  };
}

function toIncident(r: IncidentRow): Incident {
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

const iso = (ms: number): string => new Date(ms).toISOString();
const shiftRef = (s: Shift): { date: string; no: number; start: string; end: string } => ({
  date: s.date,
  no: s.no,
  start: iso(s.startMs),
  end: iso(s.endMs),
});

/** The id of a post's log for one shift: one log per post and shift, so logging again updates it. */
export function logId(postId: string, date: string, no: number): string {
  return `${postId}@${date}#${no}`;
}

interface CommuneCandidate {
  readonly code: string;
  readonly name: string;
  readonly geometry: Polygon | MultiPolygon;
  readonly area: number;
}

/** Finds the commune a point stands in. */
export interface CommuneLocator {
  /**
   * The commune holding the point, or null. On a shared border or in an overlap of two polygons
   * (the boundary data is not snapped), the smallest commune by area wins, then the lower code:
   * deterministic, and a sliver between two communes goes to the one it most likely belongs to.
   */
  locate(lon: number, lat: number): { code: string; name: string; candidates: string[] } | null;
}

/**
 * A locator over the live communes' polygons. Candidates are prefiltered by the bbox columns;
 * parsed polygons are cached for the locator's life (one request, one import).
 */
export function communeLocator(engine: EngineContext): CommuneLocator {
  const cache = new Map<string, CommuneCandidate | null>();
  const stmt = engine.db.prepare(
    `SELECT code, name, geometry FROM units WHERE level = 'commune' AND deleted = 0 AND geometry IS NOT NULL
     AND min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ? ORDER BY code`,
  );
  const load = (r: { code: string; name: string; geometry: string }): CommuneCandidate | null => {
    if (cache.has(r.code)) return cache.get(r.code)!;
    const g = JSON.parse(r.geometry) as { type: string; coordinates: unknown };
    let c: CommuneCandidate | null = null;
    if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
      const geometry = g as Polygon | MultiPolygon;
      const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
      c = { code: r.code, name: r.name, geometry, area: polys.reduce((a, p) => a + ringsArea(p), 0) };
    }
    cache.set(r.code, c);
    return c;
  };
  return {
    locate(lon, lat) {
      const rows = stmt.all(lon, lon, lat, lat) as { code: string; name: string; geometry: string }[];
      const hits: CommuneCandidate[] = [];
      for (const r of rows) {
        const c = load(r);
        if (c && booleanPointInPolygon([lon, lat], c.geometry)) hits.push(c);
      }
      if (hits.length === 0) return null;
      hits.sort((a, b) => a.area - b.area || (a.code < b.code ? -1 : 1));
      return { code: hits[0]!.code, name: hits[0]!.name, candidates: hits.map((h) => h.code).sort() };
    },
  };
}

/** The posts rules stored in settings, or the defaults. */
export function postsRules(engine: EngineContext): PostsRules {
  const row = engine.db.prepare('SELECT value FROM settings WHERE key = ? AND deleted = 0').get(RULES_KEY) as
    { value: string } | undefined;
  const parsed = row ? postsRulesSchema.safeParse(JSON.parse(row.value)) : null;
  return parsed?.success ? parsed.data : DEFAULT_POSTS_RULES;
}

/** Scope SQL for posts of the unit `within` (posts with no commune are always in scope). */
function scope(within: string | undefined): { cte: string; where: string; params: unknown[] } {
  if (!within) return { cte: '', where: '', params: [] };
  return {
    cte: SUBTREE_CTE,
    where: 'AND (p.commune_code IN (SELECT code FROM subtree) OR p.commune_code IS NULL)',
    params: [within],
  };
}

// ---------------------------------------------------------------------------------------------
// CSV import

interface RowError {
  readonly column: string;
  readonly message: string;
}

interface CheckedRow {
  readonly row: number;
  readonly name: string;
  readonly action: 'create' | 'update' | 'error';
  readonly communeCode: string | null;
  readonly errors: RowError[];
  /** The columns to write (only when there are no errors). */
  readonly put: Row | null;
}

const KNOWN_COLUMNS: ReadonlySet<string> = new Set(POST_CSV_COLUMNS);
const REQUIRED_COLUMNS = ['name', 'kind', 'lat', 'lon'] as const;

function matchAlias<K extends string>(
  value: string,
  codes: readonly K[],
  labels: Readonly<Record<K, { vi: string; en: string; aliases: readonly string[] }>>,
): K | null {
  const v = fold(value).replace(/\s+/g, ' ').trim();
  for (const k of codes) {
    const l = labels[k];
    if (v === k || v === fold(l.vi) || v === fold(l.en) || l.aliases.includes(v)) return k;
  }
  return null;
}

/** `YYYY-MM-DD` or `DD/MM/YYYY` → `YYYY-MM-DD`, or null. */
function parseDate(text: string): string | null {
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const out = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : text;
  return isDate(out) ? out : null;
}

/** A decimal that may use a comma (the Vietnamese decimal sign) when it has no dot. */
function parseDecimal(text: string): number | null {
  const t = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

function checkRows(engine: EngineContext, fileName: string, text: string): CheckedRow[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: false });
  const records = parsed.data;
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (records.length === 0 || missing.length > 0) {
    throw new EngineError(
      'bad-file',
      `${fileName}: thiếu cột ${missing.join(', ')} / missing columns ${missing.join(', ')}; không ghi gì / nothing written`,
    );
  }
  const unknown = header.filter((h) => h !== '' && !KNOWN_COLUMNS.has(h));
  if (unknown.length > 0) {
    throw new EngineError(
      'bad-file',
      `${fileName}: cột không rõ ${unknown.join(', ')} / unknown columns ${unknown.join(', ')} (${POST_CSV_COLUMNS.join(', ')}); không ghi gì / nothing written`,
    );
  }
  const locator = communeLocator(engine);
  const db = engine.db;
  const existingById = db.prepare('SELECT id, deleted FROM posts WHERE id = ?');
  const existingByName = db.prepare('SELECT id FROM posts WHERE kind = ? AND name = ? AND deleted = 0');
  const borderPostByName = db.prepare("SELECT id FROM posts WHERE kind = 'border_post' AND name = ? AND deleted = 0");
  const communeRow = db.prepare("SELECT code FROM units WHERE code = ? AND level = 'commune' AND deleted = 0");
  // Control points may name their border post before or after its own row: collect the file's
  // border posts (by id and by name) first.
  const fileBorderPosts = new Map<string, string>();
  const col = (cells: readonly string[], name: string): string => (cells[header.indexOf(name)] ?? '').trim();
  for (const cells of records.slice(1)) {
    if (matchAlias(col(cells, 'kind'), POST_KINDS, POST_KIND_LABELS) !== 'border_post') continue;
    const fileId = header.includes('id') ? col(cells, 'id') : '';
    if (fileId) fileBorderPosts.set(fileId, fileId);
    if (col(cells, 'name')) fileBorderPosts.set(col(cells, 'name'), fileId || `name:${col(cells, 'name')}`);
  }
  const resolvedNames = new Map<string, string>();
  const seenIds = new Set<string>();
  const out: CheckedRow[] = [];

  records.slice(1).forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const get = (col: string): string => {
      const idx = header.indexOf(col);
      return idx < 0 ? '' : (cells[idx] ?? '').trim();
    };
    const errors: RowError[] = [];
    const err = (column: string, message: string): void => {
      errors.push({ column, message });
    };
    if (cells.length !== header.length) {
      err(
        '',
        `có ${cells.length} ô, tiêu đề có ${header.length} / ${cells.length} fields, header has ${header.length}`,
      );
    }
    const name = get('name');
    if (!name) err('name', 'thiếu tên / name missing');
    else if (name.length > 200) err('name', 'tên quá dài (> 200) / name too long (> 200)');
    const kindText = get('kind');
    const kind = matchAlias(kindText, POST_KINDS, POST_KIND_LABELS);
    if (!kind) err('kind', `loại không rõ “${kindText}” / unknown kind (${POST_KINDS.join(', ')})`);
    const lat = parseDecimal(get('lat'));
    const lon = parseDecimal(get('lon'));
    if (lat === null || lat < -90 || lat > 90) err('lat', `vĩ độ không hợp lệ “${get('lat')}” / invalid latitude`);
    if (lon === null || lon < -180 || lon > 180) err('lon', `kinh độ không hợp lệ “${get('lon')}” / invalid longitude`);
    let communeCode: string | null = null;
    const communeText = get('commune_code');
    if (communeText) {
      const c = normaliseGsoCode(communeText, 'commune');
      if (!c || !communeRow.get(c)) err('commune_code', `không có xã mã “${communeText}” / no commune with this code`);
      else communeCode = c;
    } else if (lat !== null && lon !== null && errors.every((e) => e.column !== 'lat' && e.column !== 'lon')) {
      communeCode = locator.locate(lon, lat)?.code ?? null;
    }
    const statusText = get('status');
    const status = statusText ? matchAlias(statusText, POST_STATUSES, POST_STATUS_LABELS) : 'active';
    if (!status) err('status', `trạng thái không rõ “${statusText}” / unknown status (${POST_STATUSES.join(', ')})`);
    const dateCol = (col: string): string | null => {
      const v = get(col);
      if (!v) return null;
      const d = parseDate(v);
      if (!d) err(col, `ngày không hợp lệ “${v}” (YYYY-MM-DD hoặc DD/MM/YYYY) / invalid date`);
      return d;
    };
    const statusSince = dateCol('status_since');
    const openedOn = dateCol('opened_on');
    const staff: Row = {};
    for (const f of FORCES) {
      const v = get(f);
      if (!v) {
        staff[STAFF_COLUMN[f]] = 0;
        continue;
      }
      if (!/^\d{1,7}$/.test(v)) err(f, `số người không hợp lệ “${v}” / invalid headcount`);
      else staff[STAFF_COLUMN[f]] = Number(v);
    }
    const spdText = get('shifts_per_day');
    const shiftsPerDay = spdText ? Number(spdText) : 3;
    if (!(SHIFT_COUNTS as readonly number[]).includes(shiftsPerDay)) {
      err('shifts_per_day', `số ca “${spdText}” không hợp lệ (${SHIFT_COUNTS.join(', ')}) / invalid shift count`);
    }
    const startText = get('first_shift_start') || '06:00';
    const sm = /^(\d{1,2}):(\d{2})$/.exec(startText);
    const firstStart = sm && Number(sm[1]) < 24 && Number(sm[2]) < 60 ? `${sm[1]!.padStart(2, '0')}:${sm[2]}` : null;
    if (!firstStart) err('first_shift_start', `giờ bắt đầu ca “${startText}” không hợp lệ (HH:MM) / invalid time`);
    let parentId: string | null = null;
    const parentText = get('parent');
    if (parentText) {
      const byId = existingById.get(parentText) as { id: string; deleted: number } | undefined;
      const byName = borderPostByName.get(parentText) as { id: string } | undefined;
      parentId = (byId && !byId.deleted ? byId.id : null) ?? byName?.id ?? fileBorderPosts.get(parentText) ?? null;
      if (!parentId) err('parent', `không có đồn “${parentText}” / no border post with this id or name`);
    }
    const textCol = (col: string, max: number): string => {
      const v = get(col);
      if (v.length > max) err(col, `quá dài (> ${max}) / too long (> ${max})`);
      return v;
    };
    const commander = textCol('commander', 200);
    const phone = textCol('phone', 50);
    const borderSegment = textCol('border_segment', 200);
    const markers = textCol('markers', 500);
    const neighbourCountry = textCol('neighbour_country', 100);
    const note = textCol('note', 2000);

    let id = get('id');
    let action: 'create' | 'update' = 'create';
    if (id) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) err('id', `mã không hợp lệ “${id}” / invalid id`);
      else if (seenIds.has(id)) err('id', `mã trùng trong tệp “${id}” / duplicate id in the file`);
      const ex = existingById.get(id) as { id: string; deleted: number } | undefined;
      if (ex) action = 'update';
    } else if (kind && name) {
      // Without an id, a live post of the same kind and name is the one being updated, so a
      // corrected file can be imported again without duplicating every post.
      const same = existingByName.all(kind, name) as { id: string }[];
      if (same.length > 1)
        err('id', `có ${same.length} chốt cùng tên, cần cột id / ${same.length} posts share this name: give the id`);
      if (same.length === 1) {
        id = same[0]!.id;
        action = 'update';
      }
    }
    if (!id) id = crypto.randomUUID();
    seenIds.add(id);
    if (kind === 'border_post' && name) resolvedNames.set(`name:${name}`, id);

    const ok = errors.length === 0;
    out.push({
      row: line,
      name,
      action: ok ? action : 'error',
      communeCode,
      errors,
      put: ok
        ? {
            id,
            kind,
            name,
            parent_id: parentId,
            lon,
            lat,
            commune_code: communeCode,
            status,
            status_since: statusSince,
            opened_on: openedOn,
            commander,
            phone,
            ...staff,
            shifts_per_day: shiftsPerDay,
            first_shift_start: firstStart,
            border_segment: borderSegment,
            markers,
            neighbour_country: neighbourCountry,
            note,
            deleted: 0,
          }
        : null,
    });
  });
  // A parent named (without id) in the file gets the id its row was given.
  for (const r of out) {
    const parent = r.put?.['parent_id'];
    if (typeof parent === 'string' && parent.startsWith('name:'))
      r.put!['parent_id'] = resolvedNames.get(parent) ?? null;
  }
  for (const e of parsed.errors) {
    // Papa's row index counts records after the first (the header).
    const line = (e.row ?? 0) + 1;
    const r = out.find((x) => x.row === line);
    if (r && !r.errors.some((x) => x.column === '')) r.errors.push({ column: '', message: e.message });
  }
  return out.map((r) => (r.errors.length > 0 ? { ...r, action: 'error', put: null } : r));
}

function rowErrorLines(fileName: string, rows: readonly CheckedRow[]): string[] {
  return rows.flatMap((r) =>
    r.errors.map((e) => `${fileName} dòng/row ${r.row}${e.column ? `, cột/column ${e.column}` : ''}: ${e.message}`),
  );
}

// ---------------------------------------------------------------------------------------------
// Handlers

/** The methods of the posts contract. `now` is the engine's clock (injectable for tests). */
export function postsHandlers(engine: EngineContext, now: () => number): HandlersOf<typeof postsApi> {
  const db = engine.db;

  const requirePost = (id: string): PostRow => {
    const r = db.prepare(`${POST_SELECT} WHERE p.id = ?`).get(id) as PostRow | undefined;
    if (!r || r.deleted) throw new EngineError('not-found', `Không có chốt mã ${id} / no post with id ${id}`);
    return r;
  };

  const postRows = (within: string | undefined): PostRow[] => {
    if (within) engine.requireUnit(within);
    const s = scope(within);
    return db
      .prepare(`${s.cte} ${POST_SELECT} WHERE p.deleted = 0 ${s.where} ORDER BY p.name, p.id`)
      .all(...s.params) as PostRow[];
  };

  /** Keys of the logs of the last few days, for "is this shift logged". */
  const loggedKeys = (postIds: readonly string[], fromDate: string): Set<string> => {
    const rows = db
      .prepare('SELECT post_id, shift_date, shift_no FROM post_logs WHERE deleted = 0 AND shift_date >= ?')
      .all(fromDate) as { post_id: string; shift_date: string; shift_no: number }[];
    const ids = new Set(postIds);
    return new Set(rows.filter((r) => ids.has(r.post_id)).map((r) => shiftKey(r.post_id, r.shift_date, r.shift_no)));
  };

  const incidentRows = (where: string, params: unknown[], cte = ''): IncidentRow[] =>
    db
      .prepare(
        `${cte} SELECT i.*, p.name AS post_name, p.kind AS post_kind, p.lon AS post_lon, p.lat AS post_lat
         FROM post_incidents i JOIN posts p ON p.id = i.post_id WHERE i.deleted = 0 AND p.deleted = 0 ${where}
         ORDER BY i.at, i.id`,
      )
      .all(...params) as IncidentRow[];

  const todayRange = (): { date: string; from: string; to: string } => {
    const date = localDate(now());
    const start = localMidnightMs(date);
    return { date, from: iso(start), to: iso(start + DAY_MS) };
  };

  const summarise = (rows: readonly PostRow[]): PostSummary[] => {
    const nowMs = now();
    const today = todayRange();
    const rules = postsRules(engine);
    const keys = loggedKeys(
      rows.map((r) => r.id),
      addDays(today.date, -3),
    );
    // A post's "today" is its operational day: the date of the shift in progress. Before the
    // day's first shift starts (e.g. 00:30 during a 22:00–06:00 shift) that is still yesterday.
    const todayLogs = db
      .prepare('SELECT * FROM post_logs WHERE deleted = 0 AND shift_date IN (?, ?)')
      .all(today.date, addDays(today.date, -1)) as LogRow[];
    const byPost = new Map<string, Figures[]>();
    for (const l of todayLogs) {
      const k = `${l.post_id}|${l.shift_date}`;
      byPost.set(k, [...(byPost.get(k) ?? []), figuresOf(l)]);
    }
    const incidents = db
      .prepare(
        'SELECT post_id, count(*) AS n FROM post_incidents WHERE deleted = 0 AND at >= ? AND at < ? GROUP BY post_id',
      )
      .all(today.from, today.to) as { post_id: string; n: number }[];
    const incByPost = new Map(incidents.map((r) => [r.post_id, r.n]));
    return rows.map((r) => {
      const pattern = patternOf(r);
      const cur = shiftAt(pattern, nowMs);
      const due = lastDueShift(pattern, nowMs, rules.missingLogGraceMinutes);
      const logs = byPost.get(`${r.id}|${cur.date}`) ?? [];
      return {
        ...toPost(r),
        today: { ...sumFigures(logs), logs: logs.length, incidents: incByPost.get(r.id) ?? 0 },
        currentShift: { ...shiftRef(cur), logged: keys.has(shiftKey(r.id, cur.date, cur.no)) },
        lastDueShift: {
          ...shiftRef(due),
          logged: keys.has(shiftKey(r.id, due.date, due.no)),
          // The same rule as the gaps list (shared/posts.ts findGaps).
          missing: logIsMissing(
            { status: r.status, statusSince: r.status_since },
            due.date,
            keys.has(shiftKey(r.id, due.date, due.no)),
          ),
        },
      };
    });
  };

  const logsWithIncidents = (logs: readonly LogRow[]): ShiftLog[] => {
    if (logs.length === 0) return [];
    const ids = logs.map((l) => l.id);
    const incs = incidentRows(`AND i.log_id IN (${ids.map(() => '?').join(', ')})`, ids).map(toIncident);
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
  };

  const checkParent = (parentId: string | null | undefined, selfId: string | undefined): void => {
    if (!parentId) return;
    const p = requirePost(parentId);
    if (p.kind !== 'border_post') {
      throw new EngineError('bad-request', `${p.name}: không phải đồn biên phòng / is not a border post`);
    }
    if (parentId === selfId)
      throw new EngineError('bad-request', 'Chốt không thể thuộc chính nó / a post cannot be its own parent');
  };

  const logsInRange = (within: string | undefined, from: string, to: string, postId?: string): LogRow[] => {
    if (from > to) throw new EngineError('bad-request', `Từ ngày ${from} sau đến ngày ${to} / from is after to`);
    const s = scope(within);
    if (within) engine.requireUnit(within);
    const postFilter = postId ? 'AND l.post_id = ?' : '';
    return db
      .prepare(
        `${s.cte} SELECT l.*, p.commune_code AS commune_code FROM post_logs l JOIN posts p ON p.id = l.post_id
         WHERE l.deleted = 0 AND p.deleted = 0 AND l.shift_date >= ? AND l.shift_date <= ? ${s.where} ${postFilter}
         ORDER BY l.shift_date, l.shift_no, p.name`,
      )
      .all(...s.params, from, to, ...(postId ? [postId] : [])) as LogRow[];
  };

  const incidentCounts = (logIds: readonly string[]): Map<string, number> => {
    if (logIds.length === 0) return new Map();
    const rows = db
      .prepare(
        `SELECT log_id, count(*) AS n FROM post_incidents WHERE deleted = 0 AND log_id IN (SELECT value FROM json_each(?)) GROUP BY log_id`,
      )
      .all(JSON.stringify(logIds)) as { log_id: string; n: number }[];
    return new Map(rows.map((r) => [r.log_id, r.n]));
  };

  return {
    'posts.list': (input) => {
      let rows = postRows(input.within);
      if (input.kind) rows = rows.filter((r) => r.kind === input.kind);
      if (input.status) rows = rows.filter((r) => r.status === input.status);
      if (input.commune) rows = rows.filter((r) => r.commune_code === input.commune);
      let out = summarise(rows);
      if (input.hasIncidentsToday !== undefined) {
        out = out.filter((p) => p.today.incidents > 0 === input.hasIncidentsToday);
      }
      return out;
    },

    'posts.get': (input) => {
      const row = requirePost(input.id);
      const post = summarise([row])[0]!;
      // The chart ends on the post's operational day, like its "today" figures.
      const today = post.currentShift.date;
      const from = addDays(today, -6);
      const logs = logsInRange(undefined, from, today, row.id);
      const counts = incidentCounts(logs.map((l) => l.id));
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
      const recent = db
        .prepare(
          'SELECT * FROM post_logs WHERE post_id = ? AND deleted = 0 ORDER BY shift_date DESC, shift_no DESC LIMIT 20',
        )
        .all(row.id) as LogRow[];
      const controlPoints = db
        .prepare('SELECT id, name, status FROM posts WHERE parent_id = ? AND deleted = 0 ORDER BY name')
        .all(row.id) as { id: string; name: string; status: PostStatus }[];
      return { post, last7, logs: logsWithIncidents(recent), controlPoints };
    },

    'posts.locate': (input) => {
      const hit = communeLocator(engine).locate(input.lon, input.lat);
      return { communeCode: hit?.code ?? null, communeName: hit?.name ?? null, candidates: hit?.candidates ?? [] };
    },

    'posts.save': (input, ctx) => {
      const existing = input.id ? requirePost(input.id) : null;
      checkParent(input.parentId, input.id);
      let communeCode: string | null;
      if (input.communeCode === undefined) {
        communeCode = communeLocator(engine).locate(input.lon, input.lat)?.code ?? null;
      } else if (input.communeCode === null) {
        communeCode = null;
      } else {
        const u = engine.requireUnit(input.communeCode);
        if (u.level !== 'commune') {
          throw new EngineError('bad-request', `${u.name} (${u.code}) không phải xã/phường / is not a commune`);
        }
        communeCode = u.code;
      }
      const id = existing?.id ?? crypto.randomUUID();
      const today = localDate(now());
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
        row['created_at'] = iso(now());
        row['deleted'] = 0;
      }
      engine.write(ctx, { action: existing ? 'post.update' : 'post.create', reason: input.reason ?? null }, (tx) =>
        tx.put('post', row),
      );
      return toPost(requirePost(id));
    },

    'posts.delete': (input, ctx) => {
      const row = requirePost(input.id);
      const children = db.prepare('SELECT id FROM posts WHERE parent_id = ? AND deleted = 0').all(row.id) as {
        id: string;
      }[];
      engine.write(ctx, { action: 'post.delete', reason: input.reason }, (tx) => {
        // Its control points stay, detached: they may be reassigned to another post.
        for (const c of children) tx.put('post', { id: c.id, parent_id: null });
        tx.put('post', { id: row.id, deleted: 1 });
      });
      return { id: row.id };
    },

    'posts.logShift': (input, ctx) => {
      const post = requirePost(input.postId);
      const pattern = patternOf(post);
      const nowMs = now();
      let shift: Shift;
      if (input.date !== undefined || input.shift !== undefined) {
        if (input.date === undefined || input.shift === undefined) {
          throw new EngineError('bad-request', 'Cần cả ngày và số ca / give both the date and the shift number');
        }
        if (input.shift > pattern.shiftsPerDay) {
          throw new EngineError(
            'bad-request',
            `${post.name}: chỉ có ${pattern.shiftsPerDay} ca/ngày, không có ca ${input.shift} / has ${pattern.shiftsPerDay} shifts a day, no shift ${input.shift}`,
          );
        }
        shift = shiftWindow(pattern, input.date, input.shift);
      } else {
        shift = shiftAt(pattern, nowMs);
      }
      if (shift.startMs > nowMs) {
        throw new EngineError(
          'bad-request',
          `${post.name}: ca ${shift.no} ngày ${shift.date} chưa bắt đầu / shift ${shift.no} of ${shift.date} has not started`,
        );
      }
      const incidents = input.incidents.map((inc, i) => {
        const atMs = inc.at ? Date.parse(inc.at) : Math.min(nowMs, shift.endMs - 60_000);
        if (atMs < shift.startMs || atMs >= shift.endMs) {
          throw new EngineError(
            'bad-request',
            `${post.name}: sự việc ${i + 1} lúc ${inc.at} nằm ngoài ca ${shift.no} (${iso(shift.startMs)}–${iso(shift.endMs)}) / incident ${i + 1} is outside the shift`,
          );
        }
        if ((inc.lon === undefined) !== (inc.lat === undefined)) {
          throw new EngineError(
            'bad-request',
            `sự việc ${i + 1}: cần cả lon và lat / incident ${i + 1}: give both lon and lat`,
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
      const log = db.prepare('SELECT * FROM post_logs WHERE id = ?').get(id) as LogRow;
      return logsWithIncidents([log])[0]!;
    },

    'posts.logs': (input) => {
      if (input.postId) requirePost(input.postId);
      return logsWithIncidents(logsInRange(input.within, input.from, input.to, input.postId));
    },

    'posts.incidents': (input) => {
      const date = input.date ?? localDate(now());
      const start = localMidnightMs(date);
      const s = scope(input.within);
      if (input.within) engine.requireUnit(input.within);
      return incidentRows(
        `AND i.at >= ? AND i.at < ? ${s.where}`,
        [...s.params, iso(start), iso(start + DAY_MS)],
        s.cte,
      ).map(toIncident);
    },

    'posts.totals': (input) => {
      const logs = logsInRange(input.within, input.from, input.to);
      const counts = incidentCounts(logs.map((l) => l.id));
      const totals = totalsBy(
        logs.map((l) => ({
          ...figuresOf(l),
          postId: l.post_id,
          communeCode: l.commune_code,
          date: l.shift_date,
          incidents: counts.get(l.id) ?? 0,
        })),
        input.group,
      );
      const names = new Map<string, string>();
      if (input.group === 'post') {
        for (const r of db.prepare('SELECT id, name FROM posts').all() as { id: string; name: string }[]) {
          names.set(r.id, r.name);
        }
      } else if (input.group === 'commune') {
        const codes = totals.map((t) => t.key).filter((k) => k !== '');
        for (const c of codes) names.set(c, engine.requireUnit(c).name);
      }
      return totals.map((t) => ({
        ...t,
        label:
          input.group === 'day' ? t.key : (names.get(t.key) ?? (t.key === '' ? '(chưa rõ xã / no commune)' : t.key)),
      }));
    },

    'posts.gaps': (input) => {
      const rows = postRows(input.within);
      const nowMs = now();
      const keys = loggedKeys(
        rows.map((r) => r.id),
        addDays(localDate(nowMs), -3),
      );
      const s = input.within
        ? { cte: SUBTREE_CTE, where: 'AND code IN (SELECT code FROM subtree)', params: [input.within] }
        : { cte: '', where: '', params: [] };
      const communes = db
        .prepare(
          `${s.cte} SELECT code, name FROM units WHERE level = 'commune' AND deleted = 0 ${s.where} ORDER BY code`,
        )
        .all(...s.params) as { code: string; name: string }[];
      const levels = new Map(levelsAt(engine, iso(nowMs), input.within).map((l) => [l.code, l.level]));
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
        rules: postsRules(engine),
      });
    },

    'posts.importPreview': (input) => {
      const rows = checkRows(engine, input.fileName, input.text);
      return {
        fileName: input.fileName,
        rows: rows.map(({ put: _put, ...r }) => r),
        errorCount: rows.filter((r) => r.errors.length > 0).length,
      };
    },

    'posts.import': (input, ctx) => {
      const rows = checkRows(engine, input.fileName, input.text);
      const bad = rows.filter((r) => r.errors.length > 0);
      if (bad.length > 0) {
        throw new EngineError(
          'bad-file',
          `${input.fileName}: ${bad.length} dòng lỗi, không ghi gì / ${bad.length} rows with errors, nothing written`,
          rowErrorLines(input.fileName, bad),
        );
      }
      if (rows.length === 0) {
        throw new EngineError('bad-file', `${input.fileName}: không có dòng nào / no rows`);
      }
      let created = 0;
      let updated = 0;
      const createdAt = iso(now());
      engine.write(ctx, { action: 'post.import', reason: `Nhập ${input.fileName}` }, (tx) => {
        // Border posts first: a control point's row may come before its post's in the file.
        const ordered = [...rows].sort(
          (a, b) => Number(b.put!['kind'] === 'border_post') - Number(a.put!['kind'] === 'border_post'),
        );
        for (const r of ordered) {
          const put = r.put!;
          const before = tx.get('post', put['id'] as string);
          const outcome = tx.put('post', before ? put : { ...put, created_at: createdAt });
          if (outcome === 'created') created += 1;
          else if (outcome === 'updated') updated += 1;
        }
      });
      return { fileName: input.fileName, created, updated };
    },

    'posts.export': (input) => {
      const rows = postRows(input.within);
      const stamp = localDate(now());
      const label = input.within ?? 'all';
      if (input.format === 'geojson') {
        const features = rows.map((r) => {
          const p = toPost(r);
          return {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
            properties: {
              id: p.id,
              name: p.name,
              kind: p.kind,
              kind_name: POST_KIND_LABELS[p.kind].vi,
              status: p.status,
              status_name: POST_STATUS_LABELS[p.status].vi,
              status_since: p.statusSince ?? '',
              opened_on: p.openedOn ?? '',
              commune_code: p.communeCode ?? '',
              commune_name: p.communeName ?? '',
              parent_id: p.parentId ?? '',
              commander: p.commander,
              phone: p.phone,
              ...Object.fromEntries(FORCES.map((f) => [`staff_${f}`, p.staff[f]])),
              shifts_per_day: p.pattern.shiftsPerDay,
              first_shift_start: p.pattern.firstStart,
              border_segment: p.borderSegment,
              markers: p.markers,
              neighbour_country: p.neighbourCountry,
            },
          };
        });
        return {
          fileName: `saban-chot-${label}-${stamp}.geojson`,
          mimeType: 'application/geo+json',
          text: JSON.stringify({ type: 'FeatureCollection', name: `saban_posts_${label}_${stamp}`, features }),
        };
      }
      const lines = rows.map((r) => {
        const values: Record<(typeof POST_CSV_COLUMNS)[number], string | number | null> = {
          id: r.id,
          name: r.name,
          kind: r.kind,
          lat: r.lat,
          lon: r.lon,
          commune_code: r.commune_code,
          status: r.status,
          status_since: r.status_since,
          opened_on: r.opened_on,
          commander: r.commander,
          phone: r.phone,
          police: r.staff_police,
          military: r.staff_military,
          border_guard: r.staff_border_guard,
          health: r.staff_health,
          volunteer: r.staff_volunteer,
          shifts_per_day: r.shifts_per_day,
          first_shift_start: r.first_shift_start,
          parent: r.parent_id,
          border_segment: r.border_segment,
          markers: r.markers,
          neighbour_country: r.neighbour_country,
          note: r.note,
        };
        return POST_CSV_COLUMNS.map((c) => csvField(values[c])).join(',');
      });
      return {
        fileName: `saban-chot-${label}-${stamp}.csv`,
        mimeType: 'text/csv;charset=utf-8',
        // The BOM makes Excel read the file as UTF-8.
        text: '\uFEFF' + [POST_CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n',
      };
    },

    'posts.exportLogs': (input) => {
      const logs = logsWithIncidents(logsInRange(input.within, input.from, input.to));
      const posts = new Map(postRows(input.within).map((r) => [r.id, r]));
      const header = [
        'post_id',
        'post_name',
        'kind',
        'commune_code',
        'commune_name',
        'shift_date',
        'shift_no',
        'shift_start',
        'shift_end',
        'people_checked',
        'vehicles_checked',
        'turned_back',
        'health_declarations',
        'temp_alerts',
        'test_alerts',
        'incidents',
        'incident_details',
        'note',
        'logged_by',
        'logged_at',
      ];
      const local = (isoText: string): string =>
        new Date(Date.parse(isoText) + VN_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(11, 16);
      const lines = logs.map((l) => {
        const p = posts.get(l.postId);
        const details = l.incidents
          .map(
            (i) =>
              `${local(i.at)} ${INCIDENT_TYPE_LABELS[i.type].vi}${i.place ? ` (${i.place})` : ''}: ${i.people} người, ${HANDLING_LABELS[i.handling].vi}`,
          )
          .join('; ');
        return [
          l.postId,
          p?.name ?? '',
          p?.kind ?? '',
          p?.commune_code ?? '',
          p?.commune_name ?? '',
          l.shift.date,
          l.shift.no,
          l.shift.start,
          l.shift.end,
          ...FIGURE_KEYS.map((k) => l[k]),
          l.incidents.length,
          details,
          l.note,
          l.loggedBy,
          l.loggedAt,
        ]
          .map(csvField)
          .join(',');
      });
      return {
        fileName: `saban-so-ca-${input.within ?? 'all'}-${input.from}_${input.to}.csv`,
        mimeType: 'text/csv;charset=utf-8',
        text: '\uFEFF' + [header.join(','), ...lines].join('\r\n') + '\r\n',
      };
    },

    'posts.rules': () => postsRules(engine),

    'posts.setRules': (input, ctx: CallContext) => {
      const next = postsRulesSchema.parse({ ...postsRules(engine), ...input });
      engine.write(ctx, { action: 'posts.rules', reason: null }, (tx) =>
        tx.put('setting', { key: RULES_KEY, value: JSON.stringify(next), deleted: 0 }),
      );
      return next;
    },
  };
}
