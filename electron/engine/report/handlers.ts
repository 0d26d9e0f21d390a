import type { DailyReport, reportApi } from '../../../shared/contract-report';
import {
  isLate,
  REPORT_FIGURES,
  REPORT_TEAM_FIELDS,
  reportId,
  shouldRemind,
  sumFigures,
  type ReportFigure,
  type ReportTeamField,
} from '../../../shared/report';
import { EngineError, msg } from '../../../shared/result';
import { compareVi } from '../../../shared/text';
import { formatDate, formatDateTime, toVnIso, vnMinuteOfDay, vnToday } from '../../../shared/time';
import type { CallContext, EngineContext, HandlersOf } from '../context';
import { deadlineMinutes, reportDeadlines, setReportDeadlines } from './deadlines';
import { figuresForDistrict } from './prefill';
import {
  blankReport,
  districtsOf,
  reportRow,
  reportsOfDay,
  resolveDistrict,
  resolveProvince,
  toReport,
  type ReportRow,
} from './repo';

/**
 * The methods of the daily report contract. A new report is prefilled from the district's daily
 * figures (read through the figures feature, see prefill.ts).
 */
export function reportHandlers(engine: EngineContext): HandlersOf<typeof reportApi> {
  const today = () => vnToday(engine.now());

  /** The stored report, or an error saying it was never saved. */
  function requireSaved(district: string | undefined, day: string) {
    const unit = resolveDistrict(engine, district);
    const row = reportRow(engine, unit.code, day);
    if (!row) {
      throw new EngineError(
        'not-found',
        msg(
          'Chưa có báo cáo ngày {day} của {name}: hãy lưu nháp trước',
          'No report of {day} for {name}: save a draft first',
          {
            day: formatDate(day),
            name: unit.name,
          },
        ),
      );
    }
    return { unit, row };
  }

  function refuseSent(row: ReportRow, name: string): void {
    if (row.status === 'sent') {
      throw new EngineError(
        'conflict',
        msg(
          'Báo cáo ngày {day} của {name} đã gửi lúc {at}; không sửa được',
          'The report of {day} for {name} was sent at {at}; it cannot be changed',
          {
            day: formatDate(row.day),
            name,
            at: row.sent_at ? formatDateTime(row.sent_at) : '',
          },
        ),
      );
    }
  }

  function refuseFuture(day: string): void {
    if (day > today()) {
      throw new EngineError(
        'bad-request',
        msg('Ngày {day} chưa đến: chỉ báo cáo đến hôm nay', '{day} is in the future: reports go up to today', {
          day: formatDate(day),
        }),
      );
    }
  }

  function saved(ctx: CallContext, meta: { action: string }, row: Partial<ReportRow> & { id: string }): void {
    engine.write(ctx, meta, (tx) => {
      tx.put('dailyReport', { ...row, updated_at: toVnIso(engine.now()) });
    });
  }

  return {
    'report.get': (input) => {
      const unit = resolveDistrict(engine, input.district);
      const day = input.day ?? today();
      const fromFigures = figuresForDistrict(engine.db, unit.code, day);
      const row = reportRow(engine, unit.code, day);
      if (row) return { ...toReport(row, unit), fromFigures };
      const blank = blankReport(unit, day);
      return { ...blank, figures: { ...blank.figures, ...(fromFigures ?? {}) }, fromFigures };
    },

    'report.today': (input) => {
      const unit = resolveDistrict(engine, input.district);
      const now = engine.now();
      const day = vnToday(now);
      const row = reportRow(engine, unit.code, day);
      const sent = row?.status === 'sent';
      const deadlines = reportDeadlines(engine);
      return {
        district: unit.code,
        districtName: unit.name,
        day,
        status: row ? row.status : 'missing',
        sentAt: sent ? row.sent_at : null,
        late: sent && row.late === 1,
        remind: shouldRemind(now, sent, deadlineMinutes(deadlines).reminder),
        minute: vnMinuteOfDay(now),
        deadlines,
      };
    },

    'report.list': (input) => {
      const unit = resolveDistrict(engine, input.district);
      const rows = engine.db
        .prepare(
          'SELECT * FROM daily_reports WHERE district_code = ? AND deleted = 0 AND day >= ? AND day <= ? ORDER BY day DESC',
        )
        .all(unit.code, input.from ?? '0000-00-00', input.to ?? '9999-99-99') as ReportRow[];
      return rows.map((r) => toReport(r, unit));
    },

    'report.save': (input, ctx) => {
      const unit = resolveDistrict(engine, input.district);
      refuseFuture(input.day);
      const existing = reportRow(engine, unit.code, input.day);
      if (existing) refuseSent(existing, unit.name);
      const base = existing ? toReport(existing, unit) : blankReport(unit, input.day);
      const figures = { ...base.figures, ...input.figures };
      const teams = { ...base.teams, ...input.teams };
      if (
        figures.samplesPositive !== null &&
        figures.samplesTaken !== null &&
        figures.samplesPositive > figures.samplesTaken
      ) {
        throw new EngineError(
          'bad-request',
          msg(
            'Số mẫu dương tính ({positive}) lớn hơn số mẫu xét nghiệm ({taken})',
            'Positive samples ({positive}) exceed samples taken ({taken})',
            { positive: figures.samplesPositive, taken: figures.samplesTaken },
          ),
        );
      }
      saved(
        ctx,
        { action: existing ? 'report.update' : 'report.create' },
        {
          id: reportId(unit.code, input.day),
          district_code: unit.code,
          day: input.day,
          figures: JSON.stringify(figures),
          teams: JSON.stringify(teams),
          field_work: JSON.stringify(input.fieldWork),
          difficulties: input.difficulties,
          proposals: input.proposals,
          prepared_by: input.preparedBy,
          doc_number: input.docNumber,
          doc_symbol: input.docSymbol || base.docSymbol,
          issuer: input.issuer || base.issuer,
          place: input.place || base.place,
          recipients: JSON.stringify(input.recipients?.filter((r) => r !== '') ?? base.recipients),
          ...(existing
            ? {}
            : { status: 'draft', approved_by: '', approved_at: null, sent_at: null, late: 0, deleted: 0 }),
        },
      );
      return toReport(reportRow(engine, unit.code, input.day)!, unit);
    },

    'report.approve': (input, ctx) => {
      const { unit, row } = requireSaved(input.district, input.day);
      refuseSent(row, unit.name);
      saved(
        ctx,
        { action: 'report.approve' },
        { id: row.id, approved_by: input.approvedBy, approved_at: toVnIso(engine.now()) },
      );
      return toReport(reportRow(engine, unit.code, input.day)!, unit);
    },

    'report.send': (input, ctx) => {
      const { unit, row } = requireSaved(input.district, input.day);
      refuseSent(row, unit.name);
      refuseFuture(input.day);
      const missing: string[] = [];
      if (!row.prepared_by.trim()) missing.push('preparedBy');
      if (!row.place.trim()) missing.push('place');
      if (missing.length > 0) {
        throw new EngineError(
          'bad-request',
          msg('Chưa gửi được: thiếu {fields}', 'Cannot send yet: {fields} missing', {
            fields: missing.map((f) => (f === 'preparedBy' ? 'người lập' : 'địa danh')).join(', '),
          }),
        );
      }
      const now = engine.now();
      saved(
        ctx,
        { action: 'report.send' },
        {
          id: row.id,
          status: 'sent',
          sent_at: toVnIso(now),
          late: isLate(input.day, now, deadlineMinutes(reportDeadlines(engine)).deadline) ? 1 : 0,
        },
      );
      return toReport(reportRow(engine, unit.code, input.day)!, unit);
    },

    'report.settings': () => reportDeadlines(engine),
    'report.setSettings': (input, ctx) => setReportDeadlines(engine, ctx, input),

    'report.province': (input) => {
      const province = resolveProvince(engine, input.province);
      const day = input.day ?? today();
      const rows = reportsOfDay(engine, day);
      const districts = districtsOf(engine, province.code)
        .sort((a, b) => compareVi(a.name, b.name))
        .map((d) => {
          const r = rows.get(d.code);
          const standing = !r ? 'missing' : r.status === 'draft' ? 'draft' : r.late ? 'late' : 'on-time';
          return {
            code: d.code,
            name: d.name,
            standing,
            sentAt: r?.status === 'sent' ? r.sent_at : null,
            preparedBy: r?.prepared_by ?? '',
            approvedBy: r?.approved_by ?? '',
          } as const;
        });
      const n = (s: string) => districts.filter((d) => d.standing === s).length;
      return {
        province: province.code,
        provinceName: province.name,
        day,
        districts,
        deadlines: reportDeadlines(engine),
        counts: { onTime: n('on-time'), late: n('late'), draft: n('draft'), missing: n('missing') },
      };
    },

    'report.consolidated': (input) => {
      const province = resolveProvince(engine, input.province);
      const day = input.day ?? today();
      const rows = reportsOfDay(engine, day);
      const reports: DailyReport[] = [];
      const missing: { code: string; name: string }[] = [];
      for (const d of districtsOf(engine, province.code).sort((a, b) => compareVi(a.name, b.name))) {
        const r = rows.get(d.code);
        if (r?.status === 'sent') reports.push(toReport(r, d));
        else missing.push({ code: d.code, name: d.name });
      }
      return {
        province: province.code,
        provinceName: province.name,
        day,
        figures: sumFigures<ReportFigure>(
          REPORT_FIGURES,
          reports.map((r) => r.figures),
        ),
        teams: sumFigures<ReportTeamField>(
          REPORT_TEAM_FIELDS,
          reports.map((r) => r.teams),
        ),
        reports,
        missing,
      };
    },
  };
}
