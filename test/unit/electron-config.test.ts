/** The packaging settings that are security controls (docs/security.md): they must stay set. */
import fs from 'node:fs';
import path from 'node:path';
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
