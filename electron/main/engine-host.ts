/**
 * The engine's process in Electron: forked by main with `utilityProcess.fork`, so SQLite work
 * (a large import, a full map query) runs off the UI thread and never freezes the window. It is
 * the only place that opens the database while the app runs: one writer.
 *
 * argv: `--db FILE` (main always passes it). env `SABAN_SQLITE_BINDING`: the Electron build of
 * better-sqlite3 in development (read by engine/db.ts); unset in a packaged app.
 */
import fs from 'node:fs';
import type { ParentPort } from 'electron';
import { apiError, msg, toErrorResult } from '../../shared/result';
import { startDailyBackups } from '../engine/backup/schedule';
import { dispatch } from '../engine/dispatch';
import { Engine } from '../engine/engine';
import { dbArg } from './args';
import { isHostRequest, type HostMessage } from './engine-protocol';

function parentPort(): ParentPort {
  const port = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
  if (!port) {
    process.stderr.write('engine-host must run in an Electron utility process (utilityProcess.fork)\n');
    process.exit(2);
  }
  return port;
}

function main(): void {
  const port = parentPort();
  const post = (m: HostMessage): void => port.postMessage(m);
  const dbPath = dbArg(process.argv.slice(2));
  if (dbPath === null) {
    post({
      type: 'fatal',
      error: apiError('bad-request', msg('engine-host: thiếu --db', 'engine-host: missing --db')),
    });
    port.on('message', () => process.exit(1));
    return;
  }

  let engine: Engine;
  // Seed the fictional training district only into a brand-new file, so a first launch shows
  // something to practise on but a real database that happens to be empty is left empty.
  const created = !fs.existsSync(dbPath);
  try {
    engine = Engine.open(dbPath, { seedTraining: created });
  } catch (err) {
    // Main shows the error and quits. Exit only when main says so (or kills us), so the message
    // is not lost to an early exit.
    post({ type: 'fatal', error: toErrorResult(err).error });
    port.on('message', () => process.exit(1));
    return;
  }

  // The daily backup while the app runs (recorded failures show in backup.status).
  const daily = startDailyBackups(engine);
  port.on('message', (e: Electron.MessageEvent) => {
    const req: unknown = e.data;
    if (!isHostRequest(req)) return;
    if (req.type === 'close') {
      daily.stop();
      engine.close();
      process.exit(0);
    }
    // dispatch validates method and input and never throws; calls run one at a time in arrival
    // order, which is what keeps a single writer.
    // The window's session is held by main (electron/main/window-sessions.ts), never by the page.
    const ctx = { door: 'ui', session: req.session };
    post({ type: 'result', id: req.id, result: dispatch(engine, req.method, req.input, ctx) });
  });
  post({ type: 'ready', dbPath, created });
}

main();
