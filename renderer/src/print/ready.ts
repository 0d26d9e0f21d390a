/**
 * The print page's ready signal. A page calls {@link usePrintReady}(true) once its data and map
 * are drawn (or {@link usePrintError} with the reason); the root then waits for the fonts and two
 * frames and sets `window.__SABAN_PRINT_READY__ = true`, which every host waits for.
 */
import { createContext, useContext, useEffect } from 'react';
import { PRINT_ERROR_FLAG, PRINT_READY_FLAG } from '../../../shared/print';

/** What the root gives its page. */
export interface PrintSignal {
  /** Called with true when the page is complete. */
  ready(): void;
  /** Called when the page cannot be printed (the host reports the text). */
  fail(why: string): void;
}

/** The root's signal (a page outside the print root signals nothing). */
export const PrintSignalContext = createContext<PrintSignal>({ ready: () => undefined, fail: () => undefined });

/** Signals the page complete once `done` is true. */
export function usePrintReady(done: boolean): void {
  const signal = useContext(PrintSignalContext);
  useEffect(() => {
    if (done) signal.ready();
  }, [done, signal]);
}

/** Signals the page failed when `error` is set. */
export function usePrintError(error: unknown): void {
  const signal = useContext(PrintSignalContext);
  useEffect(() => {
    if (error) signal.fail(error instanceof Error ? error.message : JSON.stringify(error));
  }, [error, signal]);
}

/** Sets the global flags the hosts poll: after the fonts and two frames (the map's SVG is laid out). */
export function createPrintSignal(): PrintSignal {
  const w = window as unknown as Record<string, unknown>;
  let done = false;
  return {
    ready: () => {
      if (done) return;
      done = true;
      void document.fonts.ready.then(() =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            w[PRINT_READY_FLAG] = true;
          }),
        ),
      );
    },
    fail: (why) => {
      w[PRINT_ERROR_FLAG] = why;
    },
  };
}
