/**
 * The trend charts (@mantine/charts): cases per day with the 7-day average, tests and
 * positivity, quarantine load, the risk level over time and the communes with the highest
 * incidence. Each chart says what to do when its period holds no figures.
 */
import '@mantine/charts/styles.css';
import { AreaChart, BarChart, CompositeChart, LineChart } from '@mantine/charts';
import { Loader, SegmentedControl, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import type { SeriesDay } from '../../../../shared/contract-figures';
import { useApiQuery } from '../../data/query';
import { useReportErrors } from '../../data/report';
import { formatNumber, useI18n } from '../../i18n';
import { useFiguresText } from './strings';
import { hasAny, labelled, levelsByDay, periodOf, RANGES, type RangeDays } from './trend-data';

/** Chooses the period (28 days, 90 days, a year). */
export function RangeControl(props: {
  readonly value: RangeDays;
  readonly onChange: (days: RangeDays) => void;
}): React.JSX.Element {
  const t = useFiguresText();
  const labels: Record<RangeDays, string> = { 28: t('range28'), 90: t('range90'), 365: t('range365') };
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('range')}
      value={String(props.value)}
      onChange={(v) => {
        const days = RANGES.find((r) => String(r) === v);
        if (days) props.onChange(days);
      }}
      data={RANGES.map((r) => ({ value: String(r), label: labels[r] }))}
      data-testid="figures-range"
    />
  );
}

/** A unit's series over a period ending on `to`. */
export function useTrend(code: string, to: string, days: RangeDays) {
  const period = periodOf(to, days);
  const query = useApiQuery('figures.series', { code, from: period.from, to: period.to }, { keepPrevious: true });
  useReportErrors(query.error);
  const data = useMemo(() => (query.data ? labelled(query.data.days) : null), [query.data]);
  return { period, data, population: query.data?.population ?? null, loading: query.isLoading };
}

/** A titled chart, or its empty state. */
function ChartCard(props: {
  readonly title: string;
  readonly empty: string | null;
  readonly testId: string;
  readonly children: React.ReactNode;
}): React.JSX.Element {
  return (
    <section className="figures-chart-card" data-testid={props.testId}>
      <Title order={6} mb={4}>
        {props.title}
      </Title>
      {props.empty !== null ? (
        <Text size="xs" c="dimmed" data-testid={`${props.testId}-empty`}>
          {props.empty}
        </Text>
      ) : (
        props.children
      )}
    </section>
  );
}

type Day = SeriesDay & { label: string };

/** The trend charts of one unit's series (cases, tests, quarantine). */
export function SeriesCharts(props: {
  readonly data: readonly Day[] | null;
  readonly height: number;
  readonly loading: boolean;
}): React.JSX.Element {
  const t = useFiguresText();
  const { lang } = useI18n();
  const fmt = (n: number): string => formatNumber(lang, n);
  if (!props.data) return props.loading ? <Loader size="sm" /> : <></>;
  const data = props.data as Day[];
  // What the three charts share: size, data, x axis of dd/mm days, legend, no dots, number format.
  const shared = {
    h: props.height,
    data,
    dataKey: 'label',
    withLegend: true,
    withDots: false,
    valueFormatter: fmt,
    xAxisProps: { interval: 'preserveStartEnd' as const, minTickGap: 16 },
  };
  return (
    <>
      <ChartCard
        title={t('chartCases')}
        empty={hasAny(data, ['f0Community', 'f0Quarantine']) ? null : t('emptyCases')}
        testId="chart-cases"
      >
        <CompositeChart
          {...shared}
          barProps={{ stackId: 'f0' }}
          series={[
            { name: 'f0Community', label: t('seriesF0Community'), color: 'red.6', type: 'bar' },
            { name: 'f0Quarantine', label: t('seriesF0Quarantine'), color: 'orange.4', type: 'bar' },
            { name: 'f0Avg7', label: t('seriesAvg7'), color: 'dark.5', type: 'line' },
          ]}
        />
      </ChartCard>
      <ChartCard
        title={t('chartTests')}
        empty={hasAny(data, ['samples']) ? null : t('emptyTests')}
        testId="chart-tests"
      >
        <CompositeChart
          {...shared}
          withRightYAxis
          rightYAxisProps={{ domain: [0, 'auto'], unit: '%' }}
          series={[
            { name: 'samples', label: t('seriesSamples'), color: 'blue.3', type: 'bar' },
            { name: 'positives', label: t('seriesPositives'), color: 'red.6', type: 'bar' },
            { name: 'positivity', label: t('seriesPositivity'), color: 'grape.7', type: 'line', yAxisId: 'right' },
          ]}
        />
      </ChartCard>
      <ChartCard
        title={t('chartQuarantine')}
        empty={hasAny(data, ['quarantineIn']) ? null : t('emptyQuarantine')}
        testId="chart-quarantine"
      >
        <AreaChart
          {...shared}
          type="stacked"
          series={[
            { name: 'qFacilityIn', label: t('seriesFacility'), color: 'indigo.6' },
            { name: 'qHealthIn', label: t('seriesHealth'), color: 'teal.6' },
            { name: 'qHomeIn', label: t('seriesHome'), color: 'yellow.6' },
          ]}
        />
      </ChartCard>
    </>
  );
}

/** The risk level of a unit over the period, as a step line (levels 0–4). */
export function LevelChart(props: {
  readonly code: string;
  readonly from: string;
  readonly to: string;
  readonly height: number;
}): React.JSX.Element {
  const t = useFiguresText();
  const query = useApiQuery('risk.unit', { code: props.code });
  useReportErrors(query.error);
  const data = useMemo(
    () => (query.data ? levelsByDay(query.data.history, props.from, props.to) : null),
    [query.data, props.from, props.to],
  );
  if (!data) return query.isLoading ? <Loader size="sm" /> : <></>;
  const any = data.some((d) => d.level !== null);
  return (
    <ChartCard title={t('chartLevels')} empty={any ? null : t('emptyLevels')} testId="chart-levels">
      <LineChart
        h={props.height}
        data={data}
        dataKey="label"
        curveType="stepAfter"
        withDots={false}
        connectNulls={false}
        yAxisProps={{ domain: [0, 4], ticks: [0, 1, 2, 3, 4], allowDecimals: false }}
        xAxisProps={{ interval: 'preserveStartEnd', minTickGap: 16 }}
        series={[{ name: 'level', label: t('seriesLevel'), color: 'orange.7' }]}
      />
    </ChartCard>
  );
}

/** The communes with the highest incidence per 100,000 on a day, as horizontal bars. */
export function TopIncidenceChart(props: {
  readonly rows: readonly { readonly name: string; readonly per100k: number | null }[];
  readonly day: string;
  readonly dayLabel: string;
}): React.JSX.Element {
  const t = useFiguresText();
  const { lang } = useI18n();
  const data = props.rows.map((r) => ({ name: r.name, per100k: r.per100k ?? 0 }));
  return (
    <ChartCard
      title={t('chartTop', { date: props.dayLabel })}
      empty={data.length > 0 ? null : t('emptyTop')}
      testId="chart-top"
    >
      <BarChart
        h={Math.max(120, 28 * data.length + 40)}
        data={data}
        dataKey="name"
        orientation="vertical"
        yAxisProps={{ width: 130 }}
        valueFormatter={(n) => formatNumber(lang, n)}
        referenceLines={[
          { x: 20, color: 'yellow.6' },
          { x: 50, color: 'orange.6' },
          { x: 150, color: 'red.7' },
        ]}
        series={[{ name: 'per100k', label: t('seriesPer100k'), color: 'red.6' }]}
      />
    </ChartCard>
  );
}
