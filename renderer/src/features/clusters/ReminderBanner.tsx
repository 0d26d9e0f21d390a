import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useApiQuery } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { clustersStore } from './clusters-view';
import { strings } from './strings';
import './clusters.css';

/** Reminders depend on the clock (a lockdown comes within a day of its end): re-read this often. */
export const REMINDERS_REFRESH_MS = 60_000;

/** A banner over the map for each lockdown ending within a day, with a button to open it. */
export function ReminderBanner(props: { readonly within: string | null }): React.JSX.Element | null {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const { within } = props;
  const q = useApiQuery('lockdowns.reminders', within ? { within } : {}, { refetchInterval: REMINDERS_REFRESH_MS });
  const list = q.data ?? [];
  if (list.length === 0) return null;
  return (
    <div className="saban-clusters-banner" data-testid="lockdown-reminders">
      <Alert color="orange" variant="filled" title={t('reminderTitle')} p="xs">
        <Stack gap={4}>
          {list.slice(0, 3).map((r) => (
            <Group key={r.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="lockdown-reminder">
              <Text size="sm" style={{ flex: 1 }}>
                {r.message[lang]}
              </Text>
              <Button
                size="compact-xs"
                variant="white"
                color="orange"
                style={{ flexShrink: 0 }}
                onClick={() => clustersStore.open({ kind: 'lockdownDetail', id: r.id })}
              >
                {t('reminderOpen')}
              </Button>
            </Group>
          ))}
        </Stack>
      </Alert>
    </div>
  );
}
