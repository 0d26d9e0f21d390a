import { Button, Group, MultiSelect, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Person, SteeringTeam } from '../../../../shared/contract-people';
import type { UnitSummary } from '../../../../shared/contract';
import { formatDate } from '../../../../shared/time';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { useNotify } from '../../ui/Notifications';
import { useApiMutation, useApiQuery, useCall } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { usePeopleText } from './strings';
import { DayField } from '../../ui/DateFields';
import { TeamRowActions } from './TeamRowActions';
import { personOptions, useTeamEditing, usePeopleList } from './team-editing';
import { unitOptions, viFilter } from './unit-options';

/** Steering teams (Tổ chỉ đạo): leader, members, the district or communes directed, period. */
export function SteeringTeams(props: {
  readonly district: string | null;
  readonly districtName: string;
  readonly units: readonly UnitSummary[];
  readonly onChanged: () => void;
}): React.JSX.Element {
  const { t } = usePeopleText();
  const call = useCall();
  const { mayWrite, editing, setEditing, deleting, setDeleting, saved, deleted } = useTeamEditing<SteeringTeam>(
    props.onChanged,
  );
  const people = usePeopleList();
  const list = useApiQuery('teams.steeringList', {});
  useErrorNotice(list.error);
  const teams = list.data ?? [];
  const areaOptions = useMemo(
    () => [
      ...(props.district ? [{ value: props.district, label: props.districtName }] : []),
      ...unitOptions(props.units, ['commune']),
    ],
    [props.district, props.districtName, props.units],
  );

  return (
    <Stack gap="sm" data-testid="steering-teams">
      <Group justify="space-between">
        <Title order={5}>{t('teamSteering')}</Title>
        {mayWrite && (
          <Button size="xs" onClick={() => setEditing('new')} data-testid="steering-add">
            {t('teamAdd')}
          </Button>
        )}
      </Group>
      {teams.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('teamSteeringEmpty')}
        </Text>
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('teamName')}</Table.Th>
              <Table.Th>{t('teamLeader')}</Table.Th>
              <Table.Th>{t('teamMembers')}</Table.Th>
              <Table.Th>{t('teamAreas')}</Table.Th>
              <Table.Th>{t('teamPeriod')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {teams.map((s) => (
              <Table.Tr key={s.id} data-testid="steering-row">
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{s.leaderName ?? '—'}</Table.Td>
                <Table.Td>{s.memberNames.join(', ')}</Table.Td>
                <Table.Td>{s.areaNames.join(', ')}</Table.Td>
                <Table.Td>
                  {formatDate(s.from)} → {s.to ? formatDate(s.to) : '…'}
                </Table.Td>
                <Table.Td>
                  <TeamRowActions
                    mayWrite={mayWrite}
                    onEdit={() => setEditing(s)}
                    onDelete={() => setDeleting(s)}
                    deleteTestId="steering-delete"
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {deleting && (
        <ConfirmDelete
          title={t('deleteTitle', { name: deleting.name })}
          message={t('teamDeleteSteeringMsg', { name: deleting.name })}
          deletedName={deleting.name}
          onConfirm={(reason) => call('teams.steeringDelete', { id: deleting.id, reason })}
          onDeleted={() => deleted(deleting.id)}
          onCancel={() => setDeleting(null)}
        />
      )}
      {editing && (
        <SteeringForm
          key={editing === 'new' ? 'new' : editing.id}
          team={editing === 'new' ? null : editing}
          people={people}
          areaOptions={areaOptions}
          onDone={saved}
          onCancel={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

function SteeringForm(props: {
  readonly team: SteeringTeam | null;
  readonly people: readonly Person[];
  readonly areaOptions: { value: string; label: string }[];
  readonly onDone: () => void;
  readonly onCancel: () => void;
}): React.JSX.Element {
  const { t } = usePeopleText();
  const notify = useNotify();
  const s = props.team;
  const [name, setName] = useState(s?.name ?? '');
  const [leader, setLeader] = useState<string | null>(s?.leaderId ?? null);
  const [members, setMembers] = useState<string[]>(s?.memberIds ?? []);
  const [areas, setAreas] = useState<string[]>(s?.areaCodes ?? []);
  const [from, setFrom] = useState<string | null>(s?.from ?? null);
  const [to, setTo] = useState<string | null>(s?.to ?? null);
  const options = personOptions(props.people);
  const saver = useApiMutation('teams.steeringSave', {
    onSuccess: (r) => {
      notify.success(t('teamSaved', { name: r.name }));
      props.onDone();
    },
    onError: (err) => notify.error(err),
  });
  const save = (): void => {
    saver.mutate({
      ...(s ? { id: s.id } : {}),
      name,
      leaderId: leader,
      memberIds: members,
      areaCodes: areas,
      ...(from ? { from } : {}),
      to: to ?? null,
    });
  };
  return (
    <Stack gap="xs" data-testid="steering-form">
      <TextInput label={t('teamName')} required value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <Group grow>
        <Select
          label={t('teamLeader')}
          data={options}
          value={leader}
          onChange={setLeader}
          searchable
          clearable
          filter={viFilter}
        />
        <MultiSelect
          label={t('teamMembers')}
          data={options}
          value={members}
          onChange={setMembers}
          searchable
          filter={viFilter}
        />
      </Group>
      <MultiSelect
        label={t('teamAreas')}
        data={props.areaOptions}
        value={areas}
        onChange={setAreas}
        searchable
        filter={viFilter}
        required
      />
      <Group grow>
        <DayField label={t('pplFrom')} value={from} onChange={setFrom} />
        <DayField label={t('pplTo')} value={to} onChange={setTo} minDay={from ?? undefined} />
      </Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onCancel}>
          {t('cancel')}
        </Button>
        <Button onClick={save} disabled={!name.trim() || areas.length === 0} loading={saver.isPending}>
          {t('save')}
        </Button>
      </Group>
    </Stack>
  );
}
