import {
  Alert,
  Button,
  Divider,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../../../../shared/contract';
import type { ClusterPlace } from '../../../../shared/contract-clusters';
import { formatDate, vnToday } from '../../../../shared/time';
import { useApiMutation, useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { DayField } from '../../ui/DateFields';
import { useNotify } from '../../ui/Notifications';
import { CLUSTER_STATUS_LABELS } from '../../../../shared/clusters';
import { AreaPicker, type AreaValue } from './AreaPicker';
import { DrawingFormModal } from './DrawingFormModal';
import { clustersStore } from './clusters-view';
import { EndButton, FormButtons } from './parts';
import { RemoveButton } from './RemoveAction';
import { strings } from './strings';

/**
 * A cluster: create or edit (name, place, opening day, status, note); for an existing one, its
 * cases per day, the 28-day suggestion and closing it (with a reason).
 */
export function ClusterForm(props: {
  readonly id: string | null;
  readonly within: string | null;
  readonly hidden: boolean;
}): React.JSX.Element | null {
  const detail = useApiQuery('clusters.get', { id: props.id ?? '' }, { enabled: props.id !== null });
  useErrorNotice(detail.error);
  if (props.id !== null && !detail.data) return null;
  return <ClusterFormBody {...props} detail={detail.data ?? null} />;
}

function ClusterFormBody(props: {
  readonly id: string | null;
  readonly within: string | null;
  readonly hidden: boolean;
  readonly detail: Output<'clusters.get'> | null;
}): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const notify = useNotify();
  const detail = { data: props.detail };
  const c = props.detail?.cluster;
  const [name, setName] = useState(c?.name ?? '');
  const [openedOn, setOpenedOn] = useState<string | null>(c?.openedOn ?? vnToday());
  const [status, setStatus] = useState<'active' | 'watching'>(c?.status === 'watching' ? 'watching' : 'active');
  const [note, setNote] = useState(c?.note ?? '');
  const [place, setPlace] = useState<AreaValue>(c?.place ?? null);
  const [mode, setMode] = useState<ClusterPlace['kind']>(c?.place.kind ?? 'units');

  const save = useApiMutation('clusters.save', {
    onSuccess: (saved) => {
      notify.success(t('saved', { name: saved.name }));
      clustersStore.open({ kind: 'cluster', id: saved.id });
    },
    onError: (err) => notify.error(err),
  });
  const canSave = name.trim() !== '' && openedOn !== null && place !== null && place.kind === mode;

  return (
    <DrawingFormModal
      hidden={props.hidden}
      title={props.id ? `${t('clusterForm')}: ${c?.name ?? ''}` : t('newClusterTitle')}
      testId="cluster-form"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!canSave || !openedOn || !place) return;
          save.mutate({ ...(props.id ? { id: props.id } : {}), name, openedOn, status, note, place });
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
            data-testid="cluster-name"
          />
          <Group grow>
            <DayField
              label={t('openedOn')}
              required
              value={openedOn}
              onChange={setOpenedOn}
              maxDay={vnToday()}
              data-testid="cluster-opened"
            />
            <Select
              label={t('statusPick')}
              data={(['active', 'watching'] as const).map((s) => ({ value: s, label: CLUSTER_STATUS_LABELS[s][lang] }))}
              value={status}
              onChange={(v) => v && setStatus(v)}
              allowDeselect={false}
            />
          </Group>
          <AreaPicker
            within={props.within}
            value={place}
            onChange={setPlace}
            modes={['units', 'polygon', 'point']}
            mode={mode}
            onMode={setMode}
          />
          <Textarea
            label={t('note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={1}
          />
          <FormButtons canSave={canSave} pending={save.isPending} testId="cluster-save" />
        </Stack>
      </form>
      {c && detail.data && (
        <>
          <Divider my="md" />
          {c.status !== 'closed' && (
            <Alert
              color={c.suggestClose ? 'green' : 'gray'}
              variant="light"
              mb="sm"
              p="xs"
              data-testid="cluster-form-suggestion"
            >
              {c.suggestion[lang]}
            </Alert>
          )}
          {c.warnings.length > 0 && (
            <Alert
              color="orange"
              variant="light"
              mb="sm"
              p="xs"
              title={t('warningTitle')}
              data-testid="cluster-form-warnings"
            >
              <Stack gap={4}>
                {c.warnings.map((w) => (
                  <Text key={w.day} size="sm">
                    {w.message[lang]}
                  </Text>
                ))}
              </Stack>
            </Alert>
          )}
          <CasesSection id={c.id} openedOn={c.openedOn} cases={detail.data.cases} />
          {c.status !== 'closed' ? (
            <CloseSection id={c.id} name={c.name} openedOn={c.openedOn} />
          ) : (
            <Text size="sm" mt="md">
              {t('closedLine', { day: formatDate(c.closedOn ?? ''), by: c.closedBy ?? '' })}
            </Text>
          )}
          <Divider my="sm" />
          <Group justify="flex-end">
            <RemoveButton kind="cluster" id={c.id} name={c.name} />
          </Group>
        </>
      )}
    </DrawingFormModal>
  );
}

function CasesSection(props: {
  readonly id: string;
  readonly openedOn: string;
  readonly cases: readonly { day: string; count: number }[];
}): React.JSX.Element {
  const t = useStrings(strings);
  const notify = useNotify();
  const [day, setDay] = useState<string | null>(vnToday());
  const [count, setCount] = useState<number | string>('');
  const set = useApiMutation('clusters.setCases', {
    onSuccess: () => setCount(''),
    onError: (err) => notify.error(err),
  });
  return (
    <Stack gap={6}>
      <Text fw={600} size="sm">
        {t('casesTitle')}
      </Text>
      {props.cases.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('noCases')}
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={2} withRowBorders={false} data-testid="cluster-cases">
          <Table.Tbody>
            {props.cases.map((k) => (
              <Table.Tr key={k.day}>
                <Table.Td w={120}>{formatDate(k.day)}</Table.Td>
                <Table.Td>{k.count}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (day && typeof count === 'number') set.mutate({ id: props.id, day, count });
        }}
      >
        <Group align="flex-end" gap="xs">
          <DayField label={t('caseDay')} value={day} onChange={setDay} minDay={props.openedOn} maxDay={vnToday()} />
          <NumberInput
            label={t('caseCount')}
            value={count}
            onChange={setCount}
            min={0}
            max={1_000_000}
            allowDecimal={false}
            w={100}
            data-testid="case-count"
          />
          <Button
            type="submit"
            variant="light"
            disabled={!day || typeof count !== 'number'}
            loading={set.isPending}
            data-testid="case-save"
          >
            {t('caseSave')}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}

function CloseSection(props: {
  readonly id: string;
  readonly name: string;
  readonly openedOn: string;
}): React.JSX.Element {
  const t = useStrings(strings);
  const notify = useNotify();
  const [day, setDay] = useState<string | null>(vnToday());
  const [reason, setReason] = useState('');
  const close = useApiMutation('clusters.close', {
    onSuccess: (c) => notify.success(t('closed', { name: c.name })),
    onError: (err) => notify.error(err),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (day && reason.trim()) close.mutate({ id: props.id, day, reason });
      }}
    >
      <Stack gap={6} mt="md">
        <Text fw={600} size="sm">
          {t('closeTitle', { name: props.name })}
        </Text>
        <Text size="xs" c="dimmed">
          {t('closeHint')}
        </Text>
        <Group align="flex-end" gap="xs" grow>
          <DayField label={t('closeDay')} value={day} onChange={setDay} minDay={props.openedOn} maxDay={vnToday()} />
          <TextInput
            label={t('reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="cluster-close-reason"
          />
        </Group>
        <EndButton
          label={t('closeConfirm')}
          disabled={!day || !reason.trim()}
          pending={close.isPending}
          testId="cluster-close"
        />
      </Stack>
    </form>
  );
}
