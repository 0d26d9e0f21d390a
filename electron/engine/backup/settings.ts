/** The backup settings (retention, daily time), read and written through the settings module. */
import type Database from 'better-sqlite3';
import { type BackupSettings, backupSettingsSchema } from '../../../shared/contract-backup';
import { readSetting } from '../settings/settings';

/** The settings key. */
export const BACKUP_SETTINGS_KEY = 'backup';

/** Two weeks of daily copies, ten of each other reason, the daily one at 02:00 Vietnam time. */
export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { keepDaily: 14, keepOther: 10, dailyAt: '02:00' };

/** The backup settings of a database (defaults where never set). */
export function backupSettings(db: Database.Database): BackupSettings {
  return readSetting(db, BACKUP_SETTINGS_KEY, backupSettingsSchema, DEFAULT_BACKUP_SETTINGS);
}
