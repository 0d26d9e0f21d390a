/**
 * Browser host cold start: from starting `saban serve` (the built CLI, out/cli/saban.mjs) to the
 * map's first paint in headless Chromium, on the training district and on a Bạc Liêu district in a
 * database holding the national unit list. Beside it, in the same run, the plain reference: a bare
 * Node HTTP server started the same way, serving a page that draws the same polygons with plain
 * Leaflet. Medians of several runs; the ratio is ours divided by the reference.
 * Needs `npm run build` first. Run alone: `npx tsx test/bench/run.ts cold-start`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { call } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import type { BenchModule } from './run';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'out/cli/saban.mjs');
const DATA = path.resolve(ROOT, '../shared/data');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const RUNS = Number(process.env['SABAN_BENCH_COLD_RUNS'] ?? 5);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Opens a database in process, runs `fn` through the contract, and closes it (so serve can open it). */
function withEngine<T>(file: string, fn: (engine: Engine) => T, seedTraining = false): T {
  const engine = Engine.open(file, { seedTraining });
  try {
    return fn(engine);
  } finally {
    engine.close();
  }
}

/** Starts a process and resolves with its URL line (`Sa Bàn: http://…` or `plain: http://…`). */
function startAndWaitUrl(cmd: string, args: string[], pattern: RegExp): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(cmd, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SABAN_CLI_MAIN: '1' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = pattern.exec(out);
      if (m?.[1]) resolve({ proc, url: m[1] });
    });
    proc.once('exit', (code) => reject(new Error(`exited (${code}) before ready: ${out}`)));
  });
}

function stop(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

/** The plain reference server: a bare page, Leaflet's own files, and the polygons as GeoJSON. */
const PLAIN_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const [leafletJs, leafletCss, geojson] = process.argv.slice(1);
const page = '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/leaflet.css">' +
  '<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div>' +
  '<script src="/leaflet.js"></script><script>' +
  'fetch("/features.json").then(r=>r.json()).then(fc=>{const map=L.map("map",{preferCanvas:false});' +
  'const layer=L.geoJSON(fc,{style:{color:"#555",weight:1,fillColor:"#4caf50",fillOpacity:0.6}}).addTo(map);' +
  'map.fitBounds(layer.getBounds());requestAnimationFrame(()=>requestAnimationFrame(()=>{window.__painted=layer.getLayers().length;}));});' +
  '</script></body></html>';
const files = { '/': [page, 'text/html'], '/leaflet.js': [fs.readFileSync(leafletJs), 'text/javascript'],
  '/leaflet.css': [fs.readFileSync(leafletCss), 'text/css'], '/features.json': [fs.readFileSync(geojson), 'application/json'] };
const server = http.createServer((req, res) => {
  const f = files[req.url.split('?')[0]];
  if (!f) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': f[1] }); res.end(f[0]);
});
server.listen(0, '127.0.0.1', () => process.stdout.write('plain: http://127.0.0.1:' + server.address().port + '/\\n'));
`;

/** What the page exposes, as seen from these page functions (this file has no DOM library). */
interface PageGlobals {
  __sabanMap?: { featureCount(): number };
  __painted?: number;
  requestAnimationFrame(cb: () => void): void;
}

interface Scenario {
  readonly name: string;
  readonly db: string;
  readonly district: string;
}

async function measureOurs(browser: Browser, s: Scenario): Promise<{ ms: number; features: number }> {
  const t0 = performance.now();
  const { proc, url } = await startAndWaitUrl(
    process.execPath,
    [CLI, 'serve', '--db', s.db, '--port', '0'],
    /^Sa Bàn: (http:\/\/\S+)$/m,
  );
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(url);
    // Functions, not strings: the app's CSP forbids evaluating strings. This file compiles
    // without the DOM library, hence the shapes given to globalThis.
    await page.waitForFunction(
      () => ((globalThis as unknown as PageGlobals).__sabanMap?.featureCount() ?? 0) > 0,
      undefined,
      {
        timeout: 120_000,
        polling: 'raf',
      },
    );
    await page.evaluate(
      () =>
        new Promise<void>((r) => {
          const g = globalThis as unknown as PageGlobals;
          g.requestAnimationFrame(() => g.requestAnimationFrame(() => r()));
        }),
    );
    const ms = performance.now() - t0;
    const features = await page.evaluate(() => (globalThis as unknown as PageGlobals).__sabanMap?.featureCount() ?? 0);
    await page.close();
    return { ms, features };
  } finally {
    await stop(proc);
  }
}

async function measurePlain(browser: Browser, geojson: string): Promise<{ ms: number; features: number }> {
  const leaflet = path.join(ROOT, 'node_modules/leaflet/dist');
  const t0 = performance.now();
  const { proc, url } = await startAndWaitUrl(
    process.execPath,
    ['-e', PLAIN_SERVER, path.join(leaflet, 'leaflet.js'), path.join(leaflet, 'leaflet.css'), geojson],
    /^plain: (http:\/\/\S+)$/m,
  );
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(url);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__painted !== undefined, undefined, {
      timeout: 120_000,
      polling: 'raf',
    });
    const ms = performance.now() - t0;
    const features = await page.evaluate(() => (globalThis as unknown as PageGlobals).__painted ?? 0);
    await page.close();
    return { ms, features };
  } finally {
    await stop(proc);
  }
}

/** The same polygons the app draws for the district (its communes and hamlets), as GeoJSON. */
function featuresFile(dir: string, s: Scenario): string {
  const file = path.join(dir, `${s.name}.geojson`);
  const fc = withEngine(s.db, (e) => call(e, 'map.features', { within: s.district, levels: ['commune', 'hamlet'] }));
  fs.writeFileSync(file, JSON.stringify(fc));
  return file;
}

function scenarios(dir: string): Scenario[] {
  const training = path.join(dir, 'training.sqlite');
  withEngine(training, () => undefined, true);
  const list: Scenario[] = [{ name: 'training', db: training, district: '999' }];
  const units = path.join(DATA, 'admin-units/gso_units_2021-11-01.csv');
  const communes = path.join(DATA, 'boundaries/communes_95_bac-lieu.geojson');
  if (fs.existsSync(units) && fs.existsSync(communes)) {
    const db = path.join(dir, 'bac-lieu.sqlite');
    withEngine(db, (e) => {
      const read = (file: string) => ({ fileName: path.basename(file), text: fs.readFileSync(file, 'utf8') });
      call(e, 'import.units', read(units));
      call(e, 'import.boundaries', read(communes));
      call(e, 'settings.set', { currentDistrict: '960' });
    });
    list.push({ name: 'bacLieu', db, district: '960' });
  } else {
    process.stdout.write('  (../shared/data missing: Bạc Liêu scenario skipped)\n');
  }
  return list;
}

export const coldStartBench: BenchModule = {
  name: 'cold-start',
  async run() {
    if (!fs.existsSync(CLI)) throw new Error('cold-start: run `npm run build` first (out/cli/saban.mjs)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-bench-cold-'));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    const figures: Record<string, number> = {};
    try {
      for (const s of scenarios(dir)) {
        const geojson = featuresFile(dir, s);
        const ours: number[] = [];
        const plain: number[] = [];
        let counts = { ours: 0, plain: 0 };
        // Alternate the two so a slow moment of this shared machine hits both alike.
        for (let i = 0; i < RUNS; i++) {
          const a = await measureOurs(browser, s);
          const b = await measurePlain(browser, geojson);
          ours.push(a.ms);
          plain.push(b.ms);
          counts = { ours: a.features, plain: b.features };
        }
        figures[`coldStart.${s.name}.oursMs`] = round(median(ours));
        figures[`coldStart.${s.name}.plainLeafletMs`] = round(median(plain));
        figures[`coldStart.${s.name}.ratio`] = round(median(ours) / median(plain), 2);
        figures[`coldStart.${s.name}.polygons`] = counts.plain;
        figures[`coldStart.${s.name}.oursFeatures`] = counts.ours;
      }
    } finally {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
