/**
 * The district dashboard: the district's own trends (cases, tests, quarantine, its level) and the
 * communes with the highest cases per 100,000 per week on the last day of the period.
 */
import { Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { formatDate, vnToday } from '../../../../shared/time';
import { useApiQuery } from '../../data/query';
import { useReportErrors } from '../../data/report';
import { formatNumber, useI18n } from '../../i18n';
import { useFiguresText } from './strings';
import { LevelChart, RangeControl, SeriesCharts, TopIncidenceChart, useTrend } from './TrendCharts';
import { topByRate, type RangeDays } from './trend-data';

const TOP = 10;

/** The dashboard of one district. */
export function DistrictDashboard(props: {
  readonly district: string;
  readonly onOpenGrid: () => void;
}): React.JSX.Element {
  const t = useFiguresText();
  const { lang } = useI18n();
  const today = vnToday();
  const [range, setRange] = useState<RangeDays>(28);
  const trend = useTrend(props.district, today, range);
  const incidence = useApiQuery('figures.incidence', { within: props.district, day: today, level: 'commune' });
  useReportErrors(incidence.error);
  const top = useMemo(() => topByRate(incidence.data?.rows ?? [], TOP), [incidence.data]);
  const last = trend.data?.[trend.data.length - 1];
  return (
    <Stack gap="sm" data-testid="figures-dashboard">
      <Group justify="space-between">
        <Group gap="md">
          <RangeControl value={range} onChange={setRange} />
          {last && (
            <Text size="sm" data-testid="dashboard-summary">
              {t('summaryToday', {
                date: formatDate(last.day),
                f0: formatNumber(lang, last.f0),
                cases7d: formatNumber(lang, last.cases7d),
              })}
              {last.per100k !== null && ` · ${t('summaryRate', { rate: formatNumber(lang, last.per100k) })}`}
            </Text>
          )}
        </Group>
        <Button variant="default" size="xs" onClick={props.onOpenGrid}>
          {t('openGrid')}
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" style={{ alignItems: 'start' }}>
        <SeriesCharts data={trend.data} height={190} loading={trend.loading} />
        <LevelChart code={props.district} from={trend.period.from} to={trend.period.to} height={190} />
      </SimpleGrid>
      <TopIncidenceChart rows={top} day={today} dayLabel={formatDate(today)} />
    </Stack>
  );
}
