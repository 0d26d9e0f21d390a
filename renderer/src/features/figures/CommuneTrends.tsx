/**
 * The trend section of a commune's panel: cases per day with the 7-day average, tests and
 * positivity, quarantine load and the level over time, for 28 days, 90 days or a year to today.
 */
import { Group, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { vnToday } from '../../../../shared/time';
import { useFiguresText } from './strings';
import { LevelChart, RangeControl, SeriesCharts, useTrend } from './TrendCharts';
import type { RangeDays } from './trend-data';
import './figures.css';

/** The trends of one commune (or district) in a narrow column. */
export function CommuneTrends(props: { readonly code: string }): React.JSX.Element {
  const t = useFiguresText();
  const [range, setRange] = useState<RangeDays>(28);
  const trend = useTrend(props.code, vnToday(), range);
  return (
    <Stack gap="xs" mt="sm" className="figures-trends-narrow" data-testid="commune-trends">
      <Group justify="space-between" wrap="nowrap">
        <Title order={5}>{t('trendsTitle')}</Title>
        <RangeControl value={range} onChange={setRange} />
      </Group>
      <SeriesCharts data={trend.data} height={170} loading={trend.loading} />
      <LevelChart code={props.code} from={trend.period.from} to={trend.period.to} height={110} />
    </Stack>
  );
}
