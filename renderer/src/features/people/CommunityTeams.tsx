import { ActionIcon, Button, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { CommunityTeam, Person } from '../../../../shared/contract-people';
import { ROLE_LABELS, TEAM_ROLES, type TeamRole } from '../../../../shared/people';
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

/** Community COVID teams of the district's hamlets: members with roles, households, decision. */
export function CommunityTeams(props: {
  readonly district: string | null;
  readonly units: readonly UnitSummary[];
  readonly onChanged: () => void;
}): React.JSX.Element {
  const { t, lang } = usePeopleText();
  const call = useCall();
  const { mayWrite, editing, setEditing, deleting, setDeleting, saved, deleted } = useTeamEditing<CommunityTeam>(
    props.onChanged,
  );
  const people = usePeopleList();
  const { district } = props;
  const list = useApiQuery('teams.communityList', district ? { within: district } : {});
  useErrorNotice(list.error);
  const teams = list.data ?? [];
  const hamlets = useMemo(() => unitOptions(props.units, ['hamlet']), [props.units]);

  return (
    <Stack gap="sm" data-testid="community-teams">
      <Group justify="space-between">
        <Title order={5}>{t('teamCommunity')}</Title>
        {mayWrite && (
          <Button
            size="xs"
            onClick={() => setEditing('new')}
            disabled={hamlets.length === 0}
            data-testid="community-add"
          >
            {t('teamAdd')}
          </Button>
        )}
      </Group>
      {hamlets.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('teamNoHamlets')}
        </Text>
      )}
      {teams.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('teamCommunityEmpty')}
        </Text>
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('teamHamlet')}</Table.Th>
              <Table.Th>{t('teamName')}</Table.Th>
              <Table.Th>{t('teamMembers')}</Table.Th>
              <Table.Th>{t('households')}</Table.Th>
              <Table.Th>{t('teamDecision')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {teams.map((c) => (
              <Table.Tr key={c.id} data-testid="community-row">
                <Table.Td>{c.hamletName}</Table.Td>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>
                  {c.members
                    .map((m) => `${m.fullName} (${ROLE_LABELS[m.role][lang]}${m.personId === c.leaderId ? ', ★' : ''})`)
                    .join('; ')}
                </Table.Td>
                <Table.Td>{c.households ?? '—'}</Table.Td>
                <Table.Td>
                  {[c.decisionNumber, c.decisionDate && formatDate(c.decisionDate)].filter(Boolean).join(' · ') || '—'}
                </Table.Td>
                <Table.Td>
                  <TeamRowActions
                    mayWrite={mayWrite}
                    onEdit={() => setEditing(c)}
                    onDelete={() => setDeleting(c)}
                    deleteTestId="community-delete"
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
          message={t('teamDeleteCommunityMsg', { name: deleting.name, hamlet: deleting.hamletName })}
          deletedName={deleting.name}
          onConfirm={(reason) => call('teams.communityDelete', { id: deleting.id, reason })}
          onDeleted={() => deleted(deleting.id)}
          onCancel={() => setDeleting(null)}
        />
      )}
      {editing && (
        <CommunityForm
          key={editing === 'new' ? 'new' : editing.id}
          team={editing === 'new' ? null : editing}
          people={people}
          hamlets={hamlets}
          onDone={saved}
          onCancel={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

function CommunityForm(props: {
  readonly team: CommunityTeam | null;
  readonly people: readonly Person[];
  readonly hamlets: { value: string; label: string }[];
  readonly onDone: () => void;
  readonly onCancel: () => void;
}): React.JSX.Element {
  const { t, lang } = usePeopleText();
  const notify = useNotify();
  const c = props.team;
  const [hamlet, setHamlet] = useState<string | null>(c?.hamletCode ?? null);
  const [name, setName] = useState(c?.name ?? '');
  const [members, setMembers] = useState<{ personId: string | null; role: TeamRole }[]>(
    c?.members.map((m) => ({ personId: m.personId, role: m.role })) ?? [{ personId: null, role: 'truong-ap' }],
  );
  const [leader, setLeader] = useState<string | null>(c?.leaderId ?? null);
  const [households, setHouseholds] = useState<number | string>(c?.households ?? '');
  const [decisionNumber, setDecisionNumber] = useState(c?.decisionNumber ?? '');
  const [decisionDate, setDecisionDate] = useState<string | null>(c?.decisionDate ?? null);
  const options = personOptions(props.people);
  const roleOptions = TEAM_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] }));
  const chosen = members.filter((m): m is { personId: string; role: TeamRole } => m.personId !== null);
  const saver = useApiMutation('teams.communitySave', {
    onSuccess: (r) => {
      notify.success(t('teamSaved', { name: r.name }));
      props.onDone();
    },
    onError: (err) => notify.error(err),
  });
  const save = (): void => {
    if (!hamlet) return;
    saver.mutate({
      ...(c ? { id: c.id } : {}),
      hamletCode: hamlet,
      name,
      leaderId: leader && chosen.some((m) => m.personId === leader) ? leader : null,
      members: chosen,
      households: typeof households === 'number' ? households : null,
      decisionNumber,
      decisionDate: decisionDate ?? null,
    });
  };
  const setMember = (i: number, patch: Partial<{ personId: string | null; role: TeamRole }>): void =>
    setMembers((ms) => ms.map((m, j) => (j === i ? { ...m, ...patch } : m)));

  return (
    <Stack gap="xs" data-testid="community-form">
      <Group grow>
        <Select
          label={t('teamHamlet')}
          data={props.hamlets}
          value={hamlet}
          onChange={setHamlet}
          searchable
          filter={viFilter}
          required
        />
        <TextInput label={t('teamName')} required value={name} onChange={(e) => setName(e.currentTarget.value)} />
      </Group>
      <Text size="sm" fw={600}>
        {t('teamMembers')}
      </Text>
      {members.map((m, i) => (
        <Group key={i} grow wrap="nowrap" align="flex-end">
          <Select
            aria-label={t('teamMembers')}
            data={options}
            value={m.personId}
            onChange={(v) => setMember(i, { personId: v })}
            searchable
            filter={viFilter}
            placeholder={t('teamPickPerson')}
          />
          <Select
            aria-label={t('pplRole')}
            data={roleOptions}
            value={m.role}
            onChange={(v) => {
              const role = TEAM_ROLES.find((r) => r === v);
              if (role) setMember(i, { role });
            }}
            allowDeselect={false}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('teamRemoveMember')}
            onClick={() => setMembers((ms) => ms.filter((_, j) => j !== i))}
            style={{ flex: '0 0 auto' }}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="light"
          onClick={() => setMembers((ms) => [...ms, { personId: null, role: 'tinh-nguyen' }])}
        >
          {t('teamAddMember')}
        </Button>
        <Text size="xs" c="dimmed">
          {t('teamMembersHint')}
        </Text>
      </Group>
      <Group grow>
        <Select
          label={t('teamLeader')}
          data={options.filter((o) => chosen.some((m) => m.personId === o.value))}
          value={leader}
          onChange={setLeader}
          clearable
        />
        <NumberInput label={t('households')} min={0} value={households} onChange={setHouseholds} />
      </Group>
      <Group grow>
        <TextInput
          label={t('teamDecision')}
          placeholder="123/QĐ-UBND"
          value={decisionNumber}
          onChange={(e) => setDecisionNumber(e.currentTarget.value)}
        />
        <DayField label={t('teamDecisionDate')} value={decisionDate} onChange={setDecisionDate} />
      </Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onCancel}>
          {t('cancel')}
        </Button>
        <Button onClick={save} disabled={!hamlet || !name.trim()} loading={saver.isPending}>
          {t('save')}
        </Button>
      </Group>
    </Stack>
  );
}
