import { call } from '../engine/dispatch';
import type { Engine } from '../engine/engine';
import { EngineError, msg } from '../../shared/result';
import { type CliCommand, dbPathOf, exportFormatOf, parseCommand, saveExport, UsageError, withEngine } from './context';

/** The export root when none is given: the only province, or refuse. */
function defaultRoot(e: Engine): string {
  const provinces = call(e, 'units.list', { level: 'province' });
  if (provinces.length !== 1) {
    throw new EngineError(
      'bad-request',
      msg('cần --within CODE (có {n} tỉnh)', '--within CODE needed ({n} provinces)', { n: provinces.length }),
    );
  }
  return provinces[0]!.code;
}

const exportCommand = (formats: readonly ('geojson' | 'csv' | 'xlsx')[]): CliCommand => ({
  usage: [
    `saban export-${formats[0]} --out FILE [--within CODE] [--at ISO]${formats.length > 1 ? ` [--format ${formats.join('|')}]` : ''} [--db FILE]`,
  ],
  run({ args, out }) {
    const { values } = parseCommand(args, {
      out: { type: 'string' },
      within: { type: 'string' },
      at: { type: 'string' },
      format: { type: 'string' },
    });
    if (!values.out) throw new UsageError(msg('thiếu --out', 'missing --out'));
    const format = exportFormatOf(values.format, values.out, formats);
    const r = withEngine(dbPathOf(values.db), (e) =>
      call(e, 'risk.export', {
        within: values.within ?? defaultRoot(e),
        format,
        ...(values.at ? { at: values.at } : {}),
      }),
    );
    out(saveExport(values.out, r));
    return 0;
  },
});

/** set-level, levels, export-geojson, export-csv. */
export const RISK_COMMANDS: Readonly<Record<string, CliCommand>> = {
  'set-level': {
    usage: ['saban set-level --unit CODE [--unit CODE …] --level 0..4 --reason TEXT [--from ISO] [--db FILE]'],
    run({ args, out, say }) {
      const { values } = parseCommand(args, {
        unit: { type: 'string', multiple: true },
        level: { type: 'string' },
        reason: { type: 'string' },
        from: { type: 'string' },
      });
      const units = values.unit ?? [];
      const level = Number(values.level);
      if (units.length === 0) throw new UsageError(msg('thiếu --unit', 'missing --unit'));
      if (!Number.isInteger(level) || level < 0 || level > 4) {
        throw new UsageError(msg('--level: 0..4 (0 = chưa đánh giá)', '--level: 0..4 (0 = not assessed)'));
      }
      if (!values.reason?.trim()) throw new UsageError(msg('thiếu --reason', 'missing --reason'));
      const r = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'risk.set', {
          codes: units,
          level,
          reason: values.reason,
          ...(values.from ? { effectiveFrom: values.from } : {}),
        }),
      );
      out(
        say('Đã đặt cấp {level} cho {n} đơn vị, áp dụng từ {from}', 'Set level {level} on {n} unit(s) from {from}', {
          level,
          n: r.count,
          from: r.effectiveFrom,
        }),
      );
      return 0;
    },
  },
  levels: {
    usage: ['saban levels [--within CODE] [--at ISO] [--db FILE] [--json]'],
    run({ args, out }) {
      const { values } = parseCommand(args, { within: { type: 'string' }, at: { type: 'string' } });
      const levels = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'risk.levels', {
          ...(values.within ? { within: values.within } : {}),
          ...(values.at ? { at: values.at } : {}),
        }),
      );
      if (values.json) out(JSON.stringify(levels));
      else for (const l of levels) out(`${l.code}\t${l.level}\t${l.effectiveFrom}\t${l.reason}`);
      return 0;
    },
  },
  'export-geojson': exportCommand(['geojson']),
  'export-csv': exportCommand(['csv', 'xlsx']),
};
