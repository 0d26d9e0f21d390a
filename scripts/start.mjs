#!/usr/bin/env node
// `npm start [-- --db FILE]`: builds, then opens the Electron app; where the Electron binary is
// not installed, starts the loopback browser host instead and opens it in the default browser.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { buildAll } from './build.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @typedef {typeof import('./electron-native.ts')} Helpers */

/**
 * Keeps this process alive until the child exits and passes Ctrl+C on exactly once. On POSIX the
 * child runs in its own process group, so the terminal's SIGINT reaches only us (npm forwards
 * one more) and the child gets one signal, not two or three, and can close its database.
 * On Windows the console delivers Ctrl+C to the child itself and kill() would be a hard kill.
 * @param {import('node:child_process').ChildProcess} child
 */
function supervise(child) {
  let signals = 0;
  /** @param {NodeJS.Signals} signal */
  const onSignal = (signal) => {
    signals++;
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (signals === 1 && process.platform !== 'win32') child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
    else if (signals >= 3) child.kill('SIGKILL'); // a third Ctrl+C: the user means it
  };
  for (const s of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(s, onSignal);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * @param {Helpers} helpers
 * @param {string} electron
 * @param {string[]} args
 */
async function startElectron(helpers, electron, args) {
  let binding;
  try {
    binding = await helpers.ensureElectronSqlite();
  } catch (err) {
    console.error(`Sa Bàn: ${err instanceof Error ? err.message : String(err)}`);
    console.error('Có thể dùng bản trình duyệt / the browser host still works: npm run serve');
    process.exit(1);
  }
  const env = { ...process.env, SABAN_SQLITE_BINDING: binding };
  // Set by some editors' terminals; it would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, [ROOT, ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
    detached: process.platform !== 'win32',
  });
  supervise(child);
}

/**
 * @param {Helpers} helpers
 * @param {string[]} args
 */
function startBrowserHost(helpers, args) {
  // One line saying why: the usual cause is that `npm install` could not download Electron's
  // binary (filtered internet) and dropped the optional `electron` package.
  console.log(
    'Sa Bàn: chưa có Electron (npm install không tải được), đang mở bản chạy trong trình duyệt / ' +
      'Electron is not installed (npm install could not download it), starting the browser host instead',
  );
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'out', 'cli', 'saban.mjs'), 'serve', ...helpers.serveArgs(args)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SABAN_CLI_MAIN: '1' },
      detached: process.platform !== 'win32',
    },
  );
  supervise(child);
  const lines = readline.createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) });
  lines.on('line', (line) => {
    console.log(line);
    const url = /^Sa Bàn: (http:\/\/127\.0\.0\.1:\d+\/\S*)$/.exec(line)?.[1];
    if (!url) return;
    const opener = helpers.browserOpener(url);
    if (!opener) return;
    try {
      // Fire and forget: no browser, or a failing one, must never stop the host.
      const b = spawn(opener.command, [...opener.args], { stdio: 'ignore', detached: true });
      b.on('error', () => undefined);
      b.unref();
    } catch {
      // ignore
    }
  });
}

async function main() {
  const cwd = process.env.INIT_CWD ?? process.cwd();
  /** @type {Helpers} */
  const helpers = await tsImport('./electron-native.ts', import.meta.url);
  const args = helpers.absoluteDbArgs(process.argv.slice(2), cwd);
  await buildAll();
  const electron = helpers.findElectronBinary();
  if (electron) await startElectron(helpers, electron, args);
  else startBrowserHost(helpers, args);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
