/**
 * Vietnam time, in one place. Vietnam keeps UTC+07:00 all year (no daylight saving), so every
 * function here works from the instant alone and never reads the machine's time zone: the same
 * answers under `TZ=UTC`, `TZ=America/New_York` or on an office PC set to anything.
 *
 * Words used below:
 * - a **day** is a Vietnam calendar date written `YYYY-MM-DD` (how it is stored and sent);
 * - operators read dates as `dd/mm/yyyy` and times as `HH:mm` (24 h) — {@link formatDate},
 *   {@link formatDateTime};
 * - files and exports carry ISO instants with `+07:00` ({@link toVnIso}) and are named with the
 *   Vietnam date ({@link fileDate}).
 */

/** Vietnam's offset from UTC in minutes. */
export const VN_UTC_OFFSET_MINUTES = 420;
/** The IANA zone, for libraries that want one (date pickers, schedulers). */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const MINUTE = 60_000;
const OFFSET_MS = VN_UTC_OFFSET_MINUTES * MINUTE;
/** Milliseconds in a day. */
export const DAY_MS = 24 * 60 * MINUTE;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** An instant given as milliseconds, a Date, or an ISO string with its zone. */
export type Instant = number | Date | string;

/** Milliseconds since the epoch of an {@link Instant}; NaN when a string cannot be read. */
export function toMs(at: Instant): number {
  if (typeof at === 'number') return at;
  if (at instanceof Date) return at.getTime();
  return Date.parse(at);
}

/** The wall clock in Vietnam at an instant, as UTC fields of a shifted Date. */
function wall(at: Instant): Date {
  return new Date(toMs(at) + OFFSET_MS);
}

/** The Vietnam calendar day (`YYYY-MM-DD`) of an instant. */
export function vnDate(at: Instant): string {
  const d = wall(at);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Today in Vietnam (`YYYY-MM-DD`) at `now`. */
export function vnToday(now: number = Date.now()): string {
  return vnDate(now);
}

/** The instant (ms) of Vietnam midnight starting `day`; throws RangeError for a malformed or unreal date. */
export function vnMidnightMs(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`not a date: ${day}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - OFFSET_MS;
  if (vnDate(ms) !== day) throw new RangeError(`not a date: ${day}`);
  return ms;
}

/** True when `text` is a real calendar date written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  try {
    vnMidnightMs(text);
    return true;
  } catch {
    return false;
  }
}

/** `day` moved by `days` calendar days (negative: back). */
export function addDays(day: string, days: number): string {
  return vnDate(vnMidnightMs(day) + days * DAY_MS);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((vnMidnightMs(to) - vnMidnightMs(from)) / DAY_MS);
}

/** The last instant of a Vietnam day, as ISO with `+07:00`. */
export function endOfVnDay(day: string): string {
  return `${day}T23:59:59.999+07:00`;
}

/** The minutes since Vietnam midnight of an instant (0..1439). */
export function vnMinuteOfDay(at: Instant): number {
  const d = wall(at);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}

/**
 * The operational day of an instant when the day's work starts at `startMinutes` after midnight
 * (a night shift's small hours belong to the day its first shift started on). With 0 it is the
 * calendar day. Posts, incidents and charts all count "today" with this one function.
 */
export function operationalDay(at: Instant, startMinutes: number): string {
  const day = vnDate(at);
  return vnMinuteOfDay(at) < startMinutes ? addDays(day, -1) : day;
}

/** `dd/mm/yyyy` of a day (`YYYY-MM-DD`) or of an instant (read in Vietnam time). Unreadable input is returned as it is. */
export function formatDate(value: Instant): string {
  const day = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : vnDateOrNull(value);
  if (day === null) return String(value);
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

function vnDateOrNull(at: Instant): string | null {
  return Number.isNaN(toMs(at)) ? null : vnDate(at);
}

/** `HH:mm` (24 h) in Vietnam time of an instant. */
export function formatTime(at: Instant): string {
  if (Number.isNaN(toMs(at))) return String(at);
  const d = wall(at);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `dd/mm/yyyy HH:mm` (24 h) in Vietnam time: how an operator reads an instant. */
export function formatDateTime(at: Instant): string {
  if (Number.isNaN(toMs(at))) return String(at);
  return `${formatDate(at)} ${formatTime(at)}`;
}

/** `dd/mm` of a day or instant, for chart axes and short lists. */
export function formatDayMonth(value: Instant): string {
  return formatDate(value).slice(0, 5);
}

/** ISO 8601 with the `+07:00` offset (`2021-11-24T12:00:00+07:00`), for every export. */
export function toVnIso(at: Instant): string {
  const ms = toMs(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(at)}`);
  const d = wall(ms);
  const millis = d.getUTCMilliseconds();
  return (
    `${vnDate(ms)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${millis ? `.${pad(millis, 3)}` : ''}+07:00`
  );
}

/** The Vietnam date for a file name (`2021-11-24`): every exported file is named with it. */
export function fileDate(now: number = Date.now()): string {
  return vnDate(now);
}

/**
 * Reads a day typed or imported by a person: `dd/mm/yyyy` (also `d/m/yyyy`, `-` or `.` as separators)
 * or ISO `YYYY-MM-DD`. Returns `YYYY-MM-DD`, or null when it is not a real date.
 */
export function parseDay(text: string): string | null {
  const t = text.trim();
  let y: string, m: string, d: string;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (iso) [, y, m, d] = iso as unknown as [string, string, string, string];
  else if (vn) [, d, m, y] = vn as unknown as [string, string, string, string];
  else return null;
  const day = `${y}-${pad(Number(m))}-${pad(Number(d))}`;
  return isDay(day) ? day : null;
}

/**
 * Reads a Vietnam wall-clock date and time (`dd/mm/yyyy HH:mm`, or ISO `YYYY-MM-DDTHH:mm` without
 * a zone) as an instant; an ISO string with its own zone is read as it says. Null when unreadable.
 */
export function parseVnDateTime(text: string): number | null {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : ms;
  }
  const m = /^(.+?)[ T](\d{1,2}):(\d{2})$/.exec(t);
  if (!m) return null;
  const day = parseDay(m[1] ?? '');
  const h = Number(m[2]);
  const min = Number(m[3]);
  if (day === null || h > 23 || min > 59) return null;
  return vnMidnightMs(day) + (h * 60 + min) * MINUTE;
}

/**
 * The Excel serial day (days since 1899-12-30, Excel's 1900 system with its leap-year bug
 * accounted for) as `YYYY-MM-DD`; null outside 1900–2200.
 */
export function excelSerialToDay(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 110_000) return null;
  const whole = Math.floor(serial);
  const ms = Date.UTC(1899, 11, 30) + whole * DAY_MS;
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * The Excel serial (days since 1899-12-30, fraction for the time of day) of a day (`YYYY-MM-DD`)
 * or of an instant read on Vietnam's wall clock: what a spreadsheet date cell holds, so the cell
 * shows the Vietnam date and time whatever the reader's time zone. NaN for unreadable input.
 */
export function vnExcelSerial(value: Instant): number {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / DAY_MS;
  }
  const ms = toMs(value);
  if (Number.isNaN(ms)) return NaN;
  return (ms + OFFSET_MS - Date.UTC(1899, 11, 30)) / DAY_MS;
}
