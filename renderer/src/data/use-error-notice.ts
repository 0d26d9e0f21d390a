/**
 * Shows a failed read once, as a notification: reads go through the query cache, so a view gets
 * the error as a value and this hook tells the operator (once per failure, not once per render).
 */
import { useEffect } from 'react';
import { useNotify } from '../components/Notifications';

/** Notifies `error` when it appears (null/undefined: nothing); the cache keeps one object per failure. */
export function useErrorNotice(error: unknown): void {
  const notify = useNotify();
  useEffect(() => {
    if (error) notify.error(error);
  }, [notify, error]);
}
