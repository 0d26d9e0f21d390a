/**
 * Entry grid benchmark: 10,599 commune rows (one per commune of the country) in our FiguresGrid
 * (react-data-grid with our columns, cell rules and block paste) beside a bare HTML table of the
 * same rows, in the same headless Chromium page and run (renderer/src/bench/grid-bench-main.tsx):
 * first render (rows in hand → painted) and a pasted 30 × 10 block (paste event → painted).
 * Medians of several runs; ratios are ours divided by the bare table's.
 * Run alone: `npx tsx test/bench/run.ts figures-grid`.
 */
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { buildBenchPage, CHROMIUM, CHROMIUM_ARGS, median, ROOT, round, serveBenchPage } from './bench-page';
import type { BenchModule } from './run';

const OUT = path.join(ROOT, 'out/bench-grid');
const RUNS = Number(process.env['SABAN_BENCH_GRID_RUNS'] ?? 5);

interface PageResult {
  readonly rows: number;
  readonly cells: number;
  readonly oursFirst: number[];
  readonly plainFirst: number[];
  readonly oursPaste: number[];
  readonly plainPaste: number[];
}

async function run(): Promise<Readonly<Record<string, number>>> {
  const load = (): string =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  process.stdout.write(`  load average before: ${load()}\n`);
  await buildBenchPage('bench-grid.html', OUT);
  const server = await serveBenchPage(OUT, 'bench-grid.html');
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/bench-grid.html?runs=${RUNS}`);
    const handle = await page.waitForFunction(() => (globalThis as { __gridBench?: unknown }).__gridBench, undefined, {
      timeout: 10 * 60_000,
      polling: 500,
    });
    const r = (await handle.jsonValue()) as PageResult | { error: string };
    process.stdout.write((await page.locator('#log').textContent()) ?? '');
    if ('error' in r) throw new Error(`bench page failed: ${r.error}`);
    if (problems.length) throw new Error(`bench page errors: ${problems.join('; ')}`);
    const ms = (xs: readonly number[]): string => xs.map((x) => Math.round(x)).join(', ');
    const oursFirst = median(r.oursFirst);
    const plainFirst = median(r.plainFirst);
    const oursPaste = median(r.oursPaste);
    const plainPaste = median(r.plainPaste);
    process.stdout.write(
      `  ${r.rows} rows × 19 fields, ${RUNS} runs (median; samples in ms)\n` +
        `  first render  ours ${round(oursFirst)} ms [${ms(r.oursFirst)}]  bare table ${round(plainFirst)} ms [${ms(r.plainFirst)}]\n` +
        `  paste ${r.cells} cells  ours ${round(oursPaste)} ms [${ms(r.oursPaste)}]  bare table ${round(plainPaste)} ms [${ms(r.plainPaste)}]\n` +
        `  load average after: ${load()}\n`,
    );
    return {
      'figures.grid.rows': r.rows,
      'figures.grid.firstRenderMs': round(oursFirst),
      'figures.grid.paste30x10Ms': round(oursPaste),
      'figures.grid.tableFirstRenderMs': round(plainFirst),
      'figures.grid.tablePaste30x10Ms': round(plainPaste),
      'figures.grid.firstRenderRatioVsTable': round(oursFirst / plainFirst, 3),
      'figures.grid.pasteRatioVsTable': round(oursPaste / plainPaste, 3),
    };
  } finally {
    await browser.close();
    server.close();
  }
}

/** The entry grid benchmark. */
export const figuresGridBench: BenchModule = { name: 'figures-grid', run };
