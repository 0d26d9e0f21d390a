/**
 * The print route: `index.html#/print/<page>?…` renders one registered print page (./pages.ts)
 * and nothing of the app shell, in the language and on the paper its parameters name, and raises
 * the ready flag the hosts wait for (./ready.ts). `autoprint=1` opens the browser's print dialog
 * once ready (the fallback where no browser can print a PDF).
 *
 * Usage (the three hosts): see electron/print/print-pdf.ts; a new page: ./pages.ts.
 */
import './print.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useEffect, useMemo } from 'react';
import { paperOf } from '../../../shared/print';
import { createQueryClient } from '../data/query';
import { I18nContext, translate, type I18n, type Lang } from '../i18n';
import { printPage } from './registry';
import { createPrintSignal, PrintSignalContext, type PrintSignal } from './ready';
import './pages';

/** The print route's root. */
export function PrintRoot(props: { readonly page: string; readonly params: Readonly<Record<string, string>> }) {
  const lang: Lang = props.params['lang'] === 'en' ? 'en' : 'vi';
  const size = paperOf(props.params['size']);
  const i18n = useMemo<I18n>(() => ({ lang, t: (key, vars) => translate(lang, key, vars) }), [lang]);
  const client = useMemo(() => createQueryClient(), []);
  const autoprint = props.params['autoprint'] === '1';
  const signal = useMemo<PrintSignal>(() => {
    const s = createPrintSignal();
    if (!autoprint) return s;
    return {
      ...s,
      ready: () => {
        s.ready();
        void document.fonts.ready.then(() => window.setTimeout(() => window.print(), 300));
      },
    };
  }, [autoprint]);
  const entry = printPage(props.page);
  const pageProps = useMemo(() => ({ params: props.params, size, lang }), [props.params, size, lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.classList.add('saban-print-html');
    if (entry) document.title = entry.title(pageProps);
    else signal.fail(`unknown print page: ${props.page}`);
  }, [entry, lang, pageProps, props.page, signal]);
  if (!entry) return <p>Unknown print page: {props.page}</p>;
  const Page = entry.component;
  return (
    <I18nContext.Provider value={i18n}>
      <QueryClientProvider client={client}>
        <PrintSignalContext.Provider value={signal}>
          <div className="saban-print">
            <Suspense fallback={null}>
              <Page {...pageProps} />
            </Suspense>
          </div>
        </PrintSignalContext.Provider>
      </QueryClientProvider>
    </I18nContext.Provider>
  );
}
