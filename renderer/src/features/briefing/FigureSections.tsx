/**
 * The briefing's numbers and trends: the day's key figures from the daily figures (new F0, F1,
 * tests, quarantine, doses, cases per 100,000 per week; "not entered" where nothing was typed,
 * never 0) with 7- and 28-day charts of new F0 and of tests; then, in their own places, the
 * trend of red and orange units and the checkpoints' trend. Shared by the print page and the
 * presentation.
 */
import type { Lang } from '../../../../shared/messages';
import { RISK_LEVELS } from '../../../../shared/risk';
import { formatDate, formatDateTime } from '../../../../shared/time';
import { useStrings } from '../../i18n/define';
import { formatNumber } from '../../i18n';
import type { BriefingData } from './briefing-data';
import { figureTrend, keyFigures, windowSums, type KeyFigures } from './briefing-model';
import { strings } from './strings';
import { ChartKey, TrendChart, type Line, type Series, type TrendChartProps } from './TrendChart';

interface ChartProps {
  readonly data: BriefingData;
  readonly lang: Lang;
  readonly chartWidth: number;
  readonly chartHeight: number;
}

const F0_COMMUNITY = '#b71c1c';
const F0_QUARANTINE = '#ef9a9a';
const AVERAGE = '#0d47a1';
const NEGATIVE = '#b0bec5';
const POSITIVITY = '#e65100';
const MISSING = '#455a64';

/** A 7-day chart (the last week) beside the 28-day one, on the same data. */
function TrendPair(props: Omit<TrendChartProps, 'title'>): React.JSX.Element {
  const t = useStrings(strings);
  const last = <T,>(xs: readonly T[]): T[] => xs.slice(-7);
  return (
    <div className="briefing-charts">
      <TrendChart
        title={t('trend7')}
        days={last(props.days)}
        series={props.series.map((s) => ({ ...s, values: last(s.values) }))}
        lines={props.lines?.map((l) => ({ ...l, values: last(l.values) }))}
        missing={props.missing && last(props.missing)}
        width={props.width * 0.4}
        height={props.height}
      />
      <TrendChart
        title={t('trend28')}
        days={props.days}
        series={props.series}
        lines={props.lines}
        missing={props.missing}
        width={props.width}
        height={props.height}
      />
    </div>
  );
}

/** A titled 7- and 28-day pair with the key of its bars, lines and days without figures. */
function KeyedTrend(
  props: Omit<TrendChartProps, 'title' | 'series' | 'lines'> & {
    readonly title: string;
    readonly bars: readonly (Series & { readonly label: string })[];
    readonly lines: readonly (Line & { readonly label: string })[];
  },
): React.JSX.Element {
  const t = useStrings(strings);
  const { title, bars, ...chart } = props;
  return (
    <div className="briefing-figure print-avoid-break">
      <h3>{title}</h3>
      <TrendPair {...chart} series={bars} />
      <ChartKey
        items={[
          ...bars.map((b) => ({ label: b.label, colour: b.colour, kind: 'bar' as const })),
          ...props.lines.map((l) => ({ label: l.label, colour: l.colour, kind: 'line' as const })),
          ...(props.missing?.some(Boolean)
            ? [{ label: t('keyMissing'), colour: MISSING, kind: 'missing' as const }]
            : []),
        ]}
      />
    </div>
  );
}

/** One row of the key figures: a value or "not entered", and a detail. */
function FigureRow(props: {
  readonly label: string;
  readonly value: number | null;
  readonly detail?: string | null;
  readonly lang: Lang;
  /** Said instead of "not entered" for a derived figure that cannot be computed. */
  readonly none?: string;
}): React.JSX.Element {
  const t = useStrings(strings);
  return (
    <tr>
      <td>{props.label}</td>
      <td className="print-num">
        {props.value === null ? (
          <em className="print-muted">{props.none ?? t('notEntered')}</em>
        ) : (
          <strong>{formatNumber(props.lang, props.value)}</strong>
        )}
      </td>
      <td>{props.detail ?? ''}</td>
    </tr>
  );
}

/** The key figures' table. */
function KeyFiguresTable(props: { readonly k: KeyFigures; readonly lang: Lang }): React.JSX.Element {
  const t = useStrings(strings);
  const { k, lang } = props;
  const n = (x: number | null): string => (x === null ? t('notEntered') : formatNumber(lang, x));
  return (
    <table className="print-table briefing-key-figures" data-testid="briefing-key-figures">
      <thead>
        <tr>
          <th>{t('colFigure')}</th>
          <th className="print-num">{t('colValue')}</th>
          <th>{t('colNote')}</th>
        </tr>
      </thead>
      <tbody>
        <FigureRow
          lang={lang}
          label={t('figF0Community')}
          value={k.f0Community}
          detail={t('figureWeek', {
            n: formatNumber(lang, k.f0Week.last),
            prev: formatNumber(lang, k.f0Week.previous),
          })}
        />
        <FigureRow lang={lang} label={t('figF0Quarantine')} value={k.f0Quarantine} />
        <FigureRow lang={lang} label={t('figF1')} value={k.f1Traced} />
        <FigureRow lang={lang} label={t('figSamples')} value={k.samples} />
        <FigureRow
          lang={lang}
          label={t('figPositives')}
          value={k.positives}
          detail={k.positivity === null ? null : t('positivityOf', { p: formatNumber(lang, k.positivity) })}
        />
        <FigureRow
          lang={lang}
          label={t('figQuarantine')}
          value={k.quarantineIn}
          detail={
            k.quarantineIn === null
              ? null
              : t('quarantineDetail', {
                  f: n(k.quarantineByType.facility),
                  h: n(k.quarantineByType.health),
                  m: n(k.quarantineByType.home),
                })
          }
        />
        <FigureRow
          lang={lang}
          label={t('figDoses')}
          value={k.doses}
          detail={
            k.doses === null
              ? null
              : t('dosesDetail', { a: n(k.dosesByKind.dose1), b: n(k.dosesByKind.dose2), c: n(k.dosesByKind.booster) })
          }
        />
        <FigureRow
          lang={lang}
          label={t('figRate')}
          value={k.per100k}
          none={t('rateUnknown')}
          detail={
            k.population === null
              ? t('rateNoPopulation', { n: formatNumber(lang, k.cases7d) })
              : t('rateDetail', { n: formatNumber(lang, k.cases7d), pop: formatNumber(lang, k.population) })
          }
        />
      </tbody>
    </table>
  );
}

/** The day's key figures of the briefing's unit; with `charts`, their 7- and 28-day trends below. */
export function DayFiguresSection(props: ChartProps & { readonly charts: boolean }): React.JSX.Element {
  const t = useStrings(strings);
  const { data, lang } = props;
  const k = keyFigures(data);
  const date = formatDate(data.params.date);
  return (
    <section className="briefing-section" data-testid="briefing-figures">
      <h2>{t('figuresTitle', { date })}</h2>
      {k === null ? (
        <p className="print-muted">{t('figuresCountry')}</p>
      ) : (
        <>
          {k.entered ? (
            <p>
              {t('figuresReporting', {
                n: k.reporting,
                total: k.units,
                at: k.enteredAt ? formatDateTime(k.enteredAt) : '',
                who: k.enteredBy ?? '',
              })}
            </p>
          ) : (
            <p className="briefing-warn" data-testid="briefing-figures-none">
              {t('figuresNone', { date })}
            </p>
          )}
          <KeyFiguresTable k={k} lang={lang} />
          {props.charts && <FigureTrends {...props} inline />}
        </>
      )}
    </section>
  );
}

/** New F0 per day with the 7-day average, and tests with positivity, over 7 and 28 days. */
export function FigureTrends(props: ChartProps & { readonly inline?: boolean }): React.JSX.Element | null {
  const t = useStrings(strings);
  const tr = figureTrend(props.data);
  if (!tr) return null;
  const { chartWidth: w, chartHeight: h } = props;
  const body = (
    <>
      <KeyedTrend
        title={t('chartF0')}
        days={tr.days}
        bars={[
          { values: tr.f0Community, colour: F0_COMMUNITY, label: t('keyF0Community') },
          { values: tr.f0Quarantine, colour: F0_QUARANTINE, label: t('keyF0Quarantine') },
        ]}
        lines={[{ values: tr.f0Avg7, colour: AVERAGE, label: t('keyAvg7') }]}
        missing={tr.missing}
        width={w}
        height={h}
      />
      <KeyedTrend
        title={t('chartTests')}
        days={tr.days}
        bars={[
          { values: tr.positives, colour: F0_COMMUNITY, label: t('keyPositive') },
          { values: tr.negatives, colour: NEGATIVE, label: t('keyNegative') },
        ]}
        lines={[
          {
            values: tr.positivity,
            colour: POSITIVITY,
            label: t('keyPositivity'),
            right: { format: (n) => `${formatNumber(props.lang, n)}%` },
          },
        ]}
        missing={tr.missing}
        width={w}
        height={h}
      />
    </>
  );
  return props.inline ? (
    body
  ) : (
    <section className="briefing-section" data-testid="briefing-figure-trends">
      <h2>{t('figureTrendsTitle')}</h2>
      {body}
    </section>
  );
}

/** Red and orange units at the end of each of the 28 days (not for the whole country). */
export function LevelTrendSection(props: ChartProps): React.JSX.Element | null {
  const t = useStrings(strings);
  const { data, lang, chartWidth: w, chartHeight: h } = props;
  if (data.trend[0]?.red === null || data.trend.length === 0) return null;
  const days = data.trend.map((d) => d.day);
  const red = data.trend.map((d) => d.red ?? 0);
  const orange = data.trend.map((d) => d.orange ?? 0);
  return (
    <section className="briefing-section print-avoid-break" data-testid="briefing-level-trend">
      <h2>{t('levelTrendTitle')}</h2>
      <p>
        <strong>
          {RISK_LEVELS[4][lang]}: {red[red.length - 1] ?? 0} · {RISK_LEVELS[3][lang]}: {orange[orange.length - 1] ?? 0}
        </strong>
      </p>
      <TrendPair
        days={days}
        series={[
          { values: red, colour: RISK_LEVELS[4].colour },
          { values: orange, colour: RISK_LEVELS[3].colour },
        ]}
        width={w}
        height={h}
      />
      <ChartKey
        items={[
          { label: RISK_LEVELS[4][lang], colour: RISK_LEVELS[4].colour, kind: 'bar' },
          { label: RISK_LEVELS[3][lang], colour: RISK_LEVELS[3].colour, kind: 'bar' },
        ]}
      />
    </section>
  );
}

/** The checkpoints' 7- and 28-day trends: people checked and incidents. */
export function PostTrendSection(props: ChartProps): React.JSX.Element {
  const t = useStrings(strings);
  const { data, lang, chartWidth: w, chartHeight: h } = props;
  const days = data.trend.map((d) => d.day);
  const figure = (title: string, values: readonly number[], colour: string): React.JSX.Element => {
    const week = windowSums(values, 7);
    return (
      <div className="briefing-figure print-avoid-break">
        <h3>{title}</h3>
        <p>
          <strong>{t('figureToday', { n: formatNumber(lang, values[values.length - 1] ?? 0) })}</strong> ·{' '}
          {t('figureWeek', { n: formatNumber(lang, week.last), prev: formatNumber(lang, week.previous) })}
        </p>
        <TrendPair days={days} series={[{ values, colour }]} width={w} height={h} />
      </div>
    );
  };
  return (
    <section className="briefing-section" data-testid="briefing-post-trend">
      <h2>{t('postTrendTitle')}</h2>
      {figure(
        t('chartPeople'),
        data.trend.map((d) => d.peopleChecked),
        '#1565c0',
      )}
      {figure(
        t('chartIncidents'),
        data.trend.map((d) => d.incidents),
        '#b71c1c',
      )}
    </section>
  );
}
