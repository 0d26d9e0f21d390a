/**
 * Reading PDFs as a person checking them would, with poppler-utils (`pdftotext`, `pdffonts`,
 * `pdfinfo`, `pdfimages`, `pdftoppm`; `.ci/run` installs them). Page images go to
 * test/artifacts/ (git-ignored) for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');

const tool = (name: string, args: readonly string[]): string =>
  execFileSync(name, [...args], { stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');

/** The text of a page range (1-based), NFC as the reader sees it. */
export function pdfText(file: string, first?: number, last?: number): string {
  const range = [...(first ? ['-f', String(first)] : []), ...(last ? ['-l', String(last)] : [])];
  return tool('pdftotext', ['-layout', ...range, file, '-']);
}

/** The text of pages in content order (no layout): words placed close together stay apart. */
export function pdfRawText(file: string, first: number, last: number): string {
  return tool('pdftotext', ['-raw', '-f', String(first), '-l', String(last), file, '-']);
}

/** Each font: name and whether it is embedded. */
export function pdfFonts(file: string): { name: string; embedded: boolean }[] {
  return tool('pdffonts', [file])
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name, type (one or two words), encoding, emb, sub, uni, object, ID: emb is 5th from the end.
      return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' };
    });
}

/** Page count and each page's size in points (rounded). */
export function pdfPages(file: string): { pages: number; sizes: [number, number][] } {
  const info = tool('pdfinfo', ['-f', '1', '-l', '999', file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map(
    (m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))] as [number, number],
  );
  return { pages, sizes };
}

/** Images on a page range (`pdfimages -list` rows after the header). */
export function pdfImages(file: string, first: number, last: number): string[] {
  return tool('pdfimages', ['-list', '-f', String(first), '-l', String(last), file])
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '');
}

/** Renders pages as PNG into test/artifacts/<name>-N.png (kept for a person to look at); returns the files. */
export function pdfPageImages(file: string, name: string, dpi = 60): string[] {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const f of fs.readdirSync(ARTIFACTS)) if (f.startsWith(`${name}-`)) fs.rmSync(path.join(ARTIFACTS, f));
  tool('pdftoppm', ['-png', '-r', String(dpi), file, path.join(ARTIFACTS, name)]);
  return fs
    .readdirSync(ARTIFACTS)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .map((f) => path.join(ARTIFACTS, f));
}
