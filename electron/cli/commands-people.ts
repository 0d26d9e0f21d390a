import path from 'node:path';
import { ASSIGNMENT_ROLES, ROLE_LABELS, formatPhone, parseRole } from '../../shared/people';
import { call } from '../engine/dispatch';
import { readImportFile } from './read-file';
import { msg } from '../../shared/result';
import {
  type CliCommand,
  dbPathOf,
  exportFormatOf,
  parseCommand,
  requiredFile,
  saveExport,
  UsageError,
  withEngine,
} from './context';

const IMPORT_KINDS = ['people', 'assignments', 'teams'] as const;

/** people, assign, coverage, import-people, export-directory. */
export const PEOPLE_COMMANDS: Readonly<Record<string, CliCommand>> = {
  people: {
    usage: ['saban people [--query TEXT] [--db FILE] [--json]'],
    run({ args, out, say }) {
      const { values } = parseCommand(args, { query: { type: 'string' } });
      const people = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'people.list', values.query ? { query: values.query } : {}),
      );
      if (values.json) out(JSON.stringify(people));
      else {
        for (const p of people) out(`${p.id}\t${p.fullName}\t${p.position}\t${p.phones.map(formatPhone).join(', ')}`);
        if (people.length === 0) out(say('Chưa có ai trong danh sách', 'The register is empty'));
      }
      return 0;
    },
  },
  assign: {
    usage: [
      'saban assign --person ID --unit CODE --role truong-to|thanh-vien|phu-trach [--from YYYY-MM-DD] [--to YYYY-MM-DD]',
      '      [--reason TEXT] [--db FILE] [--json]',
    ],
    run({ args, out, say, lang }) {
      const { values } = parseCommand(args, {
        person: { type: 'string' },
        unit: { type: 'string' },
        role: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        reason: { type: 'string' },
      });
      if (!values.person) throw new UsageError(msg('thiếu --person', 'missing --person'));
      if (!values.unit) throw new UsageError(msg('thiếu --unit', 'missing --unit'));
      const role = parseRole(values.role ?? '', ASSIGNMENT_ROLES);
      if (!role) throw new UsageError(`--role: ${ASSIGNMENT_ROLES.join(', ')}`);
      const a = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'people.assign', {
          personId: values.person,
          unitCode: values.unit,
          role,
          ...(values.from ? { from: values.from } : {}),
          ...(values.to ? { to: values.to } : {}),
          ...(values.reason ? { reason: values.reason } : {}),
        }),
      );
      if (values.json) out(JSON.stringify(a));
      else
        out(
          say(
            a.to
              ? 'Đã phân công {name} ({role}) tại {unit} từ {from} đến {to}, mã {id}'
              : 'Đã phân công {name} ({role}) tại {unit} từ {from}, mã {id}',
            a.to
              ? 'Assigned {name} ({role}) to {unit} from {from} to {to}, id {id}'
              : 'Assigned {name} ({role}) to {unit} from {from}, id {id}',
            {
              name: a.personName,
              role: ROLE_LABELS[a.role][lang],
              unit: a.unitName,
              from: a.from,
              to: a.to ?? '',
              id: a.id,
            },
          ),
        );
      return 0;
    },
  },
  coverage: {
    usage: ['saban coverage [--within CODE] [--db FILE] [--json]'],
    run({ args, out, say, lang }) {
      const { values } = parseCommand(args, { within: { type: 'string' } });
      const warnings = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'coverage.warnings', values.within ? { within: values.within } : {}),
      );
      if (values.json) out(JSON.stringify(warnings));
      else {
        for (const w of warnings) out(`${w.kind}\t${w.code}\t${w[lang]}`);
        if (warnings.length === 0) out(say('Không có cảnh báo', 'No warnings'));
      }
      return 0;
    },
  },
  'import-people': {
    usage: ['saban import-people CSV --kind people|assignments|teams [--dry-run] [--db FILE] [--json]'],
    run({ args, out, say, lang }) {
      const { values, positionals } = parseCommand(args, {
        kind: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      });
      const file = requiredFile(positionals, 'CSV');
      const kind = IMPORT_KINDS.find((k) => k === values.kind);
      if (!kind) throw new UsageError(`--kind: ${IMPORT_KINDS.join(', ')}`);
      const text = readImportFile(file, 20 * 1024 * 1024);
      const r = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'people.import', { kind, fileName: path.basename(file), text, dryRun: values['dry-run'] }),
      );
      if (values.json) out(JSON.stringify(r));
      else {
        out(
          say(
            '{file}: {rows} dòng, người {people}, phân công {assignments}, tổ {teams}',
            '{file}: {rows} rows, people {people}, assignments {assignments}, teams {teams}',
            { file: r.fileName, rows: r.rows, people: r.people, assignments: r.assignments, teams: r.teams },
          ) +
            (r.written ? say(' — đã ghi', ' — written') : say(' — xem trước, chưa ghi', ' — preview, nothing written')),
        );
        for (const e of r.errors)
          out(say('  lỗi dòng {row}: {m}', '  error row {row}: {m}', { row: e.row, m: e.text[lang] }));
        for (const w of r.warnings)
          out(say('  lưu ý dòng {row}: {m}', '  warning row {row}: {m}', { row: w.row, m: w.text[lang] }));
      }
      return r.errors.length > 0 ? 2 : 0;
    },
  },
  'export-directory': {
    usage: ['saban export-directory --out FILE [--within CODE] [--role ROLE] [--format csv|xlsx] [--db FILE]'],
    run({ args, out }) {
      const { values } = parseCommand(args, {
        out: { type: 'string' },
        within: { type: 'string' },
        role: { type: 'string' },
        format: { type: 'string' },
      });
      if (!values.out) throw new UsageError(msg('thiếu --out', 'missing --out'));
      const format = exportFormatOf(values.format, values.out, ['csv', 'xlsx'] as const);
      const r = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'people.exportCsv', {
          format,
          ...(values.within ? { within: values.within } : {}),
          ...(values.role ? { role: values.role } : {}),
        }),
      );
      out(saveExport(values.out, r));
      return 0;
    },
  },
};
