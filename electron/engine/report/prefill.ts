/**
 * The daily figures a report starts from: the district's figures of the day (`figures.day`, whose
 * totals sum the district's communes). Null while the daily figures hold nothing for that
 * district and day: the form is then typed.
 */
import type { Output } from '../../../shared/contract';
import type { FigureField } from '../../../shared/figures';
import type { ReportFigure } from '../../../shared/report';
import { EngineError } from '../../../shared/result';

/** Reads the daily figures of a unit and day (the `figures.day` method). */
export type DayFiguresReader = (code: string, day: string) => Output<'figures.day'>;

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
 * The district's daily figures of `day` as report figures: only those entered (null when none
 * is). Samples negative are the samples less the positives, when both are entered. A daily
 * figures store that cannot answer (not there yet, or failing) leaves the form to be typed: the
 * report never waits on it.
 */
export function figuresForDistrict(
  read: DayFiguresReader,
  district: string,
  day: string,
): Partial<Record<ReportFigure, number>> | null {
  let totals: Output<'figures.day'>['totals']['values'];
  try {
    totals = read(district, day).totals.values;
  } catch (err) {
    if (err instanceof EngineError) return null;
    throw err;
  }
  const out: Partial<Record<ReportFigure, number>> = {};
  for (const [key, field] of Object.entries(FROM_FIGURES) as [ReportFigure, FigureField][]) {
    const v = totals[field];
    if (typeof v === 'number') out[key] = v;
  }
  if (out.samplesTaken !== undefined && out.samplesPositive !== undefined) {
    out.samplesNegative = out.samplesTaken - out.samplesPositive;
  }
  return Object.keys(out).length > 0 ? out : null;
}
