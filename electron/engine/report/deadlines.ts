/**
 * The office's reporting hours, a settings key read and written through the settings module:
 * the district's deadline, the reminder before it and the province's deadline after it.
 */
import { reportDeadlinesSchema } from '../../../shared/contract-report';
import {
  DEFAULT_REPORT_DEADLINES,
  deadlinesProblem,
  minutesOf,
  REPORT_DEADLINE_MINUTES,
  REPORT_REMINDER_MINUTES,
  type ReportDeadlines,
} from '../../../shared/report';
import { EngineError, msg } from '../../../shared/result';
import type { CallContext, EngineContext } from '../context';
import { readSetting, updateSetting } from '../settings/settings';

/** The settings key of the reporting hours. */
export const REPORT_DEADLINES_KEY = 'reportDeadlines';

/** The stored reporting hours, or the defaults (14:00, 13:30, 15:00) where none were set. */
export function reportDeadlines(engine: EngineContext): ReportDeadlines {
  return readSetting(engine.db, REPORT_DEADLINES_KEY, reportDeadlinesSchema, DEFAULT_REPORT_DEADLINES);
}

/** The deadline and the reminder as minutes after Vietnam midnight. */
export function deadlineMinutes(d: ReportDeadlines): { deadline: number; reminder: number } {
  return {
    deadline: minutesOf(d.deadline) ?? REPORT_DEADLINE_MINUTES,
    reminder: minutesOf(d.reminder) ?? REPORT_REMINDER_MINUTES,
  };
}

/** Sets the reporting hours (merged into the stored ones), refusing an order that makes no sense. */
export function setReportDeadlines(engine: EngineContext, ctx: CallContext, patch: Partial<ReportDeadlines>) {
  return updateSetting(
    engine,
    ctx,
    {
      key: REPORT_DEADLINES_KEY,
      // Audited as a settings change, the label the history already shows.
      action: 'settings.set',
      schema: reportDeadlinesSchema,
      fallback: DEFAULT_REPORT_DEADLINES,
    },
    patch,
    (next) => {
      const problem = deadlinesProblem(next);
      if (problem === null) return;
      const values = { reminder: next.reminder, deadline: next.deadline, province: next.provinceDeadline };
      throw new EngineError(
        'bad-request',
        problem === 'reminder'
          ? msg(
              'Giờ nhắc ({reminder}) phải trước hạn báo cáo ({deadline})',
              'The reminder ({reminder}) must come before the report deadline ({deadline})',
              values,
            )
          : msg(
              'Hạn tổng hợp của tỉnh ({province}) phải sau hạn báo cáo của huyện ({deadline})',
              'The province’s deadline ({province}) must come after the district’s report deadline ({deadline})',
              values,
            ),
      );
    },
  );
}
