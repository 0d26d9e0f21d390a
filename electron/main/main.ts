/**
 * The Electron main process: one sandboxed window loading the renderer from app://saban, one
 * engine utility process owning the database, and one IPC channel between them that only our
 * window may use. Everything else (navigation, new windows, permissions, webviews) is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  session,
  shell,
  utilityProcess,
  type IpcMainInvokeEvent,
  type MessageBoxOptions,
} from 'electron';
import { IPC_CHANNEL, PRINT_CHANNEL } from '../../shared/ipc';
import { checkPrintRequest } from '../../shared/print';
import { ERROR_TITLES } from '../../shared/messages';
import { apiError, msg, type ApiError, type Result } from '../../shared/result';
import { defaultDbPath, userDataDir } from '../engine/paths';
import { CSP } from '../http/server';
import { APP_SCHEME, APP_START_URL, isAppUrl } from './app-origin';
import { dbArg } from './args';
import { EngineClient, type EnginePort } from './engine-client';
import { openLinkAfterAsking, type LinkDeps } from './external-links';
import { nativeCacheFile } from './native-cache';
import { isPrintWindow, printInHiddenWindow } from './print-window';
import { contentTypeFor, resolveStaticFile } from './static-path';
import { isTrustedSender } from './trusted-sender';
import { WindowSessions } from './window-sessions';

const WINDOW_TITLE = 'Sa Bàn';
const OUT_DIR = path.resolve(__dirname, '..');
const RENDERER_DIR = path.join(OUT_DIR, 'renderer');

// Must run before `ready`: a standard + secure scheme gets a real origin, relative URLs,
// localStorage and fetch, and counts as a secure context like https.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
// The same folder the CLI and the browser host use ("Sa Ban", SABAN_HOME override), so all doors
// open the same default database; also what the single-instance lock is keyed on.
app.setPath('userData', userDataDir());
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
let engine: EngineClient | null = null;

function bilingualDialog(title: Readonly<{ vi: string; en: string }>, error: ApiError): void {
  const details = (error.details ?? [])
    .slice(0, 10)
    .map((d) => `  - ${d}`)
    .join('\n');
  dialog.showErrorBox(
    `Sa Bàn — ${title.vi} / ${title.en}`,
    `${ERROR_TITLES[error.code].vi} / ${ERROR_TITLES[error.code].en}\n\n${error.message}${details ? '\n\n' + details : ''}`,
  );
}

/**
 * In development Node's build of better-sqlite3 sits in node_modules (tests need it); Electron's
 * build is in the cache that `npm start` fills. A packaged app has the Electron build in place.
 */
function devNativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  const fromEnv = process.env['SABAN_SQLITE_BINDING'];
  if (fromEnv) return fromEnv;
  try {
    const root = app.getAppPath();
    const pkg = JSON.parse(
      fs.readFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'),
    ) as {
      version?: unknown;
    };
    if (typeof pkg.version !== 'string') return undefined;
    const file = nativeCacheFile(root, {
      electronVersion: process.versions.electron,
      sqliteVersion: pkg.version,
      platform: process.platform,
      arch: process.arch,
    });
    if (fs.existsSync(file)) return file;
    process.stderr.write(`Sa Bàn: ${file} chưa có, hãy chạy \`npm start\` / missing, run \`npm start\` to build it\n`);
  } catch (err) {
    process.stderr.write(`Sa Bàn: cannot locate the Electron build of better-sqlite3: ${(err as Error).message}\n`);
  }
  return undefined;
}

function startEngine(dbPath: string): EngineClient {
  const binding = devNativeBinding();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  if (binding) env['SABAN_SQLITE_BINDING'] = binding;
  else delete env['SABAN_SQLITE_BINDING'];
  const child = utilityProcess.fork(path.join(__dirname, 'engine-host.cjs'), ['--db', dbPath], {
    serviceName: 'Sa Bàn engine',
    env,
    stdio: 'inherit',
  });
  return new EngineClient(child satisfies EnginePort);
}

async function serveApp(request: Request): Promise<Response> {
  const headers = {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('GET only', { status: 405, headers });
  const file = resolveStaticFile(RENDERER_DIR, request.url);
  if (file === null) return new Response('Forbidden', { status: 403, headers });
  try {
    const data = await fs.promises.readFile(file);
    return new Response(request.method === 'HEAD' ? null : data, {
      status: 200,
      headers: { ...headers, 'content-type': contentTypeFor(file) },
    });
  } catch {
    const isIndex = path.basename(file) === 'index.html';
    return new Response(
      isIndex ? 'Chưa build giao diện: chạy `npm run build` / renderer not built: run `npm run build`' : 'Not found',
      { status: 404, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } },
    );
  }
}

const linkDeps: LinkDeps = {
  lang: async () => {
    const r = engine ? await engine.call('settings.get', {}) : null;
    return r?.ok && (r.value as { lang?: unknown }).lang === 'en' ? 'en' : 'vi';
  },
  confirm: async (prompt) => {
    const options: MessageBoxOptions = {
      type: 'question',
      message: prompt.message,
      detail: prompt.detail,
      buttons: [...prompt.buttons],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    };
    const r =
      mainWindow && !mainWindow.isDestroyed()
        ? await dialog.showMessageBox(mainWindow, options)
        : await dialog.showMessageBox(options);
    return r.response === 0;
  },
  open: (url) => shell.openExternal(url),
};

function lockDown(): void {
  const ses = session.defaultSession;
  // The app needs no camera, geolocation, notifications or anything else a page may ask for.
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);

  app.on('web-contents-created', (_event, contents) => {
    // Only app:// pages may ever load in a window that holds the IPC bridge.
    contents.on('will-navigate', (e) => {
      if (!isAppUrl(e.url)) e.preventDefault();
    });
    contents.on('will-redirect', (e) => {
      if (!isAppUrl(e.url)) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
    // No new windows. Plain http(s) links (map attribution, help pages) go to the system browser,
    // after the user agreed to the host they lead to.
    contents.setWindowOpenHandler(({ url }) => {
      openLinkAfterAsking(url, linkDeps).catch((err: unknown) => {
        process.stderr.write(`Sa Bàn: link not opened: ${(err as Error).message}\n`);
      });
      return { action: 'deny' };
    });
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    title: WINDOW_TITLE,
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      // Never set here (the wiring test checks): allowRunningInsecureContent,
      // experimentalFeatures, enableBlinkFeatures. Their defaults are the safe ones.
    },
  });
  // The title stays "Sa Bàn" whatever the page's <title> says.
  win.on('page-title-updated', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  const contentsId = win.webContents.id;
  win.on('closed', () => {
    sessions.forget(contentsId);
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_START_URL);
  return win;
}

/** The window's sessions: main holds each window's token, the page never sees it. */
const sessions = new WindowSessions();

const UNAUTHORIZED: Result<unknown> = {
  ok: false,
  error: apiError('unauthorized', msg('Nguồn gọi không được tin cậy', 'untrusted IPC sender')),
};

/** Whether an IPC message comes from our main window (or, when `printWindows`, a print window). */
function trustedEvent(event: IpcMainInvokeEvent, printWindows: boolean): boolean {
  const frame = event.senderFrame;
  const mainId = mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents.id : null;
  return isTrustedSender(
    {
      webContentsId: event.sender.id,
      frameUrl: frame?.url ?? null,
      isTopFrame: frame !== null && frame.parent === null,
    },
    printWindows && isPrintWindow(event.sender.id) ? event.sender.id : mainId,
  );
}

/** The print channel: only the main window may ask; the answer is the PDF's bytes. */
async function handlePrint(event: IpcMainInvokeEvent, raw: unknown): Promise<Result<Uint8Array>> {
  if (!trustedEvent(event, false)) return UNAUTHORIZED as Result<Uint8Array>;
  try {
    let printId: number | null = null;
    try {
      // The print window reads as the person who asked: it borrows their window's session.
      const pdf = await printInHiddenWindow(checkPrintRequest(raw), path.join(__dirname, 'preload.cjs'), (id) => {
        printId = id;
        sessions.lend(event.sender.id, id);
      });
      return { ok: true, value: pdf };
    } finally {
      if (printId !== null) sessions.forget(printId);
    }
  } catch (err) {
    return {
      ok: false,
      error: apiError('internal', msg('Không in được: {why}', 'Cannot print: {why}', { why: (err as Error).message })),
    };
  }
}

function handleInvoke(event: IpcMainInvokeEvent, method: unknown, input: unknown): Promise<Result<unknown>> {
  if (!trustedEvent(event, true)) return Promise.resolve(UNAUTHORIZED);
  if (engine === null) {
    // Only while quitting: the engine is closing the database.
    return Promise.resolve({
      ok: false,
      error: apiError('internal', msg('Sa Bàn đang đóng', 'Sa Bàn is shutting down')),
    });
  }
  const client = engine;
  return sessions.call(event.sender.id, method, input, (m, i, session) => client.call(m, i, session));
}

async function start(): Promise<void> {
  lockDown();
  protocol.handle(APP_SCHEME, serveApp);
  ipcMain.handle(IPC_CHANNEL, handleInvoke);
  ipcMain.handle(PRINT_CHANNEL, handlePrint);

  const requested = dbArg(process.argv);
  const dbPath = requested !== null ? path.resolve(requested) : defaultDbPath();
  const client = startEngine(dbPath);
  const outcome = await client.started;
  if (!outcome.ok) {
    // In a checkout, the usual cause is better-sqlite3 built for Node rather than Electron.
    const hint =
      !app.isPackaged && outcome.error.message.includes('NODE_MODULE_VERSION')
        ? '\n\nHãy chạy bằng `npm start` / start the app with `npm start`'
        : '';
    bilingualDialog(
      { vi: 'Không mở được cơ sở dữ liệu', en: 'Cannot open the database' },
      { ...outcome.error, message: `${dbPath}\n\n${outcome.error.message}${hint}` },
    );
    await client.close(1000);
    app.exit(1);
    return;
  }
  engine = client;
  client.onUnexpectedExit = (code) => {
    bilingualDialog(
      { vi: 'Tiến trình dữ liệu đã dừng', en: 'The data engine stopped' },
      apiError(
        'internal',
        msg(
          'Mã thoát {code}. Dữ liệu đã ghi vẫn an toàn; hãy mở lại Sa Bàn.',
          'Exit code {code}. Saved data is safe; reopen Sa Bàn.',
          { code: code ?? '?' },
        ),
      ),
    );
    app.exit(1);
  };
  mainWindow = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Sa Bàn already has this profile open; it gets focused through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  let engineClosed = false;
  app.on('will-quit', (e) => {
    // Close the database cleanly (WAL checkpoint) before the process goes away.
    if (engineClosed || engine === null) return;
    e.preventDefault();
    const client = engine;
    engine = null;
    void client.close().finally(() => {
      engineClosed = true;
      app.quit();
    });
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      process.stderr.write(`Sa Bàn: ${(err as Error).stack ?? String(err)}\n`);
      app.exit(1);
    });
}
