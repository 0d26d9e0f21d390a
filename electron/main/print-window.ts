/**
 * Electron's print host: a hidden window loads the print page (`app://saban/index.html#/print/…`),
 * waits for its ready flag and prints it with `webContents.printToPDF`, with the options of
 * electron/print/pdf-options.ts (CSS page size, backgrounds; never Electron's Letter defaults).
 * The window is sandboxed like the main one and may call the engine while it lives
 * ({@link isPrintWindow}).
 */
import { BrowserWindow } from 'electron';
import { PRINT_ERROR_FLAG, PRINT_READY_FLAG, printHash, type PrintRequest } from '../../shared/print';
import { electronPdfOptions } from '../print/pdf-options';
import { APP_START_URL } from './app-origin';

const TIMEOUT_MS = 120_000;
const printWindows = new Set<number>();

/** True for the webContents of a print window (trusted to call the engine like the main window). */
export function isPrintWindow(webContentsId: number): boolean {
  return printWindows.has(webContentsId);
}

/** Prints one page to PDF bytes in a hidden window. */
export async function printInHiddenWindow(
  req: PrintRequest,
  preload: string,
  /** Called with the hidden window's webContents id before it loads (to lend it a session). */
  onWindow?: (webContentsId: number) => void,
): Promise<Uint8Array> {
  const win = new BrowserWindow({
    show: false,
    width: 1200,
    height: 900,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const id = win.webContents.id;
  printWindows.add(id);
  onWindow?.(id);
  try {
    await win.loadURL(`${APP_START_URL}${printHash(req)}`);
    const started = Date.now();
    for (;;) {
      const state = (await win.webContents.executeJavaScript(
        `[window.${PRINT_READY_FLAG} === true, window.${PRINT_ERROR_FLAG} ?? null]`,
      )) as [boolean, string | null];
      if (state[0]) break;
      if (state[1] !== null) throw new Error(state[1]);
      if (Date.now() - started > TIMEOUT_MS) throw new Error('print page not ready');
      await new Promise((r) => setTimeout(r, 50));
    }
    return await win.webContents.printToPDF(electronPdfOptions(req));
  } finally {
    printWindows.delete(id);
    win.destroy();
  }
}
