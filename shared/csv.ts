/**
 * The one CSV module: every import decodes and reads its file here, every export writes here.
 *
 * Reading: UTF-8 with or without a BOM, or Windows-1258 (what Excel's Vietnamese "CSV" saves),
 * detected by whether the bytes are valid UTF-8, then NFC-normalised (Windows-1258 yields
 * combining tone marks). Text that still holds U+FFFD is refused with its line number, never
 * stored. Rows keep their exact line numbers in the file, blank lines and multi-line quoted
 * cells included. Writing: papaparse's `unparse` with a BOM, CRLF, and the formula guard (a
 * leading `=`, `+`, `-`, `@`, tab or CR gets a `'`), which reading removes again, so export →
 * import changes nothing.
 */
import Papa from 'papaparse';
import { EngineError, msg } from './result';
import { fold } from './text';

/** The encodings a CSV import accepts. */
export type CsvEncoding = 'utf-8' | 'windows-1258';

/** Text decoded from a file's bytes. */
export interface DecodedText {
  readonly text: string;
  readonly encoding: CsvEncoding;
}

// The runtime has TextDecoder (browsers and Node both); shared/ compiles without DOM or Node types.
interface Decoder {
  decode(bytes: Uint8Array): string;
}
type DecoderCtor = new (label: string, options?: { fatal?: boolean }) => Decoder;
const TextDecoderCtor = (globalThis as unknown as { TextDecoder: DecoderCtor }).TextDecoder;

const REPLACEMENT = '\uFFFD';
/** Characters decoded text never holds unless its bytes were unreadable. */
const UNREADABLE = /[\u0000\u0080-\u009f\uFFFD]/;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Decodes a file's bytes: UTF-8 (a BOM is dropped) when they are valid UTF-8, else Windows-1258;
 * NFC-normalised. Throws `bad-file` naming the line when the text holds U+FFFD, NUL or a C1
 * control (bytes that no encoding above could read), so such characters are never stored.
 */
export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  let text: string;
  let encoding: CsvEncoding = 'utf-8';
  try {
    text = new TextDecoderCtor('utf-8', { fatal: true }).decode(bytes);
  } catch {
    encoding = 'windows-1258';
    text = new TextDecoderCtor('windows-1258').decode(bytes);
  }
  text = text.replace(/^\uFEFF/, '').normalize('NFC');
  // Windows-1258 decodes every byte, the five it leaves undefined (0x81, 0x8D…) as C1 controls:
  // those, NUL (a UTF-16 file) and U+FFFD mean bytes nothing here could read.
  const bad = text.search(UNREADABLE);
  if (bad >= 0) {
    throw new EngineError(
      'bad-file',
      msg(
        '{file}, dòng {line}: có ký tự không đọc được (tệp không phải UTF-8 hay Windows-1258). Hãy lưu lại tệp dạng "CSV UTF-8".',
        '{file}, line {line}: unreadable characters (the file is neither UTF-8 nor Windows-1258). Save it again as "CSV UTF-8".',
        { file: fileName, line: lineOf(text, bad) },
      ),
    );
  }
  return { text, encoding };
}

/** Text already decoded (e.g. sent through a door as a string): drop a BOM, NFC, refuse U+FFFD. */
export function cleanText(text: string, fileName: string): string {
  const t = text.replace(/^\uFEFF/, '').normalize('NFC');
  const bad = t.indexOf(REPLACEMENT);
  if (bad >= 0) {
    throw new EngineError(
      'bad-file',
      msg(
        '{file}, dòng {line}: có ký tự không đọc được (U+FFFD). Tệp đã bị đọc sai bảng mã; hãy chọn lại tệp gốc.',
        '{file}, line {line}: unreadable character (U+FFFD). The file was read with the wrong encoding; choose the original file again.',
        { file: fileName, line: lineOf(t, bad) },
      ),
    );
  }
  return t;
}

/** One data row of a CSV file. */
export interface CsvRow {
  /** The line in the file where the row starts (the first line is 1). */
  readonly line: number;
  /** The cells, formula guard removed, trimmed. */
  readonly cells: readonly string[];
}

/** A CSV file read: its header and its non-blank rows. */
export interface CsvTable {
  readonly header: readonly string[];
  /** Line of the header row. */
  readonly headerLine: number;
  readonly rows: readonly CsvRow[];
}

/** Removes the formula guard that {@link csvCell} adds: `'=SUM(…)` reads back as `=SUM(…)`. */
export function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** The header line's most frequent separator among `,` `;` and tab (Excel in Vietnamese settings writes `;`). */
function guessDelimiter(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const unquoted = first.replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    const n = unquoted.split(d).length - 1;
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}

/**
 * Reads CSV text (delimiter detected: `,` `;` or tab) into a header and rows with exact line
 * numbers; blank rows are skipped but counted. Throws `bad-file` for an empty file.
 */
export function readCsv(text: string, fileName: string): CsvTable {
  const clean = cleanText(text, fileName);
  const rows: CsvRow[] = [];
  let header: string[] | null = null;
  let headerLine = 0;
  const delimiter = guessDelimiter(clean);
  // Without quotes and with one kind of line end, a line is its cells split at the delimiter:
  // what Papa Parse reads, without its per-row cost (imports read files of 100,000s of rows).
  if (!clean.includes('"') && !/\r(?!\n)|(?:^|[^\r])\n/.test(clean.includes('\r') ? clean : '')) {
    const lines = clean.split(clean.includes('\r') ? '\r\n' : '\n');
    for (let i = 0; i < lines.length; i++) {
      const cells = lines[i]!.split(delimiter);
      for (let c = 0; c < cells.length; c++) cells[c] = unguard(cells[c]!.trim());
      if (cells.every((c) => c === '')) continue;
      if (header === null) {
        header = cells;
        headerLine = i + 1;
      } else rows.push({ line: i + 1, cells });
    }
  } else {
    parseQuoted(clean, delimiter, (line, cells) => {
      if (header === null) {
        header = cells;
        headerLine = line;
      } else rows.push({ line, cells });
    });
  }
  if (header === null) {
    throw new EngineError('bad-file', msg('{file}: tệp trống', '{file}: the file is empty', { file: fileName }));
  }
  return { header, headerLine, rows };
}

/** Reads CSV text with Papa Parse (quotes, cells spanning lines): each non-blank row and its line. */
function parseQuoted(clean: string, delimiter: string, row: (line: number, cells: string[]) => void): void {
  // Line numbers come from character offsets, so quoted cells spanning lines and blank rows
  // never shift the numbers an error message names.
  let scanPos = 0;
  let scanLine = 1;
  const lineAt = (index: number): number => {
    for (; scanPos < index; scanPos++) if (clean.charCodeAt(scanPos) === 10) scanLine++;
    return scanLine;
  };
  let prev = 0;
  Papa.parse<string[]>(clean, {
    header: false,
    skipEmptyLines: false,
    delimiter,
    step: (result) => {
      let start = prev;
      if (clean.charCodeAt(start) === 13) start++;
      if (clean.charCodeAt(start) === 10) start++;
      const rowLine = lineAt(start);
      prev = Math.max(result.meta.cursor, start);
      const cells = result.data.map((c) => unguard(String(c).trim()));
      if (!cells.every((c) => c === '')) row(rowLine, cells);
    },
  });
}

/**
 * Matches a header against a table of aliases per field (compared without diacritics, case or
 * spacing): returns the column index of each field found, and the header cells no field claimed.
 */
export function matchColumns<F extends string>(
  header: readonly string[],
  aliases: Readonly<Record<F, readonly string[]>>,
): { readonly columns: Partial<Record<F, number>>; readonly unknown: readonly string[] } {
  const key = (s: string): string => fold(s).replace(/[\s_./-]+/g, '');
  const byAlias = new Map<string, F>();
  for (const field of Object.keys(aliases) as F[]) {
    byAlias.set(key(field), field);
    for (const a of aliases[field]) byAlias.set(key(a), field);
  }
  const columns: Partial<Record<F, number>> = {};
  const unknown: string[] = [];
  header.forEach((h, i) => {
    const field = byAlias.get(key(h));
    if (field !== undefined && columns[field] === undefined) columns[field] = i;
    else if (h !== '') unknown.push(h);
  });
  return { columns, unknown };
}

/** A cell as written: strings get the formula guard; numbers and null pass as they are. */
export function csvCell(value: string | number | boolean | null | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value ? 1 : 0;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Writes a CSV file's text: a BOM (so Excel reads UTF-8), the header, CRLF line ends, every
 * string cell guarded against formulas, quoting where needed. `quoteColumns` quotes the cells of
 * the columns marked true always (codes and phone numbers: LibreOffice's "format quoted field as
 * text" then keeps their leading zeros; readers that ignore quoting are unaffected).
 */
export function writeCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
  quoteColumns?: readonly boolean[],
): string {
  const options = { newline: '\r\n', quotes: false, escapeFormulae: false } as const;
  let body = Papa.unparse([[...header]], options);
  if (rows.length > 0) {
    const quotes = quoteColumns ? [...quoteColumns] : false;
    body += `\r\n${Papa.unparse(
      rows.map((r) => r.map(csvCell)),
      { ...options, quotes },
    )}`;
  }
  return `\uFEFF${body}\r\n`;
}
