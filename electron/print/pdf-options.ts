/**
 * The PDF options of the two printing engines, from one request. Pure (no Electron, no
 * Playwright import), so the mapping is unit-tested where no Electron binary exists.
 *
 * Both honour the page's CSS `@page` size and margins (`preferCSSPageSize`) and print
 * backgrounds (level colours, legend swatches). Electron's own defaults are Letter paper with
 * 1 cm margins and no backgrounds, so every option is always passed; the paper size given is
 * only the fallback for a page without `@page` rules.
 */
import type { PaperSize, PrintRequest } from '../../shared/print';

/** What `webContents.printToPDF` takes (the subset used; Electron's own type is structurally the same). */
export interface ElectronPdfOptions {
  readonly preferCSSPageSize: true;
  readonly printBackground: true;
  readonly landscape: false;
  readonly pageSize: PaperSize;
  readonly margins: { readonly top: 0; readonly bottom: 0; readonly left: 0; readonly right: 0 };
  readonly displayHeaderFooter: false;
  readonly scale: 1;
  readonly generateTaggedPDF: true;
  readonly generateDocumentOutline: true;
}

/** Maps a request to Electron's `printToPDF` options (never its Letter/1 cm defaults). */
export function electronPdfOptions(req: Pick<PrintRequest, 'size'>): ElectronPdfOptions {
  return {
    preferCSSPageSize: true,
    printBackground: true,
    landscape: false,
    pageSize: req.size ?? 'A4',
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    displayHeaderFooter: false,
    scale: 1,
    generateTaggedPDF: true,
    generateDocumentOutline: true,
  };
}

/** What Playwright's `page.pdf` takes (the subset used). */
export interface PlaywrightPdfOptions {
  readonly preferCSSPageSize: true;
  readonly printBackground: true;
  readonly outline: true;
  readonly tagged: true;
  readonly format: PaperSize;
}

/** Maps a request to Playwright's `page.pdf` options. */
export function playwrightPdfOptions(req: Pick<PrintRequest, 'size'>): PlaywrightPdfOptions {
  return { preferCSSPageSize: true, printBackground: true, outline: true, tagged: true, format: req.size ?? 'A4' };
}
