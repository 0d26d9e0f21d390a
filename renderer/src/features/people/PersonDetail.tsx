import { Badge, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { UnitSummary } from '../../../../shared/contract';
import type { Assignment } from '../../../../shared/contract-people';
import { ASSIGNMENT_ROLES, ROLE_LABELS, vnToday, type AssignmentRole } from '../../../../shared/people';
import { formatDate } from '../../../../shared/time';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { useNotify } from '../../ui/Notifications';
import { useApiMutation, useApiQuery, useCall } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { useMay } from '../auth/me';
import { usePeopleText, type PeopleTextKey } from './strings';
import { DayField } from '../../ui/DateFields';
import { PersonForm } from './PersonForm';
import { unitOptions, viFilter } from './unit-options';

const STATE_KEYS: Readonly<Record<Assignment['state'], PeopleTextKey>> = {
  active: 'pplStateActive',
  ended: 'pplStateEnded',
  future: 'pplStateFuture',
};

/** A person: their form, their assignments (with history) and a form to assign them. */
export function PersonDetail(props: {
  readonly id: string;
  readonly units: readonly UnitSummary[];
  readonly onChanged: () => void;
  readonly onDeleted: () => void;
}): React.JSX.Element {
  const { t, lang } = usePeopleText();
  const notify = useNotify();
  const mayWrite = useMay('write');
  // What the confirmation dialog is about to delete: the person, or one of their assignments.
  const [deleting, setDeleting] = useState<{ readonly kind: 'person' } | Assignment | null>(null);
  const query = useApiQuery('people.get', { id: props.id });
  useErrorNotice(query.error);
  const detail = query.data;
  const options = useMemo(() => unitOptions(props.units, ['commune', 'hamlet']), [props.units]);
  const [unit, setUnit] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>('phu-trach');
  const [from, setFrom] = useState<string | null>(() => vnToday(Date.now()));
  const [to, setTo] = useState<string | null>(null);
  const assigner = useApiMutation('people.assign', {
    onSuccess: (a) => {
      notify.success(t('pplAssigned', { name: a.personName, unit: a.unitName }));
      setUnit(null);
      props.onChanged();
    },
    onError: (err) => notify.error(err),
  });
  const ender = useApiMutation('people.endAssignment', { onError: (err) => notify.error(err) });
  const call = useCall();

  if (!detail) return <Text size="sm">{t('loading')}</Text>;

  const assign = (): void => {
    const r = ASSIGNMENT_ROLES.find((x) => x === role);
    if (!unit || !r || !from) return;
    assigner.mutate({
      personId: props.id,
      unitCode: unit,
      role: r satisfies AssignmentRole,
      from,
      ...(to ? { to } : {}),
    });
  };
  const end = (a: Assignment): void =>
    ender.mutate(
      { id: a.id },
      {
        onSuccess: () => {
          notify.success(t('pplEnded', { unit: a.unitName }));
          props.onChanged();
        },
      },
    );

  const confirmDelete = (reason: string): Promise<unknown> => {
    if (!deleting) return Promise.resolve();
    return 'kind' in deleting
      ? call('people.delete', { id: props.id, reason })
      : call('people.deleteAssignment', { id: deleting.id, reason });
  };
  const afterDelete = (): void => {
    const wasPerson = deleting !== null && 'kind' in deleting;
    setDeleting(null);
    if (wasPerson) props.onDeleted();
    else props.onChanged();
  };

  return (
    <Stack gap="md">
      <PersonForm person={detail.person} units={props.units} onSaved={() => props.onChanged()} readOnly={!mayWrite} />
      {mayWrite && (
        <Group justify="flex-end" mt={-8}>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            onClick={() => setDeleting({ kind: 'person' })}
            data-testid="person-delete"
          >
            {t('pplDelete')}
          </Button>
        </Group>
      )}
      {deleting && (
        <ConfirmDelete
          title={t('deleteTitle', { name: 'kind' in deleting ? detail.person.fullName : deleting.unitName })}
          message={
            'kind' in deleting
              ? t('pplDeleteMsg', { name: detail.person.fullName })
              : t('pplAssignmentDeleteMsg', {
                  role: ROLE_LABELS[deleting.role][lang],
                  unit: deleting.unitName,
                  from: formatDate(deleting.from),
                })
          }
          deletedName={
            'kind' in deleting ? detail.person.fullName : `${ROLE_LABELS[deleting.role][lang]} — ${deleting.unitName}`
          }
          onConfirm={confirmDelete}
          onDeleted={afterDelete}
          onCancel={() => setDeleting(null)}
        />
      )}
      <Stack gap="xs">
        <Title order={5}>{t('pplAssignments')}</Title>
        {detail.assignments.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="assignments-empty">
            {t('pplNoAssignments')}
          </Text>
        ) : (
          <Table striped withTableBorder data-testid="assignments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('pplArea')}</Table.Th>
                <Table.Th>{t('pplRole')}</Table.Th>
                <Table.Th>{t('pplFrom')}</Table.Th>
                <Table.Th>{t('pplTo')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.assignments.map((a) => (
                <Table.Tr key={a.id} data-testid="assignment-row" data-state={a.state}>
                  <Table.Td>{a.unitName}</Table.Td>
                  <Table.Td>{ROLE_LABELS[a.role][lang]}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(a.from)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.to ? formatDate(a.to) : '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge
                        size="sm"
                        tt="none"
                        style={{ flexShrink: 0 }}
                        variant="light"
                        color={a.state === 'active' ? 'teal' : a.state === 'ended' ? 'gray' : 'blue'}
                      >
                        {t(STATE_KEYS[a.state])}
                      </Badge>
                      {mayWrite && a.state !== 'ended' && (
                        <Button size="compact-xs" variant="subtle" onClick={() => end(a)} data-testid="assignment-end">
                          {t('pplEndNow')}
                        </Button>
                      )}
                      {mayWrite && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setDeleting(a)}
                          aria-label={t('pplAssignmentDelete')}
                          title={t('pplAssignmentDelete')}
                          data-testid="assignment-delete"
                        >
                          {t('delete')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {detail.communityTeams.length + detail.steeringTeams.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('pplTeamsOf', {
              list: [...detail.steeringTeams.map((s) => s.name), ...detail.communityTeams.map((c) => c.name)].join(
                ', ',
              ),
            })}
          </Text>
        )}
      </Stack>
      {mayWrite && (
        <Stack gap="xs" data-testid="assign-form">
          <Title order={6}>{t('pplAssignTitle')}</Title>
          {options.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('pplNoUnits')}
            </Text>
          ) : (
            <>
              <Group grow align="flex-end">
                <Select
                  label={t('pplArea')}
                  placeholder={t('pplAreaPick')}
                  data={options}
                  value={unit}
                  onChange={setUnit}
                  searchable
                  filter={viFilter}
                  nothingFoundMessage={t('searchNothing', { query: '' })}
                  data-testid="assign-unit"
                />
                <Select
                  label={t('pplRole')}
                  data={ASSIGNMENT_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] }))}
                  value={role}
                  onChange={setRole}
                  allowDeselect={false}
                  data-testid="assign-role"
                />
              </Group>
              <Group grow align="flex-end">
                <DayField label={t('pplFrom')} value={from} onChange={setFrom} required data-testid="assign-from" />
                <DayField
                  label={t('pplTo')}
                  description={t('pplToHint')}
                  value={to}
                  onChange={setTo}
                  minDay={from ?? undefined}
                  data-testid="assign-to"
                />
                <Button
                  onClick={assign}
                  disabled={!unit || !from}
                  loading={assigner.isPending}
                  data-testid="assign-submit"
                >
                  {t('pplAssign')}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      )}
    </Stack>
  );
}
