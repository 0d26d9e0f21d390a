import fs from 'node:fs';
import { decodeText } from '../../shared/csv';
import { EngineError, msg } from '../../shared/result';

/**
 * Reads a file for an import as bytes, refusing what is too large before reading it, and decodes
 * it through the one decoder (UTF-8 with or without BOM, else Windows-1258; NFC): bytes that
 * decode to nothing readable are refused with their line, never passed on as U+FFFD.
 */
export function readImportFile(file: string, maxBytes: number): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new EngineError('bad-file', msg('{file}: không có tệp này', '{file}: no such file', { file }));
  }
  if (size > maxBytes) {
    throw new EngineError(
      'too-large',
      msg('{file}: {size} byte, quá giới hạn {max}', '{file}: {size} bytes, over the limit of {max}', {
        file,
        size,
        max: maxBytes,
      }),
    );
  }
  return decodeText(fs.readFileSync(file), file).text;
}
