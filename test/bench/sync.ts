/**
 * Sync benchmark: 1,000,000 changes exported from a district and imported into a province,
 * against a plain better-sqlite3 insert of the same rows in one transaction, in the same run; and
 * the export against a plain `SELECT` of the same change rows written as gzipped JSON lines
 * (zlib at the exporter's level), also in the same run.
 * Each phase runs in its own child process so its peak RSS (getrusage maxRSS) is its own; each
 * is run SABAN_BENCH_RUNS times (2), import and raw insert taking turns, and the fastest counts.
 * Wall and CPU time are both reported, with the load average: on a shared machine the CPU-time
 * ratio is the steadier one.
 * Run alone: `npx tsx test/bench/run.ts sync`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { call } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import { exportFor, importFor } from '../../electron/engine/sync/service';
import { openDatabase } from '../../electron/engine/db';
import { seedBacLieuUnits } from '../helpers/seed-units';

const CHANGES = Number(process.env['SABAN_BENCH_CHANGES'] ?? 1_000_000);
const SELF = fileURLToPath(import.meta.url);
const COMMUNES = Array.from({ length: 12 }, (_, i) => `319${String(i).padStart(2, '0')}`);

/** The i-th weekly-figures row, identical for the district's log and the raw insert. */
function row(i: number): Record<string, string | number | null> {
  return {
    id: `fig-${i}`,
    unit_code: COMMUNES[i % COMMUNES.length]!,
    as_of: '2021-11-24',
    population: 1000 + (i % 5000),
    new_cases_7d: i % 50,
    vaccine_pct: 70.5,
    capacity_ok: 1,
    deleted: 0,
  };
}

/** The shared unit tree (test/helpers/seed-units.ts) with this file's communes. */
function seedUnits(engine: Engine): void {
  seedBacLieuUnits(engine, COMMUNES, { door: 'bench' }, 'bench.seed');
}

function rss(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** CPU seconds (user + system) since `from`: beside wall time, it shows how much the load cost. */
function cpuSince(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
}

/** Child phases; each prints one JSON line. */
async function phase(name: string, dir: string): Promise<Record<string, number>> {
  const district = path.join(dir, 'district.sqlite');
  const province = path.join(dir, 'province.sqlite');
  switch (name) {
    case 'setup': {
      const d = Engine.open(district);
      call(d, 'sync.setOffice', { role: 'district', office: '958' });
      seedUnits(d);
      const p = Engine.open(province);
      call(p, 'sync.setOffice', { role: 'province', office: '95' });
      seedUnits(p);
      const key = call(d, 'sync.keyFile', {});
      call(p, 'sync.trust', { fileName: key.fileName, text: key.text });
      // The district's log, generated directly (as a year of daily entry would leave it).
      const ins = d.db.prepare('INSERT INTO changes (hlc, node_id, entity, entity_id, data) VALUES (?, ?, ?, ?, ?)');
      // Clocks after the seed's and close to now (the receiver refuses clocks far ahead): up to
      // 50,000 per millisecond through the counter, as a busy writer would issue them.
      const base = d.writer.clock.millis + 1;
      d.db.transaction(() => {
        for (let i = 0; i < CHANGES; i++) {
          const hlc = `${new Date(base + Math.floor(i / 50000)).toISOString()}-${(i % 50000).toString(16).padStart(4, '0')}-${d.nodeId}`;
          const r = row(i);
          ins.run(hlc, d.nodeId, 'riskFigures', r['id'], JSON.stringify(r));
        }
      })();
      d.close();
      p.close();
      fs.copyFileSync(province, path.join(dir, 'province-setup.sqlite'));
      return {};
    }
    case 'export': {
      const d = Engine.open(district);
      // Each run exports the whole log again as bundle 1 (bookkeeping only, not a synced table).
      d.db.prepare('DELETE FROM sync_sent').run();
      fs.rmSync(path.join(dir, 'out'), { recursive: true, force: true });
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await exportFor(d, { outDir: path.join(dir, 'out') });
      const s = (performance.now() - t0) / 1000;
      const cpu = cpuSince(c0);
      d.close();
      if (!r || r.manifest.total < CHANGES) throw new Error('export did not hold every change');
      return { seconds: s, cpu, rss: rss(), bytes: fs.statSync(r.file).size };
    }
    case 'plain': {
      // The floor for export: the same rows (this node's changes, in log order) read with a plain
      // SELECT, each row serialised with JSON.stringify as one line, gzipped in ~1 MB pieces at
      // the exporter's level (1) and written to a file. No scope, no signing, no framing.
      const db = openDatabase(district);
      const nodeId = (db.prepare("SELECT value FROM meta WHERE key = 'node_id'").get() as { value: string }).value;
      const file = path.join(dir, 'plain.jsonl.gz');
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const fd = fs.openSync(file, 'w');
      let lines: string[] = [];
      let size = 0;
      let rows = 0;
      const flush = (): void => {
        fs.writeSync(fd, zlib.gzipSync(lines.join(''), { level: 1 }));
        lines = [];
        size = 0;
      };
      const select = db.prepare('SELECT hlc, entity, entity_id, data FROM changes WHERE node_id = ? ORDER BY seq');
      for (const r of select.iterate(nodeId)) {
        const line = JSON.stringify(r) + '\n';
        lines.push(line);
        size += line.length;
        rows += 1;
        if (size >= 1024 * 1024) flush();
      }
      if (size > 0) flush();
      fs.closeSync(fd);
      const s = (performance.now() - t0) / 1000;
      const cpu = cpuSince(c0);
      db.close();
      if (rows < CHANGES) throw new Error(`plain select read ${rows} of ${CHANGES}`);
      return { seconds: s, cpu, rss: rss(), bytes: fs.statSync(file).size, rows };
    }
    case 'import': {
      // Each run starts from the province as set up (a pristine copy), so runs are alike.
      for (const ext of ['', '-wal', '-shm']) fs.rmSync(province + ext, { force: true });
      fs.rmSync(path.join(dir, 'province-sync'), { recursive: true, force: true });
      fs.copyFileSync(path.join(dir, 'province-setup.sqlite'), province);
      const p = Engine.open(province);
      const file = path.join(dir, 'out', '958-1.sabanbundle');
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = importFor(p, file);
      const s = (performance.now() - t0) / 1000;
      const cpu = cpuSince(c0);
      const n = (p.db.prepare('SELECT count(*) AS n FROM risk_figures').get() as { n: number }).n;
      p.close();
      if (r.status !== 'applied' || n !== CHANGES) throw new Error(`import applied ${n} of ${CHANGES}`);
      return { seconds: s, cpu, rss: rss() };
    }
    case 'raw': {
      // The same schema and units, then the same rows in one transaction: the floor to compare with.
      const file = path.join(dir, 'raw.sqlite');
      for (const ext of ['', '-wal', '-shm']) fs.rmSync(file + ext, { force: true });
      const e = Engine.open(file);
      seedUnits(e);
      e.close();
      const db = openDatabase(file);
      const cols = Object.keys(row(0));
      // Positional parameters: the cheapest plain binding, so the bar is not lowered.
      const ins = db.prepare(
        `INSERT INTO risk_figures (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      );
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      db.transaction(() => {
        for (let i = 0; i < CHANGES; i++) ins.run(Object.values(row(i)));
      })();
      const s = (performance.now() - t0) / 1000;
      const cpu = cpuSince(c0);
      db.close();
      return { seconds: s, cpu, rss: rss() };
    }
    default:
      throw new Error(`unknown phase ${name}`);
  }
}

function runPhase(name: string, dir: string): Record<string, number> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', SELF, name, dir], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
}

/** Runs of each measured phase; the fastest counts (the others only met more interference). */
const RUNS = Number(process.env['SABAN_BENCH_RUNS'] ?? 2);

/**
 * The fastest of {@link RUNS} runs of each phase (by wall time), the phases taking turns so that
 * the machine's load falls alike on both sides of a comparison; logs every run.
 */
function bestOf(names: readonly string[], dir: string): Record<string, number>[] {
  const runs = names.map(() => [] as Record<string, number>[]);
  for (let i = 0; i < RUNS; i++) names.forEach((name, k) => runs[k]!.push(runPhase(name, dir)));
  return names.map((name, k) => {
    const all = runs[k]!;
    process.stdout.write(
      `  ${name}: ${all.map((r) => `${r['seconds']!.toFixed(2)} s (cpu ${r['cpu']!.toFixed(2)} s)`).join(', ')}; load ${loadText()}\n`,
    );
    const best = all.reduce((a, b) => (b['seconds']! < a['seconds']! ? b : a));
    return { ...best, cpu: Math.min(...all.map((r) => r['cpu']!)), rss: Math.max(...all.map((r) => r['rss']!)) };
  });
}

function loadText(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** The sync benchmark module (see test/bench/run.ts). */
export const syncBench = {
  name: 'sync',
  run(): Promise<Record<string, number>> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-bench-sync-'));
    try {
      process.stdout.write(`  load average before: ${loadText()} (${os.cpus().length} cores)\n`);
      runPhase('setup', dir);
      // Export and the plain SELECT + gzip take turns, like import and the raw insert.
      const [ex, plain] = bestOf(['export', 'plain'], dir) as [Record<string, number>, Record<string, number>];
      const [im, raw] = bestOf(['import', 'raw'], dir) as [Record<string, number>, Record<string, number>];
      const importRate = CHANGES / im['seconds']!;
      const rawRate = CHANGES / raw['seconds']!;
      const exportRate = CHANGES / ex['seconds']!;
      const plainRate = plain['rows']! / plain['seconds']!;
      const load = os.loadavg()[0]!;
      return Promise.resolve({
        'sync.changes': CHANGES,
        'sync.runs': RUNS,
        'sync.export.changesPerSec': Math.round(exportRate),
        'sync.import.changesPerSec': Math.round(importRate),
        'sync.rawInsert.rowsPerSec': Math.round(rawRate),
        'sync.import.ratioVsRawInsert': Math.round((importRate / rawRate) * 1000) / 1000,
        // The same on CPU time (user + system): less sensitive to other processes on the machine.
        'sync.export.cpuChangesPerSec': Math.round(CHANGES / ex['cpu']!),
        'sync.import.cpuChangesPerSec': Math.round(CHANGES / im['cpu']!),
        'sync.rawInsert.cpuRowsPerSec': Math.round(CHANGES / raw['cpu']!),
        'sync.import.cpuRatioVsRawInsert': Math.round((raw['cpu']! / im['cpu']!) * 1000) / 1000,
        'sync.plainSelectGzip.rowsPerSec': Math.round(plainRate),
        'sync.export.ratioVsPlainSelectGzip': Math.round((exportRate / plainRate) * 1000) / 1000,
        'sync.plainSelectGzip.cpuRowsPerSec': Math.round(plain['rows']! / plain['cpu']!),
        'sync.export.cpuRatioVsPlainSelectGzip': Math.round((plain['cpu']! / ex['cpu']!) * 1000) / 1000,
        'sync.plainSelectGzip.mb': Math.round((plain['bytes']! / 1024 / 1024) * 10) / 10,
        'sync.export.peakRssMb': ex['rss']!,
        'sync.import.peakRssMb': im['rss']!,
        'sync.peakRssMb': Math.max(ex['rss']!, im['rss']!),
        'sync.bundleMb': Math.round((ex['bytes']! / 1024 / 1024) * 10) / 10,
        'sync.loadAvg1m': Math.round(load * 100) / 100,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

if (process.argv[1] && path.resolve(process.argv[1]) === SELF && process.argv[2]) {
  phase(process.argv[2], process.argv[3]!).then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
