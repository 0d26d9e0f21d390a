/**
 * The risk-level part of the API contract (assessments, figures, suggestions, exports).
 * Merged into `api` in contract.ts.
 */
import { z } from 'zod';
import type { AccessOf } from './access';
import type { ApiGroup, EffectsOf } from './contract';
import { riskRulesSchema } from './risk';

const code = z.string().min(1).max(32);
/** An ISO 8601 date-time with a zone (`Z` or `+07:00`), normalised to UTC by the engine. */
const isoDateTime = z.string().refine((s) => /T/.test(s) && !Number.isNaN(Date.parse(s)), 'ISO 8601 date-time');
/** Level 0 = not assessed (resets a unit), 1–4 = cấp 1–4. */
export const riskLevelSchema = z.number().int().min(0).max(4);

/** One unit's level at a moment, with where it came from. */
export const unitLevelSchema = z.object({
  code: z.string(),
  level: riskLevelSchema,
  effectiveFrom: z.string(),
  reason: z.string(),
  setBy: z.string(),
  assessmentId: z.string(),
});
/** See {@link unitLevelSchema}. */
export type UnitLevelState = z.infer<typeof unitLevelSchema>;

/** One assessment as history shows it. */
export const assessmentSchema = unitLevelSchema.extend({
  batchId: z.string(),
  createdAt: z.string(),
  /** True when its effective time is still in the future. */
  scheduled: z.boolean(),
  /** True when undone (kept in history, struck through). */
  undone: z.boolean(),
});
/** See {@link assessmentSchema}. */
export type Assessment = z.infer<typeof assessmentSchema>;

/** Weekly figures of a unit. */
export const figuresSchema = z.object({
  code: z.string(),
  asOf: z.string(),
  population: z.number().int().nullable(),
  newCases7d: z.number().int(),
  vaccinePct: z.number().nullable(),
  capacityOk: z.boolean().nullable(),
  /**
   * Where the week's cases come from (risk.unit): `daily` figures (figures.*), the hand-typed
   * weekly row as an `override` of them, or the `weekly` row alone (no daily figures that week).
   */
  source: z.enum(['daily', 'override', 'weekly']).optional(),
});
/** See {@link figuresSchema}. */
export type Figures = z.infer<typeof figuresSchema>;

const stepSchema = z.object({ vi: z.string(), en: z.string() });

/** The risk-level methods. */
export const riskApi = {
  'risk.set': {
    input: z.object({
      codes: z.array(code).min(1).max(20000),
      level: riskLevelSchema,
      reason: z.string().trim().min(1, 'reason required').max(2000),
      /** Defaults to now. May be in the future (scheduled). */
      effectiveFrom: isoDateTime.optional(),
    }),
    output: z.object({ batchId: z.string(), count: z.number().int(), effectiveFrom: z.string() }),
  },
  'risk.undo': {
    input: z.object({}),
    output: z.object({ batchId: z.string(), codes: z.array(z.string()), level: riskLevelSchema }),
  },
  'risk.levels': {
    input: z.object({ within: code.optional(), at: isoDateTime.optional() }),
    output: z.array(unitLevelSchema),
  },
  'risk.range': {
    input: z.object({ within: code.optional() }),
    output: z.object({
      /** Effective time of the earliest live assessment (null: none yet). */
      earliest: z.string().nullable(),
      /** Effective time of the latest assessment, scheduled ones included (null: none yet). */
      latest: z.string().nullable(),
    }),
  },
  'risk.changed': {
    input: z.object({ within: code.optional(), since: isoDateTime, at: isoDateTime.optional() }),
    output: z.array(z.object({ code: z.string(), from: riskLevelSchema, to: riskLevelSchema })),
  },
  'risk.unit': {
    input: z.object({ code }),
    output: z.object({
      code: z.string(),
      current: unitLevelSchema.nullable(),
      history: z.array(assessmentSchema),
      figures: figuresSchema.nullable(),
      suggestion: z.object({ level: riskLevelSchema, rate: z.number(), steps: z.array(stepSchema) }).nullable(),
      /** Why there is no suggestion (no figures, no population). */
      suggestionMissing: stepSchema.nullable(),
      /** For districts: the roll-up of their communes (Decision 2686). */
      rollup: z
        .object({ level: riskLevelSchema, counts: z.record(z.string(), z.number().int()), step: stepSchema })
        .nullable(),
    }),
  },
  'risk.setFigures': {
    input: z.object({
      code,
      asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
      population: z.number().int().positive().nullable().optional(),
      newCases7d: z.number().int().min(0),
      vaccinePct: z.number().min(0).max(100).nullable().optional(),
      capacityOk: z.boolean().nullable().optional(),
    }),
    output: figuresSchema,
  },
  'risk.rules': { input: z.object({}), output: riskRulesSchema },
  'risk.setRules': { input: riskRulesSchema.partial(), output: riskRulesSchema },
  'risk.export': {
    input: z.object({ within: code, format: z.enum(['geojson', 'csv']), at: isoDateTime.optional() }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), text: z.string() }),
  },
} as const satisfies ApiGroup;

const riskWrite = ['risk.*', 'posts.gaps', 'coverage.*', 'audit.list', 'units.get'] as const;

/** What the risk methods make stale: a level change moves the roll-up, the posts and coverage warnings. */
export const riskEffects = {
  'risk.set': riskWrite,
  'risk.undo': riskWrite,
  'risk.levels': [],
  'risk.range': [],
  'risk.changed': [],
  'risk.unit': [],
  'risk.setFigures': ['risk.*', 'audit.list', 'units.get'],
  'risk.rules': [],
  'risk.setRules': ['risk.*', 'audit.list'],
  'risk.export': [],
} as const satisfies EffectsOf<typeof riskApi>;

/** What each risk method needs of its caller (see shared/access.ts). */
export const riskAccess = {
  'risk.set': 'write',
  'risk.undo': 'write',
  'risk.levels': 'read',
  'risk.range': 'read',
  'risk.changed': 'read',
  'risk.unit': 'read',
  'risk.setFigures': 'write',
  'risk.rules': 'read',
  'risk.setRules': 'write',
  'risk.export': 'read',
} as const satisfies AccessOf<typeof riskApi>;
