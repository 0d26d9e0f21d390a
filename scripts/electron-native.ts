/**
 * Development helpers for running the real Electron app from a checkout (used by start.mjs and
 * the Electron tests): finding the Electron binary, and building better-sqlite3 for Electron into
 * a cache folder without touching Node's build in node_modules.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeCacheFile, type NativeTarget } from '../electron/main/native-cache';

/** The checkout's root folder. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The Electron executable, or null when it is not installed. `require('electron')` returns its
 * path, but throws when the binary was never downloaded (path.txt missing, e.g. installed with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 or offline), and a path.txt can outlive a deleted dist/.
 */
export function findElectronBinary(
  load: () => unknown = () => createRequire(path.join(PROJECT_ROOT, 'package.json'))('electron'),
  exists: (file: string) => boolean = fs.existsSync,
): string | null {
  let found: unknown;
  try {
    found = load();
  } catch {
    return null;
  }
  return typeof found === 'string' && found !== '' && exists(found) ? found : null;
}

function packageVersion(name: string, root: string): string {
  const require = createRequire(path.join(root, 'package.json'));
  const pkg = require(`${name}/package.json`) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error(`${name}: no version in package.json`);
  return pkg.version;
}

/** Electron's NODE_MODULE_VERSION, from the electron package's abi_version file, or null. */
function electronAbi(root: string): string | null {
  try {
    const require = createRequire(path.join(root, 'package.json'));
    const file = path.join(path.dirname(require.resolve('electron/package.json')), 'abi_version');
    const abi = fs.readFileSync(file, 'utf8').trim();
    return /^\d+$/.test(abi) ? abi : null;
  } catch {
    return null;
  }
}

/** The native target for the installed Electron and better-sqlite3 on this machine. */
export function electronNativeTarget(root: string = PROJECT_ROOT): NativeTarget {
  return {
    electronVersion: packageVersion('electron', root),
    sqliteVersion: packageVersion('better-sqlite3', root),
    platform: process.platform,
    arch: process.arch,
  };
}

/**
 * npm passes its configuration to scripts as npm_config_* variables, and node-gyp and
 * prebuild-install obey them over their own flags: a `nodedir=/usr` in ~/.npmrc (common on
 * Linux distributions' Node) would silently compile against Node's headers instead of
 * Electron's. Proxy and certificate settings are kept.
 */
export function buildEnv(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const drop =
    /^npm_config_(nodedir|target|target_arch|arch|runtime|dist_url|disturl|build_from_source|node_gyp|platform|libc)$/i;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !drop.test(k)) out[k] = v;
  return out;
}

/**
 * Whether `file` is an addon for ABI `abi`: loaded in a throwaway Node, an Electron build is
 * refused with "compiled against a different Node.js version using NODE_MODULE_VERSION <abi>".
 * This catches a build that silently came out for Node instead.
 */
export async function addonHasAbi(file: string, abi: string): Promise<boolean> {
  const probe =
    'try { process.dlopen({ exports: {} }, process.argv[1]); console.log("loaded-in-node"); } catch (e) { console.log(e.message); }';
  const out = await new Promise<string>((resolve) => {
    const child = spawn(process.execPath, ['-e', probe, file], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', () => resolve(''));
    child.on('exit', () => resolve(text));
  });
  if (abi === process.versions.modules) return out.includes('loaded-in-node');
  return new RegExp(`NODE_MODULE_VERSION ${abi}\\b`).test(out);
}

function run(cmd: string, args: readonly string[], cwd: string, log: (line: string) => void): Promise<boolean> {
  log(`$ ${[path.basename(cmd), ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit', env: buildEnv() });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

/** node-gyp from node_modules, else the copy npm ships with (npm tells scripts where it is). */
function nodeGypScript(root: string): string | null {
  const candidates = [
    path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    process.env['npm_config_node_gyp'],
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? null;
}

/** Options for {@link ensureElectronSqlite}. */
export interface EnsureOptions {
  readonly root?: string;
  readonly target?: NativeTarget;
  readonly log?: (line: string) => void;
}

/**
 * Returns the path of better-sqlite3's addon built for this Electron, building it once if the
 * cache lacks it. Mirrors better-sqlite3's own install script (`prebuild-install || node-gyp
 * rebuild --release`) aimed at Electron: first a prebuilt binary from the project's GitHub
 * releases, then a local compile against Electron's headers. Both need the internet once.
 * Works on a copy in a temp folder, so node_modules (Node's build, used by the tests) is never
 * modified, and moves the result into place with a rename, so a half-built file is never seen.
 */
export async function ensureElectronSqlite(options: EnsureOptions = {}): Promise<string> {
  const root = options.root ?? PROJECT_ROOT;
  const target = options.target ?? electronNativeTarget(root);
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const dest = nativeCacheFile(root, target);
  if (fs.existsSync(dest)) return dest;

  log(
    `Sa Bàn: đang chuẩn bị better-sqlite3 ${target.sqliteVersion} cho Electron ${target.electronVersion} (chỉ lần đầu) / ` +
      `preparing better-sqlite3 ${target.sqliteVersion} for Electron ${target.electronVersion} (first run only)`,
  );
  const require = createRequire(path.join(root, 'package.json'));
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-native-'));
  try {
    const pkgDir = path.join(work, 'better-sqlite3');
    // Everything but build/: that is Node's compiled output and must not be mistaken for ours.
    fs.cpSync(source, pkgDir, {
      recursive: true,
      filter: (src) => path.relative(source, src).split(path.sep)[0] !== 'build',
    });
    const built = path.join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
    const common = ['--runtime=electron', `--target=${target.electronVersion}`, `--arch=${target.arch}`];

    let ok = false;
    try {
      const prebuild = require.resolve('prebuild-install/bin.js', { paths: [source] });
      ok =
        (await run(process.execPath, [prebuild, ...common, `--platform=${target.platform}`], pkgDir, log)) &&
        fs.existsSync(built);
    } catch {
      log('prebuild-install not found; compiling instead');
    }
    if (!ok) {
      const gyp = nodeGypScript(root);
      if (gyp === null) throw new Error('node-gyp not found (install it with `npm install -g node-gyp`)');
      log('Sa Bàn: không có bản dựng sẵn, đang biên dịch (vài phút) / no prebuilt binary, compiling (a few minutes)');
      ok =
        (await run(
          process.execPath,
          [
            gyp,
            'rebuild',
            '--release',
            `--target=${target.electronVersion}`,
            `--arch=${target.arch}`,
            '--dist-url=https://electronjs.org/headers',
          ],
          pkgDir,
          log,
        )) && fs.existsSync(built);
    }
    if (!ok) {
      throw new Error(
        `không dựng được better-sqlite3 cho Electron ${target.electronVersion} (cần mạng lần đầu, hoặc trình biên dịch C++) / ` +
          `could not build better-sqlite3 for Electron ${target.electronVersion} (needs the internet once, or a C++ toolchain)`,
      );
    }
    const abi = electronAbi(root);
    if (abi === null) log('Sa Bàn: electron/abi_version not found; ABI of the build not checked');
    else if (!(await addonHasAbi(built, abi))) {
      throw new Error(
        `better-sqlite3 vừa dựng không dành cho Electron (ABI ${abi}) / the build is not for Electron's ABI ${abi}`,
      );
    }
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.${process.pid}.tmp`;
    fs.copyFileSync(built, tmp);
    fs.renameSync(tmp, dest);
    log(`Sa Bàn: ${path.relative(root, dest)}`);
    return dest;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A command that opens a URL in the default browser, or null when there is no way to. */
export function browserOpener(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: Readonly<Record<string, string | undefined>> = process.env,
  onPath: (command: string) => boolean = commandOnPath,
): Readonly<{ command: string; args: readonly string[] }> | null {
  switch (platform) {
    case 'win32':
      // Not `cmd /c start`: cmd re-parses the URL (& and ^ are special there). The URL handler
      // of the shell takes it as one plain argument.
      return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
    case 'darwin':
      return onPath('open') ? { command: 'open', args: [url] } : null;
    default:
      // No display (SSH session, container, CI): there is no browser to open.
      if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return null;
      return onPath('xdg-open') ? { command: 'xdg-open', args: [url] } : null;
  }
}

/** True when an executable named `command` is on PATH. */
export function commandOnPath(command: string, envPath: string = process.env['PATH'] ?? ''): boolean {
  const exts = process.platform === 'win32' ? (process.env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      try {
        fs.accessSync(path.join(dir, command + ext), fs.constants.X_OK);
        return true;
      } catch {
        // keep looking
      }
    }
  }
  return false;
}

/**
 * `args` with the value of `--db FILE` / `--db=FILE` made absolute against `cwd`. npm runs
 * scripts in the project root, so a relative path must be resolved against where the user
 * typed the command (npm's INIT_CWD), not where the script happens to run.
 */
export function absoluteDbArgs(args: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--db' && i + 1 < args.length) {
      out.push(a, path.resolve(cwd, args[i + 1]!));
      i++;
    } else if (a.startsWith('--db=')) {
      out.push(`--db=${path.resolve(cwd, a.slice('--db='.length))}`);
    } else {
      out.push(a);
    }
  }
  return out;
}

/** The arguments of `saban serve` taken from `npm start` arguments: only --db and --port. */
export function serveArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if ((a === '--db' || a === '--port') && i + 1 < args.length) {
      out.push(a, args[i + 1]!);
      i++;
    } else if (a.startsWith('--db=') || a.startsWith('--port=')) {
      out.push(a);
    }
  }
  return out;
}
