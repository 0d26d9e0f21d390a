/**
 * Printing a page of the renderer to PDF with an installed Chromium, Chrome or Edge
 * (playwright-core), for the CLI and the browser host. Electron prints the same pages with its own
 * `webContents.printToPDF` (electron/main/print-window.ts); both use ./pdf-options.ts.
 *
 * Usage:
 *
 * ```ts
 * // One PDF from a database (the CLI): starts a loopback host on the engine, prints, stops it.
 * await printPdf({ engine, staticDir, page: 'briefing', params: { date: '2021-11-24', within: '999' },
 *                  size: 'A4', lang: 'vi', out: 'ban-tin.pdf', browser: values.browser });
 *
 * // Many PDFs from a running host (the browser host's `POST /print/pdf`): one browser, reused.
 * const printer = new Printer(findBrowser());            // null path: print() throws noBrowserError()
 * const pdf: Buffer = await printer.print({ origin, token }, { page: 'report', params: { date } });
 * await printer.close();
 * ```
 *
 * A print page is `index.html#/print/<page>?…` (shared/print.ts); the renderer registers pages in
 * renderer/src/print/pages.ts and sets `window.__SABAN_PRINT_READY__ = true` once fonts, map and
 * data are there (or `__SABAN_PRINT_ERROR__` with the reason). Every page load goes through
 * {@link openPrintPage}: the one place that hands the page its credentials.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SESSION_STORAGE_KEY } from '../../shared/ipc';
import { PRINT_ERROR_FLAG, PRINT_READY_FLAG, printHash, type PrintRequest } from '../../shared/print';
import { EngineError, msg } from '../../shared/result';
import { writeFileAtomic } from '../engine/atomic-write';
import type { Engine } from '../engine/engine';
import { startHost } from '../http/server';
import { findBrowser, noBrowserError } from './find-browser';
import { playwrightPdfOptions } from './pdf-options';

/** How long a page may take to be ready (the whole country at A3 takes a few seconds). */
export const PRINT_TIMEOUT_MS = 120_000;

/** A host serving the renderer and the API, and the credentials a page needs. */
export interface PrintTarget {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly token: string;
  /** The session of the person printing (the browser host), handed to the page as its own. */
  readonly session?: string | null;
}

/**
 * Loads a print page and waits for it to be ready. The one function that loads print pages:
 * credentials (today the per-launch token, handed over the way the app's own URL does) go here.
 */
export async function openPrintPage(page: Page, target: PrintTarget, req: PrintRequest): Promise<void> {
  if (target.session) {
    type PageStore = { sessionStorage: { setItem(key: string, value: string): void } };
    await page.addInitScript(
      ([key, value]) => (globalThis as unknown as PageStore).sessionStorage.setItem(key, value),
      [SESSION_STORAGE_KEY, target.session] as const,
    );
  }
  await page.goto(`${target.origin}/?token=${encodeURIComponent(target.token)}${printHash(req)}`);
  const handle = await page.waitForFunction(
    ([ready, error]) => {
      const w = globalThis as unknown as Record<string, unknown>;
      return w[ready] === true ? 'ok' : typeof w[error] === 'string' ? `error:${String(w[error])}` : false;
    },
    [PRINT_READY_FLAG, PRINT_ERROR_FLAG] as const,
    { timeout: PRINT_TIMEOUT_MS, polling: 50 },
  );
  const state = (await handle.jsonValue()) as string;
  if (state !== 'ok') {
    const why = state.slice('error:'.length);
    throw new EngineError('bad-request', msg('Không in được: {why}', 'Cannot print: {why}', { why }));
  }
}

/** One browser, launched on first use and reused for every print until closed. */
export class Printer {
  private browser: Promise<Browser> | null = null;

  /** `executablePath` null: no browser was found, and {@link print} says so. */
  constructor(private readonly executablePath: string | null) {}

  /** True when a browser is known (otherwise the UI falls back to the print dialog). */
  get available(): boolean {
    return this.executablePath !== null;
  }

  /** Prints one page to PDF bytes. */
  async print(target: PrintTarget, req: PrintRequest): Promise<Buffer> {
    const browser = await this.launch();
    const context = await browser.newContext({ locale: req.lang === 'en' ? 'en-GB' : 'vi-VN' });
    try {
      const page = await context.newPage();
      await openPrintPage(page, target, req);
      return await page.pdf(playwrightPdfOptions(req));
    } finally {
      await context.close();
    }
  }

  /** Closes the browser, if one was launched. */
  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b) await (await b.catch(() => null))?.close();
  }

  private launch(): Promise<Browser> {
    if (this.executablePath === null) return Promise.reject(noBrowserError());
    this.browser ??= chromium.launch({
      executablePath: this.executablePath,
      headless: true,
      args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    // A failed launch is not kept: the next print tries again.
    this.browser.catch(() => {
      this.browser = null;
    });
    return this.browser;
  }
}

/** What {@link printPdf} prints, from where, to where. */
export interface PrintPdfOptions extends PrintRequest {
  /** The database to print from. */
  readonly engine: Engine;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** The PDF file to write (atomically). */
  readonly out: string;
  /** `--browser PATH` (else SABAN_BROWSER, else the usual places). */
  readonly browser?: string | undefined;
}

/** What was written. */
export interface PrintedFile {
  readonly file: string;
  readonly bytes: number;
  readonly ms: number;
}

/**
 * Prints a page of the renderer to a PDF file: a loopback host on `engine` (127.0.0.1, free
 * port), an installed browser driven by playwright-core, `page.pdf` with the page's CSS size.
 */
export async function printPdf(o: PrintPdfOptions): Promise<PrintedFile> {
  const t0 = performance.now();
  const executable = findBrowser({ explicit: o.browser });
  if (executable === null) throw noBrowserError();
  if (!fs.existsSync(path.join(o.staticDir, 'index.html'))) {
    throw new EngineError(
      'not-found',
      msg('Chưa build giao diện ({dir}): chạy `npm run build`', 'Renderer not built ({dir}): run `npm run build`', {
        dir: o.staticDir,
      }),
    );
  }
  const host = await startHost({ engine: o.engine, staticDir: o.staticDir, port: 0, asLocalCaller: true });
  const printer = new Printer(executable);
  try {
    const pdf = await printer.print(
      { origin: `http://127.0.0.1:${host.port}`, token: host.token },
      {
        page: o.page,
        ...(o.params ? { params: o.params } : {}),
        ...(o.size ? { size: o.size } : {}),
        ...(o.lang ? { lang: o.lang } : {}),
      },
    );
    const out = path.resolve(o.out);
    writeFileAtomic(out, pdf);
    return { file: out, bytes: pdf.length, ms: performance.now() - t0 };
  } finally {
    await printer.close();
    await host.close();
  }
}
