/**
 * Sync benchmark: 1,000,000 changes exported from a district and imported into a province,
 * against a plain better-sqlite3 insert of the same rows in one transaction, in the same run.
 * Each phase runs in its own child process so its peak RSS (getrusage maxRSS) is its own.
 * Run alone: `npx tsx test/bench/run.ts sync`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { call } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import { exportFor, importFor } from '../../electron/engine/sync/handlers';
import { openDatabase } from '../../electron/engine/db';

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

/** Creates the same units (province 95, district 958, its communes) through the write path. */
function seedUnits(engine: Engine): void {
  engine.write({ door: 'bench' }, { action: 'bench.seed' }, (tx) => {
    tx.put('unit', {
      code: '95',
      level: 'province',
      parent_code: null,
      name: 'Tỉnh Bạc Liêu',
      type: 'Tỉnh',
      deleted: 0,
    });
    tx.put('unit', {
      code: '958',
      level: 'district',
      parent_code: '95',
      name: 'Huyện Vĩnh Lợi',
      type: 'Huyện',
      deleted: 0,
    });
    for (const c of COMMUNES)
      tx.put('unit', { code: c, level: 'commune', parent_code: '958', name: `Xã ${c}`, type: 'Xã', deleted: 0 });
  });
}

function rss(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
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
      return {};
    }
    case 'export': {
      const d = Engine.open(district);
      const t0 = performance.now();
      const r = await exportFor(d, { outDir: path.join(dir, 'out') });
      const s = (performance.now() - t0) / 1000;
      d.close();
      if (!r || r.manifest.total < CHANGES) throw new Error('export did not hold every change');
      return { seconds: s, rss: rss(), bytes: fs.statSync(r.file).size };
    }
    case 'import': {
      const p = Engine.open(province);
      const file = path.join(dir, 'out', '958-1.sabanbundle');
      const t0 = performance.now();
      const r = importFor(p, file);
      const s = (performance.now() - t0) / 1000;
      const n = (p.db.prepare('SELECT count(*) AS n FROM risk_figures').get() as { n: number }).n;
      p.close();
      if (r.status !== 'applied' || n !== CHANGES) throw new Error(`import applied ${n} of ${CHANGES}`);
      return { seconds: s, rss: rss() };
    }
    case 'raw': {
      // The same schema and units, then the same rows in one transaction: the floor to compare with.
      const file = path.join(dir, 'raw.sqlite');
      const e = Engine.open(file);
      seedUnits(e);
      e.close();
      const db = openDatabase(file);
      const cols = Object.keys(row(0));
      const ins = db.prepare(
        `INSERT INTO risk_figures (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`,
      );
      const t0 = performance.now();
      db.transaction(() => {
        for (let i = 0; i < CHANGES; i++) ins.run(row(i));
      })();
      const s = (performance.now() - t0) / 1000;
      db.close();
      return { seconds: s, rss: rss() };
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

/** The sync benchmark module (see test/bench/run.ts). */
export const syncBench = {
  name: 'sync',
  run(): Promise<Record<string, number>> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-bench-sync-'));
    try {
      runPhase('setup', dir);
      const ex = runPhase('export', dir);
      const im = runPhase('import', dir);
      const raw = runPhase('raw', dir);
      const importRate = CHANGES / im['seconds']!;
      const rawRate = CHANGES / raw['seconds']!;
      return Promise.resolve({
        'sync.changes': CHANGES,
        'sync.export.changesPerSec': Math.round(CHANGES / ex['seconds']!),
        'sync.import.changesPerSec': Math.round(importRate),
        'sync.rawInsert.rowsPerSec': Math.round(rawRate),
        'sync.import.ratioVsRawInsert': Math.round((importRate / rawRate) * 1000) / 1000,
        'sync.export.peakRssMb': ex['rss']!,
        'sync.import.peakRssMb': im['rss']!,
        'sync.peakRssMb': Math.max(ex['rss']!, im['rss']!),
        'sync.bundleMb': Math.round((ex['bytes']! / 1024 / 1024) * 10) / 10,
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
