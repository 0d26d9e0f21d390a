/**
 * The sync part of the API contract: this office's identity, trusted keys, bundle export and
 * import (as background jobs with progress), acknowledgements, and the province's per-district view.
 * Merged into `api` in contract.ts. The format itself is in bundle-format.ts.
 */
import { z } from 'zod';
import type { AccessOf } from './access';
import type { ApiGroup, EffectsOf } from './contract';
import { officeRoleSchema } from './bundle-format';

/** Largest bundle the UI door accepts, as base64 characters (~150 MB of bundle). */
export const MAX_BUNDLE_BASE64 = 200 * 1024 * 1024;
/** Largest chunk of a bundle uploaded to the province in one request. */
export const MAX_UPLOAD_CHUNK = 16 * 1024 * 1024;
/** Largest bundle accepted over HTTP. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

/** A text in both interface languages (a door shows one). */
export const localTextSchema = z.object({ vi: z.string(), en: z.string() });

const office = z.string().regex(/^[0-9]{2,3}$/);

/** This office: role, code, key fingerprint. */
export const identitySchema = z.object({
  role: officeRoleSchema.nullable(),
  office: z.string().nullable(),
  /** The office's unit name, when the database has it. */
  officeName: z.string().nullable(),
  nodeId: z.string(),
  fingerprint: z.string(),
  /** Grouped for reading aloud over the phone (`AB12 CD34 …`). */
  fingerprintDisplay: z.string(),
});
/** See {@link identitySchema}. */
export type SyncIdentity = z.infer<typeof identitySchema>;

/** A trusted key of another office. */
export const peerSchema = z.object({
  office: z.string(),
  role: officeRoleSchema,
  fingerprintDisplay: z.string(),
  trustedAt: z.string(),
  trustedHow: z.string(),
});

/** One applied bundle in an import result. */
export const appliedBundleSchema = z.object({
  seq: z.number().int(),
  changes: z.number().int(),
  applied: z.number().int(),
  duplicates: z.number().int(),
  superseded: z.number().int(),
  refused: z.number().int(),
  conflicts: z.number().int(),
});

/** What importing a bundle did. */
export const importOutcomeSchema = z.object({
  status: z.enum(['applied', 'already-applied', 'held']),
  office: z.string(),
  seq: z.number().int(),
  kind: z.enum(['incremental', 'full']),
  /** What happened, in Vietnamese (kept for callers that show one fixed language). */
  message: z.string(),
  /** What happened, in both languages. */
  text: localTextSchema,
  applied: z.array(appliedBundleSchema),
  missing: z.array(z.number().int()),
  backup: z.string().nullable(),
});
/** See {@link importOutcomeSchema}. */
export type ImportOutcomeView = z.infer<typeof importOutcomeSchema>;

/** What exporting a bundle produced (null values when there was nothing new). */
export const exportOutcomeSchema = z.object({
  file: z.string().nullable(),
  fileName: z.string().nullable(),
  seq: z.number().int().nullable(),
  total: z.number().int(),
  bytes: z.number().int(),
  /** The bundle's hash (its identity in the chain), null when nothing was exported. */
  hash: z.string().nullable(),
  /** The whole outcome, Vietnamese (see `text`). */
  message: z.string(),
  text: localTextSchema,
  /** What the export left out of this office's changes, and why (null: nothing). */
  skipped: localTextSchema.nullable(),
});

/** What a push to the province did. */
export const pushOutcomeSchema = z.object({
  uploaded: z.array(z.number().int()),
  appliedThrough: z.number().int(),
  missing: z.array(z.number().int()),
  message: z.string(),
  text: localTextSchema,
});

/** A background job (export, import, push) as the UI polls it. */
export const jobSchema = z.object({
  id: z.string(),
  kind: z.enum(['export', 'import', 'push']),
  state: z.enum(['running', 'done', 'failed']),
  /** Changes done and expected (0/0 while unknown). */
  done: z.number().int(),
  total: z.number().int(),
  /** Short status line, Vietnamese (see `noteText`). */
  note: z.string(),
  /** Short status line in both languages. */
  noteText: localTextSchema,
  export: exportOutcomeSchema.nullable(),
  import: importOutcomeSchema.nullable(),
  push: pushOutcomeSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string(), text: localTextSchema }).nullable(),
});
/** See {@link jobSchema}. */
export type SyncJob = z.infer<typeof jobSchema>;

/** One district as the province sees it. */
export const districtStatusSchema = z.object({
  office: z.string(),
  name: z.string().nullable(),
  fingerprintDisplay: z.string().nullable(),
  lastSeq: z.number().int().nullable(),
  lastReceivedAt: z.string().nullable(),
  /** Hours since the last bundle was applied (null: never). */
  ageHours: z.number().nullable(),
  /** True when older than the threshold, or never received. */
  stale: z.boolean(),
  held: z.array(z.number().int()),
  missing: z.array(z.number().int()),
  refusals: z.number().int(),
  /** The last refusal, Vietnamese (see `lastRefusalText`). */
  lastRefusal: z.string().nullable(),
  lastRefusalText: localTextSchema.nullable(),
  conflicts: z.number().int(),
});
/** See {@link districtStatusSchema}. */
export type DistrictStatus = z.infer<typeof districtStatusSchema>;

/** The sync state of this office (district: sent and acknowledged; province: per district). */
export const syncStatusSchema = z.object({
  identity: identitySchema,
  staleHours: z.number(),
  sent: z.array(
    z.object({
      seq: z.number().int(),
      kind: z.string(),
      changes: z.number().int(),
      createdAt: z.string(),
      ackedAt: z.string().nullable(),
      fileName: z.string(),
    }),
  ),
  ackedSeq: z.number().int(),
  /** Changes of this office not yet in any bundle. */
  pending: z.number().int(),
  /** What the province last said it is missing (district side). */
  provinceMissing: z.array(z.number().int()),
  districts: z.array(districtStatusSchema),
  peers: z.array(peerSchema),
});
/** See {@link syncStatusSchema}. */
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** A refused bundle or change. */
export const refusalSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  office: z.string().nullable(),
  seq: z.number().int().nullable(),
  code: z.string(),
  /** Vietnamese (see `text`). */
  message: z.string(),
  text: localTextSchema,
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
});

/** A field both sides changed. */
export const conflictSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  office: z.string(),
  seq: z.number().int(),
  entity: z.string(),
  entityId: z.string(),
  column: z.string(),
  winner: z.enum(['local', 'remote']),
  localValue: z.string().nullable(),
  localHlc: z.string(),
  remoteValue: z.string().nullable(),
  remoteHlc: z.string(),
});

/** An upload at the province: the bundle's name and its whole size, and the district's signature. */
const uploadTarget = z.object({
  name: z.string().regex(/^[0-9]{3}-[0-9]{1,9}-[0-9a-f]{16}$/),
  size: z.number().int().min(1).max(MAX_UPLOAD_BYTES),
  /** The sending district's signature over the request (see `uploadClaim` in bundle-format.ts). */
  auth: z.object({
    office: z.string().max(10),
    at: z.string().max(40),
    nonce: z.string().regex(/^[0-9a-f]{16,64}$/),
    signature: z.string().max(200),
  }),
});

/** The sync methods. */
export const syncApi = {
  'sync.identity': { input: z.object({}), output: identitySchema },
  'sync.setOffice': { input: z.object({ role: officeRoleSchema, office }), output: identitySchema },
  /** This office's public key file (JSON text) to hand to the other side. */
  'sync.keyFile': { input: z.object({}), output: z.object({ fileName: z.string(), text: z.string() }) },
  'sync.trust': {
    input: z.object({ fileName: z.string().max(500), text: z.string().max(10000), replace: z.boolean().optional() }),
    output: peerSchema,
  },
  'sync.status': { input: z.object({}), output: syncStatusSchema },
  'sync.setStaleHours': {
    input: z.object({
      hours: z
        .number()
        .min(1)
        .max(24 * 30),
    }),
    output: z.number(),
  },
  'sync.exportStart': {
    input: z.object({
      full: z.boolean().optional(),
      /** Folder to write the bundle into (command line only; otherwise the outbox beside the database). */
      outDir: z.string().min(1).max(4096).optional(),
    }),
    output: z.object({ jobId: z.string() }),
  },
  'sync.importStart': {
    input: z.object({
      fileName: z.string().min(1).max(500),
      dataBase64: z.string().max(MAX_BUNDLE_BASE64),
      /** The sender's fingerprint the operator confirmed (first bundle of an unknown sender). */
      acceptKey: z.string().max(64).optional(),
    }),
    output: z.object({ jobId: z.string() }),
  },
  /**
   * Imports a bundle file by its path, synchronously (command line only: other doors send the
   * bytes with `sync.importStart`).
   */
  'sync.importFile': {
    input: z.object({
      file: z.string().min(1).max(4096),
      acceptKey: z.string().max(64).optional(),
    }),
    output: importOutcomeSchema,
  },
  /** Province: how many bytes of an upload it holds (`<district>-<seq>-<hash16>`). */
  'sync.uploadStatus': {
    input: uploadTarget,
    output: z.object({ received: z.number().int(), size: z.number().int() }),
  },
  /**
   * Province: the next chunk of a district's upload, at `offset` (what it holds). The last
   * chunk imports the bundle; the answer then carries the outcome and a signed acknowledgement.
   */
  'sync.uploadChunk': {
    input: uploadTarget.extend({
      offset: z.number().int().min(0),
      dataBase64: z.string().max(Math.ceil(MAX_UPLOAD_CHUNK / 3) * 4),
    }),
    output: z.object({
      /** False when the offset is not what the province holds: nothing was written. */
      accepted: z.boolean(),
      received: z.number().int(),
      size: z.number().int(),
      outcome: importOutcomeSchema.nullable(),
      ack: z.unknown(),
    }),
  },
  'sync.pushStart': { input: z.object({ url: z.string().url().max(500) }), output: z.object({ jobId: z.string() }) },
  'sync.job': { input: z.object({ jobId: z.string().max(64) }), output: jobSchema },
  /** A bundle this office exported, for download. */
  'sync.readBundle': {
    input: z.object({ seq: z.number().int().min(1) }),
    output: z.object({ fileName: z.string(), dataBase64: z.string() }),
  },
  /** Province: signed acknowledgements for every district (or one), as files to hand back. */
  'sync.ack': {
    input: z.object({ district: office.optional() }),
    output: z.array(
      z.object({ district: z.string(), fileName: z.string(), text: z.string(), appliedThrough: z.number().int() }),
    ),
  },
  'sync.importAck': {
    input: z.object({ fileName: z.string().max(500), text: z.string().max(10 * 1024 * 1024) }),
    output: z.object({
      appliedThrough: z.number().int(),
      newlyAcked: z.number().int(),
      missing: z.array(z.number().int()),
      message: z.string(),
      text: localTextSchema,
    }),
  },
  'sync.refusals': {
    input: z.object({ office: office.optional(), limit: z.number().int().min(1).max(1000).default(100) }),
    output: z.array(refusalSchema),
  },
  'sync.conflicts': {
    input: z.object({ office: office.optional(), limit: z.number().int().min(1).max(1000).default(100) }),
    output: z.array(conflictSchema),
  },
} as const satisfies ApiGroup;

/**
 * What the sync methods make stale. Jobs (export, import, push) change data when they finish,
 * not when they start: the renderer invalidates by {@link SYNC_JOB_DONE_EFFECTS} when a job ends.
 */
export const syncEffects = {
  'sync.identity': [],
  'sync.setOffice': ['sync.*', 'app.info', 'audit.list'],
  'sync.keyFile': [],
  'sync.trust': ['sync.*', 'audit.list'],
  'sync.status': [],
  'sync.setStaleHours': ['sync.*', 'audit.list'],
  'sync.exportStart': ['sync.*'],
  'sync.importStart': ['sync.*'],
  'sync.pushStart': ['sync.*'],
  'sync.job': [],
  'sync.readBundle': [],
  'sync.ack': ['sync.*'],
  'sync.importAck': ['sync.*'],
  'sync.refusals': [],
  'sync.conflicts': [],
  // An imported bundle can change any table.
  'sync.importFile': ['*'],
  'sync.uploadStatus': [],
  'sync.uploadChunk': ['*'],
} as const satisfies EffectsOf<typeof syncApi>;

/** A finished import job can have changed any table. */
export const SYNC_JOB_DONE_EFFECTS = ['*'] as const;

/** What each sync method needs of its caller (see shared/access.ts). */
export const syncAccess = {
  'sync.identity': 'public',
  'sync.setOffice': 'admin',
  'sync.keyFile': 'admin',
  'sync.trust': 'admin',
  'sync.status': 'read',
  'sync.setStaleHours': 'admin',
  'sync.exportStart': 'write',
  'sync.importStart': 'write',
  'sync.pushStart': 'write',
  'sync.job': 'read',
  'sync.readBundle': 'write',
  'sync.ack': 'write',
  'sync.importAck': 'write',
  'sync.refusals': 'read',
  'sync.conflicts': 'read',
  'sync.importFile': 'write',
  'sync.uploadStatus': 'signed',
  'sync.uploadChunk': 'signed',
} as const satisfies AccessOf<typeof syncApi>;
