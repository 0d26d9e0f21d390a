/**
 * The outbreak-clusters and temporary-lockdowns part of the API contract: clusters with their
 * cases per day and the 28-day suggestion; lockdowns with their area, checkpoints, history and
 * reminders. Merged into `api` in contract.ts.
 */
import { z } from 'zod';
import type { AccessOf } from './access';
import { CLUSTER_STATUSES, LOCKDOWN_CHANGE_KINDS, LOCKDOWN_STATES, LOCKDOWN_STATUSES } from './clusters';
import type { ApiGroup, EffectsOf } from './contract';
import { localTextSchema } from './contract-text';
import { isDay } from './time';

const code = z.string().min(1).max(32);
const id = z.string().min(1).max(64);
const day = z.string().refine(isDay, 'YYYY-MM-DD');
/** An ISO 8601 date-time with a zone (`Z` or `+07:00`). */
const instant = z
  .string()
  .refine((s) => /T.*(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), 'ISO 8601 date-time with zone');
const text = (max: number) => z.string().trim().max(max);
const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
/** A drawn polygon (GeoJSON, WGS84); the engine checks its rings and topology. */
const polygonInput = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) });
/** Any GeoJSON geometry, as shown on the map. */
const geometry = z.object({ type: z.string(), coordinates: z.unknown() });
const unitCodes = z.array(code).min(1).max(500);

/** Status of a cluster. */
export const clusterStatusSchema = z.enum(CLUSTER_STATUSES);

/** Where a cluster is: a point, a drawn polygon, or whole units (hamlets, communes). */
export const clusterPlaceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('point'), point: lonLat }),
  z.object({ kind: z.literal('polygon'), geometry: polygonInput }),
  z.object({ kind: z.literal('units'), codes: unitCodes }),
]);
/** See {@link clusterPlaceSchema}. */
export type ClusterPlace = z.infer<typeof clusterPlaceSchema>;

/** Where a lockdown is: an area drawn on the map, or whole hamlets/communes. */
export const lockdownAreaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('polygon'), geometry: polygonInput }),
  z.object({ kind: z.literal('units'), codes: unitCodes }),
]);
/** See {@link lockdownAreaSchema}. */
export type LockdownArea = z.infer<typeof lockdownAreaSchema>;

/**
 * A day on which the cases linked to a cluster exceed the new F0 (community + in quarantine) that
 * the daily figures of its communes report (only where figures were entered): a warning, not a
 * refusal, since the figures may lag.
 */
export const clusterWarningSchema = z.object({
  day: z.string(),
  cases: z.number().int(),
  /** New F0 of that day summed over {@link communes}. */
  f0: z.number().int(),
  communes: z.array(z.string()),
  message: localTextSchema,
});
/** See {@link clusterWarningSchema}. */
export type ClusterWarning = z.infer<typeof clusterWarningSchema>;

/** A cluster with its counts and the 28-day suggestion. */
export const clusterSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The unit it belongs to (a commune, or the district for an area over several communes). */
  unitCode: z.string(),
  unitName: z.string(),
  place: clusterPlaceSchema,
  /** What the map draws: the point, the polygon, or the units' areas. */
  geometry: geometry.nullable(),
  /** Where its circle goes (a point inside the area). */
  center: lonLat.nullable(),
  openedOn: z.string(),
  status: clusterStatusSchema,
  closedOn: z.string().nullable(),
  closedBy: z.string().nullable(),
  note: z.string(),
  totalCases: z.number().int(),
  /** Cases linked within the last `closeAfterDays` days (the circle's size on the map). */
  activeCases: z.number().int(),
  lastCaseDay: z.string(),
  daysSinceLastCase: z.number().int(),
  /** "có thể kết thúc từ" this day (a suggestion; closing is the operator's decision). */
  canCloseFrom: z.string(),
  suggestClose: z.boolean(),
  /** The suggestion in words, both languages. */
  suggestion: localTextSchema,
  /** Days whose linked cases exceed the daily figures' new F0, oldest first (empty: none). */
  warnings: z.array(clusterWarningSchema),
});
/** See {@link clusterSchema}. */
export type Cluster = z.infer<typeof clusterSchema>;

/** Cases linked to a cluster on one Vietnam day. */
export const clusterCasesSchema = z.object({ day: z.string(), count: z.number().int(), note: z.string() });

/** A lockdown. Instants are ISO with `+07:00`. */
export const lockdownSchema = z.object({
  id: z.string(),
  name: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  area: lockdownAreaSchema,
  /** What the map hatches: the drawn polygon or the units' areas. */
  geometry: geometry.nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string(),
  clusterId: z.string().nullable(),
  clusterName: z.string().nullable(),
  /** The checkpoints guarding it (posts). */
  postIds: z.array(z.string()),
  status: z.enum(LOCKDOWN_STATUSES),
  state: z.enum(LOCKDOWN_STATES),
  endedAt: z.string().nullable(),
  note: z.string(),
  /** True when it ends within a day (the reminder). */
  endsSoon: z.boolean(),
});
/** See {@link lockdownSchema}. */
export type Lockdown = z.infer<typeof lockdownSchema>;

/** One entry of a lockdown's history: what changed, from and to which end, why, by whom. */
export const lockdownChangeSchema = z.object({
  id: z.string(),
  at: z.string(),
  by: z.string(),
  kind: z.enum(LOCKDOWN_CHANGE_KINDS),
  fromEndsAt: z.string().nullable(),
  toEndsAt: z.string().nullable(),
  reason: z.string(),
});
/** See {@link lockdownChangeSchema}. */
export type LockdownChange = z.infer<typeof lockdownChangeSchema>;

/** The cluster rules (settings). */
export const clusterRulesSchema = z.object({
  /** Days with no new case after which closing is suggested. */
  closeAfterDays: z.number().int().min(1).max(365),
});
/** See {@link clusterRulesSchema}. */
export type ClusterRules = z.infer<typeof clusterRulesSchema>;

/** The clusters and lockdowns methods. */
export const clustersApi = {
  'clusters.list': {
    input: z.object({ within: code.optional(), status: clusterStatusSchema.optional() }),
    output: z.array(clusterSchema),
  },
  'clusters.get': {
    input: z.object({ id }),
    output: z.object({
      cluster: clusterSchema,
      /** Days with linked cases, oldest first. */
      cases: z.array(clusterCasesSchema),
      lockdowns: z.array(z.object({ id: z.string(), name: z.string(), state: z.enum(LOCKDOWN_STATES) })),
    }),
  },
  'clusters.save': {
    input: z.object({
      /** Absent: create. */
      id: id.optional(),
      name: text(200).min(1),
      place: clusterPlaceSchema,
      openedOn: day,
      /** Active or watching; closing is `clusters.close`. */
      status: z.enum(['active', 'watching']).default('active'),
      note: text(2000).default(''),
      reason: text(2000).optional(),
    }),
    output: clusterSchema,
  },
  'clusters.setCases': {
    input: z.object({
      id,
      day,
      count: z.number().int().min(0).max(1_000_000),
      note: text(500).default(''),
      reason: text(2000).optional(),
    }),
    output: clusterSchema,
  },
  'clusters.close': {
    input: z.object({ id, day: day.optional(), reason: text(2000).min(1) }),
    output: clusterSchema,
  },
  /**
   * Removes a cluster entered by mistake (a soft delete: audited with its reason and carried by sync
   * bundles). Lockdowns linked to it stay, unlinked, each with an entry in its history.
   */
  'clusters.remove': {
    input: z.object({ id, reason: text(2000).min(1) }),
    output: z.object({ id: z.string(), name: z.string(), unlinkedLockdownIds: z.array(z.string()) }),
  },
  /** Brings a removed cluster back (the undo of a removal), relinking the lockdowns named. */
  'clusters.restore': {
    input: z.object({ id, reason: text(2000).min(1), relinkLockdownIds: z.array(id).max(500).default([]) }),
    output: clusterSchema,
  },
  'clusters.rules': { input: z.object({}), output: clusterRulesSchema },
  'clusters.setRules': { input: clusterRulesSchema.partial(), output: clusterRulesSchema },

  'lockdowns.list': {
    input: z.object({ within: code.optional(), state: z.enum(LOCKDOWN_STATES).optional() }),
    output: z.array(lockdownSchema),
  },
  'lockdowns.get': {
    input: z.object({ id }),
    output: z.object({ lockdown: lockdownSchema, history: z.array(lockdownChangeSchema) }),
  },
  'lockdowns.save': {
    input: z.object({
      id: id.optional(),
      name: text(200).min(1),
      area: lockdownAreaSchema,
      startsAt: instant,
      endsAt: instant,
      reason: text(2000).min(1),
      clusterId: id.nullable().default(null),
      postIds: z.array(id).max(100).default([]),
      note: text(2000).default(''),
      /** Why an existing lockdown is changed (its history keeps it). */
      changeReason: text(2000).optional(),
    }),
    output: lockdownSchema,
  },
  'lockdowns.extend': {
    input: z.object({ id, endsAt: instant, reason: text(2000).min(1) }),
    output: lockdownSchema,
  },
  'lockdowns.end': {
    input: z.object({ id, at: instant.optional(), reason: text(2000).min(1) }),
    output: lockdownSchema,
  },
  /** Removes a lockdown entered by mistake (a soft delete, audited, carried by sync bundles). */
  'lockdowns.remove': {
    input: z.object({ id, reason: text(2000).min(1) }),
    output: z.object({ id: z.string(), name: z.string() }),
  },
  /** Brings a removed lockdown back (the undo of a removal). */
  'lockdowns.restore': {
    input: z.object({ id, reason: text(2000).min(1) }),
    output: lockdownSchema,
  },
  /** Lockdowns in place that end within a day, soonest first (the UI polls it). */
  'lockdowns.reminders': {
    input: z.object({ within: code.optional() }),
    output: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        endsAt: z.string(),
        minutesLeft: z.number().int(),
        message: localTextSchema,
      }),
    ),
  },
} as const satisfies ApiGroup;

const clustersWrite = ['clusters.*', 'lockdowns.*', 'audit.list'] as const;

/** What the clusters and lockdowns methods make stale. */
export const clustersEffects = {
  'clusters.list': [],
  'clusters.get': [],
  'clusters.save': clustersWrite,
  'clusters.setCases': clustersWrite,
  'clusters.close': clustersWrite,
  'clusters.remove': clustersWrite,
  'clusters.restore': clustersWrite,
  'clusters.rules': [],
  'clusters.setRules': clustersWrite,
  'lockdowns.list': [],
  'lockdowns.get': [],
  'lockdowns.save': clustersWrite,
  'lockdowns.extend': clustersWrite,
  'lockdowns.end': clustersWrite,
  'lockdowns.remove': clustersWrite,
  'lockdowns.restore': clustersWrite,
  'lockdowns.reminders': [],
} as const satisfies EffectsOf<typeof clustersApi>;

/** What each clusters and lockdowns method needs of its caller (see shared/access.ts). */
export const clustersAccess = {
  'clusters.list': 'read',
  'clusters.get': 'read',
  'clusters.save': 'write',
  'clusters.setCases': 'write',
  'clusters.close': 'write',
  'clusters.remove': 'write',
  'clusters.restore': 'write',
  'clusters.rules': 'read',
  'clusters.setRules': 'admin',
  'lockdowns.list': 'read',
  'lockdowns.get': 'read',
  'lockdowns.save': 'write',
  'lockdowns.extend': 'write',
  'lockdowns.end': 'write',
  'lockdowns.remove': 'write',
  'lockdowns.restore': 'write',
  'lockdowns.reminders': 'read',
} as const satisfies AccessOf<typeof clustersApi>;
