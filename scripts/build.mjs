#!/usr/bin/env node
// `npm run build`: bundles the Electron main, preload and engine host, the CLI, then the renderer.
// Usage: node scripts/build.mjs [--skip-renderer]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'out');

/** @returns {string} */
function appVersion() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return String(pkg.version);
}

/**
 * Bundles every Node-side entry point. better-sqlite3 stays external (a native addon cannot be
 * bundled; Node and Electron each load their own build of it), and so do electron (provided by
 * the runtime) and playwright-core (a runtime dependency that finds its own files from its
 * `__dirname`, which an ES module bundle does not have: bundled, `saban` failed at start).
 * @returns {Promise<void>}
 */
export async function buildNode() {
  const common = /** @type {const} */ ({
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external: ['better-sqlite3', 'electron', 'playwright-core'],
    define: { 'process.env.SABAN_APP_VERSION': JSON.stringify(appVersion()) },
    logLevel: 'warning',
    absWorkingDir: ROOT,
    metafile: true,
  });
  const results = await Promise.all([
    // CommonJS for the three Electron entries: sandboxed preloads must be CJS, and CJS main and
    // utility-process scripts get a real __dirname inside app.asar.
    esbuild.build({
      ...common,
      entryPoints: ['electron/main/main.ts'],
      outfile: 'out/electron/main.cjs',
      format: 'cjs',
    }),
    esbuild.build({
      ...common,
      // The sandboxed preload has no Node built-ins; building for the browser makes any accidental
      // import of one fail here instead of at runtime.
      platform: 'browser',
      target: 'chrome130',
      entryPoints: ['electron/main/preload.ts'],
      outfile: 'out/electron/preload.cjs',
      format: 'cjs',
    }),
    esbuild.build({
      ...common,
      entryPoints: ['electron/main/engine-host.ts'],
      outfile: 'out/electron/engine-host.cjs',
      format: 'cjs',
    }),
    esbuild.build({
      ...common,
      entryPoints: ['electron/cli/main.ts'],
      outfile: 'out/cli/saban.mjs',
      format: 'esm',
      // A `require` for CommonJS code bundled into this ES module (esbuild's shim uses it).
      banner: {
        js: "#!/usr/bin/env node\nimport { createRequire as __sabanCreateRequire } from 'node:module';\nconst require = __sabanCreateRequire(import.meta.url);",
      },
    }),
  ]);
  fs.chmodSync(path.join(OUT, 'cli', 'saban.mjs'), 0o755);
  // Outputs of a renamed or removed entry must not linger and get packaged. Deleted after the
  // build rather than before, so a running app or test never sees the folder half empty.
  const produced = new Set(results.flatMap((r) => Object.keys(r.metafile.outputs)).map((f) => path.resolve(ROOT, f)));
  for (const dir of ['electron', 'cli']) {
    for (const name of fs.readdirSync(path.join(OUT, dir))) {
      const file = path.join(OUT, dir, name);
      if (!produced.has(file)) fs.rmSync(file, { recursive: true, force: true });
    }
  }
}

/**
 * Builds the renderer with the root vite.config.ts, or says why it did not.
 * @returns {Promise<boolean>} whether the renderer was built
 */
export async function buildRenderer() {
  const configFile = path.join(ROOT, 'vite.config.ts');
  for (const needed of [configFile, path.join(ROOT, 'renderer', 'index.html')]) {
    if (!fs.existsSync(needed)) {
      console.warn(`build: ${path.relative(ROOT, needed)} chưa có, bỏ qua giao diện / not found, renderer skipped`);
      return false;
    }
  }
  const { build } = await import('vite');
  // vite.config.ts gives `root: 'renderer'`, which Vite resolves against the working directory.
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    await build({ configFile, logLevel: 'warn' });
  } finally {
    process.chdir(cwd);
  }
  return true;
}

/**
 * @param {{ renderer?: boolean }} [options]
 * @returns {Promise<void>}
 */
export async function buildAll(options = {}) {
  const t0 = performance.now();
  await buildNode();
  const t1 = performance.now();
  const rendererBuilt = options.renderer === false ? false : await buildRenderer();
  const t2 = performance.now();
  console.log(
    `build: electron + cli ${Math.round(t1 - t0)} ms` +
      (rendererBuilt
        ? `, renderer ${Math.round(t2 - t1)} ms`
        : options.renderer === false
          ? ' (renderer skipped)'
          : ''),
  );
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  buildAll({ renderer: !process.argv.includes('--skip-renderer') }).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
