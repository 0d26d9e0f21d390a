import { Group, MultiSelect, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Lockdown } from '../../../../shared/contract-clusters';
import { DAY_MS } from '../../../../shared/time';
import { useApiMutation, useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { useStrings } from '../../i18n/define';
import { DateTimeField } from '../../ui/DateFields';
import { useNotify } from '../../ui/Notifications';
import { AreaPicker, type AreaValue } from './AreaPicker';
import { DrawingFormModal } from './DrawingFormModal';
import { clustersStore } from './clusters-view';
import { FormButtons } from './parts';
import { strings } from './strings';

const HOUR_MS = 3_600_000;
/** A new lockdown starts at the current hour and lasts 14 days unless changed. */
const DEFAULT_DAYS = 14;

/** Create or edit a lockdown: name, area, from/to (Vietnam time), reason, cluster, guarding checkpoints. */
export function LockdownForm(props: {
  readonly id: string | null;
  readonly within: string | null;
  readonly hidden: boolean;
}): React.JSX.Element | null {
  const detail = useApiQuery('lockdowns.get', { id: props.id ?? '' }, { enabled: props.id !== null });
  useErrorNotice(detail.error);
  if (props.id !== null && !detail.data) return null;
  return <LockdownFormBody {...props} lockdown={detail.data?.lockdown ?? null} />;
}

function LockdownFormBody(props: {
  readonly id: string | null;
  readonly within: string | null;
  readonly hidden: boolean;
  readonly lockdown: Lockdown | null;
}): React.JSX.Element {
  const t = useStrings(strings);
  const notify = useNotify();
  const scope = props.within ? { within: props.within } : {};
  const clusters = useApiQuery('clusters.list', scope);
  const posts = useApiQuery('posts.list', scope);
  const l = props.lockdown;
  const [start] = useState(() => Math.floor(Date.now() / HOUR_MS) * HOUR_MS);
  const [name, setName] = useState(l?.name ?? '');
  const [area, setArea] = useState<AreaValue>(l?.area ?? null);
  const [mode, setMode] = useState<'units' | 'polygon' | 'point'>(l?.area.kind ?? 'units');
  const [startsAt, setStartsAt] = useState<string | null>(l?.startsAt ?? new Date(start).toISOString());
  const [endsAt, setEndsAt] = useState<string | null>(
    l?.endsAt ?? new Date(start + DEFAULT_DAYS * DAY_MS).toISOString(),
  );
  const [reason, setReason] = useState(l?.reason ?? '');
  const [clusterId, setClusterId] = useState<string | null>(l?.clusterId ?? null);
  const [postIds, setPostIds] = useState<string[]>(l?.postIds ?? []);
  const [note, setNote] = useState(l?.note ?? '');
  const [changeReason, setChangeReason] = useState('');

  const clusterOptions = useMemo(
    () =>
      (clusters.data ?? [])
        .filter((c) => c.status !== 'closed' || c.id === clusterId)
        .map((c) => ({ value: c.id, label: c.name })),
    [clusters.data, clusterId],
  );
  const postOptions = useMemo(
    () =>
      (posts.data ?? []).map((p) => ({ value: p.id, label: p.communeName ? `${p.name} — ${p.communeName}` : p.name })),
    [posts.data],
  );

  const save = useApiMutation('lockdowns.save', {
    onSuccess: (saved) => {
      notify.success(t('saved', { name: saved.name }));
      clustersStore.open({ kind: 'lockdownDetail', id: saved.id });
    },
    onError: (err) => notify.error(err),
  });
  const areaOk = area !== null && area.kind !== 'point' && area.kind === mode;
  const canSave =
    name.trim() !== '' &&
    areaOk &&
    startsAt !== null &&
    endsAt !== null &&
    reason.trim() !== '' &&
    (!props.id || changeReason.trim() !== '');

  return (
    <DrawingFormModal
      hidden={props.hidden}
      title={props.id ? `${t('lockdownForm')}: ${l?.name ?? ''}` : t('newLockdownTitle')}
      testId="lockdown-form"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!canSave || !area || !startsAt || !endsAt) return;
          save.mutate({
            ...(props.id ? { id: props.id, changeReason } : {}),
            name,
            area,
            startsAt,
            endsAt,
            reason,
            clusterId,
            postIds,
            note,
          });
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
            data-testid="lockdown-name"
          />
          <AreaPicker
            within={props.within}
            value={area}
            onChange={setArea}
            modes={['units', 'polygon']}
            mode={mode}
            onMode={setMode}
          />
          <Group grow>
            <DateTimeField
              label={t('from')}
              required
              value={startsAt}
              onChange={setStartsAt}
              data-testid="lockdown-from"
            />
            <DateTimeField label={t('to')} required value={endsAt} onChange={setEndsAt} data-testid="lockdown-to" />
          </Group>
          <TextInput
            label={t('lockdownReason')}
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="lockdown-reason"
          />
          <Select
            label={t('cluster')}
            data={clusterOptions}
            value={clusterId}
            onChange={setClusterId}
            clearable
            placeholder={t('noCluster')}
            comboboxProps={{ withinPortal: true }}
            data-testid="lockdown-cluster"
          />
          <MultiSelect
            label={t('posts')}
            description={t('postsHint')}
            data={postOptions}
            value={postIds}
            onChange={setPostIds}
            searchable
            comboboxProps={{ withinPortal: true }}
            data-testid="lockdown-posts"
          />
          <Textarea
            label={t('note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={1}
          />
          {props.id && (
            <TextInput
              label={t('changeReason')}
              required
              value={changeReason}
              onChange={(e) => setChangeReason(e.currentTarget.value)}
              data-testid="lockdown-change-reason"
            />
          )}
          <FormButtons canSave={canSave} pending={save.isPending} testId="lockdown-save" />
        </Stack>
      </form>
    </DrawingFormModal>
  );
}
