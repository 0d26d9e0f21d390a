/**
 * The sync operations the handlers (and the push) build on: export and import on this engine's
 * database and writer, and the stale threshold.
 */
import { z } from 'zod';
import { readSetting } from '../settings/settings';
import { APP_VERSION, type EngineContext } from '../context';
import { exportBundle, type ExportResult, type Progress, type SkippedCounts } from './export';
import { importBundle, type ImportOutcome } from './import';

/** The setting (province-owned, so it travels to districts) for when a district counts as late. */
export const STALE_HOURS_KEY = 'syncStaleHours';
/** Default: a district that sent nothing for 24 hours is flagged. */
export const DEFAULT_STALE_HOURS = 24;

/** Serialises exports per database, so two never take the same sequence number. */
const exportLocks = new WeakMap<EngineContext, Promise<unknown>>();

/** Options of {@link exportFor}. */
export interface ExportForOptions {
  readonly outDir: string;
  readonly full?: boolean;
  readonly onProgress?: Progress;
  readonly yieldBetweenPages?: boolean;
  readonly onSkipped?: (skipped: SkippedCounts) => void;
}

/** Exports the next bundle of this office into `outDir` (one export at a time). */
export function exportFor(
  engine: EngineContext,
  options: ExportForOptions,
  now: () => number = Date.now,
): Promise<ExportResult | null> {
  const prev = exportLocks.get(engine) ?? Promise.resolve();
  const next = prev
    .catch(() => undefined)
    .then(() =>
      exportBundle(engine.db, {
        outDir: options.outDir,
        full: options.full ?? false,
        nodeId: engine.nodeId,
        appVersion: APP_VERSION,
        now,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.yieldBetweenPages ? { yieldBetweenPages: true } : {}),
        ...(options.onSkipped ? { onSkipped: options.onSkipped } : {}),
      }),
    );
  exportLocks.set(engine, next);
  return next;
}

/** Imports a bundle file into this engine's database, through its writer. */
export function importFor(
  engine: EngineContext,
  file: string,
  options: { acceptKey?: string; onProgress?: Progress; noBackup?: boolean } = {},
  now: () => number = Date.now,
): ImportOutcome {
  return importBundle(engine.db, file, { dbPath: engine.dbPath, writer: engine.writer, now, ...options });
}

/** The stale threshold in hours (a province setting). */
export function staleHours(engine: EngineContext): number {
  return readSetting(engine.db, STALE_HOURS_KEY, z.coerce.number().finite().positive(), DEFAULT_STALE_HOURS);
}
