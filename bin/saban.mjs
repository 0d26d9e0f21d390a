#!/usr/bin/env node
// The `saban` command: runs the bundled CLI (out/cli/saban.mjs). From a checkout that has not
// been built yet it runs the TypeScript source through tsx when that is installed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundled = path.join(root, 'out', 'cli', 'saban.mjs');
const source = path.join(root, 'electron', 'cli', 'main.ts');

// The CLI module runs its command on import when SABAN_CLI_MAIN=1 (it cannot tell from argv[1]
// when started through this wrapper or an npm bin link).
process.env.SABAN_CLI_MAIN = '1';

if (fs.existsSync(bundled)) {
  await import(pathToFileURL(bundled).href);
} else {
  let tsImport = null;
  try {
    ({ tsImport } = await import('tsx/esm/api'));
  } catch {
    // tsx is a development dependency; absent in an installed package
  }
  if (tsImport && fs.existsSync(source)) {
    await tsImport(pathToFileURL(source).href, import.meta.url);
  } else {
    process.stderr.write('saban: chưa build, hãy chạy `npm run build` / not built yet: run `npm run build`\n');
    process.exit(1);
  }
}
