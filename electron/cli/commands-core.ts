import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_IMPORT_CHARS, type ImportReport } from '../../shared/contract';
import { call } from '../engine/dispatch';
import { Engine } from '../engine/engine';
import { readImportFile } from './read-file';
import { addAccount } from './commands-auth';
import { provinceRoutes } from '../http/province-routes';
import { startHost } from '../http/server';
import { startDailyBackups } from '../engine/backup/schedule';
import { findBrowser } from '../print/find-browser';
import { Printer } from '../print/print-pdf';
import { msg } from '../../shared/result';
import {
  type CliCommand,
  type CommandContext,
  dbPathOf,
  parseCommand,
  requiredFile,
  UsageError,
  withEngine,
} from './context';

function printReport({ out, say, lang }: CommandContext, r: ImportReport, json: boolean): void {
  if (json) {
    out(JSON.stringify(r));
    return;
  }
  out(
    say(
      '{file}: tạo mới {created}, cập nhật {updated}, không đổi {unchanged}, bỏ qua {skipped}',
      '{file}: created {created}, updated {updated}, unchanged {unchanged}, skipped {skipped}',
      { file: r.fileName, created: r.created, updated: r.updated, unchanged: r.unchanged, skipped: r.skipped },
    ),
  );
  for (const [why, n] of Object.entries(r.skippedBy))
    out(say('  bỏ qua {why}: {n}', '  skipped {why}: {n}', { why, n }));
  for (const p of r.problemsText.slice(0, 20)) out(`  - ${p[lang]}`);
  if (r.problems.length > 20) out(say('  … còn {n}', '  … {n} more', { n: r.problems.length - 20 }));
  if (r.held && r.held.length > 0) {
    out(
      say(
        '{n} đơn vị chưa được thay ranh giới (xem trên); nếu tệp đúng, chạy lại với --force',
        '{n} units kept their boundary (see above); if the file is right, run again with --force',
        { n: r.held.length },
      ),
    );
  }
}

/** Exit code of an import that held places back for confirmation: done in part, not an error. */
const EXIT_HELD = 3;

/** The built renderer the hosts serve (out/renderer; SABAN_RENDERER_DIR overrides). */
export function rendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env['SABAN_RENDERER_DIR'],
    path.resolve(here, '../renderer'), // bundled: out/cli → out/renderer
    path.resolve(here, '../../out/renderer'), // from source: electron/cli → out/renderer
  ].filter((x): x is string => !!x);
  return candidates.find((d) => fs.existsSync(path.join(d, 'index.html'))) ?? candidates[candidates.length - 1]!;
}

function findBrowserOrNull(): string | null {
  try {
    return findBrowser();
  } catch {
    return null;
  }
}

/** init, import-units, import-boundaries, stats, serve. */
export const CORE_COMMANDS: Readonly<Record<string, CliCommand>> = {
  init: {
    usage: [
      'saban init [--db FILE] [--training] [--district CODE | --province CODE] [--admin LOGIN [--name "HỌ TÊN"]]',
      '      (--admin: the first administrator; password from SABAN_PASSWORD or a prompt)',
    ],
    async run(ctx) {
      const { args, out, say } = ctx;
      const { values } = parseCommand(args, {
        training: { type: 'boolean', default: false },
        district: { type: 'string' },
        province: { type: 'string' },
        admin: { type: 'string' },
        name: { type: 'string' },
      });
      if (values.district && values.province)
        throw new UsageError(msg('--district hoặc --province, không cả hai', '--district or --province, not both'));
      const dbPath = dbPathOf(values.db);
      const existed = fs.existsSync(dbPath);
      withEngine(
        dbPath,
        (e) => {
          const info = call(e, 'app.info', {});
          const facts = { dbPath, schema: info.schemaVersion, node: info.nodeId, n: info.unitCount };
          out(
            existed
              ? say(
                  'Đã có: {dbPath} (schema {schema}, node {node}, {n} đơn vị)',
                  'Exists: {dbPath} (schema {schema}, node {node}, {n} units)',
                  facts,
                )
              : say(
                  'Đã tạo: {dbPath} (schema {schema}, node {node}, {n} đơn vị)',
                  'Created: {dbPath} (schema {schema}, node {node}, {n} units)',
                  facts,
                ),
          );
          // The office this database serves, and its sync key pair (sync feature).
          const role = values.district ? 'district' : values.province ? 'province' : null;
          if (role) {
            const id = call(e, 'sync.setOffice', { role, office: values.district ?? values.province });
            out(
              say('{role} {office}: khóa {key}', '{role} {office}: key {key}', {
                role,
                office: id.office ?? '',
                key: id.fingerprintDisplay,
              }),
            );
          }
        },
        values.training,
      );
      if (values.admin) {
        const a = await addAccount(ctx, dbPath, {
          login: values.admin,
          displayName: values.name ?? values.admin,
          role: 'admin',
        });
        out(
          say('Quản trị viên: {login} ({name})', 'Administrator: {login} ({name})', {
            login: a.login,
            name: a.displayName,
          }),
        );
      }
      return 0;
    },
  },
  'import-units': {
    usage: ['saban import-units CSV [--db FILE] [--json]'],
    run(ctx) {
      const { values, positionals } = parseCommand(ctx.args, {});
      const file = requiredFile(positionals, 'CSV');
      const text = readImportFile(file, MAX_IMPORT_CHARS);
      const report = withEngine(dbPathOf(values.db), (e) => call(e, 'import.units', { fileName: file, text }));
      printReport(ctx, report, values.json);
      return 0;
    },
  },
  'import-boundaries': {
    usage: [
      'saban import-boundaries GEOJSON [--db FILE] [--level province|district|commune|hamlet]',
      '      [--field code=PROP] [--field name=PROP] [--field parent=PROP] [--force] [--repair] [--json]',
      '      (exit 3: some units kept their boundary because the file may mean another place; --force replaces them)',
    ],
    run(ctx) {
      const { values, positionals } = parseCommand(ctx.args, {
        level: { type: 'string' },
        field: { type: 'string', multiple: true },
        force: { type: 'boolean', default: false },
        repair: { type: 'boolean', default: false },
      });
      const file = requiredFile(positionals, 'GeoJSON');
      const fields: Record<string, string> = {};
      for (const f of values.field ?? []) {
        const m = /^(code|name|parent)=(.+)$/.exec(f);
        if (!m) {
          throw new UsageError(
            msg('--field {f}: cần code=, name= hoặc parent=', '--field {f}: expected code=, name= or parent=', { f }),
          );
        }
        fields[m[1]!] = m[2]!;
      }
      const text = readImportFile(file, MAX_IMPORT_CHARS);
      const report = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'import.boundaries', {
          fileName: file,
          text,
          ...(values.level ? { level: values.level } : {}),
          ...(Object.keys(fields).length ? { fields } : {}),
          ...(values.force ? { force: true } : {}),
          ...(values.repair ? { repair: true } : {}),
        }),
      );
      printReport(ctx, report, values.json);
      return report.held && report.held.length > 0 ? EXIT_HELD : 0;
    },
  },
  stats: {
    usage: ['saban stats [--db FILE] [--json]'],
    run({ args, out, say }) {
      const { values } = parseCommand(args, {});
      const stats = withEngine(dbPathOf(values.db), (e) => call(e, 'units.stats', {}));
      if (values.json) out(JSON.stringify(stats));
      else {
        for (const [level, s] of Object.entries(stats.units)) {
          const n = s.withGeometry;
          out(
            `${level.padEnd(9)} ${String(s.total).padStart(6)}  (${say('{n} có ranh giới', '{n} with geometry', { n })})`,
          );
        }
        out(`changes ${stats.changes}, audit ${stats.audit}`);
      }
      return 0;
    },
  },
  serve: {
    usage: ['saban serve [--db FILE] [--port N] [--browser PATH] [--province [--listen ADDR] [--host-name NAME]…]'],
    async run({ args, out }) {
      const { values } = parseCommand(args, {
        port: { type: 'string' },
        province: { type: 'boolean', default: false },
        listen: { type: 'string' },
        'host-name': { type: 'string', multiple: true },
        browser: { type: 'string' },
      });
      // DNS names districts use to reach the province (its IP addresses and `localhost` always work).
      const hostNames = (values['host-name'] ?? []).map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(
          msg('--port {p}: cần 0–65535', '--port {p}: expected 0–65535', { p: String(values.port) }),
        );
      }
      const dbPath = dbPathOf(values.db);
      // The print door's browser (PDF briefings and reports); without one the page uses the print dialog.
      const browserPath = values.browser ?? null;
      const printer = new Printer(browserPath ?? findBrowserOrNull());
      const engine = Engine.open(dbPath, { seedTraining: !fs.existsSync(dbPath) });
      // --province: also accept districts' bundle uploads (sync feature), on --listen if given.
      const host = await startHost({
        engine,
        staticDir: rendererDir(),
        port,
        print: printer,
        ...(values.province
          ? {
              routes: provinceRoutes(engine, { hosts: hostNames }),
              routeHosts: hostNames,
              listen: values.listen ?? '127.0.0.1',
            }
          : {}),
      });
      out(`Sa Bàn: ${host.url}`);
      const daily = startDailyBackups(engine);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          daily.stop();
          void Promise.all([host.close(), printer.close()]).then(() => {
            engine.close();
            resolve();
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      return 0;
    },
  },
};
