/**
 * `saban briefing`: the map briefing of a district (or province) as a PDF, the same pages the
 * app's "Bản tin bản đồ (PDF)" button prints (renderer/src/features/briefing/).
 */
import { isDay, vnToday } from '../../shared/time';
import { msg } from '../../shared/result';
import { call } from '../engine/dispatch';
import type { Engine } from '../engine/engine';
import { type CliCommand, parseCommand, UsageError } from './context';
import { PRINT_OPTIONS, printCommand, sizeOption } from './commands-print';

/** The district a briefing is about when none is named: the one the app shows, else the only one mapped. */
export function defaultBriefingUnit(engine: Engine): string {
  const current = call(engine, 'settings.get', {}).currentDistrict;
  if (current) return current;
  const districts = call(engine, 'units.list', { level: 'district' });
  const mapped = call(engine, 'units.list', { level: 'commune', limit: 50000 }).filter((c) => c.hasGeometry);
  const withMap = districts.filter((d) => mapped.some((c) => c.parentCode === d.code));
  if (withMap.length === 1) return withMap[0]!.code;
  throw new UsageError(
    msg(
      'chọn đơn vị bằng --within CODE (huyện hoặc tỉnh)',
      'choose the unit with --within CODE (district or province)',
    ),
  );
}

/** briefing. */
export const BRIEFING_COMMANDS: Readonly<Record<string, CliCommand>> = {
  briefing: {
    usage: [
      'saban briefing [--date YYYY-MM-DD] [--within CODE|all] [--size A4|A3] --out FILE.pdf [--browser PATH] [--db FILE]',
      '      (the map briefing: map of levels, changes since yesterday, red and orange areas, checkpoints)',
    ],
    run(ctx) {
      const { values } = parseCommand(ctx.args, {
        ...PRINT_OPTIONS,
        date: { type: 'string' },
        within: { type: 'string' },
      });
      const date = values.date ?? vnToday();
      if (!isDay(date))
        throw new UsageError(msg('--date {d}: cần YYYY-MM-DD', '--date {d}: expected YYYY-MM-DD', { d: date }));
      return printCommand(ctx, {
        db: values.db,
        out: values.out,
        browser: values.browser,
        req: { page: 'briefing', size: sizeOption(values.size) },
        prepare: (engine) => {
          const within = values.within ?? defaultBriefingUnit(engine);
          if (within === 'all') return { date, within };
          const unit = call(engine, 'units.get', { code: within }).unit;
          if (unit.level !== 'district' && unit.level !== 'province')
            throw new UsageError(
              msg('--within {c}: cần mã huyện hoặc tỉnh', '--within {c}: expected a district or province code', {
                c: within,
              }),
            );
          return { date, within };
        },
      });
    },
  },
};
