/**
 * A small fixed-size chart in plain SVG (vector in the PDF, the same on screen): stacked bars
 * over days, optional lines (a 7-day average on the bars' scale, a percentage on its own scale
 * at the right), days without figures marked by a hollow circle on the baseline (not drawn as
 * 0), the largest value and the first and last day written on it.
 */
import { formatDayMonth } from '../../../../shared/time';

export interface Series {
  readonly values: readonly number[];
  readonly colour: string;
}

/** A line over the bars: on their scale, or on its own scale written at the right. */
export interface Line {
  readonly values: readonly (number | null)[];
  readonly colour: string;
  /** Its own scale, the top written at the right in `format` (e.g. a percentage in the page's language). */
  readonly right?: { readonly format: (n: number) => string };
}

export interface TrendChartProps {
  readonly title: string;
  readonly days: readonly string[];
  /** Stacked from the bottom. */
  readonly series: readonly Series[];
  readonly lines?: readonly Line[];
  /** Days with nothing entered. */
  readonly missing?: readonly boolean[];
  readonly width: number;
  readonly height: number;
}

const AXIS = '#90a4ae';
const INK = '#455a64';

/** Rounds a scale's top for its label (one decimal below 10). */
function top(n: number): number {
  return n < 10 ? Math.ceil(n * 10) / 10 : Math.ceil(n);
}

export function TrendChart(props: TrendChartProps): React.JSX.Element {
  const { days, series, width, height } = props;
  const lines = props.lines ?? [];
  const rightLine = lines.find((l) => l.right);
  const left = 28;
  const right = rightLine ? 30 : 4;
  const bottom = 14;
  const topPad = 6;
  const plotW = width - left - right;
  const plotH = height - bottom - topPad;
  const base = topPad + plotH;
  const totals = days.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const onLeft = lines.filter((l) => !l.right).flatMap((l) => l.values.filter((v): v is number => v !== null));
  const max = top(Math.max(1, ...totals, ...onLeft));
  const rightValues = rightLine ? rightLine.values.filter((v): v is number => v !== null) : [];
  const rightMax = top(Math.max(1, ...rightValues));
  const step = plotW / Math.max(1, days.length);
  const barW = Math.max(1, step * 0.72);
  const x = (i: number): number => left + i * step + step / 2;
  const path = (l: Line): string => {
    const scale = l.right ? rightMax : max;
    let d = '';
    let pen = false;
    l.values.forEach((v, i) => {
      if (v === null || props.missing?.[i]) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${(base - (v / scale) * plotH).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  return (
    <figure className="briefing-chart print-avoid-break">
      <figcaption>{props.title}</figcaption>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        overflow="visible"
        role="img"
        aria-label={props.title}
      >
        <line x1={left} y1={topPad} x2={left} y2={base} stroke={AXIS} strokeWidth="0.6" />
        <line x1={left} y1={base} x2={width - right} y2={base} stroke={AXIS} strokeWidth="0.6" />
        <text x={left - 3} y={topPad + 7} textAnchor="end" fontSize="8" fill={INK}>
          {max}
        </text>
        <text x={left - 3} y={base} textAnchor="end" fontSize="8" fill={INK}>
          0
        </text>
        {rightLine && (
          <>
            <line x1={width - right} y1={topPad} x2={width - right} y2={base} stroke={AXIS} strokeWidth="0.6" />
            <text x={width - right + 3} y={topPad + 7} fontSize="8" fill={rightLine.colour}>
              {rightLine.right!.format(rightMax)}
            </text>
          </>
        )}
        {days.map((d, i) => {
          let y = base;
          if (props.missing?.[i]) {
            return (
              <circle
                key={d}
                cx={x(i)}
                cy={base - 2.5}
                r={Math.min(2, step / 3)}
                fill="none"
                stroke={INK}
                strokeWidth="0.6"
              />
            );
          }
          return (
            <g key={d}>
              {series.map((s, k) => {
                const v = s.values[i] ?? 0;
                const h = (v / max) * plotH;
                y -= h;
                return v > 0 ? (
                  <rect key={k} x={x(i) - barW / 2} y={y} width={barW} height={h} fill={s.colour} />
                ) : null;
              })}
            </g>
          );
        })}
        {lines.map((l, k) => (
          <path key={k} d={path(l)} fill="none" stroke={l.colour} strokeWidth="1.4" strokeLinejoin="round" />
        ))}
        {days.length > 0 && (
          <>
            <text x={left} y={height - 3} fontSize="8" fill={INK}>
              {formatDayMonth(days[0]!)}
            </text>
            <text x={width - right} y={height - 3} textAnchor="end" fontSize="8" fill={INK}>
              {formatDayMonth(days[days.length - 1]!)}
            </text>
          </>
        )}
      </svg>
    </figure>
  );
}

/** What a chart's colours mean: a swatch (bars), a stroke (lines) or a hollow circle (no figures). */
export function ChartKey(props: {
  readonly items: readonly {
    readonly label: string;
    readonly colour: string;
    readonly kind: 'bar' | 'line' | 'missing';
  }[];
}): React.JSX.Element {
  return (
    <p className="briefing-chart-key">
      {props.items.map((it) => (
        <span key={it.label}>
          <svg width="12" height="8" viewBox="0 0 12 8" aria-hidden="true">
            {it.kind === 'bar' && <rect x="1" y="0" width="10" height="8" fill={it.colour} />}
            {it.kind === 'line' && <path d="M0 4h12" stroke={it.colour} strokeWidth="1.6" />}
            {it.kind === 'missing' && <circle cx="6" cy="4" r="2.5" fill="none" stroke={it.colour} strokeWidth="0.8" />}
          </svg>{' '}
          {it.label}
        </span>
      ))}
    </p>
  );
}
