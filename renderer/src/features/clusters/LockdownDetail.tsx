import { Badge, Button, Divider, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { LOCKDOWN_CHANGE_LABELS, LOCKDOWN_STATE_LABELS } from '../../../../shared/clusters';
import { DAY_MS, formatDateTime, toMs } from '../../../../shared/time';
import { useApiMutation, useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { DateTimeField } from '../../ui/DateFields';
import { useNotify } from '../../ui/Notifications';
import { clustersStore } from './clusters-view';
import { STATE_COLOURS } from './ClustersList';
import { EndButton } from './parts';
import { RemoveButton } from './RemoveAction';
import { strings } from './strings';

/** A lockdown: what, where, until when, its checkpoints, its history; extend, shorten or end it. */
export function LockdownDetail(props: { readonly id: string }): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const notify = useNotify();
  const q = useApiQuery('lockdowns.get', { id: props.id });
  useErrorNotice(q.error);
  const posts = useApiQuery('posts.list', {});
  const l = q.data?.lockdown;
  const [newEnd, setNewEnd] = useState<string | null>(null);
  const [extendReason, setExtendReason] = useState('');
  const [endReason, setEndReason] = useState('');
  const extend = useApiMutation('lockdowns.extend', {
    onSuccess: (x) => {
      notify.success(t('extended', { name: x.name }));
      setExtendReason('');
      setNewEnd(null);
    },
    onError: (err) => notify.error(err),
  });
  const end = useApiMutation('lockdowns.end', {
    onSuccess: (x) => notify.success(t('ended', { name: x.name })),
    onError: (err) => notify.error(err),
  });
  const postName = new Map((posts.data ?? []).map((p) => [p.id, p.name]));
  const target = newEnd ?? l?.endsAt ?? null;
  const open = l && l.status !== 'ended';

  return (
    <Modal opened onClose={() => clustersStore.close()} title={l?.name ?? ''} size="lg" data-testid="lockdown-detail">
      {l && (
        <Stack gap="xs">
          <Group gap="xs">
            <Badge color={STATE_COLOURS[l.state]} variant="light" data-testid="lockdown-state">
              {LOCKDOWN_STATE_LABELS[l.state][lang]}
            </Badge>
            <Text size="sm" data-testid="lockdown-period">
              {t('period', { from: formatDateTime(l.startsAt), to: formatDateTime(l.endsAt) })}
            </Text>
          </Group>
          <Text size="sm">
            {t('unit')}: {l.unitName}
            {l.clusterName ? ` · ${t('cluster')}: ${l.clusterName}` : ''}
          </Text>
          <Text size="sm">
            {t('lockdownReason')}: {l.reason}
          </Text>
          <Text size="sm" data-testid="lockdown-posts-list">
            {t('posts')}: {l.postIds.length === 0 ? '—' : l.postIds.map((id) => postName.get(id) ?? id).join(', ')}
          </Text>
          {l.endedAt && <Text size="sm">{t('endedAt', { at: formatDateTime(l.endedAt) })}</Text>}
          <Group justify="flex-end">
            <RemoveButton kind="lockdown" id={l.id} name={l.name} />
            {open && (
              <Button
                size="xs"
                variant="default"
                onClick={() => clustersStore.open({ kind: 'lockdown', id: l.id })}
                data-testid="lockdown-edit"
              >
                {t('edit')}
              </Button>
            )}
          </Group>

          <Text fw={600} size="sm" mt="xs">
            {t('history')}
          </Text>
          <Table fz="sm" verticalSpacing={2} data-testid="lockdown-history">
            <Table.Tbody>
              {(q.data?.history ?? []).map((h) => (
                <Table.Tr key={h.id} data-testid="lockdown-history-row" data-kind={h.kind}>
                  <Table.Td w={130}>{formatDateTime(h.at)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {LOCKDOWN_CHANGE_LABELS[h.kind][lang]}
                      {h.toEndsAt && h.kind !== 'created' && h.fromEndsAt
                        ? `: ${formatDateTime(h.fromEndsAt)} → ${formatDateTime(h.toEndsAt)}`
                        : ''}
                      {h.kind === 'created' && h.toEndsAt ? ` → ${formatDateTime(h.toEndsAt)}` : ''}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {h.reason} · {t('by', { by: h.by })}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>

          {open && (
            <>
              <Divider my="xs" />
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (target && extendReason.trim()) extend.mutate({ id: l.id, endsAt: target, reason: extendReason });
                }}
              >
                <Stack gap={6}>
                  <Text fw={600} size="sm">
                    {t('extendTitle')}
                  </Text>
                  <Group align="flex-end" gap="xs">
                    <DateTimeField
                      label={t('newEnd')}
                      value={target}
                      onChange={setNewEnd}
                      data-testid="lockdown-new-end"
                    />
                    {[1, 3, 7].map((n) => (
                      <Button
                        key={n}
                        size="xs"
                        variant="default"
                        onClick={() => setNewEnd(new Date(toMs(target ?? l.endsAt) + n * DAY_MS).toISOString())}
                        data-testid={`lockdown-plus-${n}`}
                      >
                        {t('plusDays', { n })}
                      </Button>
                    ))}
                  </Group>
                  <TextInput
                    label={t('reason')}
                    value={extendReason}
                    onChange={(e) => setExtendReason(e.currentTarget.value)}
                    data-testid="lockdown-extend-reason"
                  />
                  <Group justify="flex-end">
                    <Button
                      type="submit"
                      variant="light"
                      disabled={!target || !extendReason.trim() || toMs(target) === toMs(l.endsAt)}
                      loading={extend.isPending}
                      data-testid="lockdown-extend"
                    >
                      {t('extend')}
                    </Button>
                  </Group>
                </Stack>
              </form>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (endReason.trim()) end.mutate({ id: l.id, reason: endReason });
                }}
              >
                <Stack gap={6} mt="sm">
                  <Text fw={600} size="sm">
                    {t('endTitle')}
                  </Text>
                  <Group align="flex-end" gap="xs" grow>
                    <TextInput
                      label={t('reason')}
                      value={endReason}
                      onChange={(e) => setEndReason(e.currentTarget.value)}
                      data-testid="lockdown-end-reason"
                    />
                  </Group>
                  <EndButton
                    label={t('end')}
                    disabled={!endReason.trim()}
                    pending={end.isPending}
                    testId="lockdown-end"
                  />
                </Stack>
              </form>
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}
