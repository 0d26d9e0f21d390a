/**
 * A stand-in for the `electron` module, so the built main process (out/electron/main.cjs) can run
 * in plain Node where no Electron binary exists. Loaded with `node --import tsx --import <this>`;
 * it records what main registers (protocol handler, IPC handler, window options, navigation and
 * permission handlers), forks the real built engine host as the "utility process", then runs
 * the scenario in SABAN_FAKE_SCENARIO against those registrations and prints one line
 * `FAKE-ELECTRON-RESULT <json>`. It checks wiring, not Chromium: the real thing is
 * test/electron/electron.test.ts.
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

type Listener = (...args: unknown[]) => unknown;
type ProtocolHandler = (req: Request) => Promise<Response> | Response;
type InvokeHandler = (event: unknown, ...args: unknown[]) => Promise<unknown>;
type OpenHandler = (details: { url: string }) => { action: string };

interface Recorded {
  schemes: unknown[];
  userData: string | null;
  sandboxEnabled: boolean;
  protocolHandlers: Map<string, ProtocolHandler>;
  invokeHandlers: Map<string, InvokeHandler>;
  windows: FakeBrowserWindow[];
  opened: string[];
  dialogs: string[];
  prompts: { message: string; buttons: string[]; defaultId: number; cancelId: number; parent: boolean }[];
  permissionRequest: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null;
  permissionCheck: (() => boolean) | null;
  forkEnv: Record<string, string> | null;
}

const rec: Recorded = {
  schemes: [],
  userData: null,
  sandboxEnabled: false,
  protocolHandlers: new Map(),
  invokeHandlers: new Map(),
  windows: [],
  opened: [],
  dialogs: [],
  prompts: [],
  permissionRequest: null,
  permissionCheck: null,
  forkEnv: null,
};

class FakeApp extends EventEmitter {
  isPackaged = false;
  private quitting = false;
  setPath(name: string, value: string): void {
    if (name === 'userData') rec.userData = value;
  }
  getAppPath(): string {
    return path.resolve(here, '../..');
  }
  enableSandbox(): void {
    rec.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  quit(): void {
    // Electron: will-quit is cancellable; a second quit after preventDefault goes through.
    if (this.quitting) return;
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.quitting = true;
      process.stdout.write('FAKE-ELECTRON-QUIT\n');
      process.exit(0);
    }
  }
  exit(code: number): void {
    process.stdout.write(`FAKE-ELECTRON-EXIT ${code}\n`);
    process.exit(code);
  }
}
const app = new FakeApp();

class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  openHandler: OpenHandler | null = null;
  url = '';
  setWindowOpenHandler(h: OpenHandler): void {
    this.openHandler = h;
  }
}

class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  constructor(readonly options: Record<string, unknown>) {
    super();
    rec.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    setImmediate(() => void runScenario(this));
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {}
}

const fakeElectron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => rec.schemes.push(...schemes),
    handle: (scheme: string, handler: ProtocolHandler) => rec.protocolHandlers.set(scheme, handler),
  },
  ipcMain: { handle: (channel: string, handler: InvokeHandler) => rec.invokeHandlers.set(channel, handler) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (h: Recorded['permissionRequest']) => (rec.permissionRequest = h),
      setPermissionCheckHandler: (h: Recorded['permissionCheck']) => (rec.permissionCheck = h),
      setDevicePermissionHandler: () => undefined,
    },
  },
  dialog: {
    // Links: the fake user agrees to example.com only, and answers after a turn of the event loop.
    showMessageBox: (...args: unknown[]) => {
      const parent = args.length > 1;
      const o = args[args.length - 1] as { message: string; buttons: string[]; defaultId: number; cancelId: number };
      rec.prompts.push({
        message: o.message,
        buttons: o.buttons,
        defaultId: o.defaultId,
        cancelId: o.cancelId,
        parent,
      });
      const response = /example\.com/.test(o.message) ? 0 : o.cancelId;
      return new Promise((resolve) => setImmediate(() => resolve({ response, checkboxChecked: false })));
    },
    showErrorBox: (title: string, content: string) => {
      rec.dialogs.push(`${title}\n${content}`);
      process.stdout.write(`FAKE-ELECTRON-DIALOG ${JSON.stringify({ title, content })}\n`);
    },
  },
  shell: {
    openExternal: (url: string) => {
      rec.opened.push(url);
      return Promise.resolve();
    },
  },
  utilityProcess: {
    fork: (modulePath: string, args: string[], options: { env?: Record<string, string> }) => {
      rec.forkEnv = options.env ?? null;
      const child = fork(path.join(here, 'engine-host-harness.ts'), args, {
        execArgv: ['--import', 'tsx'],
        serialization: 'advanced',
        env: { ...options.env, SABAN_HOST_MODULE: modulePath },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      return {
        postMessage: (m: unknown) => child.send(m as never),
        on(event: string, listener: Listener) {
          if (event === 'exit') child.on('exit', (code) => listener(code ?? 1));
          else child.on(event, listener);
          return this;
        },
        kill: () => child.kill(),
      };
    },
  },
};

// Hand the fake to `require('electron')` in the CommonJS bundle.
const moduleWithLoad = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = moduleWithLoad._load;
moduleWithLoad._load = function (request: string, ...rest: unknown[]) {
  return request === 'electron' ? fakeElectron : originalLoad.call(this, request, ...rest);
};

function invokeAs(
  sender: number,
  frameUrl: string | null,
  isTop: boolean,
  method: string,
  input: unknown,
): Promise<unknown> {
  const handler = rec.invokeHandlers.get('saban:api');
  if (!handler) throw new Error('no IPC handler');
  const senderFrame = frameUrl === null ? null : { url: frameUrl, parent: isTop ? null : {} };
  return handler({ sender: { id: sender }, senderFrame }, method, input);
}

async function runScenario(win: FakeBrowserWindow): Promise<void> {
  const wc = win.webContents;
  const get = async (
    url: string,
  ): Promise<{ status: number; csp: string | null; type: string | null; body: string }> => {
    const handler = rec.protocolHandlers.get('app');
    if (!handler) throw new Error('no app:// handler');
    const res = await handler(new Request(url));
    return {
      status: res.status,
      csp: res.headers.get('content-security-policy'),
      type: res.headers.get('content-type'),
      body: (await res.text()).slice(0, 200),
    };
  };
  const navigate = (url: string): boolean => {
    let prevented = false;
    wc.emit('will-navigate', { url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  const event = (name: string, url: string): boolean => {
    let prevented = false;
    wc.emit(name, { url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  /** Waits (bounded) until the link prompts have run their course. */
  const linksSettled = async (prompts: number, opened: number): Promise<void> => {
    for (let i = 0; i < 500 && (rec.prompts.length < prompts || rec.opened.length < opened); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setImmediate(r));
  };
  let granted: boolean | null = null;
  rec.permissionRequest?.({}, 'geolocation', (g) => (granted = g));

  const listenerCounts = {
    willNavigate: wc.listenerCount('will-navigate'),
    willRedirect: wc.listenerCount('will-redirect'),
    willAttachWebview: wc.listenerCount('will-attach-webview'),
  };
  const result = {
    listenerCounts,
    schemes: rec.schemes,
    userData: rec.userData,
    sandboxEnabled: rec.sandboxEnabled,
    webPreferences: win.options['webPreferences'],
    title: win.options['title'],
    loadedUrl: wc.url,
    index: await get('app://saban/index.html'),
    traversal: await get('app://saban/..%2f..%2fpackage.json'),
    otherHost: await get('app://evil/index.html'),
    missing: await get('app://saban/nope.js'),
    // Before anyone signed in, then the first-run setup signs this window in (main keeps the token).
    signedOutCall: await invokeAs(wc.id, 'app://saban/index.html', true, 'units.stats', {}),
    setupCall: await invokeAs(wc.id, 'app://saban/index.html', true, 'setup.run', {
      office: { kind: 'training' },
      admin: { login: 'quantri', displayName: 'Quản trị viên', password: 'mật khẩu đủ dài' },
    }),
    trustedCall: await invokeAs(wc.id, 'app://saban/index.html', true, 'units.stats', {}),
    badMethod: await invokeAs(wc.id, 'app://saban/index.html', true, 'no.such', {}),
    otherWindow: await invokeAs(wc.id + 100, 'app://saban/index.html', true, 'units.stats', {}),
    foreignFrame: await invokeAs(wc.id, 'https://example.com/', true, 'units.stats', {}),
    subFrame: await invokeAs(wc.id, 'app://saban/index.html', false, 'units.stats', {}),
    goneFrame: await invokeAs(wc.id, null, true, 'units.stats', {}),
    navigateAwayPrevented: navigate('https://example.com/'),
    navigateFilePrevented: navigate('file:///etc/passwd'),
    navigateInAppPrevented: navigate('app://saban/index.html#x'),
    redirectAwayPrevented: event('will-redirect', 'https://example.com/'),
    redirectInAppPrevented: event('will-redirect', 'app://saban/index.html'),
    webviewPrevented: event('will-attach-webview', 'https://example.com/'),
    openHttps: wc.openHandler?.({ url: 'https://example.com/' }),
    openOther: wc.openHandler?.({ url: 'http://other.example:8080/x' }),
    openFile: wc.openHandler?.({ url: 'file:///etc/passwd' }),
    openCredentials: wc.openHandler?.({ url: 'https://user:pw@example.com/' }),
    opened: rec.opened,
    prompts: rec.prompts,
    permissionGranted: granted,
    permissionCheck: rec.permissionCheck?.(),
    forkBinding: rec.forkEnv?.['SABAN_SQLITE_BINDING'] ?? null,
  };
  await linksSettled(2, 1);
  process.stdout.write(`FAKE-ELECTRON-RESULT ${JSON.stringify(result)}\n`);
  // Closing the last window quits the app, which must close the engine first.
  app.emit('window-all-closed');
}
