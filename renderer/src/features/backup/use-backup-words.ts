/** How backups are worded on screen: reasons, sizes, table names. */
import { useCallback, useMemo } from 'react';
import type { BackupReason } from '../../../../shared/contract-backup';
import { useI18n } from '../../i18n';
import { useStrings } from '../../i18n/define';
import { strings } from './strings';

/** Reason, size and table-name wording in the chosen language. */
export function useBackupWords(): {
  reason: (r: BackupReason) => string;
  size: (bytes: number) => string;
  table: (name: string) => string;
} {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const number = useMemo(
    () => new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }),
    [lang],
  );
  const reason = useCallback((r: BackupReason) => t(`reason_${r}`), [t]);
  const size = useCallback(
    (bytes: number): string =>
      bytes >= 1024 * 1024
        ? `${number.format(bytes / (1024 * 1024))} MB`
        : `${number.format(Math.max(bytes / 1024, 0.1))} KB`,
    [number],
  );
  const table = useCallback(
    (name: string): string => {
      const key = `count_${name}`;
      return key in strings.vi ? t(key as keyof typeof strings.vi) : name;
    },
    [t],
  );
  return { reason, size, table };
}
