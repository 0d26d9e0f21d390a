import { Badge, Tooltip } from '@mantine/core';
import { useApiQuery } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { strings } from './strings';

/** How often the shell asks whether a backup failed (the daily one runs on its own). */
const POLL_MS = 60_000;

/** A red badge in the header while the last backup (daily, before an import, …) has failed. */
export function BackupWarning(props: { readonly onOpen: () => void }): React.JSX.Element | null {
  const t = useStrings(strings);
  const status = useApiQuery('backup.status', {}, { refetchInterval: POLL_MS });
  if (!status.data?.lastFailure) return null;
  return (
    <Tooltip label={t('failedBadgeHint')}>
      <Badge
        color="red"
        variant="filled"
        component="button"
        onClick={props.onOpen}
        style={{ cursor: 'pointer' }}
        data-testid="backup-warning"
      >
        ⚠ {t('failedBadge')}
      </Badge>
    </Tooltip>
  );
}
