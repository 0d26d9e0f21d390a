import { Badge, Button, Group, Modal, SegmentedControl, Table, Tabs, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import {
  CLUSTER_STATUS_LABELS,
  CLUSTER_STATUSES,
  type ClusterStatus,
  LOCKDOWN_STATE_LABELS,
  LOCKDOWN_STATES,
  type LockdownState,
} from '../../../../shared/clusters';
import { formatDate, formatDateTime } from '../../../../shared/time';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { CLUSTER_COLOURS } from './cluster-style';
import { clustersStore } from './clusters-view';
import { OpenButton } from './parts';
import { strings } from './strings';

/** A status in a table cell, never cut short (Mantine's badge clips its label to the column). */
function StatusBadge(props: { readonly color: string; readonly label: string }): React.JSX.Element {
  return (
    <Badge
      color={props.color}
      variant="light"
      tt="none"
      styles={{ root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible' } }}
      style={{ whiteSpace: 'nowrap' }}
    >
      {props.label}
    </Badge>
  );
}

/** Badge colour of a lockdown state. */
export const STATE_COLOURS: Readonly<Record<LockdownState, string>> = {
  upcoming: 'blue',
  in_force: 'violet',
  lapsed: 'orange',
  ended: 'gray',
};

/** The lists of clusters and lockdowns, each filtered by status, in one dialog with two tabs. */
export function ClustersList(props: {
  readonly within: string | null;
  readonly tab: 'clusters' | 'lockdowns';
}): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const [status, setStatus] = useState<ClusterStatus | ''>('');
  const [state, setState] = useState<LockdownState | ''>('');
  const scope = props.within ? { within: props.within } : {};
  const clusters = useApiQuery('clusters.list', { ...scope, ...(status ? { status } : {}) }, { keepPrevious: true });
  const lockdowns = useApiQuery('lockdowns.list', { ...scope, ...(state ? { state } : {}) }, { keepPrevious: true });
  useErrorNotice(clusters.error);
  useErrorNotice(lockdowns.error);
  const tab = props.tab;

  return (
    <Modal
      opened
      onClose={() => clustersStore.close()}
      title={t('workspace')}
      size="min(1100px, 92vw)"
      data-testid="clusters-list"
    >
      <Tabs value={tab} onChange={(v) => v && clustersStore.open({ kind: 'list', tab: v as typeof tab })}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="clusters" data-testid="tab-clusters">
            {t('tabClusters')}
          </Tabs.Tab>
          <Tabs.Tab value="lockdowns" data-testid="tab-lockdowns">
            {t('tabLockdowns')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="clusters">
          <Group justify="space-between" mb="sm">
            <SegmentedControl
              size="xs"
              value={status}
              onChange={(v) => setStatus(v)}
              data={[
                { value: '', label: t('all') },
                ...CLUSTER_STATUSES.map((s) => ({ value: s, label: CLUSTER_STATUS_LABELS[s][lang] })),
              ]}
              data-testid="clusters-status-filter"
            />
            <Button size="xs" onClick={() => clustersStore.open({ kind: 'cluster', id: null })}>
              {t('newCluster')}
            </Button>
          </Group>
          {clusters.data?.length === 0 ? (
            <Text c="dimmed" size="sm" data-testid="clusters-empty">
              {t('noClusters')}
            </Text>
          ) : (
            <Table striped highlightOnHover verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('name')}</Table.Th>
                  <Table.Th>{t('unit')}</Table.Th>
                  <Table.Th>{t('status')}</Table.Th>
                  <Table.Th>{t('openedOn')}</Table.Th>
                  <Table.Th>{t('cases')}</Table.Th>
                  <Table.Th>{t('suggestion')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(clusters.data ?? []).map((c) => (
                  <Table.Tr key={c.id} data-testid="cluster-row" data-id={c.id}>
                    <Table.Td fw={500}>{c.name}</Table.Td>
                    <Table.Td>{c.unitName}</Table.Td>
                    <Table.Td>
                      <StatusBadge color={CLUSTER_COLOURS[c.status]} label={CLUSTER_STATUS_LABELS[c.status][lang]} />
                    </Table.Td>
                    <Table.Td>{formatDate(c.openedOn)}</Table.Td>
                    <Table.Td>
                      {t('casesLine', { total: c.totalCases, active: c.activeCases, days: 28 })}
                      {c.warnings.length > 0 && (
                        <Tooltip label={c.warnings.map((w) => w.message[lang]).join('\n')} multiline w={360}>
                          <Text size="xs" c="orange.9" fw={600} data-testid="cluster-warning" tabIndex={0}>
                            {t('warningShort', { n: c.warnings.length })}
                          </Text>
                        </Tooltip>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {c.status === 'closed' ? (
                        t('closedLine', { day: formatDate(c.closedOn ?? ''), by: c.closedBy ?? '' })
                      ) : (
                        <Text
                          size="sm"
                          c={c.suggestClose ? 'green.8' : undefined}
                          fw={c.suggestClose ? 600 : undefined}
                          data-testid="cluster-suggestion"
                        >
                          {c.suggestion[lang]}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <OpenButton onClick={() => clustersStore.open({ kind: 'cluster', id: c.id })} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="lockdowns">
          <Group justify="space-between" mb="sm">
            <SegmentedControl
              size="xs"
              value={state}
              onChange={(v) => setState(v)}
              data={[
                { value: '', label: t('all') },
                ...LOCKDOWN_STATES.map((s) => ({ value: s, label: LOCKDOWN_STATE_LABELS[s][lang] })),
              ]}
              data-testid="lockdowns-state-filter"
            />
            <Button
              size="xs"
              onClick={() => clustersStore.open({ kind: 'lockdown', id: null })}
              data-testid="lockdowns-list-new"
            >
              {t('newLockdown')}
            </Button>
          </Group>
          {lockdowns.data?.length === 0 ? (
            <Text c="dimmed" size="sm" data-testid="lockdowns-empty">
              {t('noLockdowns')}
            </Text>
          ) : (
            <Table striped highlightOnHover verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('name')}</Table.Th>
                  <Table.Th>{t('unit')}</Table.Th>
                  <Table.Th>{t('status')}</Table.Th>
                  <Table.Th>{t('period', { from: t('from'), to: t('to') })}</Table.Th>
                  <Table.Th>{t('posts')}</Table.Th>
                  <Table.Th>{t('cluster')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(lockdowns.data ?? []).map((l) => (
                  <Table.Tr key={l.id} data-testid="lockdown-row" data-id={l.id}>
                    <Table.Td fw={500}>{l.name}</Table.Td>
                    <Table.Td>{l.unitName}</Table.Td>
                    <Table.Td>
                      <StatusBadge color={STATE_COLOURS[l.state]} label={LOCKDOWN_STATE_LABELS[l.state][lang]} />
                    </Table.Td>
                    <Table.Td>
                      {t('period', { from: formatDateTime(l.startsAt), to: formatDateTime(l.endsAt) })}
                    </Table.Td>
                    <Table.Td>{t('checkpointsN', { n: l.postIds.length })}</Table.Td>
                    <Table.Td>{l.clusterName ?? '—'}</Table.Td>
                    <Table.Td>
                      <OpenButton onClick={() => clustersStore.open({ kind: 'lockdownDetail', id: l.id })} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Tabs.Panel>
      </Tabs>
    </Modal>
  );
}
