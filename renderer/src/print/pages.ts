/**
 * Every print page, registered by name: add one line per page (lazily imported, so the app and
 * other pages never load its code). The page gets {@link PrintPageProps} and signals ready with
 * usePrintReady (./ready.ts). Printed from Node with `printPdf({ page: '<name>', params, … })`
 * (electron/print/print-pdf.ts), `saban print <name> --param k=v --out F.pdf`, from the app with
 * printToPdf (./print-action.ts), and in Electron through the same IPC.
 */
import { lazy } from 'react';
import { registerPrintPage, type PrintPageProps } from './registry';

const title = (vi: string, en: string) => (p: PrintPageProps) => (p.lang === 'en' ? en : vi);

// A plain page proving the route, the fonts and the paper (tests print it).
registerPrintPage('sample', {
  component: lazy(() => import('./SamplePage')),
  title: title('Trang in thử', 'Sample print page'),
});

// The 14:00 daily report of a district, and the province's consolidated report (features/report).
registerPrintPage('report', {
  component: lazy(() => import('../features/report/print/ReportPage')),
  title: (p) =>
    `${p.lang === 'en' ? 'Daily report' : 'Báo cáo ngày'} ${p.params['district'] ?? ''} ${p.params['day'] ?? ''}`,
});
registerPrintPage('report-province', {
  component: lazy(() => import('../features/report/print/ProvincePage')),
  title: (p) =>
    `${p.lang === 'en' ? 'Consolidated report' : 'Báo cáo tổng hợp'} ${p.params['province'] ?? ''} ${p.params['day'] ?? ''}`,
});
registerPrintPage('briefing', {
  component: lazy(() => import('../features/briefing/BriefingPrint')),
  title: (p) =>
    (p.lang === 'en' ? 'Map briefing' : 'Bản tin bản đồ') + (p.params['date'] ? ` ${p.params['date']}` : ''),
});

export type { PrintPageProps };
