/**
 * The 14:00 daily report part of the API contract: one report per district per Vietnam day
 * (figures, community COVID teams' work, leaders' field work, difficulties and proposals), its
 * status draft → sent, and the province's 15:00 view with the consolidated report. Merged into
 * `api` in contract.ts.
 */
import { z } from 'zod';
import type { AccessOf } from './access';
import type { ApiGroup, EffectsOf } from './contract';
import { minutesOf, REPORT_FIGURES, REPORT_TEAM_FIELDS, type ReportFigure, type ReportTeamField } from './report';
import { isDay } from './time';

const code = z.string().min(1).max(32);
const day = z.string().refine(isDay, 'YYYY-MM-DD');
const count = z.number().int().min(0).max(100_000_000);
const text = (max: number) => z.string().trim().max(max);

/** An object of nullable counts, one per key. */
function countsSchema<K extends string>(keys: readonly K[]) {
  return z.object(Object.fromEntries(keys.map((k) => [k, count.nullable()])) as Record<K, z.ZodNullable<typeof count>>);
}
/** The day's figures: a count per key, null where none was given. */
export const reportFiguresSchema = countsSchema<ReportFigure>(REPORT_FIGURES);
/** The community COVID teams' work: a count per key, null where none was given. */
export const reportTeamsSchema = countsSchema<ReportTeamField>(REPORT_TEAM_FIELDS);

/** One line of the leaders' field work: who went where, and what they did. */
export const fieldVisitSchema = z.object({
  /** The leader's name as written in the report. */
  person: text(200).min(1),
  /** The register's person, when picked from it. */
  personId: z.string().max(64).nullable().default(null),
  /** Where (a commune or hamlet, in words). */
  place: text(300).default(''),
  /** The unit visited, when picked. */
  unitCode: code.nullable().default(null),
  /** What was done or found. */
  note: text(2000).default(''),
});
/** See {@link fieldVisitSchema}. */
export type FieldVisit = z.infer<typeof fieldVisitSchema>;

/** Status of a report. */
export const REPORT_STATUSES = ['draft', 'sent'] as const;

/** A district's report of a day, as stored (or, unsaved, as a new one would start). */
export const dailyReportSchema = z.object({
  id: z.string(),
  district: z.string(),
  districtName: z.string(),
  /** The Vietnam day reported on. */
  day: z.string(),
  /** False for a report not yet saved: a new draft, prefilled. */
  saved: z.boolean(),
  status: z.enum(REPORT_STATUSES),
  figures: reportFiguresSchema,
  teams: reportTeamsSchema,
  fieldWork: z.array(fieldVisitSchema),
  difficulties: z.string(),
  proposals: z.string(),
  preparedBy: z.string(),
  approvedBy: z.string(),
  /** When a leader approved it (ISO), null before. */
  approvedAt: z.string().nullable(),
  /** When it was sent (ISO with +07:00), null while a draft. */
  sentAt: z.string().nullable(),
  /** Sent after the office's deadline (14:00 by default) of its day, or on a later day. */
  late: z.boolean(),
  /** Number of the document ("12" in "Số: 12/BC-BCĐ"). */
  docNumber: z.string(),
  /** The symbol after the number ("BC-BCĐ"). */
  docSymbol: z.string(),
  /** The issuing body, top left of the document. */
  issuer: z.string(),
  /** The place of the place-date line ("Hòa Bình"). */
  place: z.string(),
  /** The "Nơi nhận:" lines. */
  recipients: z.array(z.string()),
  updatedAt: z.string().nullable(),
});
/** See {@link dailyReportSchema}. */
export type DailyReport = z.infer<typeof dailyReportSchema>;

/** The editable fields of a report. */
export const reportInputSchema = z.object({
  /** The district (default: this office's district, or the current one). */
  district: code.optional(),
  day,
  figures: reportFiguresSchema.partial().default({}),
  teams: reportTeamsSchema.partial().default({}),
  fieldWork: z.array(fieldVisitSchema).max(200).default([]),
  difficulties: text(10_000).default(''),
  proposals: text(10_000).default(''),
  preparedBy: text(200).default(''),
  docNumber: text(50).default(''),
  docSymbol: text(50).default(''),
  issuer: text(300).default(''),
  place: text(200).default(''),
  recipients: z.array(text(300)).max(30).optional(),
});
/** See {@link reportInputSchema}. */
export type ReportInput = z.input<typeof reportInputSchema>;

/** A time of day, `HH:MM` (00:00–23:59). */
const time = z.string().refine((v) => minutesOf(v) !== null, 'HH:MM');

/**
 * The office's reporting hours (a settings key): the district's deadline, the reminder from
 * (before the deadline) and the province's deadline (after it). Default 14:00, 13:30, 15:00.
 */
export const reportDeadlinesSchema = z.object({
  deadline: time,
  reminder: time,
  provinceDeadline: time,
});

const which = z.object({ district: code.optional(), day: day.optional() });

/** Where a district stands for a day in the province's view. */
export const REPORT_STANDINGS = ['on-time', 'late', 'draft', 'missing'] as const;

/** The province's 15:00 view of a day. */
export const provinceDaySchema = z.object({
  province: z.string(),
  provinceName: z.string(),
  day: z.string(),
  districts: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      standing: z.enum(REPORT_STANDINGS),
      sentAt: z.string().nullable(),
      preparedBy: z.string(),
      approvedBy: z.string(),
    }),
  ),
  /** The office's reporting hours (the province's deadline is the view's). */
  deadlines: reportDeadlinesSchema,
  counts: z.object({
    onTime: z.number().int(),
    late: z.number().int(),
    draft: z.number().int(),
    missing: z.number().int(),
  }),
});
/** See {@link provinceDaySchema}. */
export type ProvinceDay = z.infer<typeof provinceDaySchema>;

/** The consolidated report of a province's districts for a day. */
export const consolidatedSchema = z.object({
  province: z.string(),
  provinceName: z.string(),
  day: z.string(),
  /** Figures summed over the sent reports. */
  figures: reportFiguresSchema,
  teams: reportTeamsSchema,
  /** Every sent report of the day, by district name. */
  reports: z.array(dailyReportSchema),
  /** Districts that have not sent (drafts included), by name. */
  missing: z.array(z.object({ code: z.string(), name: z.string() })),
});
/** See {@link consolidatedSchema}. */
export type Consolidated = z.infer<typeof consolidatedSchema>;

/** The methods of the daily report. */
export const reportApi = {
  /** A district's report of a day: the stored one, or a new draft prefilled from the daily figures. */
  'report.get': {
    input: which,
    output: dailyReportSchema.extend({
      /** The district's daily figures of that day, summed (null: none entered). */
      fromFigures: reportFiguresSchema.partial().nullable(),
    }),
  },
  /**
   * Today's report at the engine's clock: its status, and whether to remind (from 13:30 Vietnam
   * time while it is not sent). The shell's banner polls it.
   */
  'report.today': {
    input: z.object({ district: code.optional() }),
    output: z.object({
      district: z.string(),
      districtName: z.string(),
      day: z.string(),
      status: z.enum(['missing', ...REPORT_STATUSES]),
      sentAt: z.string().nullable(),
      late: z.boolean(),
      remind: z.boolean(),
      /** Minutes past Vietnam midnight now, at the engine's clock. */
      minute: z.number().int(),
      /** The office's reporting hours. */
      deadlines: reportDeadlinesSchema,
    }),
  },
  /** A district's reports, newest day first. */
  'report.list': {
    input: z.object({ district: code.optional(), from: day.optional(), to: day.optional() }),
    output: z.array(dailyReportSchema),
  },
  /** Saves the draft (a sent report is not changed). */
  'report.save': { input: reportInputSchema, output: dailyReportSchema },
  /** A leader approves the report (name signed at the bottom right). */
  'report.approve': {
    input: z.object({ district: code.optional(), day, approvedBy: text(200).min(1) }),
    output: dailyReportSchema,
  },
  /** The office's reporting hours (default 14:00, reminder from 13:30, province 15:00). */
  'report.settings': { input: z.object({}), output: reportDeadlinesSchema },
  /** Sets the reporting hours (administrators): reminder before the deadline, province after it. */
  'report.setSettings': { input: reportDeadlinesSchema.partial(), output: reportDeadlinesSchema },
  /** Sends the report: status sent, time kept, late after the deadline. */
  'report.send': { input: z.object({ district: code.optional(), day }), output: dailyReportSchema },
  /** The province's view of a day: who sent, by when, who is late or missing. */
  'report.province': { input: z.object({ province: code.optional(), day: day.optional() }), output: provinceDaySchema },
  /** One consolidated report of all the province's districts for a day. */
  'report.consolidated': {
    input: z.object({ province: code.optional(), day: day.optional() }),
    output: consolidatedSchema,
  },
} as const satisfies ApiGroup;

const writes = ['report.*', 'audit.list'] as const;

/** What the report methods make stale. */
export const reportEffects = {
  'report.get': [],
  'report.today': [],
  'report.list': [],
  'report.save': writes,
  'report.approve': writes,
  'report.send': writes,
  'report.settings': [],
  'report.setSettings': writes,
  'report.province': [],
  'report.consolidated': [],
} as const satisfies EffectsOf<typeof reportApi>;

/** What each report method needs of its caller. */
export const reportAccess = {
  'report.get': 'read',
  'report.today': 'read',
  'report.list': 'read',
  'report.save': 'write',
  'report.approve': 'approve',
  'report.send': 'write',
  'report.settings': 'read',
  'report.setSettings': 'admin',
  'report.province': 'read',
  'report.consolidated': 'read',
} as const satisfies AccessOf<typeof reportApi>;
