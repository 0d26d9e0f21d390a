import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  type ComboboxParsedItem,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Output } from '../../../../shared/contract';
import type { CoverageUnitState, Person } from '../../../../shared/contract-people';
import { matchesPerson } from '../../../../shared/people';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { usePeopleText } from './strings';
import { useStoredFlag } from '../../stored-flag';
import type { Notifier } from '../../components/Notifications';
import './people.css';

type Warning = Output<'coverage.warnings'>[number];

const NO_UNITS: ReadonlyMap<string, CoverageUnitState> = new Map();
const NO_WARNINGS: readonly Warning[] = [];
const NO_PEOPLE: readonly Person[] = [];
// Module-level, so the query memoises the map (an inline function would rebuild it every render).
const byUnitCode = (list: readonly CoverageUnitState[]): ReadonlyMap<string, CoverageUnitState> =>
  new Map(list.map((c) => [c.code, c]));

/** Coverage data of the district the map shows, and the layer's choices. */
export interface CoverageState {
  readonly byCode: ReadonlyMap<string, CoverageUnitState>;
  readonly warnings: readonly Warning[];
  readonly people: readonly Person[];
  readonly labels: boolean;
  readonly setLabels: (on: boolean) => void;
  readonly personId: string | null;
  readonly setPersonId: (id: string | null) => void;
  /** The chosen person's areas. */
  readonly highlight: ReadonlySet<string>;
}

/**
 * Who oversees what in `district`, its warnings and the people, through the query cache: a level
 * set, a hamlet added or a person assigned anywhere in the app invalidates these reads (effects
 * beside the contract), so the map and the warnings follow with no reload.
 *
 * The last two parameters are no longer needed (kept so callers that still pass a version and a
 * notifier compile; errors are notified here).
 */
export function useCoverage(district: string | null, _version?: string, _notify?: Notifier): CoverageState {
  const [labels, setLabels] = useState(true);
  const [personId, setPersonId] = useState<string | null>(null);
  const enabled = district !== null;
  const scope = { within: district ?? '' };
  const mapQuery = useApiQuery('coverage.map', scope, {
    enabled,
    select: byUnitCode,
  });
  const warningsQuery = useApiQuery('coverage.warnings', scope, { enabled });
  const peopleQuery = useApiQuery('people.list', {}, { enabled });
  useErrorNotice(mapQuery.error);
  useErrorNotice(warningsQuery.error);
  useErrorNotice(peopleQuery.error);
  // Keyed by district: another district never shows the previous one's data.
  const byCode = (enabled && mapQuery.data) || NO_UNITS;
  const warnings = (enabled && warningsQuery.data) || NO_WARNINGS;
  const people = (enabled && peopleQuery.data) || NO_PEOPLE;

  const highlight = useMemo(() => {
    const out = new Set<string>();
    if (!personId) return out;
    for (const c of byCode.values()) if (c.overseers.some((o) => o.personId === personId)) out.add(c.code);
    return out;
  }, [byCode, personId]);

  return { byCode, warnings, people, labels, setLabels, personId, setPersonId, highlight };
}

export interface CoveragePanelProps {
  readonly coverage: CoverageState;
  /** Shows a unit (a warning clicked). */
  readonly onPick: (code: string) => void;
  readonly onOpenPeople: () => void;
}

/** The map's coverage box: labels on/off, a person to highlight, and clickable warnings. */
export function CoveragePanel(props: CoveragePanelProps): React.JSX.Element {
  const { t, lang } = usePeopleText();
  const { coverage, onPick, onOpenPeople } = props;
  // Remembered: an operator who folds it away once should not have to fold it on every start.
  const [open, setOpen] = useStoredFlag('saban.coveragePanelOpen', true);
  const options = useMemo(
    () =>
      coverage.people.map((p) => ({
        value: p.id,
        label: p.position ? `${p.fullName} — ${p.position}` : p.fullName,
      })),
    [coverage.people],
  );
  const phones = useMemo(() => new Map(coverage.people.map((p) => [p.id, p.phones])), [coverage.people]);
  const filter = (input: { options: ComboboxParsedItem[]; search: string }): ComboboxParsedItem[] =>
    input.options.filter((o) => 'label' in o && matchesPerson(o.label, phones.get(o.value) ?? [], input.search));

  return (
    <Paper
      className={`saban-map-overlay saban-coverage-panel${open ? '' : ' is-folded'}`}
      shadow="md"
      p="sm"
      withBorder
      data-testid="coverage-panel"
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm">
          {t('covTitle')}
        </Text>
        <Group gap={4} wrap="nowrap">
          <Badge
            color={coverage.warnings.length > 0 ? 'orange' : 'teal'}
            variant="light"
            data-testid="coverage-warning-count"
          >
            {coverage.warnings.length}
          </Badge>
          <ActionIcon
            variant="subtle"
            size="sm"
            onClick={() => setOpen(!open)}
            aria-label={open ? t('collapse') : t('expand')}
            aria-expanded={open}
            data-testid="coverage-collapse"
          >
            {open ? '▴' : '▾'}
          </ActionIcon>
        </Group>
      </Group>
      {open && (
        <Stack gap="xs" mt="xs">
          <Switch
            size="xs"
            label={t('covLabels')}
            checked={coverage.labels}
            onChange={(e) => coverage.setLabels(e.currentTarget.checked)}
            data-testid="coverage-labels-toggle"
          />
          <Select
            size="xs"
            aria-label={t('covPickPerson')}
            placeholder={t('covPickPerson')}
            data={options}
            value={coverage.personId}
            onChange={coverage.setPersonId}
            searchable
            clearable
            filter={filter}
            nothingFoundMessage={t('pplNone')}
            comboboxProps={{ withinPortal: true }}
            data-testid="coverage-person"
          />
          {coverage.personId && (
            <Text size="xs" c="dimmed" data-testid="coverage-person-areas">
              {coverage.highlight.size > 0
                ? t('covPersonAreas', { n: coverage.highlight.size })
                : t('covPersonNoAreas')}
            </Text>
          )}
          <Text size="xs" fw={600}>
            {t('covWarnings')}
          </Text>
          {coverage.warnings.length === 0 ? (
            <Text size="xs" c="dimmed" data-testid="coverage-no-warnings">
              {t('covNoWarnings')}
            </Text>
          ) : (
            <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {coverage.warnings.map((w) => (
                <li key={`${w.kind}-${w.code}-${w.teamId ?? ''}-${w.assignmentId ?? ''}`}>
                  <button
                    type="button"
                    className="saban-coverage-warning"
                    onClick={() => onPick(w.code)}
                    data-testid="coverage-warning"
                    data-kind={w.kind}
                    data-code={w.code}
                    title={t('covShowOnMap')}
                  >
                    ⚠ {lang === 'vi' ? w.vi : w.en}
                  </button>
                </li>
              ))}
            </Stack>
          )}
          <Button size="xs" variant="light" onClick={onOpenPeople} data-testid="people-open-panel">
            {t('pplManage')}
          </Button>
        </Stack>
      )}
    </Paper>
  );
}
