import { Button, Grid, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { UnitSummary } from '../../../../shared/contract';
import { formatPhone } from '../../../../shared/people';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { usePeopleText } from './strings';
import { PersonDetail } from './PersonDetail';
import { PersonForm } from './PersonForm';
import './people.css';
import { useMay } from '../auth/me';

/** The register: a searchable list of people, a form per person, and their assignments. */
export function PeopleRegister(props: {
  readonly units: readonly UnitSummary[];
  readonly onChanged?: () => void;
}): React.JSX.Element {
  const { t } = usePeopleText();
  const mayWrite = useMay('write');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const list = useApiQuery('people.list', query.trim() ? { query } : {}, { keepPrevious: true });
  useErrorNotice(list.error);
  const people = list.data ?? [];

  // Writes refresh every people read themselves (query layer); the parent only hears of them.
  const changed = (id?: string): void => {
    if (id) setSelected(id);
    props.onChanged?.();
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
            {mayWrite && (
              <Button onClick={() => setSelected('new')} data-testid="people-add">
                {t('pplAdd')}
              </Button>
            )}
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
            key={selected}
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
