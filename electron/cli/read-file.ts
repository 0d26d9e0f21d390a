import fs from 'node:fs';
import { EngineError, msg } from '../../shared/result';

/** Reads a file for an import, refusing what is too large before reading it. */
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
  return fs.readFileSync(file, 'utf8');
}
