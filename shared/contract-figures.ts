/**
 * The daily-figures part of the API contract: a day's rows for a district (or a province, summed
 * per district), saving a whole day in one write batch, corrections history, trend series,
 * cases per 100,000 per week, CSV/XLSX import with a preview, CSV export. Merged into `api` in
 * contract.ts. Field names, labels and the cell rules are in shared/figures.ts.
 */
import { z } from 'zod';
import type { AccessOf } from './access';
import type { ApiGroup, EffectsOf } from './contract';
import { exportedFileSchema, localTextSchema, TABLE_FORMATS } from './contract-text';
import { CELL_PROBLEMS, CUMULATIVE_FIELDS, FIGURE_FIELDS, type FigureField, MAX_FIGURE } from './figures';
import { isDay } from './time';

const code = z.string().min(1).max(32);
const day = z.string().refine(isDay, 'YYYY-MM-DD');
/** A stored count: null = not entered. */
const count = z.number().int().min(0).max(MAX_FIGURE).nullable();

/** Every field of a row; null = not entered. */
export const figureValuesSchema = z.object(
  Object.fromEntries(FIGURE_FIELDS.map((f) => [f, count])) as Record<FigureField, typeof count>,
);

/**
 * Values as a caller sends them to be saved: any number (a wrong one is refused by the engine
 * per cell, with row, field and reason, not by the schema), null clears a cell, absent keeps it.
 */
export const figureValuesInputSchema = z
  .object(
    Object.fromEntries(FIGURE_FIELDS.map((f) => [f, z.number().nullable().optional()])) as Record<
      FigureField,
      z.ZodOptional<z.ZodNullable<z.ZodNumber>>
    >,
  )
  .strict();

/** Running totals up to and including the day (derived, never typed). */
export const cumulativeSchema = z.object(
  Object.fromEntries(CUMULATIVE_FIELDS.map((f) => [f, z.number().int()])) as Record<
    (typeof CUMULATIVE_FIELDS)[number],
    z.ZodNumber
  >,
);

/** Those in quarantine by type at the end of the previous day (null: not entered). */
export const previousInSchema = z.object({ facility: count, health: count, home: count });

/** One row of a day: a commune or hamlet (district view) or a district (province view, summed). */
export const dayRowSchema = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  unitLevel: z.enum(['district', 'commune', 'hamlet']),
  parentCode: z.string().nullable(),
  population: z.number().int().nullable(),
  values: figureValuesSchema,
  /** Who last saved the row and when (ISO, UTC); null when nothing was entered for the day. */
  enteredBy: z.string().nullable(),
  enteredAt: z.string().nullable(),
  /** Yesterday's "in now" per quarantine type (the released-above-in rule reads it). */
  previousIn: previousInSchema,
  cumulative: cumulativeSchema,
  /** Community F0 of the 7 days ending on this day, and per 100,000 people (null: no population). */
  cases7d: z.number().int(),
  per100k: z.number().nullable(),
});
/** See {@link dayRowSchema}. */
export type DayRow = z.infer<typeof dayRowSchema>;

/** A refused cell: which row (0-based in the input, or the file's row), unit, field, why. */
export const cellErrorSchema = z.object({
  row: z.number().int(),
  unitCode: z.string(),
  field: z.enum(FIGURE_FIELDS).nullable(),
  code: z.enum([...CELL_PROBLEMS, 'unknown-unit', 'outside', 'reason-required', 'duplicate']),
  text: localTextSchema,
});
/**
 * See {@link cellErrorSchema}. `figures.checkDay` answers them all; `saveDay` throws `bad-request`
 * with one details line per refused cell.
 */
export type CellError = z.infer<typeof cellErrorSchema>;

/** One correction or entry of a field, from the audit trail. */
export const historyEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  day: z.string(),
  unitCode: z.string(),
  field: z.enum(FIGURE_FIELDS),
  before: z.number().nullable(),
  after: z.number().nullable(),
  reason: z.string().nullable(),
});
/** See {@link historyEntrySchema}. */
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** One day of a unit's trend. */
export const seriesDaySchema = z.object({
  day: z.string(),
  f0Community: z.number().int(),
  f0Quarantine: z.number().int(),
  /** Both kinds of new F0. */
  f0: z.number().int(),
  /** Mean of new F0 (both kinds) over the 7 days ending on this day. */
  f0Avg7: z.number(),
  /** Community F0 of the 7 days ending here, and per 100,000 people (null: no population). */
  cases7d: z.number().int(),
  per100k: z.number().nullable(),
  samples: z.number().int(),
  positives: z.number().int(),
  /** Positives / samples in percent (null: no samples). */
  positivity: z.number().nullable(),
  f1Traced: z.number().int(),
  /** In quarantine now by type and in all. */
  qFacilityIn: z.number().int(),
  qHealthIn: z.number().int(),
  qHomeIn: z.number().int(),
  quarantineIn: z.number().int(),
  /** New in quarantine today (all types) and released today (all types). */
  quarantineNew: z.number().int(),
  quarantineReleased: z.number().int(),
  doses: z.number().int(),
  deaths: z.number().int(),
  recoveries: z.number().int(),
  /** Units of the area that entered anything that day. */
  reporting: z.number().int(),
});
/** See {@link seriesDaySchema}. */
export type SeriesDay = z.infer<typeof seriesDaySchema>;

/** One unit's cases per 100,000 per week on a day. */
export const incidenceRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  population: z.number().int().nullable(),
  cases7d: z.number().int(),
  per100k: z.number().nullable(),
  /** The 4800 band of the rate (1–4; null: no population). */
  band: z.number().int().min(1).max(4).nullable(),
});
/** See {@link incidenceRowSchema}. */
export type IncidenceRow = z.infer<typeof incidenceRowSchema>;

/** Where a column's field came from. */
export const COLUMN_HOW = ['recognised', 'remembered', 'given', 'unmapped'] as const;
/** What an import column is: the unit code or name, the day, a figure, or nothing. */
export const IMPORT_TARGETS = ['unitCode', 'unitName', 'day', ...FIGURE_FIELDS, 'ignore'] as const;
/** One of {@link IMPORT_TARGETS}. */
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

const importInput = z
  .object({
    fileName: z.string().min(1).max(500),
    /** CSV text (already decoded) … */
    text: z
      .string()
      .max(200 * 1024 * 1024)
      .optional(),
    /** … or the file's bytes in base64 (XLSX, XLS, or CSV in UTF-8 or Windows-1258). */
    base64: z
      .string()
      .max(280 * 1024 * 1024)
      .optional(),
    /** Header cell (as in the file) → what it holds; overrides what is recognised or remembered. */
    mapping: z.record(z.string().max(500), z.enum(IMPORT_TARGETS)).optional(),
    /** Sheet name of a workbook (default: the first sheet with data). */
    sheet: z.string().max(200).optional(),
    /** The day for files without a day column. */
    day: day.optional(),
    /** Reason recorded with corrections of stored values (required when the file corrects any). */
    reason: z.string().trim().max(2000).optional(),
  })
  .refine((v) => (v.text === undefined) !== (v.base64 === undefined), 'text or base64, one of them');

/** An import problem: the file row (1-based, as a spreadsheet numbers it), column, value, why. */
export const importProblemSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  value: z.string(),
  text: localTextSchema,
});
/** See {@link importProblemSchema}. */
export type ImportProblem = z.infer<typeof importProblemSchema>;

/** What an import would do, row by row. */
export const importPreviewSchema = z.object({
  fileName: z.string(),
  /** The sheet read (workbooks), null for CSV. */
  sheet: z.string().nullable(),
  sheets: z.array(z.string()),
  /** Hash of the header: the mapping is remembered per layout. */
  layout: z.string(),
  /** 1-based row of the header (rows above it, such as a merged title, are skipped). */
  headerRow: z.number().int(),
  columns: z.array(
    z.object({ index: z.number().int(), header: z.string(), target: z.enum(IMPORT_TARGETS), how: z.enum(COLUMN_HOW) }),
  ),
  rows: z.array(
    z.object({
      row: z.number().int(),
      unitCode: z.string(),
      unitName: z.string().nullable(),
      day: z.string().nullable(),
      values: figureValuesSchema.partial(),
      status: z.enum(['new', 'changed', 'unchanged', 'error']),
    }),
  ),
  problems: z.array(importProblemSchema),
  counts: z.object({
    rows: z.number().int(),
    new: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    errors: z.number().int(),
  }),
  /** True when rows change stored values (a reason is then required). */
  corrects: z.boolean(),
});
/** See {@link importPreviewSchema}. */
export type ImportPreview = z.infer<typeof importPreviewSchema>;

const saveDayInput = z.object({
  day,
  rows: z
    .array(
      z.object({
        unitCode: code,
        values: figureValuesInputSchema,
        reason: z.string().trim().max(2000).optional(),
      }),
    )
    .min(1)
    .max(20000),
  reason: z.string().trim().max(2000).optional(),
});

/** The daily-figures methods. */
export const figuresApi = {
  /** A district's communes (and hamlets with figures), or a province's districts summed, for one day. */
  'figures.day': {
    input: z.object({ code, day, hamlets: z.boolean().optional() }),
    output: z.object({
      code: z.string(),
      name: z.string(),
      day: z.string(),
      rows: z.array(dayRowSchema),
      totals: dayRowSchema,
    }),
  },
  /**
   * Saves a day's rows as ONE write batch. Every cell is checked first (shared/figures.ts
   * validateFigures, plus units outside the district); if any is refused nothing is saved and the
   * error's details list every cell. Changing a stored value needs a reason (per row or for all).
   */
  'figures.saveDay': {
    input: saveDayInput,
    output: z.object({
      batchId: z.string(),
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
    }),
  },
  /** Checks a day's rows as `saveDay` would, without saving: every refused cell (empty: the day is valid). */
  'figures.checkDay': { input: saveDayInput, output: z.object({ cells: z.array(cellErrorSchema) }) },
  /** A unit's entries and corrections (earlier value, new value, who, when, reason), newest first. */
  'figures.history': {
    input: z.object({ unitCode: code, day: day.optional(), limit: z.number().int().min(1).max(5000).default(500) }),
    output: z.array(historyEntrySchema),
  },
  /** A commune's, district's or province's trend: one entry per day from `from` to `to` (at most 3 years). */
  'figures.series': {
    input: z.object({ code, from: day, to: day }),
    output: z.object({
      code: z.string(),
      name: z.string(),
      level: z.string(),
      population: z.number().int().nullable(),
      days: z.array(seriesDaySchema),
    }),
  },
  /** Cases per 100,000 per week on a day for the communes of a unit (omitted: the whole country), or its districts. */
  'figures.incidence': {
    input: z.object({ within: code.optional(), day, level: z.enum(['commune', 'district']).default('commune') }),
    output: z.object({ day: z.string(), from: z.string(), rows: z.array(incidenceRowSchema) }),
  },
  'figures.importPreview': { input: importInput, output: importPreviewSchema },
  /** Imports every row in one write batch; any problem writes nothing (bad-file, details: problems). */
  'figures.import': {
    input: importInput,
    output: z.object({
      batchId: z.string(),
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      layout: z.string(),
    }),
  },
  /** Rows of every commune/hamlet under `within` from `from` to `to` (the import's own columns). */
  /** The figures of a unit's communes over days, as CSV (imports back unchanged) or XLSX (typed cells). */
  'figures.exportCsv': {
    input: z.object({ within: code, from: day, to: day, format: z.enum(TABLE_FORMATS).default('csv') }),
    output: exportedFileSchema,
  },
} as const satisfies ApiGroup;

const figuresWrite = ['figures.*', 'risk.*', 'audit.list', 'units.get'] as const;

/** What the figures methods make stale: the figures, the suggestions they feed, the change log. */
export const figuresEffects = {
  'figures.day': [],
  'figures.saveDay': figuresWrite,
  'figures.checkDay': [],
  'figures.history': [],
  'figures.series': [],
  'figures.incidence': [],
  'figures.importPreview': [],
  'figures.import': figuresWrite,
  'figures.exportCsv': [],
} as const satisfies EffectsOf<typeof figuresApi>;

/** What each figures method needs of its caller (see shared/access.ts). */
export const figuresAccess = {
  'figures.day': 'read',
  'figures.saveDay': 'write',
  'figures.checkDay': 'read',
  'figures.history': 'read',
  'figures.series': 'read',
  'figures.incidence': 'read',
  'figures.importPreview': 'read',
  'figures.import': 'write',
  'figures.exportCsv': 'read',
} as const satisfies AccessOf<typeof figuresApi>;
