/**
 * Reports failed reads once each: a query's error is shown when it appears, not on every render.
 */
import { useEffect } from 'react';
import { useNotify } from '../ui/Notifications';

/** Shows each of `errors` once (null and undefined are skipped). */
export function useReportErrors(...errors: readonly unknown[]): void {
  const notify = useNotify();
  useEffect(() => {
    for (const e of errors) if (e) notify.error(e);
    // Each error object is reported when it first appears; the list itself is rebuilt every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [notify, ...errors]);
}
