/**
 * The backup part of the API contract: copies of the database (made on their own daily, before
 * every import, bundle and restore, or on request), their list and status, and restore with a
 * preview. Merged into `api` in contract.ts.
 */
import { z } from 'zod';
import type { AccessOf } from './access';
import type { ApiGroup, EffectsOf } from './contract';
import { localTextSchema } from './contract-text';

/** Why a backup was made; part of its file name. */
export const BACKUP_REASONS = ['daily', 'before-import', 'before-restore', 'manual'] as const;
/** See {@link BACKUP_REASONS}. */
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** Rows of the key tables (live rows where a table keeps tombstones), as read from a copy. */
export const backupCountsSchema = z.record(z.string(), z.number().int());
/** See {@link backupCountsSchema}. */
export type BackupCounts = z.infer<typeof backupCountsSchema>;

/** One backup file. */
export const backupInfoSchema = z.object({
  /** Absolute path of the `.sqlite.gz` file. */
  file: z.string(),
  fileName: z.string(),
  /** When it was made, ISO with `+07:00`. */
  at: z.string(),
  /** Compressed size in bytes. */
  bytes: z.number().int(),
  reason: z.enum(BACKUP_REASONS),
  /** Schema version of the copy. */
  schemaVersion: z.number().int(),
  counts: backupCountsSchema,
});
/** See {@link backupInfoSchema}. */
export type BackupInfo = z.infer<typeof backupInfoSchema>;

/** How many backups are kept and when the daily one is made. */
export const backupSettingsSchema = z.object({
  /** Daily backups kept (oldest removed first). */
  keepDaily: z.number().int().min(1).max(3650),
  /** Backups of every other reason kept, per reason. */
  keepOther: z.number().int().min(1).max(1000),
  /** Vietnam time of the daily backup, `HH:mm`. */
  dailyAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
});
/** See {@link backupSettingsSchema}. */
export type BackupSettings = z.infer<typeof backupSettingsSchema>;

/** The last failed backup: shown to the operator until a later backup succeeds. */
export const backupFailureSchema = z.object({
  at: z.string(),
  reason: z.enum(BACKUP_REASONS),
  code: z.string(),
  text: localTextSchema,
});

/** Backups: where they are, the last success and the last failure, the settings. */
export const backupStatusSchema = z.object({
  dir: z.string(),
  settings: backupSettingsSchema,
  lastSuccess: z.object({ at: z.string(), file: z.string(), reason: z.enum(BACKUP_REASONS) }).nullable(),
  /** Null once a backup succeeds after it. */
  lastFailure: backupFailureSchema.nullable(),
  /** When the next daily backup is due (ISO `+07:00`); made while the app or `saban serve` runs. */
  nextDailyAt: z.string(),
});
/** See {@link backupStatusSchema}. */
export type BackupStatus = z.infer<typeof backupStatusSchema>;

/** What a restore would bring back: checked before anything changes. */
export const backupPreviewSchema = z.object({
  file: z.string(),
  at: z.string(),
  reason: z.enum(BACKUP_REASONS),
  schemaVersion: z.number().int(),
  /** `PRAGMA integrity_check` of the copy said ok (a preview of a damaged copy is an error instead). */
  integrity: z.literal('ok'),
  counts: backupCountsSchema,
  /** The same tables in the database now, to compare. */
  current: backupCountsSchema,
});
/** See {@link backupPreviewSchema}. */
export type BackupPreview = z.infer<typeof backupPreviewSchema>;

/** A file of the backup folder, by path or by name inside it. */
const fileInput = z.object({ file: z.string().min(1).max(1000) });

/** The backup methods. */
export const backupApi = {
  'backup.create': { input: z.object({}), output: backupInfoSchema },
  'backup.list': { input: z.object({}), output: z.array(backupInfoSchema) },
  'backup.status': { input: z.object({}), output: backupStatusSchema },
  'backup.setSettings': { input: backupSettingsSchema.partial(), output: backupSettingsSchema },
  'backup.preview': { input: fileInput, output: backupPreviewSchema },
  'backup.restore': {
    input: fileInput,
    output: z.object({ restored: backupPreviewSchema, before: backupInfoSchema }),
  },
} as const satisfies ApiGroup;

/** What the backup methods make stale: a restore replaces everything. */
export const backupEffects = {
  'backup.create': ['backup.*'],
  'backup.list': [],
  'backup.status': [],
  'backup.setSettings': ['backup.*', 'audit.list'],
  'backup.preview': [],
  'backup.restore': ['*'],
} as const satisfies EffectsOf<typeof backupApi>;

/** What each backup method needs of its caller (see shared/access.ts). */
export const backupAccess = {
  'backup.create': 'write',
  'backup.list': 'read',
  'backup.status': 'read',
  'backup.setSettings': 'admin',
  'backup.preview': 'admin',
  'backup.restore': 'admin',
} as const satisfies AccessOf<typeof backupApi>;
