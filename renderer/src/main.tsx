import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import './app.css';
import { MantineProvider, createTheme } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { QueryClientProvider } from '@tanstack/react-query';
import 'dayjs/locale/en-gb';
import 'dayjs/locale/vi';
import { StrictMode, useCallback, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { parsePrintHash } from '../../shared/print';
import { captureToken } from './api';
import { App } from './App';
import { AuthGate } from './features/auth/AuthGate';
import { createQueryClient } from './data/query';
import { NotificationsProvider } from './ui/Notifications';
import { I18nContext, translate, type I18n, type Lang } from './i18n';

const theme = createTheme({
  primaryColor: 'blue',
  // System fonts only: the CSP allows no external fonts, and Vietnamese needs good diacritics.
  fontFamily: 'system-ui, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  headings: { fontFamily: 'system-ui, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif' },
});

function Root(): React.JSX.Element {
  const [lang, setLang] = useState<Lang>('vi');
  const i18n = useMemo<I18n>(() => ({ lang, t: (key, vars) => translate(lang, key, vars) }), [lang]);
  const onLangChange = useCallback((next: Lang) => {
    document.documentElement.lang = next;
    setLang(next);
  }, []);
  return (
    <I18nContext.Provider value={i18n}>
      {/* Dates read and typed as dd/mm/yyyy, 24 h, weeks from Monday, whatever the OS locale. */}
      <DatesProvider settings={{ locale: lang === 'vi' ? 'vi' : 'en-gb', firstDayOfWeek: 1, consistentWeeks: true }}>
        <QueryClientProvider client={queryClient}>
          <NotificationsProvider>
            <AuthGate>{(s) => <App onLangChange={onLangChange} importFirst={s.importFirst} />}</AuthGate>
          </NotificationsProvider>
        </QueryClientProvider>
      </DatesProvider>
    </I18nContext.Provider>
  );
}

const queryClient = createQueryClient();

captureToken();
const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('#root missing from index.html');
// `#/print/<page>?…`: a print page alone, without the app shell (renderer/src/print/).
const printRoute = parsePrintHash(window.location.hash);
if (printRoute) {
  void import('./print/PrintRoot').then(({ PrintRoot }) =>
    createRoot(rootEl).render(<PrintRoot page={printRoute.page} params={printRoute.params} />),
  );
} else {
  createRoot(rootEl).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <Root />
      </MantineProvider>
    </StrictMode>,
  );
}
