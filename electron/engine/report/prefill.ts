/**
 * The daily figures a report starts from: the district's figures of the day, summed over its
 * communes by the figures feature (`dayTotals`). Null while the daily figures hold nothing for
 * that district and day: the form is then typed.
 */
import type { FigureField, FigureValues } from '../../../shared/figures';
import type { ReportFigure } from '../../../shared/report';
import { EngineError } from '../../../shared/result';
import type { EngineContext } from '../context';
import { dayTotals } from '../figures/day';

/** Which daily-figures field fills which report figure. */
const FROM_FIGURES: Readonly<Partial<Record<ReportFigure, FigureField>>> = {
  samplesTaken: 'samples',
  samplesPositive: 'positives',
  newF0Community: 'f0Community',
  newF0Quarantined: 'f0Quarantine',
  f1Traced: 'f1Traced',
  qFacilityNow: 'qFacilityIn',
  qFacilityNew: 'qFacilityNew',
  qFacilityReleased: 'qFacilityReleased',
  qHealthNow: 'qHealthIn',
  qHealthNew: 'qHealthNew',
  qHealthReleased: 'qHealthReleased',
  qHomeNow: 'qHomeIn',
  qHomeNew: 'qHomeNew',
  qHomeReleased: 'qHomeReleased',
  recoveries: 'recoveries',
  deaths: 'deaths',
};

/**
 * Daily-figures values as report figures: only those entered (null when none is). Samples
 * negative are the samples less the positives, when both are entered.
 */
export function reportFiguresOf(values: Partial<Readonly<FigureValues>>): Partial<Record<ReportFigure, number>> | null {
  const out: Partial<Record<ReportFigure, number>> = {};
  for (const [key, field] of Object.entries(FROM_FIGURES) as [ReportFigure, FigureField][]) {
    const v = values[field];
    if (typeof v === 'number') out[key] = v;
  }
  if (out.samplesTaken !== undefined && out.samplesPositive !== undefined) {
    out.samplesNegative = out.samplesTaken - out.samplesPositive;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * The district's daily figures of `day` as report figures (see {@link reportFiguresOf}). A
 * district the figures cannot answer for (an engine error, such as an unknown unit) leaves the
 * form to be typed: the report never fails on it.
 */
export function figuresForDistrict(
  db: EngineContext['db'],
  district: string,
  day: string,
): Partial<Record<ReportFigure, number>> | null {
  try {
    return reportFiguresOf(dayTotals(db, district, day).values);
  } catch (err) {
    if (err instanceof EngineError) return null;
    throw err;
  }
}
