import type { DailyReport } from '../../shared/contract-report';
import { REPORT_FIGURE_LABELS, REPORT_FIGURES, REPORT_TEAM_FIELDS, REPORT_TEAM_LABELS } from '../../shared/report';
import { msg } from '../../shared/result';
import { formatDate, formatDateTime, parseDay } from '../../shared/time';
import { call } from '../engine/dispatch';
import { PRINT_OPTIONS, printCommand } from './commands-print';
import { type CliCommand, type CommandContext, dbPathOf, parseCommand, UsageError, withEngine } from './context';

const SUBCOMMANDS = ['show', 'save', 'send', 'province', 'settings', 'pdf'] as const;

function dayOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const day = parseDay(value);
  if (!day)
    throw new UsageError(msg('--date: cần dd/mm/yyyy hoặc YYYY-MM-DD', '--date: expected dd/mm/yyyy or YYYY-MM-DD'));
  return day;
}

/** `key=N` pairs of `--figure` / `--team`, each key one of `keys`. */
function counts<K extends string>(pairs: readonly string[] | undefined, keys: readonly K[], option: string) {
  const out: Partial<Record<K, number>> = {};
  for (const p of pairs ?? []) {
    const m = /^([A-Za-z0-9]+)=(\d{1,9})$/.exec(p);
    if (!m || !(keys as readonly string[]).includes(m[1]!)) {
      throw new UsageError(`${option} ${p}: KEY=N, KEY ∈ ${keys.join(', ')}`);
    }
    out[m[1] as K] = Number(m[2]);
  }
  return out;
}

function statusLine(r: DailyReport, say: CommandContext['say'], deadline: string): string {
  if (r.status === 'draft') return say('Nháp (chưa gửi)', 'Draft (not sent)');
  const at = formatDateTime(r.sentAt!);
  return r.late
    ? say('Đã gửi {at}, TRỄ (sau {deadline})', 'Sent {at}, LATE (after {deadline})', {
        at,
        deadline,
      })
    : say('Đã gửi {at}, đúng hạn', 'Sent {at}, on time', { at });
}

/** The report as text, one field a line. */
function printReport(r: DailyReport, deadline: string, { out, say, lang }: CommandContext): void {
  out(`${r.districtName} (${r.district}) — ${formatDate(r.day)}`);
  out(statusLine(r, say, deadline));
  for (const k of REPORT_FIGURES) {
    const v = r.figures[k];
    if (v !== null) out(`  ${REPORT_FIGURE_LABELS[k][lang]}: ${v}`);
  }
  for (const k of REPORT_TEAM_FIELDS) {
    const v = r.teams[k];
    if (v !== null) out(`  ${REPORT_TEAM_LABELS[k][lang]}: ${v}`);
  }
  for (const f of r.fieldWork) out(`  ${[f.person, f.place, f.note].filter(Boolean).join(' — ')}`);
  if (r.difficulties) out(say('Khó khăn: {t}', 'Difficulties: {t}', { t: r.difficulties }));
  if (r.proposals) out(say('Đề xuất: {t}', 'Proposals: {t}', { t: r.proposals }));
  out(
    say('Người lập: {p}; duyệt: {a}', 'Prepared by: {p}; approved by: {a}', {
      p: r.preparedBy || '-',
      a: r.approvedBy || '-',
    }),
  );
}

/** `saban report show|save|send|province`. */
export const REPORT_COMMANDS: Readonly<Record<string, CliCommand>> = {
  report: {
    usage: [
      'saban report show [--date D] [--district CODE] [--db FILE] [--json]   (báo cáo 14:00 / the 14:00 report)',
      'saban report save --date D [--figure samplesTaken=N]… [--team householdsVisited=N]… [--prepared-by NAME]',
      '      [--difficulties T] [--proposals T] [--number N] [--district CODE]',
      'saban report send [--date D] [--district CODE]          (sau hạn là trễ / after the deadline it is late)',
      'saban report province [--date D] [--province CODE] [--json]   (ai đã gửi / who has sent)',
      'saban report settings [--deadline HH:MM] [--reminder HH:MM] [--province-deadline HH:MM] [--json]',
      '      (giờ báo cáo của đơn vị / the office’s reporting hours; default 14:00, 13:30, 15:00)',
      'saban report pdf [--date D] [--district CODE | --consolidated [--province CODE]] --out FILE.pdf [--browser PATH]',
    ],
    run(ctx) {
      const { args, out, say } = ctx;
      const { values, positionals } = parseCommand(args, {
        date: { type: 'string' },
        district: { type: 'string' },
        province: { type: 'string' },
        figure: { type: 'string', multiple: true },
        team: { type: 'string', multiple: true },
        'prepared-by': { type: 'string' },
        difficulties: { type: 'string' },
        proposals: { type: 'string' },
        number: { type: 'string' },
        deadline: { type: 'string' },
        reminder: { type: 'string' },
        'province-deadline': { type: 'string' },
        consolidated: { type: 'boolean', default: false },
        out: PRINT_OPTIONS.out,
        browser: PRINT_OPTIONS.browser,
      });
      const sub = positionals[0];
      if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
        throw new UsageError(`saban report ${SUBCOMMANDS.join('|')}`);
      }
      const day = dayOption(values.date);
      const where = { ...(values.district ? { district: values.district } : {}), ...(day ? { day } : {}) };
      if (sub === 'pdf') {
        // The page reads the report itself; the day and place are settled here so the file says which.
        const consolidated = values.consolidated;
        return printCommand(ctx, {
          db: values.db,
          out: values.out,
          browser: values.browser,
          req: { page: consolidated ? 'report-province' : 'report', size: 'A4' },
          prepare: (e): Record<string, string> => {
            if (consolidated) {
              const v = call(e, 'report.province', {
                ...(values.province ? { province: values.province } : {}),
                ...(day ? { day } : {}),
              });
              return { province: v.province, day: v.day };
            }
            const r = call(e, 'report.get', where);
            return { district: r.district, day: r.day };
          },
        });
      }
      return withEngine(dbPathOf(values.db), (e) => {
        if (sub === 'settings') {
          const patch = {
            ...(values.deadline !== undefined ? { deadline: values.deadline } : {}),
            ...(values.reminder !== undefined ? { reminder: values.reminder } : {}),
            ...(values['province-deadline'] !== undefined ? { provinceDeadline: values['province-deadline'] } : {}),
          };
          const h =
            Object.keys(patch).length > 0 ? call(e, 'report.setSettings', patch) : call(e, 'report.settings', {});
          if (values.json) out(JSON.stringify(h));
          else {
            out(
              say(
                'Hạn báo cáo {deadline}; nhắc từ {reminder}; tỉnh tổng hợp trước {province}',
                'Report due {deadline}; reminder from {reminder}; province consolidates by {province}',
                { deadline: h.deadline, reminder: h.reminder, province: h.provinceDeadline },
              ),
            );
          }
          return 0;
        }
        if (sub === 'province') {
          const v = call(e, 'report.province', {
            ...(values.province ? { province: values.province } : {}),
            ...(day ? { day } : {}),
          });
          if (values.json) {
            out(JSON.stringify(v));
            return 0;
          }
          out(
            `${v.provinceName} — ${formatDate(v.day)} — ${say('hạn {d}, tổng hợp trước {p}', 'due {d}, consolidate by {p}', { d: v.deadlines.deadline, p: v.deadlines.provinceDeadline })}`,
          );
          const word = {
            'on-time': say('đúng hạn', 'on time'),
            late: say('trễ', 'late'),
            draft: say('nháp', 'draft'),
            missing: say('chưa gửi', 'missing'),
          };
          for (const d of v.districts) {
            out([d.code, d.name, word[d.standing], d.sentAt ? formatDateTime(d.sentAt) : '-'].join('\t'));
          }
          out(
            say('Đúng hạn {a}, trễ {b}, chưa gửi {c}', 'On time {a}, late {b}, not sent {c}', {
              a: v.counts.onTime,
              b: v.counts.late,
              c: v.counts.draft + v.counts.missing,
            }),
          );
          return 0;
        }
        let r: DailyReport;
        if (sub === 'show') r = call(e, 'report.get', where);
        else if (sub === 'send') r = call(e, 'report.send', { ...where, day: day ?? call(e, 'report.get', where).day });
        else {
          if (!day) throw new UsageError(msg('thiếu --date', 'missing --date'));
          const current = call(e, 'report.get', where);
          r = call(e, 'report.save', {
            ...where,
            day,
            figures: { ...current.figures, ...counts(values.figure, REPORT_FIGURES, '--figure') },
            teams: { ...current.teams, ...counts(values.team, REPORT_TEAM_FIELDS, '--team') },
            fieldWork: current.fieldWork,
            difficulties: values.difficulties ?? current.difficulties,
            proposals: values.proposals ?? current.proposals,
            preparedBy: values['prepared-by'] ?? current.preparedBy,
            docNumber: values.number ?? current.docNumber,
            docSymbol: current.docSymbol,
            issuer: current.issuer,
            place: current.place,
            recipients: current.recipients,
          });
        }
        if (values.json) out(JSON.stringify(r));
        else printReport(r, call(e, 'report.settings', {}).deadline, ctx);
        return 0;
      });
    },
  },
};
