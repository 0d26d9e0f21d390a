import { Button, Divider, FileInput, Group, Modal, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { UNIT_LEVELS } from '../../../../shared/units';
import { ApiFailure } from '../../api';
import { useCall } from '../../data/query';
import { readImportFile } from '../../data/read-file';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { LEVEL_KEYS } from './DetailPanel';
import { type Outcome, OutcomeView } from './ImportReport';
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

/** How a boundary file was last sent, so "replace anyway" and "repair" resend exactly that file. */
interface Sent {
  readonly file: File;
  readonly level: string | null;
  readonly force: boolean;
  readonly repair: boolean;
}

/** Imports a GSO units CSV or a GeoJSON boundary file and shows what the engine did. */
export function ImportModal(props: ImportModalProps): React.JSX.Element {
  const { t: common } = useI18n();
  const t = useStrings(strings);
  const call = useCall();
  const [unitsFile, setUnitsFile] = useState<File | null>(null);
  const [boundaryFile, setBoundaryFile] = useState<File | null>(null);
  const [level, setLevel] = useState<string | null>('auto');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [sent, setSent] = useState<Sent | null>(null);

  const run = async (kind: Kind, again?: Sent): Promise<void> => {
    const file = again?.file ?? (kind === 'units' ? unitsFile : boundaryFile);
    if (!file) return;
    setOutcome(null);
    props.busy(true, t('importing', { file: file.name }));
    try {
      const text = await readImportFile(file);
      // Through the data layer: a successful import makes every view stale, so all of them refresh.
      if (kind === 'units') {
        setSent(null);
        setOutcome({ ok: true, report: await call('import.units', { fileName: file.name, text }) });
        return;
      }
      const how: Sent = again ?? { file, level, force: false, repair: false };
      setSent(how);
      const report = await call('import.boundaries', {
        fileName: file.name,
        text,
        ...(isLevel(how.level) ? { level: how.level } : {}),
        ...(how.force ? { force: true } : {}),
        ...(how.repair ? { repair: true } : {}),
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
        {outcome && (
          <OutcomeView
            outcome={outcome}
            {...(sent && !sent.force ? { onForce: () => void run('boundaries', { ...sent, force: true }) } : {})}
            {...(sent && !sent.repair ? { onRepair: () => void run('boundaries', { ...sent, repair: true }) } : {})}
          />
        )}
      </Stack>
    </Modal>
  );
}
