/**
 * The daily backup while the app or `saban serve` runs: once a minute, if it is past the daily
 * time (Vietnam time, setting) and today has no daily backup yet, make one. A PC that was off at
 * that time makes it on the first check after it starts. A plain timer: no scheduler dependency.
 */
import { addDays, toVnIso, vnMidnightMs, vnMinuteOfDay, vnToday } from '../../../shared/time';
import type { BackupInfo } from '../../../shared/contract-backup';
import { type BackupSource, createBackupAsync } from './create';
import { listBackups } from './files';
import { backupSettings } from './settings';

/** How often the scheduler looks. */
export const CHECK_EVERY_MS = 60_000;
/** After a failed daily backup, wait this long before trying again (the failure stays in the status). */
export const RETRY_AFTER_MS = 60 * 60_000;

/** True when the daily backup is due at `now`: past the set time and none made today. */
export function dailyDue(src: BackupSource, now: number): boolean {
  const [h, m] = backupSettings(src.db).dailyAt.split(':').map(Number) as [number, number];
  if (vnMinuteOfDay(now) < h * 60 + m) return false;
  const today = vnToday(now);
  return !listBackups(src.dbPath).some((b) => b.reason === 'daily' && b.at.startsWith(today));
}

/**
 * When the next daily backup is due, ISO `+07:00`: today at the set time if none was made today
 * (now, if that time has passed: the next check makes it), else tomorrow at the set time. It is
 * made only while the app or `saban serve` runs; otherwise at the first check after either starts.
 */
export function nextDailyAt(src: BackupSource, now: number): string {
  const [h, m] = backupSettings(src.db).dailyAt.split(':').map(Number) as [number, number];
  const today = vnToday(now);
  const atOn = (day: string): number => vnMidnightMs(day) + (h * 60 + m) * 60_000;
  const doneToday = listBackups(src.dbPath).some((b) => b.reason === 'daily' && b.at.startsWith(today));
  return toVnIso(doneToday ? atOn(addDays(today, 1)) : Math.max(atOn(today), now));
}

/** A running scheduler. */
export interface DailyBackups {
  /** One check now (what the timer runs); resolves to the backup made, if any. */
  check(): Promise<BackupInfo | null>;
  stop(): void;
}

/**
 * Starts the daily-backup timer on `src`. A failure is recorded by the backup itself (shown by
 * `backup.status`) and written to `onError` (stderr by default); it never stops the timer.
 */
export function startDailyBackups(
  src: BackupSource,
  onError: (err: unknown) => void = (err) => process.stderr.write(`daily backup failed: ${String(err)}\n`),
): DailyBackups {
  let running = false;
  let failedAt: number | null = null;
  const check = async (): Promise<BackupInfo | null> => {
    const now = src.now();
    if (running || !src.db.open) return null;
    if (failedAt !== null && now - failedAt < RETRY_AFTER_MS) return null;
    if (!dailyDue(src, now)) return null;
    running = true;
    try {
      const made = await createBackupAsync(src, 'daily');
      failedAt = null;
      return made;
    } catch (err) {
      failedAt = now;
      onError(err);
      return null;
    } finally {
      running = false;
    }
  };
  const tick = (): void => {
    void check();
  };
  const timer = setInterval(tick, CHECK_EVERY_MS);
  timer.unref();
  const first = setTimeout(tick, 0);
  first.unref();
  return {
    check,
    stop: () => {
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}
