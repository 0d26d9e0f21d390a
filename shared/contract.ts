/**
 * The API contract: every engine method with the schema of its input and output.
 *
 * The engine implements it once (electron/engine); the Electron IPC bridge, the loopback HTTP host
 * and the CLI are thin doors that validate input against these schemas as `unknown` and return
 * the {@link Result} envelope.
 */
import { z } from 'zod';
import type { Access, AccessOf } from './access';
import { backupAccess, backupApi, backupEffects } from './contract-backup';
import { figuresAccess, figuresApi, figuresEffects } from './contract-figures';
import { peopleAccess, peopleApi, peopleEffects } from './contract-people';
import { postsAccess, postsApi, postsEffects } from './contract-posts';
import { syncAccess, syncApi, syncEffects } from './contract-sync';
import { riskAccess, riskApi, riskEffects } from './contract-risk';
import { localTextSchema } from './contract-text';
import { isDay } from './time';
import { UNIT_LEVELS } from './units';

/** Largest file text accepted through a door (the whole country's communes is ~13 MB). */
export const MAX_IMPORT_CHARS = 200 * 1024 * 1024;

const code = z.string().min(1).max(32);
const reason = z.string().trim().max(2000);
/** Any GeoJSON geometry; checked structurally by the engine (shared/geo.ts). */
const geometry = z.object({ type: z.string(), coordinates: z.unknown() }).passthrough();

/** A unit level. */
export const unitLevelSchema = z.enum(UNIT_LEVELS);

/** A unit without its geometry, as lists and trees show it. */
export const unitSummarySchema = z.object({
  code: z.string(),
  level: unitLevelSchema,
  parentCode: z.string().nullable(),
  name: z.string(),
  type: z.string(),
  population: z.number().int().nullable(),
  households: z.number().int().nullable(),
  hasGeometry: z.boolean(),
  /** Where a label goes: a point inside the area, or the hamlet's point. */
  labelPoint: z.tuple([z.number(), z.number()]).nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});
/** See {@link unitSummarySchema}. */
export type UnitSummary = z.infer<typeof unitSummarySchema>;

/** One audit entry: who did what, when, to which record, why, with before and after. */
export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
  hlc: z.string(),
});
/** See {@link auditEntrySchema}. */
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const vnDay = z.string().refine(isDay, { message: 'YYYY-MM-DD' });
/** Which audit entries to read or export. */
export const auditFilterSchema = z.object({
  entity: z.string().optional(),
  entityId: z.string().optional(),
  /** Part of the actor's name, compared without diacritics or case. */
  actor: z.string().max(200).optional(),
  /** An entity id, or a unit code: the unit's own entries and those of records attached to it. */
  unit: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  /** First Vietnam day included (`YYYY-MM-DD`). */
  from: vnDay.optional(),
  /** Last Vietnam day included (`YYYY-MM-DD`). */
  to: vnDay.optional(),
});
/** See {@link auditFilterSchema}. */
export type AuditFilterInput = z.infer<typeof auditFilterSchema>;

const levelStats = z.object({ total: z.number().int(), withGeometry: z.number().int() });
/** Counts per level, as `saban stats --json` prints them. */
export const statsSchema = z.object({
  units: z.object({ province: levelStats, district: levelStats, commune: levelStats, hamlet: levelStats }),
  changes: z.number().int(),
  audit: z.number().int(),
});
/** See {@link statsSchema}. */
export type Stats = z.infer<typeof statsSchema>;

/** Operator settings. */
export const settingsSchema = z.object({
  /** Optional tile URL template (`https://…/{z}/{x}/{y}.png`); null = no basemap (offline). */
  basemapUrl: z.string().max(500).nullable(),
  /** Name written into audit entries for changes made in the UI. */
  operatorName: z.string().max(200),
  /** Interface language. */
  lang: z.enum(['vi', 'en']),
  /** The district the map opens on (code), if chosen. */
  currentDistrict: z.string().nullable(),
});
/** See {@link settingsSchema}. */
export type Settings = z.infer<typeof settingsSchema>;

/** Why an existing unit's geometry was held back instead of replaced. */
export const HELD_REASONS = ['name-differs', 'outside-parent', 'far-from-old'] as const;

/** One existing unit a boundary import did not overwrite without confirmation. */
export const heldReplacementSchema = z.object({
  /** The unit's code. */
  code: z.string(),
  /** Its name in the database. */
  name: z.string(),
  /** The name the file gives (null when the file names none). */
  nameInFile: z.string().nullable(),
  /** 1-based position of the feature in the file. */
  feature: z.number().int(),
  /** Every reason found, stable codes. */
  reasons: z.array(z.enum(HELD_REASONS)),
  /** The same, in words, both languages. */
  text: localTextSchema,
});
/** See {@link heldReplacementSchema}. */
export type HeldReplacement = z.infer<typeof heldReplacementSchema>;

/** What an import did, and what it refused and why. */
export const importReportSchema = z.object({
  fileName: z.string(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  /** Skipped items counted by reason (e.g. `no-code`, `unknown-code`, `ring-not-closed`). */
  skippedBy: z.record(z.string(), z.number().int()),
  /** Human-readable problems, the first 200, each naming the item. */
  problems: z.array(z.string()),
  /** The same problems in both languages; a door shows the user's. */
  problemsText: z.array(localTextSchema),
  /** Detected or given field mapping (boundaries only). */
  fields: z.record(z.string(), z.string()).optional(),
  level: unitLevelSchema.optional(),
  /**
   * Boundaries only: existing units whose geometry was NOT replaced because the file may mean
   * another place (names differ, shape outside the parent area or far from the old one). The UI
   * lists them and offers "replace anyway", which imports the same file again with `force: true`.
   */
  held: z.array(heldReplacementSchema).optional(),
  /** Boundaries only: features whose invalid geometry was repaired (`repair: true`). */
  repaired: z.number().int().optional(),
  /** Unit lists only: which GSO list the header showed (one row per commune, or per district). */
  list: z.enum(['communes', 'districts']).optional(),
});
/** See {@link importReportSchema}. */
export type ImportReport = z.infer<typeof importReportSchema>;

const fileInput = z.object({
  fileName: z.string().min(1).max(500),
  text: z.string().max(MAX_IMPORT_CHARS),
});

/** A GeoJSON FeatureCollection of units (properties: code, name, level, type, parentCode). */
export const unitFeatureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry,
      properties: z.object({
        code: z.string(),
        name: z.string(),
        level: unitLevelSchema,
        type: z.string(),
        parentCode: z.string().nullable(),
      }),
    }),
  ),
});
/** See {@link unitFeatureCollectionSchema}. */
export type UnitFeatureCollection = z.infer<typeof unitFeatureCollectionSchema>;

/** A group of methods: name → input and output schemas. */
export type ApiGroup = Readonly<Record<string, { readonly input: z.ZodType; readonly output: z.ZodType }>>;

/**
 * A read that a write makes stale: a method (`posts.gaps`), a whole group (`risk.*`), or
 * everything (`*`, for imports that can touch any table).
 */
export type StaleTarget = '*' | `${string}.*` | `${string}.${string}`;

/**
 * What each method of a group makes stale when it succeeds, declared once beside the group's
 * schemas. Every method is listed: reads with `[]`, so a new method cannot be forgotten.
 */
export type EffectsOf<G extends ApiGroup> = { readonly [M in keyof G]: readonly StaleTarget[] };

/** The foundation's methods: units, imports, audit, settings. */
export const coreApi = {
  'app.info': {
    input: z.object({}),
    output: z.object({
      appVersion: z.string(),
      schemaVersion: z.number().int(),
      nodeId: z.string(),
      dbPath: z.string(),
      /** True while the database holds only the fictional training district. */
      trainingOnly: z.boolean(),
      unitCount: z.number().int(),
    }),
  },
  'units.stats': { input: z.object({}), output: statsSchema },
  'units.list': {
    input: z.object({
      level: unitLevelSchema.optional(),
      /** Only units below this one (any depth), plus the unit itself. */
      within: code.optional(),
      /** Diacritic-insensitive words that must all appear in the name or code. */
      query: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(50000).optional(),
    }),
    output: z.array(unitSummarySchema),
  },
  'units.get': {
    input: z.object({ code }),
    output: z.object({
      unit: unitSummarySchema,
      ancestors: z.array(unitSummarySchema),
      childCount: z.number().int(),
      history: z.array(auditEntrySchema),
    }),
  },
  'map.features': {
    input: z.object({
      /** Only units below this one (any depth), plus the unit itself; omitted: the whole country in one answer. */
      within: code.optional(),
      levels: z.array(unitLevelSchema).optional(),
    }),
    output: unitFeatureCollectionSchema,
  },
  'units.createHamlet': {
    input: z.object({
      communeCode: code,
      name: z.string().trim().min(1).max(200),
      type: z.string().trim().min(1).max(50).default('Ấp'),
      geometry: geometry.nullable().optional(),
      population: z.number().int().min(0).nullable().optional(),
      households: z.number().int().min(0).nullable().optional(),
      reason: reason.optional(),
    }),
    output: unitSummarySchema,
  },
  'units.update': {
    input: z.object({
      code,
      name: z.string().trim().min(1).max(200).optional(),
      type: z.string().trim().min(1).max(50).optional(),
      population: z.number().int().min(0).nullable().optional(),
      households: z.number().int().min(0).nullable().optional(),
      reason: reason.optional(),
    }),
    output: unitSummarySchema,
  },
  'units.setGeometry': {
    input: z.object({ code, geometry: geometry.nullable(), reason: reason.optional() }),
    output: unitSummarySchema,
  },
  'units.deleteHamlet': {
    input: z.object({ code, reason: reason.min(1) }),
    output: z.object({ code: z.string() }),
  },
  'import.units': { input: fileInput, output: importReportSchema },
  'import.boundaries': {
    input: fileInput.extend({
      level: unitLevelSchema.optional(),
      fields: z.object({ code: z.string(), name: z.string(), parent: z.string() }).partial().optional(),
      /** Replace geometry even where names differ or the shape lies elsewhere ("replace anyway"). */
      force: z.boolean().optional(),
      /** Repair invalid geometry (self-intersections, stray holes) instead of skipping the feature. */
      repair: z.boolean().optional(),
    }),
    output: importReportSchema,
  },
  'audit.list': {
    input: auditFilterSchema.extend({
      limit: z.number().int().min(1).max(1000).default(100),
      /** Skip this many entries (newest first), for paging. */
      offset: z.number().int().min(0).max(10_000_000).optional(),
      /** Only entries older than this id (paging that does not shift when new entries arrive). */
      beforeId: z.number().int().optional(),
    }),
    output: z.array(auditEntrySchema),
  },
  /** The distinct actions recorded, for a filter's choices. */
  'audit.actions': { input: z.object({}), output: z.array(z.string()) },
  /** The filtered entries (all of them, newest first) as a CSV file. */
  'audit.exportCsv': {
    input: auditFilterSchema,
    output: z.object({ fileName: z.string(), mimeType: z.string(), text: z.string() }),
  },
  'settings.get': { input: z.object({}), output: settingsSchema },
  'settings.set': { input: settingsSchema.partial(), output: settingsSchema },
} as const satisfies ApiGroup;

const unitWrite = ['units.*', 'map.features', 'app.info', 'coverage.*', 'risk.*', 'audit.list'] as const;

/** What the core methods make stale. */
export const coreEffects = {
  'app.info': [],
  'units.stats': [],
  'units.list': [],
  'units.get': [],
  'map.features': [],
  'units.createHamlet': unitWrite,
  'units.update': unitWrite,
  'units.setGeometry': [...unitWrite, 'posts.*'],
  'units.deleteHamlet': [...unitWrite, 'people.*', 'teams.*', 'posts.*'],
  'import.units': ['*'],
  'import.boundaries': ['*'],
  'audit.list': [],
  'audit.actions': [],
  'audit.exportCsv': [],
  'settings.get': [],
  'settings.set': ['settings.get', 'app.info', 'audit.list'],
} as const satisfies EffectsOf<typeof coreApi>;

/** What each core method needs of its caller (see shared/access.ts). */
export const coreAccess = {
  'app.info': 'public',
  'units.stats': 'read',
  'units.list': 'read',
  'units.get': 'read',
  'map.features': 'read',
  'units.createHamlet': 'write',
  'units.update': 'write',
  'units.setGeometry': 'write',
  'units.deleteHamlet': 'write',
  'import.units': 'write',
  'import.boundaries': 'write',
  'audit.list': 'read',
  'audit.actions': 'read',
  'audit.exportCsv': 'read',
  'settings.get': 'read',
  'settings.set': 'admin',
} as const satisfies AccessOf<typeof coreApi>;

/**
 * Every method: input and output schemas. Each feature keeps its group in its own
 * `contract-*.ts` file; method names are prefixed by the feature (`risk.`, …).
 */
export const api = {
  ...coreApi,
  ...riskApi,
  ...peopleApi,
  ...postsApi,
  ...syncApi,
  ...backupApi,
  ...figuresApi,
} as const;

/** What every method makes stale (see {@link EffectsOf}); the renderer's data layer reads it. */
export const effects: Readonly<Record<keyof typeof api, readonly StaleTarget[]>> = {
  ...coreEffects,
  ...riskEffects,
  ...peopleEffects,
  ...postsEffects,
  ...syncEffects,
  ...backupEffects,
  ...figuresEffects,
};

/** What every method needs of its caller (see shared/access.ts); `dispatch` enforces it at every door. */
export const access: Readonly<Record<keyof typeof api, Access>> = {
  ...coreAccess,
  ...riskAccess,
  ...peopleAccess,
  ...postsAccess,
  ...syncAccess,
  ...backupAccess,
  ...figuresAccess,
};

/** The API's method names. */
export type Method = keyof typeof api;
/** Parsed input of a method. */
export type Input<M extends Method> = z.output<(typeof api)[M]['input']>;
/** What a caller may pass (defaults not yet applied). */
export type InputArg<M extends Method> = z.input<(typeof api)[M]['input']>;
/** Output of a method. */
export type Output<M extends Method> = z.output<(typeof api)[M]['output']>;

/** True when `name` is a method of the API. */
export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}

export { HTTP_API_PREFIX, IPC_CHANNEL } from './ipc';
