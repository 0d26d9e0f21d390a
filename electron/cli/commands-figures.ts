/** `saban figures set|show|import|export`: daily figures from the command line. */
import fs from 'node:fs';
import path from 'node:path';
import { IMPORT_TARGETS, type ImportTarget } from '../../shared/contract-figures';
import { FIGURE_FIELDS, type FigureField, parseCount } from '../../shared/figures';
import { EngineError, msg } from '../../shared/result';
import { parseDay, vnToday } from '../../shared/time';
import { call } from '../engine/dispatch';
import {
  type CliCommand,
  type CommandContext,
  dbPathOf,
  exportFormatOf,
  parseCommand,
  requiredFile,
  saveExport,
  UsageError,
  withEngine,
} from './context';

/** Largest figures file read (a year of a whole province as CSV is ~40 MB). */
const MAX_FIGURES_FILE = 200 * 1024 * 1024;

function dayArg(text: string | undefined, flag: string): string {
  if (text === undefined) return vnToday();
  const d = parseDay(text);
  if (!d)
    throw new UsageError(
      msg('{flag}: ngày dd/mm/yyyy hoặc YYYY-MM-DD', '{flag}: a day as dd/mm/yyyy or YYYY-MM-DD', { flag }),
    );
  return d;
}

/** `--map COLUMN=field` options as a mapping. */
function mappingOf(maps: readonly string[]): Record<string, ImportTarget> {
  const out: Record<string, ImportTarget> = {};
  for (const m of maps) {
    const i = m.lastIndexOf('=');
    const column = m.slice(0, i).trim();
    const target = m.slice(i + 1).trim();
    if (i <= 0 || !(IMPORT_TARGETS as readonly string[]).includes(target)) {
      throw new UsageError(
        msg('--map {m}: cần CỘT=trường, trường là một trong {list}', '--map {m}: COLUMN=field, field one of {list}', {
          m,
          list: IMPORT_TARGETS.join(', '),
        }),
      );
    }
    out[column] = target as ImportTarget;
  }
  return out;
}

function setCommand({ args, out, say }: CommandContext): number {
  const { values } = parseCommand(args, {
    unit: { type: 'string' },
    day: { type: 'string' },
    set: { type: 'string', multiple: true },
    reason: { type: 'string' },
  });
  if (!values.unit) throw new UsageError(msg('thiếu --unit', 'missing --unit'));
  const day = dayArg(values.day, '--day');
  const fields: Partial<Record<FigureField, number | null>> = {};
  for (const s of values.set ?? []) {
    const i = s.indexOf('=');
    const field = s.slice(0, i).trim() as FigureField;
    if (i <= 0 || !FIGURE_FIELDS.includes(field)) {
      throw new UsageError(
        msg('--set {s}: cần trường=số, trường là một trong {list}', '--set {s}: field=number, field one of {list}', {
          s,
          list: FIGURE_FIELDS.join(', '),
        }),
      );
    }
    const v = parseCount(s.slice(i + 1));
    // A malformed number goes to the engine as it is, which names the cell and the reason.
    fields[field] = typeof v === 'string' ? Number(s.slice(i + 1).replace(',', '.')) : v;
  }
  if (Object.keys(fields).length === 0)
    throw new UsageError(msg('thiếu --set trường=số', 'missing --set field=number'));
  const r = withEngine(dbPathOf(values.db), (e) =>
    call(e, 'figures.saveDay', {
      day,
      rows: [{ unitCode: values.unit, values: fields }],
      ...(values.reason ? { reason: values.reason } : {}),
    }),
  );
  if (values.json) out(JSON.stringify(r));
  else {
    out(
      say(
        'Đã lưu {unit} ngày {day}: {c} mới, {u} sửa, {n} không đổi',
        'Saved {unit} on {day}: {c} new, {u} corrected, {n} unchanged',
        {
          unit: values.unit,
          day,
          c: r.created,
          u: r.updated,
          n: r.unchanged,
        },
      ),
    );
  }
  return 0;
}

function importCommand({ args, out, say, lang }: CommandContext): number {
  const { values, positionals } = parseCommand(args, {
    map: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean', default: false },
    day: { type: 'string' },
    sheet: { type: 'string' },
    reason: { type: 'string' },
  });
  const file = requiredFile(positionals, 'CSV/XLSX');
  let bytes: Buffer;
  try {
    if (fs.statSync(file).size > MAX_FIGURES_FILE) {
      throw new EngineError('too-large', msg('{file}: tệp quá lớn', '{file}: the file is too large', { file }));
    }
    bytes = fs.readFileSync(file);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError('bad-file', msg('{file}: không có tệp này', '{file}: no such file', { file }));
  }
  const input = {
    fileName: path.basename(file),
    base64: bytes.toString('base64'),
    ...(values.map ? { mapping: mappingOf(values.map) } : {}),
    ...(values.day ? { day: dayArg(values.day, '--day') } : {}),
    ...(values.sheet ? { sheet: values.sheet } : {}),
    ...(values.reason ? { reason: values.reason } : {}),
  };
  return withEngine(dbPathOf(values.db), (e) => {
    if (values['dry-run']) {
      const p = call(e, 'figures.importPreview', input);
      if (values.json) {
        out(JSON.stringify(p));
        return p.problems.length > 0 ? 2 : 0;
      }
      out(say('Dòng tiêu đề: {row}', 'Header row: {row}', { row: p.headerRow }));
      for (const c of p.columns) out(`  ${c.header || '-'} → ${c.target} (${c.how})`);
      for (const r of p.rows)
        out(`${say('dòng {row}', 'row {row}', { row: r.row })}\t${r.status}\t${r.unitCode}\t${r.day ?? '-'}`);
      for (const pr of p.problems) {
        out(
          say('LỖI dòng {row}, cột "{col}", giá trị "{v}": {t}', 'ERROR row {row}, column "{col}", value "{v}": {t}', {
            row: pr.row,
            col: pr.column,
            v: pr.value,
            t: pr.text[lang],
          }),
        );
      }
      out(
        say(
          '{n} dòng: {a} mới, {c} sửa, {u} không đổi, {e} lỗi; chưa ghi gì',
          '{n} rows: {a} new, {c} changed, {u} unchanged, {e} with errors; nothing written',
          {
            n: p.counts.rows,
            a: p.counts.new,
            c: p.counts.changed,
            u: p.counts.unchanged,
            e: p.counts.errors,
          },
        ),
      );
      return p.problems.length > 0 ? 2 : 0;
    }
    const r = call(e, 'figures.import', input);
    if (values.json) out(JSON.stringify(r));
    else {
      out(
        say('Đã nhập: {c} mới, {u} sửa, {n} không đổi', 'Imported: {c} new, {u} corrected, {n} unchanged', {
          c: r.created,
          u: r.updated,
          n: r.unchanged,
        }),
      );
    }
    return 0;
  });
}

function exportCommand({ args, out }: CommandContext): number {
  const { values } = parseCommand(args, {
    within: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
  });
  if (!values.within) throw new UsageError(msg('thiếu --within CODE', 'missing --within CODE'));
  const to = dayArg(values.to, '--to');
  const from = values.from ? dayArg(values.from, '--from') : to;
  const within = values.within;
  const format = exportFormatOf(values.format, values.out ?? '', ['csv', 'xlsx'] as const);
  if (format === 'xlsx' && !values.out) {
    throw new UsageError(msg('--format xlsx cần --out TỆP', '--format xlsx needs --out FILE'));
  }
  return withEngine(dbPathOf(values.db), (e) => {
    if (values.json) {
      out(JSON.stringify(call(e, 'figures.series', { code: within, from, to })));
      return 0;
    }
    const r = call(e, 'figures.exportCsv', { within, from, to, format });
    if (values.out) out(saveExport(values.out, r));
    else out(r.text.replace(/^\uFEFF/, '').trimEnd());
    return 0;
  });
}

const SUBCOMMANDS: Readonly<Record<string, (ctx: CommandContext) => number>> = {
  set: setCommand,
  import: importCommand,
  export: exportCommand,
};

/** figures set | import | export. */
export const FIGURES_COMMANDS: Readonly<Record<string, CliCommand>> = {
  figures: {
    usage: [
      'saban figures set --unit CODE [--day D] --set FIELD=N [--set FIELD=N …] [--reason TEXT] [--db FILE] [--json]',
      'saban figures import FILE.csv|.xlsx|.xls [--map COLUMN=field …] [--day D] [--sheet NAME] [--reason TEXT] [--dry-run] [--json]',
      'saban figures export --within CODE [--from D] [--to D] [--format csv|xlsx] [--out FILE] [--json]',
    ],
    run(ctx) {
      const [sub, ...rest] = ctx.args;
      const fn = sub === undefined ? undefined : SUBCOMMANDS[sub];
      if (!fn) throw new UsageError(msg('figures: set, import hoặc export', 'figures: set, import or export'));
      return fn({ ...ctx, args: rest });
    },
  },
};
