import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { UnitSummary } from '../../../../shared/contract';
import type { CommunityTeam, Person, SteeringTeam } from '../../../../shared/contract-people';
import { ROLE_LABELS, TEAM_ROLES, type TeamRole } from '../../../../shared/people';
import { invoke } from '../../api';
import { useI18n } from '../../i18n';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { useNotify } from '../../components/Notifications';
import { unitOptions, viFilter } from './PeopleRegister';

function usePeople(version: number): readonly Person[] {
  const notify = useNotify();
  const [people, setPeople] = useState<readonly Person[]>([]);
  useEffect(() => {
    let stale = false;
    invoke('people.list', {})
      .then((p) => {
        if (!stale) setPeople(p);
      })
      .catch((err: unknown) => notify.error(err));
    return () => {
      stale = true;
    };
  }, [version, notify]);
  return people;
}

const personOptions = (people: readonly Person[]): { value: string; label: string }[] =>
  people.map((p) => ({ value: p.id, label: p.position ? `${p.fullName} — ${p.position}` : p.fullName }));

/** Steering teams (Tổ chỉ đạo): leader, members, the district or communes directed, period. */
/**
 * What both team lists keep: the record being edited (or a new one), the one being deleted, and
 * a version that reloads the list; `saved`/`deleted` close the dialogs and tell the parent.
 */
function useTeamEditing<T extends { readonly id: string }>(onChanged: () => void) {
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  const changed = (): void => {
    setVersion((v) => v + 1);
    onChanged();
  };
  return {
    version,
    editing,
    setEditing,
    deleting,
    setDeleting,
    saved: (): void => {
      setEditing(null);
      changed();
    },
    deleted: (id: string): void => {
      if (editing !== 'new' && editing?.id === id) setEditing(null);
      setDeleting(null);
      changed();
    },
  };
}

export function SteeringTeams(props: {
  readonly district: string | null;
  readonly districtName: string;
  readonly units: readonly UnitSummary[];
  readonly onChanged: () => void;
}): React.JSX.Element {
  const { t } = useI18n();
  const notify = useNotify();
  const { version, editing, setEditing, deleting, setDeleting, saved, deleted } = useTeamEditing<SteeringTeam>(
    props.onChanged,
  );
  const people = usePeople(version);
  const [teams, setTeams] = useState<readonly SteeringTeam[]>([]);
  useEffect(() => {
    invoke('teams.steeringList', {})
      .then(setTeams)
      .catch((err: unknown) => notify.error(err));
  }, [version, notify]);
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
        <Button size="xs" onClick={() => setEditing('new')} data-testid="steering-add">
          {t('teamAdd')}
        </Button>
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
                  {s.from} → {s.to ?? '…'}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing(s)}>
                      {t('edit')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => setDeleting(s)}
                      data-testid="steering-delete"
                    >
                      {t('delete')}
                    </Button>
                  </Group>
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
          onConfirm={(reason) => invoke('teams.steeringDelete', { id: deleting.id, reason })}
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
  const { t } = useI18n();
  const notify = useNotify();
  const s = props.team;
  const [name, setName] = useState(s?.name ?? '');
  const [leader, setLeader] = useState<string | null>(s?.leaderId ?? null);
  const [members, setMembers] = useState<string[]>(s?.memberIds ?? []);
  const [areas, setAreas] = useState<string[]>(s?.areaCodes ?? []);
  const [from, setFrom] = useState(s?.from ?? '');
  const [to, setTo] = useState(s?.to ?? '');
  const options = personOptions(props.people);
  const save = (): void => {
    invoke('teams.steeringSave', {
      ...(s ? { id: s.id } : {}),
      name,
      leaderId: leader,
      memberIds: members,
      areaCodes: areas,
      ...(from ? { from } : {}),
      to: to || null,
    })
      .then((r) => {
        notify.success(t('teamSaved', { name: r.name }));
        props.onDone();
      })
      .catch((err: unknown) => notify.error(err));
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
        <TextInput type="date" label={t('pplFrom')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label={t('pplTo')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onCancel}>
          {t('cancel')}
        </Button>
        <Button onClick={save} disabled={!name.trim() || areas.length === 0}>
          {t('save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Community COVID teams of the district's hamlets: members with roles, households, decision. */
export function CommunityTeams(props: {
  readonly district: string | null;
  readonly units: readonly UnitSummary[];
  readonly onChanged: () => void;
}): React.JSX.Element {
  const { t, lang } = useI18n();
  const notify = useNotify();
  const { version, editing, setEditing, deleting, setDeleting, saved, deleted } = useTeamEditing<CommunityTeam>(
    props.onChanged,
  );
  const people = usePeople(version);
  const [teams, setTeams] = useState<readonly CommunityTeam[]>([]);
  const { district } = props;
  useEffect(() => {
    invoke('teams.communityList', district ? { within: district } : {})
      .then(setTeams)
      .catch((err: unknown) => notify.error(err));
  }, [district, version, notify]);
  const hamlets = useMemo(() => unitOptions(props.units, ['hamlet']), [props.units]);

  return (
    <Stack gap="sm" data-testid="community-teams">
      <Group justify="space-between">
        <Title order={5}>{t('teamCommunity')}</Title>
        <Button size="xs" onClick={() => setEditing('new')} disabled={hamlets.length === 0} data-testid="community-add">
          {t('teamAdd')}
        </Button>
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
                <Table.Td>{[c.decisionNumber, c.decisionDate].filter(Boolean).join(' · ') || '—'}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing(c)}>
                      {t('edit')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => setDeleting(c)}
                      data-testid="community-delete"
                    >
                      {t('delete')}
                    </Button>
                  </Group>
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
          onConfirm={(reason) => invoke('teams.communityDelete', { id: deleting.id, reason })}
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
  const { t, lang } = useI18n();
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
  const [decisionDate, setDecisionDate] = useState(c?.decisionDate ?? '');
  const options = personOptions(props.people);
  const roleOptions = TEAM_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] }));
  const chosen = members.filter((m): m is { personId: string; role: TeamRole } => m.personId !== null);
  const save = (): void => {
    if (!hamlet) return;
    invoke('teams.communitySave', {
      ...(c ? { id: c.id } : {}),
      hamletCode: hamlet,
      name,
      leaderId: leader && chosen.some((m) => m.personId === leader) ? leader : null,
      members: chosen,
      households: typeof households === 'number' ? households : null,
      decisionNumber,
      decisionDate: decisionDate || null,
    })
      .then((r) => {
        notify.success(t('teamSaved', { name: r.name }));
        props.onDone();
      })
      .catch((err: unknown) => notify.error(err));
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
        <TextInput
          type="date"
          label={t('teamDecisionDate')}
          value={decisionDate}
          onChange={(e) => setDecisionDate(e.currentTarget.value)}
        />
      </Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onCancel}>
          {t('cancel')}
        </Button>
        <Button onClick={save} disabled={!hamlet || !name.trim()}>
          {t('save')}
        </Button>
      </Group>
    </Stack>
  );
}
