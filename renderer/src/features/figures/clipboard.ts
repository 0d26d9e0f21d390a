/**
 * The clipboard's `text/plain` as Excel and LibreOffice write a copied block: rows end with
 * CR LF (or LF), cells are separated by tabs, and a cell holding a tab, a line break or a quote
 * is quoted with doubled quotes inside. And the way back: a block of cells as that text.
 */

/** Splits copied text into rows of cells (the trailing line break of the last row dropped). */
export function parseClipboard(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (atCellStart && ch === '"') {
      // A quoted cell: read to the closing quote, "" is one quote.
      i++;
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += text[i];
        i++;
      }
      atCellStart = false;
      continue;
    }
    atCellStart = false;
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  if (!atCellStart || cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** A block of cells as tab-separated text that Excel and LibreOffice paste back cell by cell. */
export function toClipboard(block: readonly (readonly string[])[]): string {
  const quote = (c: string): string => (/[\t\r\n"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return block.map((r) => r.map(quote).join('\t')).join('\r\n') + '\r\n';
}
