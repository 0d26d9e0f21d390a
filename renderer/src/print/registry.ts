/**
 * The print pages, by name. A feature adds a page by calling {@link registerPrintPage} in
 * ./pages.ts (one line, lazily imported so the app never loads print code it does not use).
 */
import type { ComponentType, LazyExoticComponent } from 'react';
import type { PaperSize } from '../../../shared/print';
import type { Lang } from '../i18n';

/** What every print page receives. */
export interface PrintPageProps {
  /** The URL parameters (`date`, `within`, …), as strings. */
  readonly params: Readonly<Record<string, string>>;
  readonly size: PaperSize;
  readonly lang: Lang;
}

/** A registered page. */
export interface PrintPageEntry {
  readonly component: ComponentType<PrintPageProps> | LazyExoticComponent<ComponentType<PrintPageProps>>;
  /** The document title (the PDF's title), from the page's parameters. */
  readonly title: (p: PrintPageProps) => string;
}

const pages = new Map<string, PrintPageEntry>();

/** Adds a print page (`#/print/<name>?…`). A name registered twice is a programming error. */
export function registerPrintPage(name: string, entry: PrintPageEntry): void {
  if (pages.has(name)) throw new Error(`print page ${name} registered twice`);
  pages.set(name, entry);
}

/** The registered page, if any. */
export function printPage(name: string): PrintPageEntry | undefined {
  return pages.get(name);
}
