/**
 * A small fixed-size bar chart in plain SVG (vector in the PDF, the same on screen): one or two
 * stacked series over days, the largest value and the first and last day written on it.
 */
import { formatDayMonth } from '../../../../shared/time';

export interface Series {
  readonly values: readonly number[];
  readonly colour: string;
}

export interface TrendChartProps {
  readonly title: string;
  readonly days: readonly string[];
  /** Stacked from the bottom. */
  readonly series: readonly Series[];
  readonly width: number;
  readonly height: number;
}

export function TrendChart(props: TrendChartProps): React.JSX.Element {
  const { days, series, width, height } = props;
  const left = 28;
  const bottom = 14;
  const top = 6;
  const plotW = width - left - 4;
  const plotH = height - bottom - top;
  const totals = days.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = plotW / Math.max(1, days.length);
  const barW = Math.max(1, step * 0.72);
  return (
    <figure className="briefing-chart print-avoid-break">
      <figcaption>{props.title}</figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title}>
        <line x1={left} y1={top} x2={left} y2={top + plotH} stroke="#90a4ae" strokeWidth="0.6" />
        <line x1={left} y1={top + plotH} x2={width - 4} y2={top + plotH} stroke="#90a4ae" strokeWidth="0.6" />
        <text x={left - 3} y={top + 7} textAnchor="end" fontSize="8" fill="#455a64">
          {max}
        </text>
        <text x={left - 3} y={top + plotH} textAnchor="end" fontSize="8" fill="#455a64">
          0
        </text>
        {days.map((d, i) => {
          let y = top + plotH;
          return (
            <g key={d}>
              {series.map((s, k) => {
                const v = s.values[i] ?? 0;
                const h = (v / max) * plotH;
                y -= h;
                return v > 0 ? (
                  <rect key={k} x={left + i * step + (step - barW) / 2} y={y} width={barW} height={h} fill={s.colour} />
                ) : null;
              })}
            </g>
          );
        })}
        {days.length > 0 && (
          <>
            <text x={left} y={height - 3} fontSize="8" fill="#455a64">
              {formatDayMonth(days[0]!)}
            </text>
            <text x={width - 4} y={height - 3} textAnchor="end" fontSize="8" fill="#455a64">
              {formatDayMonth(days[days.length - 1]!)}
            </text>
          </>
        )}
      </svg>
    </figure>
  );
}
