/**
 * `saban print PAGE`: any registered print page of the renderer to PDF (the briefing and the
 * reports have their own commands on top of {@link printCommand}). Drives an installed Chromium,
 * Chrome or Edge (electron/print/print-pdf.ts).
 */
import fs from 'node:fs';
import { paperOf, type PaperSize, type PrintRequest } from '../../shared/print';
import { EngineError, msg } from '../../shared/result';
import { Engine } from '../engine/engine';
import { printPdf } from '../print/print-pdf';
import { rendererDir } from './commands-core';
import { type CliCommand, type CommandContext, dbPathOf, parseCommand, UsageError } from './context';

/** Options every printing command takes. */
export const PRINT_OPTIONS = {
  out: { type: 'string' },
  size: { type: 'string' },
  browser: { type: 'string' },
} as const;

/** `--size A4|A3` (A4 by default); anything else is a usage error. */
export function sizeOption(value: string | undefined): PaperSize {
  if (value !== undefined && !/^a[34]$/i.test(value))
    throw new UsageError(msg('--size {v}: cần A4 hoặc A3', '--size {v}: expected A4 or A3', { v: value }));
  return paperOf(value);
}

/**
 * Prints `req` from the database at `db` into `out` and says where it went. `prepare` may read the
 * database first (defaults such as the current district) and returns the parameters to print.
 */
export async function printCommand(
  ctx: CommandContext,
  o: {
    readonly db: string | undefined;
    readonly out: string | undefined;
    readonly browser: string | undefined;
    readonly req: Omit<PrintRequest, 'lang'>;
    readonly prepare?: (engine: Engine) => Readonly<Record<string, string>>;
  },
): Promise<number> {
  if (!o.out) throw new UsageError(msg('thiếu --out FILE.pdf', 'missing --out FILE.pdf'));
  const dbPath = dbPathOf(o.db);
  if (!fs.existsSync(dbPath))
    throw new EngineError('not-found', msg('Không có cơ sở dữ liệu {db}', 'No database at {db}', { db: dbPath }));
  const engine = Engine.open(dbPath);
  try {
    const params = { ...o.req.params, ...o.prepare?.(engine) };
    const done = await printPdf({
      ...o.req,
      params,
      lang: ctx.lang,
      engine,
      staticDir: rendererDir(),
      out: o.out,
      browser: o.browser,
    });
    ctx.out(
      ctx.say('Đã ghi {file} ({kb} KB, {s} s)', 'Wrote {file} ({kb} KB, {s} s)', {
        file: done.file,
        kb: Math.round(done.bytes / 1024),
        s: (done.ms / 1000).toFixed(1),
      }),
    );
    return 0;
  } finally {
    engine.close();
  }
}

/** print. */
export const PRINT_COMMANDS: Readonly<Record<string, CliCommand>> = {
  print: {
    usage: ['saban print PAGE [--param KEY=VALUE]… [--size A4|A3] --out FILE.pdf [--browser PATH] [--db FILE]'],
    run(ctx) {
      const { values, positionals } = parseCommand(ctx.args, {
        ...PRINT_OPTIONS,
        param: { type: 'string', multiple: true },
      });
      const page = positionals[0];
      if (!page) throw new UsageError(msg('thiếu tên trang in', 'missing the print page name'));
      const params: Record<string, string> = {};
      for (const p of values.param ?? []) {
        const m = /^([A-Za-z][\w-]*)=(.*)$/.exec(p);
        if (!m) throw new UsageError(msg('--param {p}: cần KEY=VALUE', '--param {p}: expected KEY=VALUE', { p }));
        params[m[1]!] = m[2]!;
      }
      return printCommand(ctx, {
        db: values.db,
        out: values.out,
        browser: values.browser,
        req: { page, params, size: sizeOption(values.size) },
      });
    },
  },
};
