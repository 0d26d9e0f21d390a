/**
 * Checkpoints and border posts: pure rules. Shift windows from a shift pattern, totals of daily
 * logs, and the gap rules (posts with no log for the last shift, communes at a high risk level
 * with no active checkpoint, border segments with no active post). The engine stores and the
 * renderer shows; both call these. Every threshold is a setting ({@link PostsRules}).
 *
 * Times: the engine keeps instants as UTC ISO strings; shifts and "today" are counted in Vietnam
 * time (Asia/Ho_Chi_Minh, UTC+07:00 all year, no daylight saving), so a fixed offset is exact.
 */
import { z } from 'zod';
import { formatTime, VN_UTC_OFFSET_MINUTES } from './time';

export { VN_UTC_OFFSET_MINUTES };

const MINUTE = 60_000;
const DAY_MINUTES = 1440;

/** Kinds of post. */
export const POST_KINDS = ['checkpoint', 'border_post', 'control_point', 'quarantine_gate'] as const;
/** One of {@link POST_KINDS}. */
export type PostKind = (typeof POST_KINDS)[number];

/** Status of a post. */
export const POST_STATUSES = ['active', 'suspended', 'stood_down'] as const;
/** One of {@link POST_STATUSES}. */
export type PostStatus = (typeof POST_STATUSES)[number];

/** Forces that staff a post. */
export const FORCES = ['police', 'military', 'border_guard', 'health', 'volunteer'] as const;
/** One of {@link FORCES}. */
export type Force = (typeof FORCES)[number];

/** Incident types. */
export const INCIDENT_TYPES = ['illegal_entry', 'forcing', 'false_papers', 'other'] as const;
/** One of {@link INCIDENT_TYPES}. */
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** How an incident was handled. */
export const HANDLINGS = ['quarantine', 'fined', 'returned', 'other'] as const;
/** One of {@link HANDLINGS}. */
export type Handling = (typeof HANDLINGS)[number];

/** The counted figures of a shift log. */
export const FIGURE_KEYS = [
  'peopleChecked',
  'vehiclesChecked',
  'turnedBack',
  'healthDeclarations',
  'tempAlerts',
  'testAlerts',
] as const;
/** One of {@link FIGURE_KEYS}. */
export type FigureKey = (typeof FIGURE_KEYS)[number];
/** A shift's (or a sum of shifts') figures. */
export type Figures = Readonly<Record<FigureKey, number>>;

/** A bilingual label. */
export interface Label {
  readonly vi: string;
  readonly en: string;
}

/** Names of the kinds, with words accepted for each in CSV files (compared without diacritics). */
export const POST_KIND_LABELS: Readonly<Record<PostKind, Label & { readonly aliases: readonly string[] }>> = {
  checkpoint: {
    vi: 'Chốt kiểm soát dịch',
    en: 'Epidemic checkpoint',
    aliases: ['chot kiem soat dich', 'chot kiem soat', 'chot', 'checkpoint'],
  },
  border_post: { vi: 'Đồn biên phòng', en: 'Border post', aliases: ['don bien phong', 'don', 'border post'] },
  control_point: {
    vi: 'Tổ/chốt biên phòng',
    en: 'Border control point',
    aliases: ['to/chot', 'to chot', 'to/chot bien phong', 'chot bien phong', 'to', 'control point'],
  },
  quarantine_gate: {
    vi: 'Cổng khu cách ly',
    en: 'Quarantine-area gate',
    aliases: ['cong khu cach ly', 'cong cach ly', 'quarantine gate', 'quarantine-area gate'],
  },
};

/** Names of the statuses, with accepted words. */
export const POST_STATUS_LABELS: Readonly<Record<PostStatus, Label & { readonly aliases: readonly string[] }>> = {
  active: { vi: 'Đang hoạt động', en: 'Active', aliases: ['dang hoat dong', 'hoat dong'] },
  suspended: { vi: 'Tạm dừng', en: 'Suspended', aliases: ['tam dung', 'tam ngung'] },
  stood_down: {
    vi: 'Đã giải thể',
    en: 'Stood down',
    aliases: ['da giai the', 'giai the', 'da rut', 'stood down', 'closed'],
  },
};

/** Names of the forces. */
export const FORCE_LABELS: Readonly<Record<Force, Label>> = {
  police: { vi: 'Công an', en: 'Police' },
  military: { vi: 'Quân sự/dân quân', en: 'Military/militia' },
  border_guard: { vi: 'Biên phòng', en: 'Border guard' },
  health: { vi: 'Y tế', en: 'Health' },
  volunteer: { vi: 'Tình nguyện viên', en: 'Volunteers' },
};

/** Names of the incident types. */
export const INCIDENT_TYPE_LABELS: Readonly<Record<IncidentType, Label>> = {
  illegal_entry: { vi: 'Chặn nhập cảnh trái phép', en: 'Illegal entry intercepted' },
  forcing: { vi: 'Vượt chốt', en: 'Forcing the checkpoint' },
  false_papers: { vi: 'Giấy tờ giả', en: 'False papers' },
  other: { vi: 'Khác', en: 'Other' },
};

/** Names of the handlings. */
export const HANDLING_LABELS: Readonly<Record<Handling, Label>> = {
  quarantine: { vi: 'Bàn giao cách ly', en: 'Handed to quarantine' },
  fined: { vi: 'Xử phạt', en: 'Fined' },
  returned: { vi: 'Buộc quay lại', en: 'Returned' },
  other: { vi: 'Khác', en: 'Other' },
};

/** Names of the figures. */
export const FIGURE_LABELS: Readonly<Record<FigureKey, Label>> = {
  peopleChecked: { vi: 'Người kiểm tra', en: 'People checked' },
  vehiclesChecked: { vi: 'Phương tiện kiểm tra', en: 'Vehicles checked' },
  turnedBack: { vi: 'Cho quay đầu', en: 'Turned back' },
  healthDeclarations: { vi: 'Khai báo y tế', en: 'Health declarations' },
  tempAlerts: { vi: 'Cảnh báo thân nhiệt', en: 'Temperature alerts' },
  testAlerts: { vi: 'Cảnh báo xét nghiệm', en: 'Test alerts' },
};

/** Shift counts a pattern may have: each divides the day into whole, equal hours. */
export const SHIFT_COUNTS = [1, 2, 3, 4, 6, 8, 12] as const;

/** How a post's day is cut into shifts: `shiftsPerDay` equal shifts, the first starting at `firstStart`. */
export const shiftPatternSchema = z.object({
  shiftsPerDay: z
    .number()
    .int()
    .refine((n) => (SHIFT_COUNTS as readonly number[]).includes(n), `one of ${SHIFT_COUNTS.join(', ')}`),
  /** Local (Vietnam) time of the first shift's start, `HH:MM`. */
  firstStart: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
});
/** See {@link shiftPatternSchema}. */
export type ShiftPattern = z.infer<typeof shiftPatternSchema>;

/** One shift: the pattern day it belongs to (local date of its day's first shift), its number, its window. */
export interface Shift {
  /** `YYYY-MM-DD`: the local date on which the day's first shift starts. */
  readonly date: string;
  /** 1-based number within the day. */
  readonly no: number;
  /** Start instant (ms since the epoch, inclusive). */
  readonly startMs: number;
  /** End instant (ms, exclusive). */
  readonly endMs: number;
}

// Day arithmetic lives in shared/time.ts; these names stay for the posts code that reads them.
export { vnDate as localDate, vnMidnightMs as localMidnightMs, addDays, isDay as isDate } from './time';
import { addDays, vnDate as localDate, vnMidnightMs as localMidnightMs } from './time';

function startMinutes(pattern: ShiftPattern): number {
  const [h, m] = pattern.firstStart.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The window of shift `no` (1-based) of the pattern day `date`. */
export function shiftWindow(pattern: ShiftPattern, date: string, no: number): Shift {
  if (!Number.isInteger(no) || no < 1 || no > pattern.shiftsPerDay) {
    throw new RangeError(`shift ${no} is not in 1..${pattern.shiftsPerDay}`);
  }
  const length = DAY_MINUTES / pattern.shiftsPerDay;
  const startMs = localMidnightMs(date) + (startMinutes(pattern) + (no - 1) * length) * MINUTE;
  return { date, no, startMs, endMs: startMs + length * MINUTE };
}

/** The shift in progress at `ms`. A shift that crosses midnight belongs to the day it started on. */
export function shiftAt(pattern: ShiftPattern, ms: number): Shift {
  const date = localDate(ms);
  // Minutes since this local day's first shift start; before it, the instant is in yesterday's last shifts.
  const since = (ms - localMidnightMs(date)) / MINUTE - startMinutes(pattern);
  const day = since < 0 ? addDays(date, -1) : date;
  const offset = since < 0 ? since + DAY_MINUTES : since;
  const no = Math.floor(offset / (DAY_MINUTES / pattern.shiftsPerDay)) + 1;
  return shiftWindow(pattern, day, no);
}

/** The shift before `shift` (the previous day's last shift before a day's first). */
export function previousShift(pattern: ShiftPattern, shift: Shift): Shift {
  return shift.no > 1
    ? shiftWindow(pattern, shift.date, shift.no - 1)
    : shiftWindow(pattern, addDays(shift.date, -1), pattern.shiftsPerDay);
}

/**
 * The last shift whose log is due at `nowMs`: the most recent shift that ended at least
 * `graceMinutes` ago (a shift's log may be entered during the grace period after it ends).
 */
export function lastDueShift(pattern: ShiftPattern, nowMs: number, graceMinutes: number): Shift {
  let s = previousShift(pattern, shiftAt(pattern, nowMs));
  while (s.endMs + graceMinutes * MINUTE > nowMs) s = previousShift(pattern, s);
  return s;
}

/** Figures all zero. */
export const ZERO_FIGURES: Figures = {
  peopleChecked: 0,
  vehiclesChecked: 0,
  turnedBack: 0,
  healthDeclarations: 0,
  tempAlerts: 0,
  testAlerts: 0,
};

/** The sum of figures. */
export function sumFigures(items: readonly Figures[]): Figures {
  const out: Record<FigureKey, number> = { ...ZERO_FIGURES };
  for (const f of items) for (const k of FIGURE_KEYS) out[k] += f[k];
  return out;
}

/** A shift log as the totals read it. */
export interface LogFacts extends Figures {
  readonly postId: string;
  readonly communeCode: string | null;
  /** Pattern day of the shift. */
  readonly date: string;
  /** Incidents recorded on this log. */
  readonly incidents: number;
}

/** Totals of a group: figures, number of shift logs, incidents. */
export interface Totals extends Figures {
  readonly key: string;
  readonly logs: number;
  readonly incidents: number;
}

/** Ways to group totals. */
export const TOTALS_GROUPS = ['post', 'commune', 'day'] as const;
/** One of {@link TOTALS_GROUPS}. */
export type TotalsGroup = (typeof TOTALS_GROUPS)[number];

/**
 * Totals of shift logs per post, per commune or per day, sorted by key. Logs of posts with no
 * commune are grouped under the empty key when grouping per commune.
 */
export function totalsBy(logs: readonly LogFacts[], group: TotalsGroup): Totals[] {
  const keyOf = (l: LogFacts): string => {
    switch (group) {
      case 'post':
        return l.postId;
      case 'commune':
        return l.communeCode ?? '';
      case 'day':
        return l.date;
    }
  };
  const acc = new Map<string, { figures: Figures[]; logs: number; incidents: number }>();
  for (const l of logs) {
    const k = keyOf(l);
    const a = acc.get(k) ?? { figures: [], logs: 0, incidents: 0 };
    a.figures.push(l);
    a.logs += 1;
    a.incidents += l.incidents;
    acc.set(k, a);
  }
  return [...acc.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, a]) => ({ key, ...sumFigures(a.figures), logs: a.logs, incidents: a.incidents }));
}

/** Settings of the gap rules. */
export const postsRulesSchema = z.object({
  /** Minutes after a shift ends before its missing log is a gap. */
  missingLogGraceMinutes: z.number().int().min(0).max(1440),
  /** Communes at this risk level or above need an active post of a covering kind. */
  gapMinRiskLevel: z.number().int().min(1).max(4),
  /** Kinds that count as a commune's checkpoint. */
  communeCoverKinds: z.array(z.enum(POST_KINDS)).min(1),
  /** Kinds that count as covering a border segment. */
  segmentCoverKinds: z.array(z.enum(POST_KINDS)).min(1),
});
/** See {@link postsRulesSchema}. */
export type PostsRules = z.infer<typeof postsRulesSchema>;

/** Defaults: a log is due an hour after its shift; cấp 3–4 communes need a checkpoint. */
export const DEFAULT_POSTS_RULES: PostsRules = {
  missingLogGraceMinutes: 60,
  gapMinRiskLevel: 3,
  communeCoverKinds: ['checkpoint', 'quarantine_gate'],
  segmentCoverKinds: ['border_post', 'control_point'],
};

/** A post as the gap rules read it. */
export interface PostFacts {
  readonly id: string;
  readonly name: string;
  readonly kind: PostKind;
  readonly status: PostStatus;
  /** Local date from which the current status holds (null = unknown, always). */
  readonly statusSince: string | null;
  readonly communeCode: string | null;
  readonly borderSegment: string | null;
  readonly pattern: ShiftPattern;
}

/** Kinds of gap. */
export const GAP_KINDS = ['missing-log', 'commune-uncovered', 'segment-uncovered'] as const;
/** One of {@link GAP_KINDS}. */
export type GapKind = (typeof GAP_KINDS)[number];

/** One warning: what is missing, and where to go to fix it. */
export interface Gap {
  readonly kind: GapKind;
  /** The post to open (missing-log), if any. */
  readonly postId: string | null;
  /** The commune concerned, if any. */
  readonly communeCode: string | null;
  /** The border segment (segment-uncovered). */
  readonly segment: string | null;
  /** The shift whose log is missing (missing-log). */
  readonly shift: { readonly date: string; readonly no: number; readonly start: string; readonly end: string } | null;
  /** The commune's risk level (commune-uncovered). */
  readonly riskLevel: number | null;
  readonly message: Label;
}

/** What the gap rules need. */
export interface GapInput {
  readonly posts: readonly PostFacts[];
  /** Keys `postId|date|no` of the logs that exist. */
  readonly loggedShifts: ReadonlySet<string>;
  /** The communes in scope with their current risk level (0 = not assessed). */
  readonly communes: readonly { readonly code: string; readonly name: string; readonly level: number }[];
  readonly nowMs: number;
  readonly rules: PostsRules;
}

/**
 * True when a post's log for its due shift counts as missing: the post is active, was already
 * active before that shift's day (the status date has no hour, so a post set up or reactivated
 * on that day is not blamed), and no log exists.
 */
export function logIsMissing(
  post: Pick<PostFacts, 'status' | 'statusSince'>,
  dueDate: string,
  logged: boolean,
): boolean {
  return post.status === 'active' && !(post.statusSince && post.statusSince >= dueDate) && !logged;
}

/** The key of a logged shift in {@link GapInput.loggedShifts}. */
export function shiftKey(postId: string, date: string, no: number): string {
  return `${postId}|${date}|${no}`;
}

const hhmm = (ms: number): string => formatTime(ms);

/**
 * The gaps, in a stable order (missing logs, then uncovered communes, then segments):
 * 1. an active post with no log for its last due shift, unless it became active on that shift's day
 *    or later (the status date has no hour: a post set up or reactivated at 15:00 is not blamed
 *    for the morning shift);
 * 2. a commune at `gapMinRiskLevel` or above with no active post of a covering kind;
 * 3. a border segment named by some post where no post of a covering kind is active.
 */
export function findGaps(input: GapInput): Gap[] {
  const { posts, rules } = input;
  const gaps: Gap[] = [];
  const active = posts.filter((p) => p.status === 'active');
  for (const p of [...active].sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
    const due = lastDueShift(p.pattern, input.nowMs, rules.missingLogGraceMinutes);
    if (!logIsMissing(p, due.date, input.loggedShifts.has(shiftKey(p.id, due.date, due.no)))) continue;
    const when = `${due.date} ${hhmm(due.startMs)}–${hhmm(due.endMs)}`;
    gaps.push({
      kind: 'missing-log',
      postId: p.id,
      communeCode: p.communeCode,
      segment: null,
      shift: {
        date: due.date,
        no: due.no,
        start: new Date(due.startMs).toISOString(),
        end: new Date(due.endMs).toISOString(),
      },
      riskLevel: null,
      message: {
        vi: `${p.name}: chưa có sổ ca ${due.no} (${when})`,
        en: `${p.name}: no log for shift ${due.no} (${when})`,
      },
    });
  }
  const covered = new Set(
    active.filter((p) => rules.communeCoverKinds.includes(p.kind) && p.communeCode).map((p) => p.communeCode),
  );
  for (const c of input.communes) {
    if (c.level < rules.gapMinRiskLevel || covered.has(c.code)) continue;
    gaps.push({
      kind: 'commune-uncovered',
      postId: null,
      communeCode: c.code,
      segment: null,
      shift: null,
      riskLevel: c.level,
      message: {
        vi: `${c.name}: cấp ${c.level} nhưng không có chốt đang hoạt động`,
        en: `${c.name}: level ${c.level} but no active checkpoint`,
      },
    });
  }
  const segments = new Map<string, boolean>();
  for (const p of posts) {
    const seg = p.borderSegment?.trim();
    if (!seg) continue;
    const covers = p.status === 'active' && rules.segmentCoverKinds.includes(p.kind);
    segments.set(seg, (segments.get(seg) ?? false) || covers);
  }
  for (const [seg, ok] of [...segments.entries()].sort(([a], [b]) => a.localeCompare(b, 'vi'))) {
    if (ok) continue;
    gaps.push({
      kind: 'segment-uncovered',
      postId: null,
      communeCode: null,
      segment: seg,
      shift: null,
      riskLevel: null,
      message: {
        vi: `Đoạn biên giới ${seg}: không có đồn/chốt đang hoạt động`,
        en: `Border segment ${seg}: no active post`,
      },
    });
  }
  return gaps;
}

/**
 * The columns of the posts CSV, in export order (import accepts any order; only `name`, `kind`,
 * `lat` and `lon` are required). See README "Checkpoints".
 */
export const POST_CSV_COLUMNS = [
  'id',
  'name',
  'kind',
  'lat',
  'lon',
  'commune_code',
  'status',
  'status_since',
  'opened_on',
  'commander',
  'phone',
  'police',
  'military',
  'border_guard',
  'health',
  'volunteer',
  'shifts_per_day',
  'first_shift_start',
  'parent',
  'border_segment',
  'markers',
  'neighbour_country',
  'note',
] as const;

/** The CSV column of each force's headcount. */
export const FORCE_CSV_COLUMN: Readonly<Record<Force, (typeof POST_CSV_COLUMNS)[number]>> = {
  police: 'police',
  military: 'military',
  border_guard: 'border_guard',
  health: 'health',
  volunteer: 'volunteer',
};

/** Planar area of a polygon's rings (outer minus holes), in square degrees; only for ranking candidates. */
export function ringsArea(rings: readonly (readonly (readonly number[])[])[]): number {
  let total = 0;
  rings.forEach((ring, i) => {
    let a = 0;
    for (let j = 0, k = ring.length - 1; j < ring.length; k = j++) {
      const p = ring[j]!;
      const q = ring[k]!;
      a += (q[0]! - p[0]!) * (q[1]! + p[1]!);
    }
    total += (i === 0 ? 1 : -1) * Math.abs(a / 2);
  });
  return total;
}

/**
 * Quotes a CSV field when it could break a row or be read as a formula by a spreadsheet
 * (a leading `=`, `+`, `-` or `@` gets a `'` in front). Numbers pass unchanged.
 */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const guarded = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(guarded) || guarded !== v ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
