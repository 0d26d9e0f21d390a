#!/usr/bin/env node
// `npm run dist [-- --win|--linux ...]`: builds, then packages with electron-builder.
//
// electron-builder rebuilds native addons for Electron *in place* in the project's node_modules
// (npmRebuild), which would leave Node's tests with an addon they cannot load. Node's build of
// better-sqlite3 is saved first and put back afterwards, whether packaging worked or not, and
// without needing the network.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));

/** @param {string[]} args @returns {Promise<number>} */
function electronBuilder(args) {
  const cli = require.resolve('electron-builder/cli.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, '--config', 'electron-builder.yml', ...args], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main() {
  // `electron` is optional (npm drops it where its binary cannot be downloaded); electron-builder
  // takes Electron's version from the installed package, so say plainly what is missing.
  try {
    require.resolve('electron/package.json');
  } catch {
    console.error(
      'dist: chưa cài Electron; chạy `npm install` ở nơi tải được Electron / Electron is not installed; ' +
        'run `npm install` where Electron can be downloaded',
    );
    process.exit(1);
  }
  await buildAll();
  const addon = path.join(
    path.dirname(require.resolve('better-sqlite3/package.json')),
    'build',
    'Release',
    'better_sqlite3.node',
  );
  const backup = path.join(ROOT, '.cache', 'node-native', 'better_sqlite3.node');
  fs.mkdirSync(path.dirname(backup), { recursive: true });
  fs.copyFileSync(addon, backup);
  // Ctrl+C reaches electron-builder too; stay alive until it exits so the restore below runs.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  let code = 1;
  try {
    code = await electronBuilder(process.argv.slice(2));
  } finally {
    fs.copyFileSync(backup, addon);
    console.log('dist: đã trả lại better-sqlite3 cho Node / restored Node’s better-sqlite3 build');
  }
  process.exit(code);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
