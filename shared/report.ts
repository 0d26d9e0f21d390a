/**
 * The 14:00 daily report: pure rules shared by the engine, the CLI, the renderer and its print
 * pages. Which figures a report carries (with their labels), the deadlines of the reporting
 * rhythm (by default a district reports by 14:00 Vietnam time, the province consolidates by 15:00,
 * the app reminds from 13:30; an office sets its own, see `report.setSettings`), and when a report
 * counts as late.
 */
import { toMs, vnDate, vnMinuteOfDay, type Instant } from './time';

/** A label in both languages. */
export interface ReportLabel {
  readonly vi: string;
  readonly en: string;
}

/**
 * The day's figures of a district's report, in the order the form and the PDF show them (what
 * district reports of 2021 carried: samples, new F0 and F1, quarantine by type).
 */
export const REPORT_FIGURES = [
  'samplesTaken',
  'samplesPositive',
  'samplesNegative',
  'samplesPending',
  'newF0Community',
  'newF0Quarantined',
  'f1Traced',
  'qFacilityNow',
  'qFacilityNew',
  'qFacilityReleased',
  'qHealthNow',
  'qHealthNew',
  'qHealthReleased',
  'qHomeNow',
  'qHomeNew',
  'qHomeReleased',
  'recoveries',
  'deaths',
] as const;
/** One of {@link REPORT_FIGURES}. */
export type ReportFigure = (typeof REPORT_FIGURES)[number];
/** The figures of one report: a count, or null where nothing was given. */
export type ReportFigures = Readonly<Record<ReportFigure, number | null>>;

/** Groups of figures, as the form and the PDF lay them out. */
export const REPORT_FIGURE_GROUPS: readonly { readonly label: ReportLabel; readonly keys: readonly ReportFigure[] }[] =
  [
    {
      label: { vi: 'Xét nghiệm', en: 'Testing' },
      keys: ['samplesTaken', 'samplesPositive', 'samplesNegative', 'samplesPending'],
    },
    { label: { vi: 'Ca bệnh', en: 'Cases' }, keys: ['newF0Community', 'newF0Quarantined', 'f1Traced'] },
    {
      label: { vi: 'Cách ly tập trung', en: 'Facility quarantine' },
      keys: ['qFacilityNow', 'qFacilityNew', 'qFacilityReleased'],
    },
    {
      label: { vi: 'Cách ly tại cơ sở y tế', en: 'Health-facility quarantine' },
      keys: ['qHealthNow', 'qHealthNew', 'qHealthReleased'],
    },
    {
      label: { vi: 'Cách ly tại nhà, nơi lưu trú', en: 'Home or lodging quarantine' },
      keys: ['qHomeNow', 'qHomeNew', 'qHomeReleased'],
    },
    { label: { vi: 'Điều trị', en: 'Treatment' }, keys: ['recoveries', 'deaths'] },
  ];

/** Labels of the figures. */
export const REPORT_FIGURE_LABELS: Readonly<Record<ReportFigure, ReportLabel>> = {
  samplesTaken: { vi: 'Số mẫu xét nghiệm', en: 'Samples taken' },
  samplesPositive: { vi: 'Dương tính', en: 'Positive' },
  samplesNegative: { vi: 'Âm tính', en: 'Negative' },
  samplesPending: { vi: 'Chờ kết quả', en: 'Pending' },
  newF0Community: { vi: 'F0 mới trong cộng đồng', en: 'New F0 in the community' },
  newF0Quarantined: { vi: 'F0 mới đã cách ly', en: 'New F0 already in quarantine' },
  f1Traced: { vi: 'F1 truy vết', en: 'F1 traced' },
  qFacilityNow: { vi: 'Tập trung: đang cách ly', en: 'Facility: in quarantine' },
  qFacilityNew: { vi: 'Tập trung: mới trong ngày', en: 'Facility: new today' },
  qFacilityReleased: { vi: 'Tập trung: hoàn thành trong ngày', en: 'Facility: released today' },
  qHealthNow: { vi: 'Cơ sở y tế: đang cách ly', en: 'Health facility: in quarantine' },
  qHealthNew: { vi: 'Cơ sở y tế: mới trong ngày', en: 'Health facility: new today' },
  qHealthReleased: { vi: 'Cơ sở y tế: hoàn thành trong ngày', en: 'Health facility: released today' },
  qHomeNow: { vi: 'Tại nhà: đang cách ly', en: 'Home: in quarantine' },
  qHomeNew: { vi: 'Tại nhà: mới trong ngày', en: 'Home: new today' },
  qHomeReleased: { vi: 'Tại nhà: hoàn thành trong ngày', en: 'Home: released today' },
  recoveries: { vi: 'Khỏi bệnh', en: 'Recovered' },
  deaths: { vi: 'Tử vong', en: 'Deaths' },
};

/** The community COVID teams' work of the day. */
export const REPORT_TEAM_FIELDS = ['teamsActive', 'householdsVisited', 'peopleReminded', 'problemsFound'] as const;
/** One of {@link REPORT_TEAM_FIELDS}. */
export type ReportTeamField = (typeof REPORT_TEAM_FIELDS)[number];
/** Labels of the teams' figures. */
export const REPORT_TEAM_LABELS: Readonly<Record<ReportTeamField, ReportLabel>> = {
  teamsActive: { vi: 'Số tổ COVID cộng đồng hoạt động', en: 'Community COVID teams active' },
  householdsVisited: { vi: 'Số hộ được đến thăm', en: 'Households visited' },
  peopleReminded: { vi: 'Số người được nhắc nhở', en: 'People reminded' },
  problemsFound: { vi: 'Số trường hợp phát hiện, xử lý', en: 'Problems found' },
};

/** A figure set with every value null. */
export function emptyFigures(): Record<ReportFigure, number | null> {
  return Object.fromEntries(REPORT_FIGURES.map((k) => [k, null])) as Record<ReportFigure, number | null>;
}

/** Sums figure sets per key; a key stays null only when every set leaves it null. */
export function sumFigures<K extends string>(keys: readonly K[], sets: readonly Partial<Record<K, number | null>>[]) {
  const out = Object.fromEntries(keys.map((k) => [k, null])) as Record<K, number | null>;
  for (const s of sets) {
    for (const k of keys) {
      const v = s[k];
      if (typeof v === 'number') out[k] = (out[k] ?? 0) + v;
    }
  }
  return out;
}

/** Minutes after Vietnam midnight by which a district sends its report (14:00, the default). */
export const REPORT_DEADLINE_MINUTES = 14 * 60;
/** Minutes after Vietnam midnight from which the app reminds while today's report is unsent (13:30, the default). */
export const REPORT_REMINDER_MINUTES = 13 * 60 + 30;
/** Minutes after Vietnam midnight by which the province consolidates (15:00, the default). */
export const PROVINCE_DEADLINE_MINUTES = 15 * 60;

/** `HH:MM` of minutes after midnight. */
export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Minutes after midnight of an `HH:MM` time (00:00–23:59), null for anything else. */
export function minutesOf(time: string): number | null {
  const m = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/**
 * The office's reporting hours (`HH:MM`, Vietnam time): the district's deadline, the reminder
 * before it, and the province's deadline after it. Provinces set their own in their instructions.
 */
export interface ReportDeadlines {
  readonly deadline: string;
  readonly reminder: string;
  readonly provinceDeadline: string;
}

/** The reporting hours of an office that never set them: 14:00, reminder from 13:30, province 15:00. */
export const DEFAULT_REPORT_DEADLINES: ReportDeadlines = {
  deadline: hhmm(REPORT_DEADLINE_MINUTES),
  reminder: hhmm(REPORT_REMINDER_MINUTES),
  provinceDeadline: hhmm(PROVINCE_DEADLINE_MINUTES),
};

/** Which rule of the reporting hours `d` breaks: the reminder not before the deadline, or the province's deadline not after it. */
export function deadlinesProblem(d: ReportDeadlines): 'reminder' | 'province' | null {
  const deadline = minutesOf(d.deadline) ?? REPORT_DEADLINE_MINUTES;
  if ((minutesOf(d.reminder) ?? REPORT_REMINDER_MINUTES) >= deadline) return 'reminder';
  if ((minutesOf(d.provinceDeadline) ?? PROVINCE_DEADLINE_MINUTES) <= deadline) return 'province';
  return null;
}

/**
 * True when a report of `day` sent at `sentAt` is late: after the deadline (minutes after Vietnam
 * midnight, 14:00 by default) that day, or on any later day. (14:00:00 itself is on time;
 * 14:00:01 is late.)
 */
export function isLate(day: string, sentAt: Instant, deadlineMinutes = REPORT_DEADLINE_MINUTES): boolean {
  const sentDay = vnDate(sentAt);
  if (sentDay > day) return true;
  if (sentDay < day) return false;
  const ms = toMs(sentAt);
  const minute = vnMinuteOfDay(ms);
  const secondsPast = Math.floor((((ms % 60_000) + 60_000) % 60_000) / 1000);
  return minute > deadlineMinutes || (minute === deadlineMinutes && secondsPast > 0);
}

/** True when the app should remind: from the reminder time (13:30 by default) while today's report is not sent. */
export function shouldRemind(now: number, todaySent: boolean, reminderMinutes = REPORT_REMINDER_MINUTES): boolean {
  return !todaySent && vnMinuteOfDay(now) >= reminderMinutes;
}

/** The report id of a district and day (one report per district per Vietnam day). */
export function reportId(district: string, day: string): string {
  return `bc-${district}-${day}`;
}

/** Default recipients of a district's report (one per line in the PDF's "Nơi nhận:" block). */
export const DEFAULT_RECIPIENTS: readonly string[] = [
  'Ban Dân vận Tỉnh ủy',
  'Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh',
  'Thường trực Huyện ủy',
  'Lưu: VT',
];

/**
 * Day, month and year of the place-date line of an administrative document (Decree 30/2020/NĐ-CP):
 * a day below 10 and the months 1 and 2 take a leading zero ("ngày 05 tháng 02 năm 2021",
 * "ngày 20 tháng 8 năm 2021").
 */
export function placeDateParts(day: string): { d: string; m: string; y: string } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return { d: String(d).padStart(2, '0'), m: m <= 2 ? String(m).padStart(2, '0') : String(m), y: String(y) };
}
