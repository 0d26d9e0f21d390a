/**
 * The one settings module: every feature reads its settings key through {@link readSetting}
 * (a schema and a default) and writes through {@link writeSetting} / {@link updateSetting},
 * which go through the single write path. No other module reads the `settings` table.
 */
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { type Settings, settingsSchema } from '../../../shared/contract';
import type { CallContext, EngineContext } from '../context';
import type { WriteTx } from '../write';

/** The operator settings of a database where none were ever set. */
export const DEFAULT_SETTINGS: Settings = { basemapUrl: null, operatorName: '', lang: 'vi', currentDistrict: null };

/**
 * The value stored under `key`, parsed with `schema`; `fallback` when the key was never set,
 * was deleted, or holds something the schema refuses (a value from a newer or older app).
 */
export function readSetting<S extends z.ZodType>(
  db: Database.Database,
  key: string,
  schema: S,
  fallback: z.output<S>,
): z.output<S> {
  const row = db.prepare('SELECT value FROM settings WHERE key = ? AND deleted = 0').get(key) as
    { value: string } | undefined;
  if (!row) return fallback;
  let value: unknown;
  try {
    value = JSON.parse(row.value);
  } catch {
    return fallback;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

/** Writes one setting inside a write-path transaction (audited, logged for sync). */
export function writeSetting(tx: WriteTx, key: string, value: unknown): void {
  tx.put('setting', { key, value: JSON.stringify(value), deleted: 0 });
}

/**
 * Merges `patch` into the stored value of `key`, checks the result with `schema` (and `check`,
 * which throws on a value the schema alone cannot refuse) and saves it through the write path.
 * Returns the saved value.
 */
export function updateSetting<S extends z.ZodType>(
  engine: EngineContext,
  ctx: CallContext,
  setting: { readonly key: string; readonly action: string; readonly schema: S; readonly fallback: z.output<S> },
  patch: object,
  check?: (next: z.output<S>) => void,
): z.output<S> {
  const current = readSetting(engine.db, setting.key, setting.schema, setting.fallback);
  const next = setting.schema.parse({ ...(current as object), ...patch });
  check?.(next);
  engine.write(ctx, { action: setting.action, reason: null }, (tx) => writeSetting(tx, setting.key, next));
  return next;
}

/** The operator settings, each key read on its own: one bad value falls back alone. */
export function appSettings(db: Database.Database): Settings {
  const shape = settingsSchema.shape;
  return {
    basemapUrl: readSetting(db, 'basemapUrl', shape.basemapUrl, DEFAULT_SETTINGS.basemapUrl),
    operatorName: readSetting(db, 'operatorName', shape.operatorName, DEFAULT_SETTINGS.operatorName),
    lang: readSetting(db, 'lang', shape.lang, DEFAULT_SETTINGS.lang),
    currentDistrict: readSetting(db, 'currentDistrict', shape.currentDistrict, DEFAULT_SETTINGS.currentDistrict),
  };
}
