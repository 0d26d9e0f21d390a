/**
 * Door constants with no dependencies, so the sandboxed preload can import them without
 * bundling zod and the whole contract.
 */

/** The single IPC channel of the Electron door. */
export const IPC_CHANNEL = 'saban:api';
/** HTTP path prefix of the loopback door: `POST /api/<method>`. */
export const HTTP_API_PREFIX = '/api/';
/** The Electron door's print channel: a PrintRequest in, the PDF bytes out (electron/main/print-window.ts). */
export const PRINT_CHANNEL = 'saban:print';
/** HTTP header carrying the session token of the browser host's page (the page keeps it in memory). */
export const SESSION_HEADER = 'x-saban-session';
/** Where the browser host's page keeps its session (sessionStorage; a print page is handed it there). */
export const SESSION_STORAGE_KEY = 'saban.session';
