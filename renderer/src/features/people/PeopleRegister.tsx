import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  type ComboboxParsedItem,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { UnitSummary } from '../../../../shared/contract';
import type { Assignment, Person } from '../../../../shared/contract-people';
import {
  ASSIGNMENT_ROLES,
  COMMITTEE_LEVELS,
  COMMITTEE_LEVEL_LABELS,
  ROLE_LABELS,
  formatPhone,
  vnToday,
  type AssignmentRole,
  type CommitteeLevel,
} from '../../../../shared/people';
import { matchesQuery } from '../../../../shared/text';
import { ApiFailure, invoke } from '../../api';
import { formatDay } from '../../risk-map';
import { useI18n, type MessageKey } from '../../i18n';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { useNotify } from '../../components/Notifications';
import './people.css';

/** Options for choosing a commune or hamlet of the district ("Ấp 1 — Xã An Bình"). */
export function unitOptions(
  units: readonly UnitSummary[],
  levels: readonly string[],
): { value: string; label: string }[] {
  const names = new Map(units.map((u) => [u.code, u.name]));
  return units
    .filter((u) => levels.includes(u.level))
    .map((u) => ({
      value: u.code,
      label: u.level === 'hamlet' && u.parentCode ? `${u.name} — ${names.get(u.parentCode) ?? u.parentCode}` : u.name,
    }));
}

/** Combobox filter without diacritics ("long dien dong" finds "Xã Long Điền Đông"). */
export function viFilter(input: { options: ComboboxParsedItem[]; search: string }): ComboboxParsedItem[] {
  return input.options.filter((o) => 'label' in o && matchesQuery(o.label, input.search));
}

const STATE_KEYS: Readonly<Record<Assignment['state'], MessageKey>> = {
  active: 'pplStateActive',
  ended: 'pplStateEnded',
  future: 'pplStateFuture',
};

/** The register: a searchable list of people, a form per person, and their assignments. */
export function PeopleRegister(props: {
  readonly units: readonly UnitSummary[];
  readonly onChanged: () => void;
}): React.JSX.Element {
  const { t } = useI18n();
  const notify = useNotify();
  const [query, setQuery] = useState('');
  const [people, setPeople] = useState<readonly Person[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let stale = false;
    invoke('people.list', query.trim() ? { query } : {})
      .then((list) => {
        if (!stale) setPeople(list);
      })
      .catch((err: unknown) => notify.error(err));
    return () => {
      stale = true;
    };
  }, [query, version, notify]);

  const changed = (id?: string): void => {
    setVersion((v) => v + 1);
    if (id) setSelected(id);
    props.onChanged();
  };

  return (
    <Grid gap="md">
      <Grid.Col span={4}>
        <Stack gap="xs">
          <Group gap="xs" wrap="nowrap">
            <TextInput
              flex={1}
              placeholder={t('pplSearch')}
              aria-label={t('pplSearch')}
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              data-testid="people-search"
            />
            <Button onClick={() => setSelected('new')} data-testid="people-add">
              {t('pplAdd')}
            </Button>
          </Group>
          <div className="saban-people-list" role="listbox" aria-label={t('pplListLabel')}>
            {people.length === 0 && (
              <Text size="sm" c="dimmed" p="xs" data-testid="people-empty">
                {query.trim() ? t('pplNone') : t('pplEmpty')}
              </Text>
            )}
            {people.map((p) => (
              <button
                key={p.id}
                type="button"
                role="option"
                aria-selected={selected === p.id}
                className="saban-people-row"
                onClick={() => setSelected(p.id)}
                data-testid="people-row"
                data-id={p.id}
              >
                <Text size="sm" fw={600}>
                  {p.fullName}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {[p.position, p.phones.map(formatPhone).join(', ')].filter(Boolean).join(' · ')}
                </Text>
              </button>
            ))}
          </div>
        </Stack>
      </Grid.Col>
      <Grid.Col span={8}>
        {selected === 'new' ? (
          <PersonForm person={null} units={props.units} onSaved={(id) => changed(id)} />
        ) : selected ? (
          <PersonDetail
            key={`${selected}-${version}`}
            id={selected}
            units={props.units}
            onChanged={() => changed()}
            onDeleted={() => {
              setSelected(null);
              changed();
            }}
          />
        ) : (
          <Text size="sm" c="dimmed">
            {t('pplPickHint')}
          </Text>
        )}
      </Grid.Col>
    </Grid>
  );
}

function PersonForm(props: {
  readonly person: Person | null;
  readonly units: readonly UnitSummary[];
  readonly onSaved: (id: string) => void;
}): React.JSX.Element {
  const { t, lang } = useI18n();
  const notify = useNotify();
  const p = props.person;
  const [fullName, setFullName] = useState(p?.fullName ?? '');
  const [position, setPosition] = useState(p?.position ?? '');
  const [level, setLevel] = useState<string | null>(p?.committeeLevel ?? null);
  const [phones, setPhones] = useState(p ? p.phones.map(formatPhone).join(', ') : '');
  const [notes, setNotes] = useState(p?.notes ?? '');
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = (allowDuplicate: boolean): void => {
    setSaving(true);
    const committeeLevel = (COMMITTEE_LEVELS as readonly (string | null)[]).includes(level)
      ? (level as CommitteeLevel)
      : null;
    invoke('people.save', {
      ...(p ? { id: p.id } : {}),
      fullName,
      position,
      committeeLevel,
      unitCode: p?.unitCode ?? null,
      phones,
      notes,
      allowDuplicate,
    })
      .then((r) => {
        setDuplicate(null);
        notify.success(
          t('pplSaved', { name: r.person.fullName }),
          r.phoneWarnings.length > 0 ? t('pplPhoneOdd', { list: r.phoneWarnings.join('; ') }) : undefined,
        );
        props.onSaved(r.person.id);
      })
      .catch((err: unknown) => {
        if (err instanceof ApiFailure && err.code === 'conflict') setDuplicate(err.message);
        else notify.error(err);
      })
      .finally(() => setSaving(false));
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save(false);
      }}
    >
      <Stack gap="xs" data-testid="person-form">
        <Title order={5}>{p ? t('pplEditTitle', { name: p.fullName }) : t('pplNewTitle')}</Title>
        <TextInput
          label={t('pplFullName')}
          required
          value={fullName}
          onChange={(e) => setFullName(e.currentTarget.value)}
          data-testid="person-name"
        />
        <TextInput
          label={t('pplPosition')}
          placeholder={t('pplPositionHint')}
          value={position}
          onChange={(e) => setPosition(e.currentTarget.value)}
          data-testid="person-position"
        />
        <Group grow>
          <Select
            label={t('pplCommitteeLevel')}
            data={COMMITTEE_LEVELS.map((l) => ({ value: l, label: COMMITTEE_LEVEL_LABELS[l][lang] }))}
            value={level}
            onChange={setLevel}
            clearable
            data-testid="person-level"
          />
          <TextInput
            label={t('pplPhones')}
            description={t('pplPhonesHint')}
            value={phones}
            onChange={(e) => setPhones(e.currentTarget.value)}
            data-testid="person-phones"
          />
        </Group>
        <Textarea
          label={t('pplNotes')}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          autosize
          minRows={1}
          data-testid="person-notes"
        />
        {duplicate && (
          <Alert color="orange" title={t('pplDuplicateTitle')} data-testid="person-duplicate">
            <Text size="sm">{duplicate}</Text>
            <Button mt="xs" size="xs" variant="light" color="orange" onClick={() => save(true)}>
              {t('pplSaveAnyway')}
            </Button>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={saving} disabled={!fullName.trim()} data-testid="person-save">
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PersonDetail(props: {
  readonly id: string;
  readonly units: readonly UnitSummary[];
  readonly onChanged: () => void;
  readonly onDeleted: () => void;
}): React.JSX.Element {
  const { t, lang } = useI18n();
  const notify = useNotify();
  // What the confirmation dialog is about to delete: the person, or one of their assignments.
  const [deleting, setDeleting] = useState<{ readonly kind: 'person' } | Assignment | null>(null);
  const [detail, setDetail] = useState<Awaited<ReturnType<typeof loadPerson>> | null>(null);
  const options = useMemo(() => unitOptions(props.units, ['commune', 'hamlet']), [props.units]);
  const [unit, setUnit] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>('phu-trach');
  const [from, setFrom] = useState(() => vnToday(Date.now()));
  const [to, setTo] = useState('');

  useEffect(() => {
    let stale = false;
    loadPerson(props.id)
      .then((d) => {
        if (!stale) setDetail(d);
      })
      .catch((err: unknown) => notify.error(err));
    return () => {
      stale = true;
    };
  }, [props.id, notify]);

  if (!detail) return <Text size="sm">{t('loading')}</Text>;

  const assign = (): void => {
    const r = ASSIGNMENT_ROLES.find((x) => x === role);
    if (!unit || !r) return;
    invoke('people.assign', {
      personId: props.id,
      unitCode: unit,
      role: r satisfies AssignmentRole,
      from,
      ...(to ? { to } : {}),
    })
      .then((a) => {
        notify.success(t('pplAssigned', { name: a.personName, unit: a.unitName }));
        setUnit(null);
        props.onChanged();
      })
      .catch((err: unknown) => notify.error(err));
  };
  const end = (a: Assignment): void => {
    invoke('people.endAssignment', { id: a.id })
      .then(() => {
        notify.success(t('pplEnded', { unit: a.unitName }));
        props.onChanged();
      })
      .catch((err: unknown) => notify.error(err));
  };

  const confirmDelete = (reason: string): Promise<unknown> => {
    if (!deleting) return Promise.resolve();
    return 'kind' in deleting
      ? invoke('people.delete', { id: props.id, reason })
      : invoke('people.deleteAssignment', { id: deleting.id, reason });
  };
  const afterDelete = (): void => {
    const wasPerson = deleting !== null && 'kind' in deleting;
    setDeleting(null);
    if (wasPerson) props.onDeleted();
    else props.onChanged();
  };

  return (
    <Stack gap="md">
      <PersonForm person={detail.person} units={props.units} onSaved={() => props.onChanged()} />
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
      {deleting && (
        <ConfirmDelete
          title={t('deleteTitle', { name: 'kind' in deleting ? detail.person.fullName : deleting.unitName })}
          message={
            'kind' in deleting
              ? t('pplDeleteMsg', { name: detail.person.fullName })
              : t('pplAssignmentDeleteMsg', {
                  role: ROLE_LABELS[deleting.role][lang],
                  unit: deleting.unitName,
                  from: formatDay(deleting.from),
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
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(a.from)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.to ? formatDay(a.to) : '—'}</Table.Td>
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
                      {a.state !== 'ended' && (
                        <Button size="compact-xs" variant="subtle" onClick={() => end(a)} data-testid="assignment-end">
                          {t('pplEndNow')}
                        </Button>
                      )}
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
              <TextInput
                type="date"
                label={t('pplFrom')}
                value={from}
                onChange={(e) => setFrom(e.currentTarget.value)}
                data-testid="assign-from"
              />
              <TextInput
                type="date"
                label={t('pplTo')}
                description={t('pplToHint')}
                value={to}
                onChange={(e) => setTo(e.currentTarget.value)}
                data-testid="assign-to"
              />
              <Button onClick={assign} disabled={!unit || !from} data-testid="assign-submit">
                {t('pplAssign')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Stack>
  );
}

function loadPerson(id: string) {
  return invoke('people.get', { id });
}
