/**
 * The map briefing's PDF: time and file size for a district (Đông Hải, 11 communes), a province
 * (Bạc Liêu, 64) and the whole country on A3 (10,561 polygons), each beside the plain reference
 * measured in the same run with the same browser: Chromium printing a bare page that draws the
 * same polygons with plain Leaflet on its SVG renderer, at the same size. Ours includes reading
 * the data through the API, every section and the fonts. Also the whole `saban briefing` path for
 * the district (host start, browser launch, print, file). Medians of a few runs after a warm-up.
 * Needs `npm run build` and ../shared/data. Run alone: `npx tsx test/bench/run.ts briefing`.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { call } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import { startHost } from '../../electron/http/server';
import { playwrightPdfOptions } from '../../electron/print/pdf-options';
import { openPrintPage, printPdf, type PrintTarget } from '../../electron/print/print-pdf';
import { RISK_LEVELS } from '../../shared/risk';
import type { PaperSize } from '../../shared/print';
import { vnToday } from '../../shared/time';
import type { BenchModule } from './run';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RENDERER = path.join(ROOT, 'out/renderer');
const DATA = path.resolve(ROOT, '../shared/data');
const UNITS = path.join(DATA, 'admin-units/gso_units_2021-11-01.csv');
const NATIONAL = path.join(DATA, 'boundaries/communes_vn_all_gadm41_gso2021.geojson');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const RUNS = Number(process.env['SABAN_BENCH_BRIEFING_RUNS'] ?? 3);

interface Scenario {
  readonly name: string;
  readonly within: string | null;
  readonly size: PaperSize;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'dongHai', within: '960', size: 'A4' },
  { name: 'bacLieu', within: '95', size: 'A4' },
  { name: 'country', within: null, size: 'A3' },
];

/** The map's size on the sheet (as in renderer/src/features/briefing/briefing.css). */
const MAP_MM: Record<PaperSize, [number, number]> = { A4: [192, 168], A3: [296, 248] };

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const round = (x: number, digits = 0): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** A stable pseudo-random level per code, so every level shows. */
function levelOf(code: string): 0 | 1 | 2 | 3 | 4 {
  let h = 0;
  for (const c of code) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return (h % 5) as 0 | 1 | 2 | 3 | 4;
}

/** The national units and commune polygons, levels set two days ago and some changed today. */
function buildDb(file: string): void {
  const engine = Engine.open(file);
  try {
    const read = (f: string) => ({ fileName: path.basename(f), text: fs.readFileSync(f, 'utf8') });
    call(engine, 'import.units', read(UNITS));
    call(engine, 'import.boundaries', read(NATIONAL));
    const communes = call(engine, 'units.list', { level: 'commune', limit: 50000 }).filter((u) => u.hasGeometry);
    const earlier = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const byLevel = new Map<number, string[]>();
    for (const c of communes) {
      const l = levelOf(c.code);
      if (l > 0) byLevel.set(l, [...(byLevel.get(l) ?? []), c.code]);
    }
    for (const [level, codes] of byLevel)
      call(engine, 'risk.set', { codes, level, effectiveFrom: earlier, reason: 'bench' });
    const changed = communes.filter((c) => Number(c.code) % 7 === 0).map((c) => c.code);
    call(engine, 'risk.set', { codes: changed, level: 4, reason: 'bench: changed today' });
  } finally {
    engine.close();
  }
}

/** The plain reference: a bare page with Leaflet's SVG renderer drawing the same polygons, same size. */
async function startPlain(engine: Engine): Promise<{ origin: string; close: () => Promise<void> }> {
  const leafletJs = fs.readFileSync(path.join(ROOT, 'node_modules/leaflet/dist/leaflet.js'));
  const leafletCss = fs.readFileSync(path.join(ROOT, 'node_modules/leaflet/dist/leaflet.css'));
  const levels = new Map(call(engine, 'risk.levels', {}).map((l) => [l.code, l.level]));
  const features = new Map<string, Buffer>();
  for (const s of SCENARIOS) {
    const fc = call(engine, 'map.features', { ...(s.within ? { within: s.within } : {}), levels: ['commune'] });
    for (const f of fc.features) {
      const level = (levels.get(f.properties.code) ?? 0) as 0 | 1 | 2 | 3 | 4;
      (f.properties as Record<string, unknown>)['fill'] = RISK_LEVELS[level].colour;
    }
    features.set(s.name, Buffer.from(JSON.stringify(fc)));
  }
  const page = (s: Scenario): string => {
    const [w, h] = MAP_MM[s.size];
    return (
      '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/leaflet.css">' +
      `<style>@page{size:${s.size} landscape;margin:10mm}body{margin:0}#map{width:${w}mm;height:${h}mm}</style></head>` +
      '<body><div id="map"></div><script src="/leaflet.js"></script><script>' +
      `fetch("/${s.name}.json").then(r=>r.json()).then(fc=>{const map=L.map("map",{renderer:L.svg({padding:0}),zoomControl:false,attributionControl:false,zoomSnap:0});` +
      'const layer=L.geoJSON(fc,{interactive:false,style:f=>({color:"#546e7a",weight:0.7,fillColor:f.properties.fill,fillOpacity:0.72})}).addTo(map);' +
      'map.fitBounds(layer.getBounds(),{animate:false});requestAnimationFrame(()=>requestAnimationFrame(()=>{window.__ready=true;}));});' +
      '</script></body></html>'
    );
  };
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0]!;
    const s = SCENARIOS.find((x) => url === `/${x.name}.html`);
    const json = features.get(url.replace(/^\/|\.json$/g, ''));
    const [body, type] = s
      ? [page(s), 'text/html']
      : json && url.endsWith('.json')
        ? [json, 'application/json']
        : url === '/leaflet.js'
          ? [leafletJs, 'text/javascript']
          : url === '/leaflet.css'
            ? [leafletCss, 'text/css']
            : [null, ''];
    if (body === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function printOurs(browser: Browser, target: PrintTarget, s: Scenario): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const req = {
      page: 'briefing',
      params: { date: vnToday(), within: s.within ?? 'all' },
      size: s.size,
      lang: 'vi' as const,
    };
    await openPrintPage(page, target, req);
    const pdf = await page.pdf(playwrightPdfOptions(req));
    return { ms: performance.now() - t0, bytes: pdf.length };
  } finally {
    await context.close();
  }
}

async function printPlain(browser: Browser, origin: string, s: Scenario): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/${s.name}.html`);
    await page.waitForFunction(() => (globalThis as unknown as { __ready?: boolean }).__ready === true, undefined, {
      timeout: 120_000,
      polling: 50,
    });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    return { ms: performance.now() - t0, bytes: pdf.length };
  } finally {
    await context.close();
  }
}

export const briefingBench: BenchModule = {
  name: 'briefing',
  async run() {
    if (!fs.existsSync(path.join(RENDERER, 'index.html'))) throw new Error('briefing: run `npm run build` first');
    if (!fs.existsSync(NATIONAL) || !fs.existsSync(UNITS)) {
      process.stdout.write('  (../shared/data missing: briefing bench skipped)\n');
      return {};
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-bench-briefing-'));
    const db = path.join(dir, 'country.sqlite');
    const figures: Record<string, number> = {};
    try {
      const t0 = performance.now();
      buildDb(db);
      process.stdout.write(`  database ready in ${round((performance.now() - t0) / 1000, 1)} s\n`);
      const engine = Engine.open(db);
      const host = await startHost({ engine, staticDir: RENDERER, port: 0, asLocalCaller: true });
      const plain = await startPlain(engine);
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--disable-gpu'] });
      try {
        const target = { origin: `http://127.0.0.1:${host.port}`, token: host.token };
        for (const s of SCENARIOS) {
          await printOurs(browser, target, s); // warm-up (and the renderer's files in the OS cache)
          await printPlain(browser, plain.origin, s);
          const ours: { ms: number; bytes: number }[] = [];
          const ref: { ms: number; bytes: number }[] = [];
          for (let i = 0; i < RUNS; i++) {
            ours.push(await printOurs(browser, target, s));
            ref.push(await printPlain(browser, plain.origin, s));
          }
          const k = `briefing.${s.name}${s.size === 'A3' ? 'A3' : ''}`;
          figures[`${k}.ms`] = round(median(ours.map((r) => r.ms)));
          figures[`${k}.plainMs`] = round(median(ref.map((r) => r.ms)));
          figures[`${k}.ratio`] = round(figures[`${k}.ms`]! / figures[`${k}.plainMs`]!, 2);
          figures[`${k}.kb`] = round(ours[0]!.bytes / 1024);
          figures[`${k}.plainKb`] = round(ref[0]!.bytes / 1024);
        }
      } finally {
        await browser.close();
        await plain.close();
        await host.close();
      }
      // The whole CLI path for the district: host start, browser launch, print, file written.
      const cli: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const done = await printPdf({
          engine,
          staticDir: RENDERER,
          page: 'briefing',
          params: { date: vnToday(), within: '960' },
          size: 'A4',
          lang: 'vi',
          out: path.join(dir, 'dong-hai.pdf'),
          browser: CHROMIUM,
        });
        cli.push(done.ms);
      }
      figures['briefing.dongHai.cliMs'] = round(median(cli));
      engine.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
