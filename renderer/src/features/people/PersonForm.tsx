import { Alert, Button, Group, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import type { UnitSummary } from '../../../../shared/contract';
import type { Person } from '../../../../shared/contract-people';
import { COMMITTEE_LEVELS, COMMITTEE_LEVEL_LABELS, formatPhone, type CommitteeLevel } from '../../../../shared/people';
import { useNotify } from '../../ui/Notifications';
import { useApiMutation } from '../../data/query';
import { usePeopleText } from './strings';

/** A person's details (new or existing); a likely duplicate asks before saving. */
export function PersonForm(props: {
  readonly person: Person | null;
  readonly units: readonly UnitSummary[];
  readonly onSaved: (id: string) => void;
  /** Shown to a role that may not change people (a leader reads). */
  readonly readOnly?: boolean;
}): React.JSX.Element {
  const ro = props.readOnly === true;
  const { t, lang } = usePeopleText();
  const notify = useNotify();
  const p = props.person;
  const [fullName, setFullName] = useState(p?.fullName ?? '');
  const [position, setPosition] = useState(p?.position ?? '');
  const [level, setLevel] = useState<string | null>(p?.committeeLevel ?? null);
  const [phones, setPhones] = useState(p ? p.phones.map(formatPhone).join(', ') : '');
  const [notes, setNotes] = useState(p?.notes ?? '');
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const saver = useApiMutation('people.save', {
    onSuccess: (r) => {
      setDuplicate(null);
      notify.success(
        t('pplSaved', { name: r.person.fullName }),
        r.phoneWarnings.length > 0 ? t('pplPhoneOdd', { list: r.phoneWarnings.join('; ') }) : undefined,
      );
      props.onSaved(r.person.id);
    },
    onError: (err) => {
      if (err.code === 'conflict') setDuplicate(err.message);
      else notify.error(err);
    },
  });

  const save = (allowDuplicate: boolean): void => {
    const committeeLevel = (COMMITTEE_LEVELS as readonly (string | null)[]).includes(level)
      ? (level as CommitteeLevel)
      : null;
    saver.mutate({
      ...(p ? { id: p.id } : {}),
      fullName,
      position,
      committeeLevel,
      unitCode: p?.unitCode ?? null,
      phones,
      notes,
      allowDuplicate,
    });
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save(false);
      }}
    >
      <Stack gap="xs" data-testid="person-form">
        <Title order={5}>{ro ? p?.fullName : p ? t('pplEditTitle', { name: p.fullName }) : t('pplNewTitle')}</Title>
        <TextInput
          label={t('pplFullName')}
          required
          value={fullName}
          onChange={(e) => setFullName(e.currentTarget.value)}
          readOnly={ro}
          data-testid="person-name"
        />
        <TextInput
          label={t('pplPosition')}
          placeholder={t('pplPositionHint')}
          value={position}
          onChange={(e) => setPosition(e.currentTarget.value)}
          readOnly={ro}
          data-testid="person-position"
        />
        <Group grow>
          <Select
            label={t('pplCommitteeLevel')}
            data={COMMITTEE_LEVELS.map((l) => ({ value: l, label: COMMITTEE_LEVEL_LABELS[l][lang] }))}
            value={level}
            onChange={setLevel}
            clearable
            readOnly={ro}
            data-testid="person-level"
          />
          <TextInput
            label={t('pplPhones')}
            description={t('pplPhonesHint')}
            value={phones}
            onChange={(e) => setPhones(e.currentTarget.value)}
            readOnly={ro}
            data-testid="person-phones"
          />
        </Group>
        <Textarea
          label={t('pplNotes')}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          autosize
          minRows={1}
          readOnly={ro}
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
        {!ro && (
          <Group justify="flex-end">
            <Button type="submit" loading={saver.isPending} disabled={!fullName.trim()} data-testid="person-save">
              {t('save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
