import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MAX_IMPORT_CHARS, type ImportReport } from '../../shared/contract';
import { bilingualError } from '../../shared/messages';
import { EngineError, type ErrorCode } from '../../shared/result';
import { call } from '../engine/dispatch';
import { Engine, readImportFile } from '../engine/engine';
import { defaultDbPath } from '../engine/paths';
import { writeFileAtomic } from '../engine/atomic-write';
import { startHost } from '../http/server';

const USAGE = `Sa Bàn — dòng lệnh / command line

  saban init [--db FILE] [--training]
  saban import-units CSV [--db FILE] [--json]
  saban import-boundaries GEOJSON [--db FILE] [--level province|district|commune|hamlet]
        [--field code=PROP] [--field name=PROP] [--field parent=PROP] [--json]
  saban serve [--db FILE] [--port N]
  saban stats [--db FILE] [--json]
  saban set-level --unit CODE [--unit CODE …] --level 0..4 --reason TEXT [--from ISO] [--db FILE]
  saban levels [--within CODE] [--at ISO] [--db FILE] [--json]
  saban export-geojson --out FILE [--within CODE] [--at ISO] [--db FILE]
  saban export-csv --out FILE [--within CODE] [--at ISO] [--db FILE]

--db mặc định / defaults to: ${defaultDbPath()}
Mã thoát / exit codes: 0 thành công / success, 2 dữ liệu vào sai / bad input, 1 lỗi khác / other error`;

/** Error codes that mean the user's input was wrong (exit 2). */
const BAD_INPUT: ReadonlySet<ErrorCode> = new Set([
  'bad-request',
  'bad-file',
  'bad-geometry',
  'too-large',
  'not-found',
  'db-too-new',
  'unknown-method',
]);

class UsageError extends Error {}

function out(line: string): void {
  process.stdout.write(line + '\n');
}

function printReport(r: ImportReport, json: boolean): void {
  if (json) {
    out(JSON.stringify(r));
    return;
  }
  out(
    `${r.fileName}: tạo mới/created ${r.created}, cập nhật/updated ${r.updated}, không đổi/unchanged ${r.unchanged}, bỏ qua/skipped ${r.skipped}`,
  );
  for (const [why, n] of Object.entries(r.skippedBy)) out(`  bỏ qua/skipped ${why}: ${n}`);
  for (const p of r.problems.slice(0, 20)) out(`  - ${p}`);
  if (r.problems.length > 20) out(`  … ${r.problems.length - 20} more`);
}

function rendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env['SABAN_RENDERER_DIR'],
    path.resolve(here, '../renderer'), // bundled: out/cli → out/renderer
    path.resolve(here, '../../out/renderer'), // from source: electron/cli → out/renderer
  ].filter((x): x is string => !!x);
  return candidates.find((d) => fs.existsSync(path.join(d, 'index.html'))) ?? candidates[candidates.length - 1]!;
}

/** Runs one CLI command; returns the exit code (serve resolves when the server stops). */
export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      level: { type: 'string' },
      field: { type: 'string', multiple: true },
      port: { type: 'string' },
      training: { type: 'boolean', default: false },
      unit: { type: 'string', multiple: true },
      reason: { type: 'string' },
      from: { type: 'string' },
      at: { type: 'string' },
      within: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    out(USAGE);
    return command || values.help ? 0 : 2;
  }
  const dbPath = path.resolve(values.db ?? defaultDbPath());
  const open = (seedTraining = false): Engine => Engine.open(dbPath, { seedTraining });
  const withEngine = <T>(fn: (e: Engine) => T, seedTraining = false): T => {
    const engine = open(seedTraining);
    try {
      return fn(engine);
    } finally {
      engine.close();
    }
  };
  const fileArg = (what: string): string => {
    const f = rest[0];
    if (!f) throw new UsageError(`thiếu tệp ${what} / missing ${what} file`);
    return f;
  };

  switch (command) {
    case 'init': {
      const existed = fs.existsSync(dbPath);
      withEngine((e) => {
        const info = call(e, 'app.info', {});
        out(
          `${existed ? 'Đã có / exists' : 'Đã tạo / created'}: ${dbPath} (schema ${info.schemaVersion}, node ${info.nodeId}, ${info.unitCount} đơn vị/units)`,
        );
      }, values.training);
      return 0;
    }
    case 'import-units': {
      const file = fileArg('CSV');
      const text = readImportFile(file, MAX_IMPORT_CHARS);
      const report = withEngine((e) => call(e, 'import.units', { fileName: file, text }));
      printReport(report, values.json);
      return 0;
    }
    case 'import-boundaries': {
      const file = fileArg('GeoJSON');
      const fields: Record<string, string> = {};
      for (const f of values.field ?? []) {
        const m = /^(code|name|parent)=(.+)$/.exec(f);
        if (!m) throw new UsageError(`--field ${f}: cần code=, name= hoặc parent= / expected code=, name= or parent=`);
        fields[m[1]!] = m[2]!;
      }
      const text = readImportFile(file, MAX_IMPORT_CHARS);
      const report = withEngine((e) =>
        call(e, 'import.boundaries', {
          fileName: file,
          text,
          ...(values.level ? { level: values.level } : {}),
          ...(Object.keys(fields).length ? { fields } : {}),
        }),
      );
      printReport(report, values.json);
      return 0;
    }
    case 'stats': {
      const stats = withEngine((e) => call(e, 'units.stats', {}));
      if (values.json) out(JSON.stringify(stats));
      else {
        for (const [level, s] of Object.entries(stats.units)) {
          out(`${level.padEnd(9)} ${String(s.total).padStart(6)}  (${s.withGeometry} có ranh giới / with geometry)`);
        }
        out(`changes ${stats.changes}, audit ${stats.audit}`);
      }
      return 0;
    }
    case 'serve': {
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port ${values.port}: cần 0–65535 / expected 0–65535`);
      const isNew = !fs.existsSync(dbPath);
      const engine = open(isNew);
      const host = await startHost({ engine, staticDir: rendererDir(), port });
      out(`Sa Bàn: ${host.url}`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void host.close().then(() => {
            engine.close();
            resolve();
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      return 0;
    }
    case 'set-level': {
      const units = values.unit ?? [];
      const level = Number(values.level);
      if (units.length === 0) throw new UsageError('thiếu --unit / missing --unit');
      if (!Number.isInteger(level) || level < 0 || level > 4)
        throw new UsageError('--level: 0..4 (0 = chưa đánh giá / not assessed)');
      if (!values.reason?.trim()) throw new UsageError('thiếu --reason / missing --reason');
      const r = withEngine((e) =>
        call(e, 'risk.set', {
          codes: units,
          level,
          reason: values.reason,
          ...(values.from ? { effectiveFrom: values.from } : {}),
        }),
      );
      out(
        `Đã đặt cấp ${level} cho ${r.count} đơn vị, áp dụng từ ${r.effectiveFrom} / set level ${level} on ${r.count} unit(s) from ${r.effectiveFrom}`,
      );
      return 0;
    }
    case 'levels': {
      const levels = withEngine((e) =>
        call(e, 'risk.levels', {
          ...(values.within ? { within: values.within } : {}),
          ...(values.at ? { at: values.at } : {}),
        }),
      );
      if (values.json) out(JSON.stringify(levels));
      else for (const l of levels) out(`${l.code}\t${l.level}\t${l.effectiveFrom}\t${l.reason}`);
      return 0;
    }
    case 'export-geojson':
    case 'export-csv': {
      if (!values.out) throw new UsageError('thiếu --out / missing --out');
      const outFile = values.out;
      const r = withEngine((e) => {
        const within = values.within ?? defaultRoot(e);
        return call(e, 'risk.export', {
          within,
          format: command === 'export-csv' ? 'csv' : 'geojson',
          ...(values.at ? { at: values.at } : {}),
        });
      });
      writeFileAtomic(outFile, r.text);
      out(path.resolve(outFile));
      return 0;
    }
    default:
      throw new UsageError(`lệnh không rõ / unknown command: ${command}`);
  }
}

/** The export root when none is given: the only province, or refuse. */
function defaultRoot(e: Engine): string {
  const provinces = call(e, 'units.list', { level: 'province' });
  if (provinces.length !== 1) {
    throw new EngineError(
      'bad-request',
      `cần --within CODE (có ${provinces.length} tỉnh) / --within CODE needed (${provinces.length} provinces)`,
    );
  }
  return provinces[0]!.code;
}

/** Maps an error to its exit code and prints it bilingually on stderr. */
export function reportError(err: unknown): number {
  if (
    err instanceof UsageError ||
    (err instanceof TypeError && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))
  ) {
    process.stderr.write(`${bilingualError('bad-request', err.message)}\n\n${USAGE}\n`);
    return 2;
  }
  if (err instanceof EngineError) {
    process.stderr.write(bilingualError(err.code, err.message) + '\n');
    for (const d of (err.details ?? []).slice(0, 20)) process.stderr.write(`  - ${d}\n`);
    return BAD_INPUT.has(err.code) ? 2 : 1;
  }
  process.stderr.write(bilingualError('internal', (err as Error)?.stack ?? String(err)) + '\n');
  return 1;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly || process.env['SABAN_CLI_MAIN'] === '1') {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => process.exit(reportError(err)),
  );
}
