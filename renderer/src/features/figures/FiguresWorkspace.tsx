/**
 * "Số liệu hằng ngày": the entry grid of the current district for a chosen day, the district's
 * trends, and the file import, in one full-screen window. Leaving (closing, another day, another
 * tab, reloading the page) while cells are unsaved asks first.
 */
import { Alert, Button, Group, Modal, Stack, Tabs, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { formatDate, vnToday } from '../../../../shared/time';
import { DayField } from '../../ui/DateFields';
import { DistrictDashboard } from './DistrictDashboard';
import { EntryGrid } from './EntryGrid';
import { FiguresExport } from './FiguresExport';
import { FiguresImport } from './FiguresImport';
import { useFiguresText } from './strings';
import './figures.css';

/** The workspace's tabs. */
export type FiguresTab = 'grid' | 'dashboard' | 'import';
const TABS: readonly FiguresTab[] = ['grid', 'dashboard', 'import'];

export interface FiguresWorkspaceProps {
  /** The district shown (null: none chosen, or the whole country). */
  readonly district: string | null;
  readonly districtName: string;
  readonly tab: FiguresTab;
  readonly onTab: (tab: FiguresTab) => void;
  readonly onClose: () => void;
}

/** The daily figures window. */
export function FiguresWorkspace(props: FiguresWorkspaceProps): React.JSX.Element {
  const t = useFiguresText();
  const [day, setDay] = useState<string>(() => vnToday());
  const [dirty, setDirty] = useState(0);
  // What to do once the operator agrees to drop unsaved cells.
  const [pending, setPending] = useState<(() => void) | null>(null);
  const guard = useCallback(
    (action: () => void) => {
      if (dirty > 0) setPending(() => action);
      else action();
    },
    [dirty],
  );
  useEffect(() => {
    if (dirty === 0) return;
    const onUnload = (e: BeforeUnloadEvent): void => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [dirty]);

  const { district, tab } = props;
  return (
    <Modal
      opened
      fullScreen
      onClose={() => guard(props.onClose)}
      title={district ? t('title', { district: props.districtName }) : t('titleNoDistrict')}
      data-testid="figures-workspace"
      classNames={{ body: 'figures-body' }}
    >
      {!district ? (
        <Alert color="gray" variant="light">
          {t('needDistrict')}
        </Alert>
      ) : (
        <Tabs
          value={tab}
          onChange={(v) => {
            const next = TABS.find((x) => x === v);
            if (next && next !== tab) guard(() => props.onTab(next));
          }}
          keepMounted={false}
        >
          <Group justify="space-between" align="flex-end" mb="xs" wrap="nowrap">
            <Tabs.List>
              <Tabs.Tab value="grid" data-testid="figures-tab-grid">
                {t('tabGrid')}
              </Tabs.Tab>
              <Tabs.Tab value="dashboard" data-testid="figures-tab-dashboard">
                {t('tabDashboard')}
              </Tabs.Tab>
              <Tabs.Tab value="import" data-testid="figures-tab-import">
                {t('tabImport')}
              </Tabs.Tab>
            </Tabs.List>
            {tab === 'grid' && (
              <DayField
                label={t('day')}
                value={day}
                onChange={(d) => d && d !== day && guard(() => setDay(d))}
                maxDay={vnToday()}
                required
                data-testid="figures-day"
              />
            )}
          </Group>
          <Tabs.Panel value="grid">
            <EntryGrid key={`${district}|${day}`} district={district} day={day} onDirty={setDirty} />
          </Tabs.Panel>
          <Tabs.Panel value="dashboard">
            <DistrictDashboard district={district} onOpenGrid={() => props.onTab('grid')} />
          </Tabs.Panel>
          <Tabs.Panel value="import">
            <FiguresExport district={district} />
            <FiguresImport />
          </Tabs.Panel>
        </Tabs>
      )}
      {pending && (
        <Modal opened onClose={() => setPending(null)} title={t('discardTitle')} data-testid="figures-discard">
          <Stack gap="sm">
            <Text size="sm">{t('discardText', { n: dirty, date: formatDate(day) })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)} data-autofocus>
                {t('keepEditing')}
              </Button>
              <Button
                color="red"
                onClick={() => {
                  const action = pending;
                  setPending(null);
                  setDirty(0);
                  action();
                }}
                data-testid="figures-discard-confirm"
              >
                {t('discard')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Modal>
  );
}
