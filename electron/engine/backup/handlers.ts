/** The backup feature's handlers, and the wrapper that backs up before every import. */
import path from 'node:path';
import type { backupApi } from '../../../shared/contract-backup';
import { EngineError, msg } from '../../../shared/result';
import type { CallContext, EngineContext, Handlers, HandlersOf } from '../context';
import { updateSetting } from '../settings/settings';
import { backupBeforeImport, createBackup } from './create';
import { backupDir, listBackups, readStatus } from './files';
import { previewBackup, resolveBackupFile, restoreBackup } from './restore';
import { nextDailyAt } from './schedule';
import { BACKUP_SETTINGS_KEY, backupSettings, DEFAULT_BACKUP_SETTINGS } from './settings';
import { backupSettingsSchema } from '../../../shared/contract-backup';

/**
 * A backup named by path is read only from the command line; the app and the browser name a
 * file of the backup folder, so no door can make the engine open an arbitrary file.
 */
function fileOf(engine: EngineContext, file: string, ctx: CallContext): string {
  const resolved = resolveBackupFile(engine.dbPath, file);
  if (ctx.door !== 'cli' && path.dirname(resolved) !== backupDir(engine.dbPath)) {
    throw new EngineError(
      'forbidden',
      msg(
        'Chỉ khôi phục được tệp trong thư mục sao lưu (đường dẫn khác: dùng dòng lệnh)',
        'Only files of the backup folder can be restored here (another path: use the command line)',
      ),
    );
  }
  return resolved;
}

/** Implements the backup group of the contract. */
export function backupHandlers(engine: EngineContext): HandlersOf<typeof backupApi> {
  return {
    'backup.create': () => createBackup(engine, 'manual'),
    'backup.list': () => listBackups(engine.dbPath),
    'backup.status': () => ({
      dir: backupDir(engine.dbPath),
      settings: backupSettings(engine.db),
      ...readStatus(engine.dbPath),
      nextDailyAt: nextDailyAt(engine, engine.now()),
    }),
    'backup.setSettings': (input, ctx) =>
      updateSetting(
        engine,
        ctx,
        {
          key: BACKUP_SETTINGS_KEY,
          // Audited as a settings change, the label the history already shows.
          action: 'settings.set',
          schema: backupSettingsSchema,
          fallback: DEFAULT_BACKUP_SETTINGS,
        },
        input,
      ),
    'backup.preview': (input, ctx) => previewBackup(engine, fileOf(engine, input.file, ctx)),
    'backup.restore': (input, ctx) => {
      const file = fileOf(engine, input.file, ctx);
      const out = restoreBackup(engine, file);
      // The restored history says itself that it was restored, by whom, from which file, and
      // where the state it replaced was kept.
      engine.write(ctx, { action: 'backup.restore' }, (tx) =>
        tx.note(
          'backup',
          path.basename(file),
          { file: out.before.fileName, counts: out.before.counts },
          { file: path.basename(file), at: out.restored.at, counts: out.restored.counts },
          'backup.restore',
        ),
      );
      return out;
    },
  };
}

/** The methods that import files: each backs up first (`before-import`), unless it only previews. */
export const IMPORT_METHODS = [
  'import.units',
  'import.boundaries',
  'posts.import',
  'people.import',
  // Its preview is a method of its own (figures.importPreview), which is not wrapped.
  'figures.import',
] as const;

/**
 * Wraps the import handlers so each makes a verified backup before it writes (a dry run does
 * not; an unchanged database reuses its newest copy). A failed backup stops the import: nothing
 * is written without a copy to go back to.
 */
export function backupBeforeImports(engine: EngineContext, handlers: Handlers): Handlers {
  const wrapped: Record<string, unknown> = { ...handlers };
  for (const method of IMPORT_METHODS) {
    const inner = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
    wrapped[method] = (input: unknown, ctx: CallContext): unknown => {
      if (!(input as { dryRun?: boolean }).dryRun) backupBeforeImport(engine);
      return inner(input, ctx);
    };
  }
  return wrapped as Handlers;
}
