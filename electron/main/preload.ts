/**
 * The preload of the sandboxed renderer: exposes `window.saban.invoke` over one IPC channel
 * and `window.saban.print` over the print channel. No Node, no ipcRenderer, no event emitters cross into the page.
 * Bundled to CommonJS because sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, PRINT_CHANNEL } from '../../shared/ipc';
import type { Result } from '../../shared/result';

/** What the page sees as `window.saban` (renderer/src/api.ts declares the same shape). */
export interface SabanBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  print(req: unknown): Promise<Result<Uint8Array>>;
}

const bridge: SabanBridge = {
  // Pass through only the two arguments, so the page cannot smuggle extra ones to main.
  invoke: (method: string, input: unknown) =>
    ipcRenderer.invoke(IPC_CHANNEL, method, input) as Promise<Result<unknown>>,
  // A print page to PDF (electron/main/print-window.ts); only the request crosses.
  print: (req: unknown) => ipcRenderer.invoke(PRINT_CHANNEL, req) as Promise<Result<Uint8Array>>,
};

contextBridge.exposeInMainWorld('saban', bridge);
