import { Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { REPORT_STANDINGS } from '../../../../shared/contract-report';
import { formatDateTime, vnToday } from '../../../../shared/time';
import { useApiQuery } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { printToPdf } from '../../print/print-action';
import { DayField } from '../../ui/DateFields';
import { useNotify } from '../../ui/Notifications';
import { strings } from './strings';

type Standing = (typeof REPORT_STANDINGS)[number];
const STANDING: Readonly<Record<Standing, { key: 'onTime' | 'late' | 'draft' | 'missing'; color: string }>> = {
  'on-time': { key: 'onTime', color: 'green' },
  late: { key: 'late', color: 'orange' },
  draft: { key: 'draft', color: 'blue' },
  missing: { key: 'missing', color: 'red' },
};

/**
 * The province's 15:00 view: which districts have sent the day's report, by when, which are late
 * or missing, and the consolidated report of all of them as a PDF.
 */
export function ProvinceReports(props: {
  readonly province?: string;
  readonly onClose: () => void;
}): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const notify = useNotify();
  const [day, setDay] = useState(() => vnToday());
  const [busy, setBusy] = useState(false);
  const view = useApiQuery('report.province', { day, ...(props.province ? { province: props.province } : {}) }).data;

  async function print(): Promise<void> {
    if (!view) return;
    setBusy(true);
    try {
      const how = await printToPdf(
        { page: 'report-province', params: { province: view.province, day }, lang },
        `bao-cao-tong-hop-${view.province}-${day}.pdf`,
      );
      if (how === 'dialog') notify.warn(t('printDialog'));
    } catch (err) {
      notify.error(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      opened
      onClose={props.onClose}
      size="xl"
      title={<Title order={4}>{t('provinceTitle', { province: view?.provinceName ?? '' })}</Title>}
    >
      <Stack gap="sm" data-testid="province-reports">
        <Group align="flex-end" justify="space-between">
          <DayField label={t('day')} value={day} onChange={(d) => d && setDay(d)} maxDay={vnToday()} required />
          <Text size="sm" c="dimmed">
            {view ? t('provinceDeadline', { deadline: view.deadlines.provinceDeadline }) : null}
          </Text>
        </Group>
        {view && view.districts.length === 0 && <Text>{t('noDistricts')}</Text>}
        {view && view.districts.length > 0 && (
          <>
            <Text size="sm" data-testid="province-counts">
              {t('counts', { a: view.counts.onTime, b: view.counts.late, c: view.counts.draft + view.counts.missing })}
            </Text>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('district')}</Table.Th>
                  <Table.Th>{t('standing')}</Table.Th>
                  <Table.Th>{t('sentAt')}</Table.Th>
                  <Table.Th>{t('preparedBy')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {view.districts.map((d) => (
                  <Table.Tr key={d.code} data-testid={`province-row-${d.code}`}>
                    <Table.Td>{d.name}</Table.Td>
                    <Table.Td>
                      <Badge color={STANDING[d.standing].color} variant="light" style={{ overflow: 'visible' }}>
                        {t(STANDING[d.standing].key)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{d.sentAt ? formatDateTime(d.sentAt) : '—'}</Table.Td>
                    <Table.Td>{d.preparedBy || '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group justify="flex-end">
              <Button onClick={() => void print()} loading={busy} data-testid="province-print">
                {t('consolidatedPdf')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
