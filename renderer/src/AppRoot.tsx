/**
 * The app itself (Mantine, the shell, every feature), loaded by main.tsx only when the URL is not a
 * print page: a print page (`#/print/…`) never evaluates this code, so it is ready sooner.
 */
import { MantineProvider, createTheme } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { QueryClientProvider } from '@tanstack/react-query';
import 'dayjs/locale/en-gb';
import 'dayjs/locale/vi';
import { StrictMode, useCallback, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
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

/** Renders the app into `rootEl`. */
export function mountApp(rootEl: HTMLElement): void {
  createRoot(rootEl).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <Root />
      </MantineProvider>
    </StrictMode>,
  );
}
