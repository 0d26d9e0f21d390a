/**
 * The print route's address, shared by the renderer (which renders it) and the three hosts that
 * print it (Electron, the browser host, the CLI). A print page is `#/print/<page>?k=v&…` of the
 * renderer's index.html; `size` and `lang` are ordinary parameters every page receives.
 */

/** Paper the hosts know. Portrait A4 is the default; maps go on A4 or A3 landscape (named CSS pages). */
export const PAPER_SIZES = ['A4', 'A3'] as const;
/** See {@link PAPER_SIZES}. */
export type PaperSize = (typeof PAPER_SIZES)[number];

/** A page to print and its parameters. */
export interface PrintRequest {
  /** The registered page's name (renderer/src/print/pages.ts), e.g. `briefing`. */
  readonly page: string;
  /** Its parameters (strings only: they travel in the URL). */
  readonly params?: Readonly<Record<string, string>>;
  readonly size?: PaperSize;
  readonly lang?: 'vi' | 'en';
}

/** The global a print page sets once fonts, map and data are there (true), or a message when it failed. */
export const PRINT_READY_FLAG = '__SABAN_PRINT_READY__';
/** The global holding the reason a print page could not render (the host reports it). */
export const PRINT_ERROR_FLAG = '__SABAN_PRINT_ERROR__';

/** The browser host's print door: `POST` a {@link PrintRequest} as JSON with the API token, get the PDF. */
export const PRINT_PDF_PATH = '/print/pdf';

const PAGE_NAME = /^[a-z][a-z0-9-]{0,40}$/;

/** True for a well-formed page name (lowercase words with dashes). */
export function isPrintPageName(name: string): boolean {
  return PAGE_NAME.test(name);
}

/** `#/print/<page>?…` for a request (size and lang included when given). */
export function printHash(req: PrintRequest): string {
  if (!isPrintPageName(req.page)) throw new RangeError(`bad print page name: ${req.page}`);
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(req.params ?? {})) q.set(k, v);
  if (req.size) q.set('size', req.size);
  if (req.lang) q.set('lang', req.lang);
  const query = q.toString();
  return `#/print/${req.page}${query ? `?${query}` : ''}`;
}

/** The request a hash names, or null when it is not the print route. */
export function parsePrintHash(hash: string): { page: string; params: Record<string, string> } | null {
  const m = /^#\/print\/([^?]*)(?:\?(.*))?$/.exec(hash);
  if (!m || !isPrintPageName(m[1]!)) return null;
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(m[2] ?? '')) params[k] = v;
  return { page: m[1]!, params };
}

/** The paper size of a parameter value (A4 unless A3 is asked). */
export function paperOf(value: string | undefined): PaperSize {
  return value?.toUpperCase() === 'A3' ? 'A3' : 'A4';
}

/** Checks a request arriving through a door (IPC, HTTP): throws a RangeError naming the problem. */
export function checkPrintRequest(raw: unknown): PrintRequest {
  if (typeof raw !== 'object' || raw === null) throw new RangeError('print request: object expected');
  const r = raw as Record<string, unknown>;
  if (typeof r['page'] !== 'string' || !isPrintPageName(r['page'])) throw new RangeError('print request: bad page');
  const params: Record<string, string> = {};
  if (r['params'] !== undefined) {
    if (typeof r['params'] !== 'object' || r['params'] === null) throw new RangeError('print request: bad params');
    for (const [k, v] of Object.entries(r['params'])) {
      if (typeof v !== 'string' || k.length > 40 || v.length > 500) throw new RangeError(`print request: bad ${k}`);
      params[k] = v;
    }
  }
  const size = r['size'];
  if (size !== undefined && !(PAPER_SIZES as readonly unknown[]).includes(size))
    throw new RangeError('print request: size A4 or A3');
  const lang = r['lang'];
  if (lang !== undefined && lang !== 'vi' && lang !== 'en') throw new RangeError('print request: lang vi or en');
  return {
    page: r['page'],
    params,
    ...(size ? { size: size as PaperSize } : {}),
    ...(lang ? { lang } : {}),
  };
}
