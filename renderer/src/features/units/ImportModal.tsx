import { Alert, Button, Divider, FileInput, Group, Modal, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ImportReport } from '../../../../shared/contract';
import { UNIT_LEVELS } from '../../../../shared/units';
import { ApiFailure } from '../../api';
import { useCall } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { errorTitle, formatNumber, translate, useI18n } from '../../i18n';
import { LEVEL_KEYS } from './DetailPanel';
import { strings } from './strings';

type Kind = 'units' | 'boundaries';

const isLevel = (v: string | null): v is (typeof UNIT_LEVELS)[number] =>
  (UNIT_LEVELS as readonly (string | null)[]).includes(v);

export interface ImportModalProps {
  readonly busy: (on: boolean, label?: string) => void;
  readonly onClose: () => void;
}

const UNEXPECTED = {
  vi: 'Có lỗi không lường trước khi nhập. Không có gì được thay đổi.',
  en: 'An unexpected error while importing. Nothing was changed.',
};

type Outcome =
  { readonly ok: true; readonly report: ImportReport } | { readonly ok: false; readonly failure: ApiFailure };

/** Imports a GSO units CSV or a GeoJSON boundary file and shows what the engine did. */
export function ImportModal(props: ImportModalProps): React.JSX.Element {
  const { t: common } = useI18n();
  const t = useStrings(strings);
  const call = useCall();
  const [unitsFile, setUnitsFile] = useState<File | null>(null);
  const [boundaryFile, setBoundaryFile] = useState<File | null>(null);
  const [level, setLevel] = useState<string | null>('auto');
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async (kind: Kind): Promise<void> => {
    const file = kind === 'units' ? unitsFile : boundaryFile;
    if (!file) return;
    setOutcome(null);
    props.busy(true, t('importing', { file: file.name }));
    try {
      let text: string;
      try {
        text = await file.text();
      } catch {
        throw new ApiFailure('bad-file', {
          vi: translate('vi', 'fileReadError', { file: file.name }),
          en: translate('en', 'fileReadError', { file: file.name }),
        });
      }
      // Through the data layer: a successful import makes every view stale, so all of them refresh.
      const report =
        kind === 'units'
          ? await call('import.units', { fileName: file.name, text })
          : await call('import.boundaries', {
              fileName: file.name,
              text,
              ...(isLevel(level) ? { level } : {}),
            });
      setOutcome({ ok: true, report });
    } catch (err) {
      setOutcome({ ok: false, failure: err instanceof ApiFailure ? err : new ApiFailure('internal', UNEXPECTED) });
    } finally {
      props.busy(false);
    }
  };

  return (
    <Modal opened onClose={props.onClose} title={t('importTitle')} size="lg" data-testid="import-modal">
      <Stack gap="md">
        <Stack gap="xs">
          <Title order={5}>{t('importUnitsTitle')}</Title>
          <Text size="xs" c="dimmed">
            {t('importUnitsHelp')}
          </Text>
          <Group align="flex-end" wrap="nowrap">
            <FileInput
              className="saban-grow"
              placeholder={common('chooseFile')}
              accept=".csv,text/csv"
              value={unitsFile}
              onChange={setUnitsFile}
              clearable
              data-testid="import-units-file"
            />
            <Button disabled={!unitsFile} onClick={() => void run('units')} data-testid="import-units-run">
              {t('importRun')}
            </Button>
          </Group>
        </Stack>
        <Divider />
        <Stack gap="xs">
          <Title order={5}>{t('importBoundariesTitle')}</Title>
          <Text size="xs" c="dimmed">
            {t('importBoundariesHelp')}
          </Text>
          <Group align="flex-end" wrap="nowrap">
            <FileInput
              className="saban-grow"
              placeholder={common('chooseFile')}
              accept=".geojson,.json,application/geo+json,application/json"
              value={boundaryFile}
              onChange={setBoundaryFile}
              clearable
              data-testid="import-boundaries-file"
            />
            <Select
              w={170}
              label={t('importLevel')}
              value={level}
              onChange={setLevel}
              allowDeselect={false}
              data={[
                { value: 'auto', label: t('importLevelAuto') },
                ...UNIT_LEVELS.map((l) => ({ value: l, label: common(LEVEL_KEYS[l]) })),
              ]}
              data-testid="import-boundaries-level"
            />
            <Button disabled={!boundaryFile} onClick={() => void run('boundaries')} data-testid="import-boundaries-run">
              {t('importRun')}
            </Button>
          </Group>
        </Stack>
        {outcome && <OutcomeView outcome={outcome} />}
      </Stack>
    </Modal>
  );
}

function OutcomeView(props: { readonly outcome: Outcome }): React.JSX.Element {
  const { lang } = useI18n();
  const t = useStrings(strings);
  const { outcome } = props;
  if (!outcome.ok) {
    const f = outcome.failure;
    return (
      <Alert
        color={f.code === 'internal' ? 'red' : 'yellow'}
        title={errorTitle(lang, f.code)}
        data-testid="import-error"
      >
        <Text size="sm">{f.text[lang]}</Text>
        <Text size="sm" fw={600} mt="xs">
          {t('reportNothingChanged')}
        </Text>
        {f.detailsText.length > 0 && (
          <ul className="saban-problems">
            {f.detailsText.slice(0, 20).map((d, i) => (
              <li key={i}>{d[lang]}</li>
            ))}
          </ul>
        )}
        {f.ref && (
          <Text size="xs" mt="xs" data-testid="import-error-ref">
            {f.ref}
          </Text>
        )}
      </Alert>
    );
  }
  const r = outcome.report;
  const n = (x: number): string => formatNumber(lang, x);
  const skippedBy = Object.entries(r.skippedBy);
  return (
    <Alert
      color={r.skipped > 0 ? 'yellow' : 'teal'}
      title={t('importDone', { file: r.fileName })}
      data-testid="import-report"
    >
      <Table withRowBorders={false} verticalSpacing={2} fz="sm" className="saban-report-table">
        <Table.Tbody>
          <Table.Tr>
            <Table.Td>{t('reportCreated')}</Table.Td>
            <Table.Td data-testid="report-created">{n(r.created)}</Table.Td>
            <Table.Td>{t('reportUpdated')}</Table.Td>
            <Table.Td>{n(r.updated)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>{t('reportUnchanged')}</Table.Td>
            <Table.Td>{n(r.unchanged)}</Table.Td>
            <Table.Td>{t('reportSkipped')}</Table.Td>
            <Table.Td>{n(r.skipped)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {skippedBy.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t('reportSkippedBy')}
          </Text>
          <ul className="saban-problems">
            {skippedBy.map(([why, count]) => (
              <li key={why}>
                <code>{why}</code>: {n(count)}
              </li>
            ))}
          </ul>
        </>
      )}
      {r.problems.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t('reportProblems')}
          </Text>
          <ul className="saban-problems">
            {r.problems.slice(0, 20).map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </>
      )}
    </Alert>
  );
}
