import { Notification, Stack, Text } from '@mantine/core';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { ERROR_TITLES, USER_ERROR_CODES, type Lang } from '../../../shared/messages';
import type { LocalText } from '../../../shared/result';
import { ApiFailure } from '../api';
import { defineStrings, translateIn } from '../i18n/define';
import { useI18n } from '../i18n';

const strings = defineStrings(
  {
    close: 'Đóng',
    ref: 'Mã lỗi để báo cho bộ phận kỹ thuật: {ref}',
    warning: 'Chưa thực hiện được',
    unexpected: 'Có lỗi không lường trước trong giao diện. Tải lại trang rồi thử lại.',
  },
  {
    close: 'Close',
    ref: 'Error id to quote to technical support: {ref}',
    warning: 'Not done',
    unexpected: 'An unexpected error in the interface. Reload the page and try again.',
  },
);

/** How a note looks: a success, a warning the operator can act on, or a real failure. */
export type NoteKind = 'success' | 'warning' | 'error';

/** One note as shown. */
export interface Note {
  readonly id: number;
  readonly kind: NoteKind;
  readonly title: string;
  readonly message: string;
  readonly details: readonly string[];
  /** An internal error's reference, shown to quote. */
  readonly ref?: string;
}

/** What components use to tell the operator something. */
export interface Notifier {
  success(title: string, message?: string): void;
  /** A plain warning: what was not done and what to do instead (never "internal error"). */
  warn(message: string, title?: string): void;
  /**
   * Shows a failed call in the interface language only: a user's mistake (USER_ERROR_CODES) as a
   * yellow warning saying what to do, anything else as an error with the reference to quote.
   */
  error(err: unknown): void;
}

const NotifierContext = createContext<Notifier>({
  success: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

/** The notifier. */
export function useNotify(): Notifier {
  return useContext(NotifierContext);
}

/** How long each kind stays (it can always be closed sooner); short, so nothing lingers over the map. */
export const NOTE_MS: Readonly<Record<NoteKind, number>> = { success: 4000, warning: 8000, error: 12000 };
const MAX_DETAILS = 8;
const MAX_NOTES = 3;

/** What a failure shows, in one language. Pure: tested without a DOM. */
export function noteOf(err: unknown, lang: Lang): Omit<Note, 'id'> {
  const pick = (t: LocalText): string => t[lang];
  if (err instanceof ApiFailure) {
    const user = USER_ERROR_CODES.has(err.code);
    return {
      kind: user ? 'warning' : 'error',
      title: pick(ERROR_TITLES[err.code]),
      message: pick(err.text),
      details: err.detailsText.map(pick),
      ...(err.ref && !user ? { ref: err.ref } : {}),
    };
  }
  // A plain `new Error(text)` is a message the interface wrote itself (prefer `warn`).
  if (err instanceof Error && err.constructor === Error) {
    return { kind: 'warning', title: translateIn(strings, lang, 'warning'), message: err.message, details: [] };
  }
  // Anything else is a bug in the interface: its raw text is for the console, not the operator.
  console.error(err);
  return {
    kind: 'error',
    title: pick(ERROR_TITLES.internal),
    message: translateIn(strings, lang, 'unexpected'),
    details: [],
  };
}

const COLOURS: Readonly<Record<NoteKind, string>> = { success: 'teal', warning: 'yellow', error: 'red' };
const TEST_IDS: Readonly<Record<NoteKind, string>> = {
  success: 'notification',
  warning: 'notification-warning',
  error: 'notification-error',
};

/**
 * A small notification stack on @mantine/core's Notification (the @mantine/notifications package
 * is not a dependency). It sits at the bottom left of the map, clear of the controls at its edges,
 * lets clicks through between notes, and keeps at most three short-lived notes.
 */
export function NotificationsProvider(props: { readonly children: ReactNode }): React.JSX.Element {
  const { lang } = useI18n();
  const [notes, setNotes] = useState<readonly Note[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setNotes((all) => all.filter((n) => n.id !== id)), []);
  const push = useCallback(
    (note: Omit<Note, 'id'>) => {
      const id = nextId.current++;
      setNotes((all) => [...all.slice(-(MAX_NOTES - 1)), { ...note, id }]);
      window.setTimeout(() => dismiss(id), NOTE_MS[note.kind]);
    },
    [dismiss],
  );

  const notifier = useMemo<Notifier>(
    () => ({
      success: (title, message = '') => push({ kind: 'success', title, message, details: [] }),
      warn: (message, title) =>
        push({ kind: 'warning', title: title ?? translateIn(strings, lang, 'warning'), message, details: [] }),
      error: (err) => push(noteOf(err, lang)),
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
            color={COLOURS[n.kind]}
            title={n.title}
            onClose={() => dismiss(n.id)}
            closeButtonProps={{ 'aria-label': translateIn(strings, lang, 'close') }}
            data-testid={TEST_IDS[n.kind]}
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
            {n.ref && (
              <Text size="xs" mt={4} data-testid="notification-ref">
                {translateIn(strings, lang, 'ref', { ref: n.ref })}
              </Text>
            )}
          </Notification>
        ))}
      </Stack>
    </NotifierContext.Provider>
  );
}
