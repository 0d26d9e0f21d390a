import { Notification, Stack, Text } from '@mantine/core';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiFailure } from '../api';
import { errorTitle, useI18n } from '../i18n';

interface Note {
  readonly id: number;
  readonly color: 'red' | 'teal' | 'blue';
  readonly title: string;
  readonly message: string;
  readonly details: readonly string[];
}

/** What components use to tell the operator something. */
export interface Notifier {
  success(title: string, message?: string): void;
  /** Shows an error: the bilingual code title from shared/messages plus the engine's message. */
  error(err: unknown): void;
}

const NotifierContext = createContext<Notifier>({ success: () => undefined, error: () => undefined });

/** The notifier. */
export function useNotify(): Notifier {
  return useContext(NotifierContext);
}

const SUCCESS_MS = 5000;
const ERROR_MS = 15000;
const MAX_DETAILS = 8;

/**
 * A small notification stack on @mantine/core's Notification (the @mantine/notifications package
 * is not a dependency). Errors stay longer than successes and list the first per-item details.
 */
export function NotificationsProvider(props: { readonly children: ReactNode }): React.JSX.Element {
  const { lang, t } = useI18n();
  const [notes, setNotes] = useState<readonly Note[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setNotes((all) => all.filter((n) => n.id !== id)), []);
  const push = useCallback(
    (note: Omit<Note, 'id'>, ms: number) => {
      const id = nextId.current++;
      setNotes((all) => [...all.slice(-4), { ...note, id }]);
      window.setTimeout(() => dismiss(id), ms);
    },
    [dismiss],
  );

  const notifier = useMemo<Notifier>(
    () => ({
      success: (title, message = '') => push({ color: 'teal', title, message, details: [] }, SUCCESS_MS),
      error: (err) => {
        if (err instanceof ApiFailure) {
          push(
            { color: 'red', title: errorTitle(lang, err.code), message: err.message, details: err.details },
            ERROR_MS,
          );
        } else {
          const message = err instanceof Error ? err.message : String(err);
          push({ color: 'red', title: errorTitle(lang, 'internal'), message, details: [] }, ERROR_MS);
        }
      },
    }),
    [lang, push],
  );

  return (
    <NotifierContext.Provider value={notifier}>
      {props.children}
      <Stack className="saban-notes" gap="xs" aria-live="polite">
        {notes.map((n) => (
          <Notification
            key={n.id}
            color={n.color}
            title={n.title}
            onClose={() => dismiss(n.id)}
            closeButtonProps={{ 'aria-label': t('close') }}
            data-testid={n.color === 'red' ? 'notification-error' : 'notification'}
            withBorder
          >
            {n.message && <Text size="sm">{n.message}</Text>}
            {n.details.length > 0 && (
              <Text size="xs" c="dimmed" component="ul" className="saban-note-details">
                {n.details.slice(0, MAX_DETAILS).map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
                {n.details.length > MAX_DETAILS && <li>… +{n.details.length - MAX_DETAILS}</li>}
              </Text>
            )}
          </Notification>
        ))}
      </Stack>
    </NotifierContext.Provider>
  );
}
