/**
 * National map layer benchmark: the whole country's 11,163 commune polygons
 * (../shared/data/boundaries/communes_vn_all_gadm41_gso2021.geojson) rendered in headless Chromium
 * by our MapView and by plain Leaflet in the same page and run (renderer/src/bench/bench-main.tsx):
 * data in hand → first full paint, and recolour of every polygon after a bulk level change.
 * Medians of several runs; ratios are ours divided by plain Leaflet's.
 * Run alone: `npx tsx test/bench/run.ts map-national`.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { buildBenchPage, CHROMIUM, CHROMIUM_ARGS, median, ROOT, round, serveBenchPage } from './bench-page';
import type { BenchModule } from './run';

const OUT = path.join(ROOT, 'out/bench');
const NATIONAL = path.resolve(ROOT, '../shared/data/boundaries/communes_vn_all_gadm41_gso2021.geojson');
const RUNS = Number(process.env['SABAN_BENCH_MAP_RUNS'] ?? 5);

interface PageResult {
  readonly features: number;
  readonly oursFirstPaint: number[];
  readonly plainFirstPaint: number[];
  readonly oursRecolour: number[];
  readonly plainRecolour: number[];
  readonly oursRecolourScript: number[];
  readonly plainRecolourScript: number[];
  readonly oursFirstScript: number[];
  readonly plainFirstScript: number[];
}

async function run(): Promise<Readonly<Record<string, number>>> {
  if (!fs.existsSync(NATIONAL)) throw new Error(`national boundaries missing: ${NATIONAL}`);
  // Both sides share the machine, but a loaded one makes every figure noisier: say how loaded.
  const load = (): string =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  process.stdout.write(`  load average before: ${load()}\n`);
  await buildBenchPage('bench.html', OUT);
  const server = await serveBenchPage(OUT, 'bench.html', { '/national.geojson': NATIONAL });
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/bench.html?runs=${RUNS}`);
    const handle = await page.waitForFunction(() => (globalThis as { __bench?: unknown }).__bench, undefined, {
      timeout: 20 * 60_000,
      polling: 500,
    });
    const r = (await handle.jsonValue()) as PageResult | { error: string };
    process.stdout.write((await page.locator('#log').textContent()) ?? '');
    if ('error' in r) throw new Error(`bench page failed: ${r.error}`);
    if (problems.length) throw new Error(`bench page errors: ${problems.join('; ')}`);
    const oursFirst = median(r.oursFirstPaint);
    const plainFirst = median(r.plainFirstPaint);
    const oursRecolour = median(r.oursRecolour);
    const plainRecolour = median(r.plainRecolour);
    const ms = (xs: readonly number[]): string => xs.map((x) => Math.round(x)).join(', ');
    process.stdout.write(
      `  ${r.features} polygons, ${RUNS} runs (median; samples in ms)\n` +
        `  first paint  ours ${round(oursFirst)} ms [${ms(r.oursFirstPaint)}]  plain Leaflet ${round(plainFirst)} ms [${ms(r.plainFirstPaint)}]\n` +
        `    of which script  ours ${round(median(r.oursFirstScript))} ms  plain Leaflet ${round(median(r.plainFirstScript))} ms\n` +
        `  recolour     ours ${round(oursRecolour)} ms [${ms(r.oursRecolour)}]  plain Leaflet ${round(plainRecolour)} ms [${ms(r.plainRecolour)}]\n` +
        `    of which script  ours ${round(median(r.oursRecolourScript))} ms  plain Leaflet ${round(median(r.plainRecolourScript))} ms\n` +
        `  load average after: ${load()}\n`,
    );
    return {
      'map.national.features': r.features,
      'map.national.firstPaintMs': round(oursFirst),
      'map.national.recolourMs': round(oursRecolour),
      'map.national.firstPaintRatioVsLeaflet': round(oursFirst / plainFirst, 3),
      'map.national.recolourRatioVsLeaflet': round(oursRecolour / plainRecolour, 3),
      'map.national.leafletFirstPaintMs': round(plainFirst),
      'map.national.leafletRecolourMs': round(plainRecolour),
    };
  } finally {
    await browser.close();
    server.close();
  }
}

/** The national map layer benchmark. */
export const mapNationalBench: BenchModule = { name: 'map-national', run };
