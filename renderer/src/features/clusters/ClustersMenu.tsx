import { Badge, Button, Menu } from '@mantine/core';
import { useMay } from '../auth/me';
import { useEffect } from 'react';
import { useApiQuery } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { clustersStore, useClustersState } from './clusters-view';
import { REMINDERS_REFRESH_MS } from './ReminderBanner';
import { strings } from './strings';

/** The header's clusters menu: add, the lists, the layer; a badge counts lockdowns ending within a day. */
export function ClustersMenu(props: { readonly within: string | null }): React.JSX.Element {
  const t = useStrings(strings);
  const show = useClustersState((s) => s.showLayer);
  const { within } = props;
  const reminders = useApiQuery('lockdowns.reminders', within ? { within } : {}, {
    refetchInterval: REMINDERS_REFRESH_MS,
  });
  const n = reminders.data?.length ?? 0;

  const mayWrite = useMay('write');

  // A new district closes whatever was open.
  useEffect(() => {
    clustersStore.close();
  }, [within]);

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          data-testid="clusters-menu"
          aria-label={t('menuLabel')}
          rightSection={
            n > 0 ? (
              <Badge size="sm" color="orange" circle={n < 10} data-testid="clusters-reminder-count">
                {n}
              </Badge>
            ) : undefined
          }
        >
          {t('menu')} ▾
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('menuLabel')}</Menu.Label>
        <Menu.Item
          onClick={() => clustersStore.open({ kind: 'list', tab: 'clusters' })}
          data-testid="clusters-open-list"
        >
          {t('listClusters')}
        </Menu.Item>
        <Menu.Item
          onClick={() => clustersStore.open({ kind: 'list', tab: 'lockdowns' })}
          data-testid="lockdowns-open-list"
        >
          {t('listLockdowns')}
        </Menu.Item>
        {mayWrite && (
          <Menu.Item onClick={() => clustersStore.open({ kind: 'cluster', id: null })} data-testid="clusters-new">
            {t('newCluster')}
          </Menu.Item>
        )}
        {mayWrite && (
          <Menu.Item onClick={() => clustersStore.open({ kind: 'lockdown', id: null })} data-testid="lockdowns-new">
            {t('newLockdown')}
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item
          onClick={() => clustersStore.setShowLayer(!show)}
          leftSection={show ? '✓' : ' '}
          data-testid="clusters-toggle-layer"
          role="menuitemcheckbox"
          aria-checked={show}
        >
          {t('layer')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
