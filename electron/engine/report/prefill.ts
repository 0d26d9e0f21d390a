/**
 * The daily figures a report starts from: the district's communes' figures of the day, summed.
 * Null while the daily figures hold nothing for that district and day (the form is then typed).
 */
import type { ReportFigure } from '../../../shared/report';
import type { EngineContext } from '../context';

/** The district's daily figures of `day`, summed per report figure (null: none entered). */
export function figuresForDistrict(
  _engine: EngineContext,
  _district: string,
  _day: string,
): Partial<Record<ReportFigure, number | null>> | null {
  return null;
}
