/**
 * Runs electron/main/engine-host.ts (or, with env SABAN_HOST_MODULE, a built engine-host.cjs) in
 * plain Node for tests: a forked child process's IPC stands in for Electron's
 * `process.parentPort` (same `on('message', e => e.data)` / `postMessage` shape).
 */
import { pathToFileURL } from 'node:url';
import type { ParentPort } from 'electron';

const send = process.send?.bind(process);
if (!send) throw new Error('engine-host-harness must be started with child_process.fork');

const fakePort = {
  on(event: string, listener: (e: { data: unknown }) => void) {
    if (event === 'message') process.on('message', (data: unknown) => listener({ data }));
    return fakePort;
  },
  postMessage(message: unknown) {
    send(message);
  },
};
(process as NodeJS.Process & { parentPort?: ParentPort }).parentPort = fakePort as unknown as ParentPort;
// Without a parent, exit instead of lingering (the real utility process dies with the app).
process.on('disconnect', () => process.exit(0));

const built = process.env['SABAN_HOST_MODULE'];
if (built) await import(pathToFileURL(built).href);
else await import('../../electron/main/engine-host');
