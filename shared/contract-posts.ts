/**
 * The checkpoints-and-border-posts part of the API contract: posts, shift logs, incidents,
 * totals, gaps, CSV/GeoJSON import and export. Merged into `api` in contract.ts.
 */
import { z } from 'zod';
import type { AccessOf } from './access';
import type { ApiGroup, EffectsOf } from './contract';
import { exportedFileSchema, localTextSchema, TABLE_FORMATS } from './contract-text';
import {
  FORCES,
  GAP_KINDS,
  HANDLINGS,
  INCIDENT_TYPES,
  POST_KINDS,
  POST_STATUSES,
  TOTALS_GROUPS,
  isDate,
  postsRulesSchema,
  shiftPatternSchema,
} from './posts';

const code = z.string().min(1).max(32);
const id = z.string().min(1).max(64);
const date = z.string().refine(isDate, 'YYYY-MM-DD');
/** An ISO 8601 date-time with a zone (`Z` or `+07:00`). */
const isoDateTime = z.string().refine((s) => /T/.test(s) && !Number.isNaN(Date.parse(s)), 'ISO 8601 date-time');
const count = z.number().int().min(0).max(10_000_000);
const text = (max: number) => z.string().trim().max(max);
const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

/** Kind of post. */
export const postKindSchema = z.enum(POST_KINDS);
/** Status of a post. */
export const postStatusSchema = z.enum(POST_STATUSES);

/** Headcount by force. */
export const staffSchema = z.object(
  Object.fromEntries(FORCES.map((f) => [f, count])) as Record<(typeof FORCES)[number], typeof count>,
);
/** See {@link staffSchema}. */
export type Staff = z.infer<typeof staffSchema>;

/** The counted figures of a shift (or a sum of shifts). */
export const figuresSchema = z.object({
  peopleChecked: count,
  vehiclesChecked: count,
  turnedBack: count,
  healthDeclarations: count,
  tempAlerts: count,
  testAlerts: count,
});

/** A shift identified by its pattern day and number, with its window (UTC ISO). */
export const shiftRefSchema = z.object({ date: z.string(), no: z.number().int(), start: z.string(), end: z.string() });

/** A post as stored. */
export const postSchema = z.object({
  id: z.string(),
  kind: postKindSchema,
  name: z.string(),
  /** A control point's border post. */
  parentId: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
  communeCode: z.string().nullable(),
  communeName: z.string().nullable(),
  status: postStatusSchema,
  statusSince: z.string().nullable(),
  openedOn: z.string().nullable(),
  commander: z.string(),
  phone: z.string(),
  staff: staffSchema,
  pattern: shiftPatternSchema,
  borderSegment: z.string(),
  markers: z.string(),
  neighbourCountry: z.string(),
  note: z.string(),
});
/** See {@link postSchema}. */
export type Post = z.infer<typeof postSchema>;

/** A post with what lists and the map show about today. */
export const postSummarySchema = postSchema.extend({
  /** Today's (Vietnam time) totals: figures, logs, incidents. */
  today: figuresSchema.extend({ logs: z.number().int(), incidents: z.number().int() }),
  currentShift: shiftRefSchema.extend({ logged: z.boolean() }),
  /**
   * The last shift whose log is due (see shared/posts.ts lastDueShift); `missing` when its log is
   * a gap (the post was active before that shift's day and nothing was logged).
   */
  lastDueShift: shiftRefSchema.extend({ logged: z.boolean(), missing: z.boolean() }),
});
/** See {@link postSummarySchema}. */
export type PostSummary = z.infer<typeof postSummarySchema>;

/** An incident. */
export const incidentSchema = z.object({
  id: z.string(),
  postId: z.string(),
  postName: z.string(),
  postKind: postKindSchema,
  logId: z.string().nullable(),
  type: z.enum(INCIDENT_TYPES),
  at: z.string(),
  place: z.string(),
  people: z.number().int(),
  handling: z.enum(HANDLINGS),
  note: z.string(),
  /** Where it happened: its own point, or the post's. */
  lon: z.number(),
  lat: z.number(),
});
/** See {@link incidentSchema}. */
export type Incident = z.infer<typeof incidentSchema>;

/** A shift log with its incidents. */
export const shiftLogSchema = figuresSchema.extend({
  id: z.string(),
  postId: z.string(),
  shift: shiftRefSchema,
  note: z.string(),
  loggedBy: z.string(),
  loggedAt: z.string(),
  incidents: z.array(incidentSchema),
});
/** See {@link shiftLogSchema}. */
export type ShiftLog = z.infer<typeof shiftLogSchema>;

const incidentInput = z.object({
  type: z.enum(INCIDENT_TYPES),
  /** Defaults to now (or the shift's end when the shift is over). */
  at: isoDateTime.optional(),
  place: text(200).default(''),
  people: count.default(0),
  handling: z.enum(HANDLINGS).default('other'),
  note: text(2000).default(''),
  lon: lon.optional(),
  lat: lat.optional(),
});

/** The fields a post is saved with (all but name, kind and point have defaults). */
export const postInputSchema = z.object({
  /** Absent: create. */
  id: id.optional(),
  kind: postKindSchema,
  name: text(200).min(1),
  parentId: id.nullable().optional(),
  lon,
  lat,
  /** Absent: found from the point; null: none. */
  communeCode: code.nullable().optional(),
  status: postStatusSchema.default('active'),
  statusSince: date.nullable().optional(),
  openedOn: date.nullable().optional(),
  commander: text(200).optional(),
  phone: text(50).optional(),
  staff: staffSchema.partial().optional(),
  pattern: shiftPatternSchema.optional(),
  borderSegment: text(200).optional(),
  markers: text(500).optional(),
  neighbourCountry: text(100).optional(),
  note: text(2000).optional(),
  reason: text(2000).optional(),
});

/** One row of a CSV import preview. */
export const importRowSchema = z.object({
  /** Line number in the file (the header is line 1). */
  row: z.number().int(),
  name: z.string(),
  action: z.enum(['create', 'update', 'error']),
  communeCode: z.string().nullable(),
  /** `message` in Vietnamese; `text` in both languages (a door shows the user's). */
  errors: z.array(z.object({ column: z.string(), message: z.string(), text: localTextSchema })),
});

const fileInput = z.object({ fileName: z.string().min(1).max(500), text: z.string().max(50 * 1024 * 1024) });
const fileOutput = exportedFileSchema;
const listFilter = z.object({
  /** Only posts in this unit (any depth); posts with no commune are always listed. */
  within: code.optional(),
  kind: postKindSchema.optional(),
  status: postStatusSchema.optional(),
  commune: code.optional(),
  hasIncidentsToday: z.boolean().optional(),
});

/** The posts methods. */
export const postsApi = {
  'posts.list': { input: listFilter, output: z.array(postSummarySchema) },
  'posts.get': {
    input: z.object({ id }),
    output: z.object({
      post: postSummarySchema,
      /** The last 7 days (today last), each with its totals. */
      last7: z.array(figuresSchema.extend({ date: z.string(), logs: z.number().int(), incidents: z.number().int() })),
      /** The most recent logs, newest first. */
      logs: z.array(shiftLogSchema),
      controlPoints: z.array(z.object({ id: z.string(), name: z.string(), status: postStatusSchema })),
    }),
  },
  'posts.locate': {
    input: z.object({ lon, lat }),
    output: z.object({
      communeCode: z.string().nullable(),
      communeName: z.string().nullable(),
      /** Every commune whose polygon holds the point (more than one on a shared border or overlap). */
      candidates: z.array(z.string()),
    }),
  },
  'posts.save': { input: postInputSchema, output: postSchema },
  'posts.delete': { input: z.object({ id, reason: text(2000).min(1) }), output: z.object({ id: z.string() }) },
  'posts.logShift': {
    input: z.object({
      postId: id,
      /** Pattern day and shift number; absent: the shift in progress now. */
      date: date.optional(),
      shift: z.number().int().min(1).max(24).optional(),
      figures: figuresSchema.partial().default({}),
      note: text(2000).optional(),
      incidents: z.array(incidentInput).max(500).default([]),
    }),
    output: shiftLogSchema,
  },
  'posts.logs': {
    input: z.object({ postId: id.optional(), within: code.optional(), from: date, to: date }),
    output: z.array(shiftLogSchema),
  },
  'posts.incidents': {
    input: z.object({ within: code.optional(), date: date.optional() }),
    output: z.array(incidentSchema),
  },
  'posts.totals': {
    input: z.object({ within: code.optional(), from: date, to: date, group: z.enum(TOTALS_GROUPS) }),
    output: z.array(
      figuresSchema.extend({
        key: z.string(),
        /** The post's or commune's name; the date for days. */
        label: z.string(),
        logs: z.number().int(),
        incidents: z.number().int(),
      }),
    ),
  },
  'posts.gaps': {
    input: z.object({ within: code.optional() }),
    output: z.array(
      z.object({
        kind: z.enum(GAP_KINDS),
        postId: z.string().nullable(),
        communeCode: z.string().nullable(),
        segment: z.string().nullable(),
        shift: z.object({ date: z.string(), no: z.number().int(), start: z.string(), end: z.string() }).nullable(),
        riskLevel: z.number().int().nullable(),
        message: z.object({ vi: z.string(), en: z.string() }),
      }),
    ),
  },
  'posts.importPreview': {
    input: fileInput,
    output: z.object({ fileName: z.string(), rows: z.array(importRowSchema), errorCount: z.number().int() }),
  },
  'posts.import': {
    input: fileInput,
    output: z.object({ fileName: z.string(), created: z.number().int(), updated: z.number().int() }),
  },
  'posts.export': {
    input: z.object({ within: code.optional(), format: z.enum([...TABLE_FORMATS, 'geojson']) }),
    output: fileOutput,
  },
  'posts.exportLogs': {
    input: z.object({ within: code.optional(), from: date, to: date, format: z.enum(TABLE_FORMATS).default('csv') }),
    output: fileOutput,
  },
  'posts.rules': { input: z.object({}), output: postsRulesSchema },
  'posts.setRules': { input: postsRulesSchema.partial(), output: postsRulesSchema },
} as const satisfies ApiGroup;

const postsWrite = ['posts.*', 'audit.list', 'units.get'] as const;

/** What the posts methods make stale. */
export const postsEffects = {
  'posts.list': [],
  'posts.get': [],
  'posts.locate': [],
  'posts.save': postsWrite,
  'posts.delete': postsWrite,
  'posts.logShift': postsWrite,
  'posts.logs': [],
  'posts.incidents': [],
  'posts.totals': [],
  'posts.gaps': [],
  'posts.importPreview': [],
  'posts.import': postsWrite,
  'posts.export': [],
  'posts.exportLogs': [],
  'posts.rules': [],
  'posts.setRules': postsWrite,
} as const satisfies EffectsOf<typeof postsApi>;

/** What each posts method needs of its caller (see shared/access.ts). */
export const postsAccess = {
  'posts.list': 'read',
  'posts.get': 'read',
  'posts.locate': 'read',
  'posts.save': 'posts',
  'posts.delete': 'write',
  'posts.logShift': 'posts',
  'posts.logs': 'read',
  'posts.incidents': 'read',
  'posts.totals': 'read',
  'posts.gaps': 'read',
  'posts.importPreview': 'write',
  'posts.import': 'write',
  'posts.export': 'read',
  'posts.exportLogs': 'read',
  'posts.rules': 'read',
  'posts.setRules': 'write',
} as const satisfies AccessOf<typeof postsApi>;
