/** The packaging settings that are security controls (docs/security.md): they must stay set. */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../electron/http/server';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The `key: value` lines of one top-level block of electron-builder.yml. */
function block(name: string): Record<string, string> {
  const text = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
  const lines = text.split(/\r?\n/);
  const start = lines.indexOf(`${name}:`);
  expect(start, `${name}: in electron-builder.yml`).toBeGreaterThanOrEqual(0);
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const m = /^ {2}(\w+): (.+)$/.exec(line);
    if (!m) break;
    out[m[1]!] = m[2]!;
  }
  return out;
}

describe('packaging hardening', () => {
  it('sets every fuse the checklist asks for', () => {
    expect(block('electronFuses')).toEqual({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      onlyLoadAppFromAsar: 'true',
      enableEmbeddedAsarIntegrityValidation: 'true',
      enableCookieEncryption: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  it('lets the page load images over https only, never plain http', () => {
    const img = /img-src ([^;]+)/.exec(CSP)?.[1]?.split(' ');
    expect(img).toEqual(["'self'", 'data:', 'blob:', 'https:']);
    expect(CSP).not.toMatch(/\bhttp:/);
  });
});

describe('Electron as an optional dependency', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string>
  >;
  const vendored = fs.readFileSync(path.join(ROOT, 'types/electron/electron.d.ts'), 'utf8');
  const vendoredVersion = /^\/\/ Type definitions for Electron (\S+)/.exec(vendored)?.[1];

  it('is optional, so a failed binary download does not fail `npm install`', () => {
    expect(pkg['optionalDependencies']?.['electron']).toMatch(/^\^?\d+/);
    expect(pkg['dependencies']?.['electron']).toBeUndefined();
    expect(pkg['devDependencies']?.['electron']).toBeUndefined();
  });

  it('has stand-in types of the same major version, identical to the installed ones when versions match', () => {
    const major = /(\d+)/.exec(pkg['optionalDependencies']!['electron']!)![1];
    expect(vendoredVersion?.split('.')[0]).toBe(major);
    let installed: string | null = null;
    try {
      installed = createRequire(path.join(ROOT, 'package.json')).resolve('electron/electron.d.ts');
    } catch {
      // npm dropped the package on this machine: the stand-in is what tsc uses.
    }
    if (installed !== null) {
      const text = fs.readFileSync(installed, 'utf8');
      if (text.startsWith(`// Type definitions for Electron ${vendoredVersion}\n`))
        expect(text === vendored).toBe(true);
    }
  });
});
