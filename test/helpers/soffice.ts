/**
 * Opens a spreadsheet in LibreOffice as a user would (headless `soffice --convert-to csv`), with a
 * private profile per call so parallel runs never share one. Absent LibreOffice, tests skip with
 * a message, except under CI=true, where its absence fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The soffice binary, or null where LibreOffice is not installed. */
export function findSoffice(): string | null {
  for (const bin of ['soffice', 'libreoffice']) {
    const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  if (process.env['CI'] === 'true') throw new Error('LibreOffice (soffice) is required under CI=true');
  console.warn(
    'soffice not found: the LibreOffice checks of the XLSX exports are skipped (apt-get install libreoffice-calc-nogui)',
  );
  return null;
}

/**
 * The first sheet of `file` as LibreOffice reads it, converted to UTF-8 CSV (`,`-separated, every
 * text cell quoted) and parsed into rows of cells as LibreOffice shows them.
 */
export function sofficeCsv(soffice: string, file: string, infilter?: string): string[][] {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-soffice-out-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-soffice-profile-'));
  try {
    execFileSync(
      soffice,
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--norestore',
        ...(infilter ? [`--infilter=${infilter}`] : []),
        '--convert-to',
        // CSV filter: separator 44 (,), quote 34 ("), UTF-8 (76), first line 1, no column formats,
        // quote every text cell, formatted values (as shown on screen).
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true',
        '--outdir',
        out,
        file,
      ],
      { stdio: 'pipe', timeout: 120_000 },
    );
    const csvFile = path.join(out, `${path.basename(file).replace(/\.[^.]+$/, '')}.csv`);
    if (!fs.existsSync(csvFile)) throw new Error(`soffice wrote no ${csvFile}`);
    return parseCsv(fs.readFileSync(csvFile, 'utf8'));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** A small RFC 4180 reader (quoted cells, doubled quotes, CRLF or LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
