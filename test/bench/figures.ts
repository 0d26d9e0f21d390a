/**
 * Daily figures at national scale: a year of daily figures for every commune (10,599 × 365 ≈
 * 3.9 M rows) imported from CSV through the API (`figures.import`, ten days per file, as a
 * province would receive them), beside a plain better-sqlite3 insert of the same rows (read from
 * the same CSV text with a plain split) into the same table in the same run; cases per 100,000
 * per week for every commune of the country on a day through the API (`figures.incidence`),
 * beside the same aggregate as one plain SQL query; and the data of a district dashboard for a
 * year (`figures.series`, `figures.incidence`, `figures.day`).
 *
 * The app backs up before each import (a verified copy of the whole database, see the backup
 * bench); here the import handler is called without that wrapper, so the figures are the
 * import's own (a backup per ten-day file of a database growing to gigabytes would dominate).
 *
 * `SABAN_BENCH_FIGURES_DAYS` shortens the year (for a quick look on a busy machine).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { call, type Dispatchable } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import { EXPORT_HEADER } from '../../electron/engine/figures/export';
import { figuresHandlers } from '../../electron/engine/figures/handlers';
import { random } from '../../electron/engine/units/training';
import { addDays } from '../../shared/time';
import type { BenchModule } from './run';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UNITS = path.resolve(ROOT, '../shared/data/admin-units/gso_units_2021-11-01.csv');
const DAYS = Number(process.env['SABAN_BENCH_FIGURES_DAYS'] ?? 365);
const DAYS_PER_FILE = 10;
const FIRST_DAY = '2021-07-01';

/** The GSO unit list, or a synthetic one of the same shape (63 × 11 districts × ~15 communes). */
function unitsCsv(): string {
  if (fs.existsSync(UNITS)) return fs.readFileSync(UNITS, 'utf8');
  const lines = [
    'province_code,province_name,province_type,district_code,district_name,district_type,commune_code,commune_name,commune_type',
  ];
  let commune = 1;
  for (let p = 1; p <= 63; p++) {
    for (let d = 0; d < 11; d++) {
      const dc = String(p * 11 + d).padStart(3, '0');
      for (let c = 0; c < 15 && commune <= 10_599; c++, commune++) {
        lines.push(
          `${String(p).padStart(2, '0')},Tỉnh ${p},Tỉnh,${dc},Huyện ${dc},Huyện,${String(commune).padStart(5, '0')},Xã ${commune},Xã`,
        );
      }
    }
  }
  return lines.join('\n');
}

/** The CSV of `days` days from `from` for every commune, in the export's columns. */
function figuresCsv(communes: readonly string[], from: string, days: number, rnd: () => number): string {
  const out: string[] = [EXPORT_HEADER.slice(0, 22).join(',')];
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    for (const c of communes) {
      const f0 = rnd() < 0.7 ? 0 : Math.floor(rnd() * 6);
      const samples = 20 + Math.floor(rnd() * 80);
      const qNew = Math.floor(rnd() * 5);
      out.push(
        `${c},,${day},${f0},${Math.floor(rnd() * 2)},${f0 * 4},${samples},${Math.min(samples, f0 + 1)},` +
          `${10 + qNew},${qNew},${Math.floor(qNew / 2)},2,0,0,${30 + qNew},${qNew},${Math.floor(qNew / 2)},` +
          `${Math.floor(rnd() * 50)},${Math.floor(rnd() * 50)},${Math.floor(rnd() * 10)},0,${Math.floor(rnd() * 3)}`,
      );
    }
  }
  return out.join('\n') + '\n';
}

function bestOf<T>(n: number, fn: () => T): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, value };
}

function run(): Promise<Record<string, number>> {
  return Promise.resolve(measure());
}

function measure(): Record<string, number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-bench-figures-'));
  const engine = Engine.open(path.join(dir, 'api.sqlite'));
  const plain = Engine.open(path.join(dir, 'plain.sqlite'));
  try {
    call(engine, 'import.units', { fileName: 'units.csv', text: unitsCsv() });
    const communes = (
      engine.db.prepare("SELECT code FROM units WHERE level = 'commune' AND deleted = 0 ORDER BY code").all() as {
        code: string;
      }[]
    ).map((r) => r.code);
    const rnd = random(42);
    // Populations (the GSO list has none), through the write path in one transaction.
    engine.writer.transact({ actor: 'bench', action: 'bench.population' }, (tx) => {
      for (const c of communes) tx.put('unit', { code: c, population: 3000 + Math.floor(rnd() * 20000) });
    });
    const insert = plain.db.prepare(
      `INSERT INTO daily_figures (id, unit_code, commune_code, district_code, day, ${EXPORT_HEADER.slice(3, 22).join(', ')},
       entered_by, entered_at, deleted) VALUES (${Array.from({ length: 5 + 19 + 3 }, () => '?').join(', ')})`,
    );
    const districtOf = new Map(
      (
        engine.db.prepare("SELECT code, parent_code FROM units WHERE level = 'commune'").all() as {
          code: string;
          parent_code: string;
        }[]
      ).map((r) => [r.code, r.parent_code]),
    );
    // The API without the backup before each import (measured by the backup bench).
    const api: Dispatchable = {
      handlers: { ...engine.handlers, ...figuresHandlers(engine) },
      dbPath: engine.dbPath,
      callerOf: (ctx, needs) => engine.callerOf(ctx, needs),
    };
    let apiMs = 0;
    let plainMs = 0;
    let rows = 0;
    for (let start = 0; start < DAYS; start += DAYS_PER_FILE) {
      const n = Math.min(DAYS_PER_FILE, DAYS - start);
      const text = figuresCsv(communes, addDays(FIRST_DAY, start), n, rnd);
      // Take turns, so both see the same machine load.
      let t0 = performance.now();
      const r = call(api, 'figures.import', { fileName: `so-lieu-${start}.csv`, text });
      apiMs += performance.now() - t0;
      rows += r.created;
      t0 = performance.now();
      const at = new Date().toISOString();
      plain.db.transaction(() => {
        const lines = text.split('\n');
        for (let i = 1; i < lines.length; i++) {
          const line = lines[i]!;
          if (line === '') continue;
          const cells = line.split(',');
          const code = cells[0]!;
          const day = cells[2]!;
          const values: (string | number)[] = [`${code}|${day}`, code, code, districtOf.get(code)!, day];
          for (let k = 3; k < 22; k++) values.push(Number(cells[k]));
          values.push('bench', at, 0);
          insert.run(values);
        }
      })();
      plainMs += performance.now() - t0;
    }
    const apiRate = rows / (apiMs / 1000);
    const plainRate = rows / (plainMs / 1000);

    // Cases per 100,000 per week for every commune of the country, on the last day.
    const day = addDays(FIRST_DAY, DAYS - 1);
    const inc = bestOf(5, () => call(engine, 'figures.incidence', { day }));
    const sql = engine.db.prepare(
      `SELECT u.code, u.population, coalesce(w.n, 0) AS cases, coalesce(w.n, 0) * 100000.0 / u.population AS rate
       FROM units u LEFT JOIN (
         SELECT commune_code, sum(f0_community) AS n FROM daily_figures
         WHERE day >= ? AND day <= ? AND deleted = 0 GROUP BY commune_code
       ) w ON w.commune_code = u.code
       WHERE u.level = 'commune' AND u.deleted = 0`,
    );
    const ref = bestOf(5, () => sql.all(addDays(day, -6), day) as { cases: number }[]);
    const apiCases = inc.value.rows.reduce((a, r) => a + r.cases7d, 0);
    const refCases = ref.value.reduce((a, r) => a + r.cases, 0);
    if (apiCases !== refCases) throw new Error(`incidence differs: API ${apiCases}, SQL ${refCases}`);

    // A district dashboard for a year: the trend, its communes' rates, the day's grid.
    const district = districtOf.get(communes[0]!)!;
    const from = addDays(day, -Math.min(364, DAYS - 1));
    const dash = bestOf(3, () => {
      call(engine, 'figures.series', { code: district, from, to: day });
      call(engine, 'figures.incidence', { within: district, day });
      return call(engine, 'figures.day', { code: district, day });
    });
    const rowsInDb = engine.db.prepare('SELECT count(*) FROM daily_figures').pluck().get() as number;
    return {
      'figures.rows': rowsInDb,
      'figures.import.rowsPerSec': Math.round(apiRate),
      'figures.plainInsert.rowsPerSec': Math.round(plainRate),
      'figures.import.ratioVsPlainInsert': Math.round((apiRate / plainRate) * 1000) / 1000,
      'figures.incidence.nationalMs': Math.round(inc.ms * 10) / 10,
      'figures.incidence.plainSqlMs': Math.round(ref.ms * 10) / 10,
      'figures.incidence.ratioVsPlainSql': Math.round((inc.ms / ref.ms) * 100) / 100,
      'figures.dashboard.districtYearMs': Math.round(dash.ms * 10) / 10,
    };
  } finally {
    engine.close();
    plain.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The daily-figures benchmark. */
export const figuresBench: BenchModule = { name: 'figures', run };
