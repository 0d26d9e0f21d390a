import { Alert, Button, FileInput, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { PeopleImportReport } from '../../../../shared/contract-people';
import { useCall } from '../../data/query';
import { readImportFile } from '../../data/read-file';
import { usePeopleText, type PeopleTextKey } from './strings';
import { useNotify } from '../../ui/Notifications';

type Kind = PeopleImportReport['kind'];
const KINDS: readonly Kind[] = ['people', 'assignments', 'teams'];
const KIND_KEYS: Readonly<Record<Kind, { label: PeopleTextKey; help: PeopleTextKey }>> = {
  people: { label: 'impPeople', help: 'impPeopleHelp' },
  assignments: { label: 'impAssignments', help: 'impAssignmentsHelp' },
  teams: { label: 'impTeams', help: 'impTeamsHelp' },
};

/**
 * CSV import of people, assignments or community teams: a preview first (every row checked,
 * problems listed by row number), then a write that only runs when no row has an error.
 */
export function PeopleImport(props: { readonly onImported?: () => void }): React.JSX.Element {
  const { t } = usePeopleText();
  const notify = useNotify();
  // A write invalidates every people, teams and coverage read (a dry run changes nothing).
  const call = useCall();
  const [kind, setKind] = useState<Kind>('people');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [report, setReport] = useState<PeopleImportReport | null>(null);
  const [busy, setBusy] = useState(false);

  const run = (dryRun: boolean, f = file, k = kind): void => {
    if (!f) return;
    setBusy(true);
    call('people.import', { kind: k, fileName: f.name, text: f.text, dryRun })
      .then((r) => {
        setReport(r);
        if (r.written) {
          notify.success(t('impWritten', { file: r.fileName }));
          props.onImported?.();
        }
      })
      .catch((err: unknown) => notify.error(err))
      .finally(() => setBusy(false));
  };

  const pick = (f: File | null): void => {
    setReport(null);
    if (!f) {
      setFile(null);
      return;
    }
    readImportFile(f)
      .then((text) => {
        const next = { name: f.name, text };
        setFile(next);
        run(true, next);
      })
      .catch((err: unknown) => notify.error(err));
  };

  const problems = report
    ? [...report.errors.map((e) => ({ ...e, error: true })), ...report.warnings.map((w) => ({ ...w, error: false }))]
    : [];

  return (
    <Stack gap="sm" data-testid="people-import">
      <SegmentedControl
        value={kind}
        onChange={(v) => {
          const k = KINDS.find((x) => x === v) ?? 'people';
          setKind(k);
          setReport(null);
          if (file) run(true, file, k);
        }}
        data={KINDS.map((k) => ({ value: k, label: t(KIND_KEYS[k].label) }))}
        data-testid="import-kind"
      />
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
        {t(KIND_KEYS[kind].help)}
      </Text>
      <FileInput
        label={t('impFile')}
        placeholder={t('impFilePick')}
        accept=".csv,text/csv"
        onChange={pick}
        clearable
        data-testid="import-file"
      />
      {report && (
        <Stack gap="xs" data-testid="import-preview">
          <Alert
            color={report.errors.length > 0 ? 'red' : report.written ? 'teal' : 'blue'}
            title={
              report.written
                ? t('impWritten', { file: report.fileName })
                : report.errors.length > 0
                  ? t('impHasErrors', { n: report.errors.length })
                  : t('impReady')
            }
            data-testid="import-summary"
          >
            {t('impCounts', {
              rows: report.rows,
              people: report.people,
              assignments: report.assignments,
              teams: report.teams,
            })}
          </Alert>
          {problems.length > 0 && (
            <Table withTableBorder data-testid="import-problems">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>{t('impRow')}</Table.Th>
                  <Table.Th>{t('impProblem')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {problems.map((p, i) => (
                  <Table.Tr key={i} data-testid={p.error ? 'import-error' : 'import-warning'} data-row={p.row}>
                    <Table.Td>{p.row}</Table.Td>
                    <Table.Td c={p.error ? 'red' : 'orange'}>{p.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {!report.written && (
            <Group justify="flex-end">
              <Button
                onClick={() => run(false)}
                disabled={report.errors.length > 0 || report.rows === 0}
                loading={busy}
                data-testid="import-write"
              >
                {t('impWrite')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Stack>
  );
}
