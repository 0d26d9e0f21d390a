/**
 * The one way the interface reads a file for an import: its bytes, decoded like the engine does
 * (UTF-8 with or without a BOM, or the Windows-1258 that Excel's Vietnamese "CSV" saves, then
 * NFC). Reading `file.text()` instead would turn a Windows-1258 file into U+FFFD and the engine
 * would refuse it, or worse, store mangled names.
 */
import { decodeText } from '../../../shared/csv';
import { EngineError } from '../../../shared/result';
import { ApiFailure } from '../api';
import { translate } from '../i18n';

/** What the helper needs of a `File` (a Blob with a name), so tests can pass a plain object. */
export interface ImportFile {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

async function readBytes(file: ImportFile): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new ApiFailure('bad-file', {
      vi: translate('vi', 'fileReadError', { file: file.name }),
      en: translate('en', 'fileReadError', { file: file.name }),
    });
  }
}

/**
 * The text of `file`. Throws an {@link ApiFailure} `bad-file` with the message in both languages
 * when the file cannot be read or holds bytes neither encoding can decode (naming the line).
 */
export async function readImportFile(file: ImportFile): Promise<string> {
  const bytes = await readBytes(file);
  try {
    return decodeText(bytes, file.name).text;
  } catch (err) {
    if (err instanceof EngineError) throw new ApiFailure(err.code, err.text, { details: err.detailsText ?? [] });
    throw err;
  }
}

/** True for the spreadsheet files the engine reads from their bytes (XLSX, XLS). */
export function isWorkbook(name: string): boolean {
  return /\.(xlsx|xlsm|xls)$/i.test(name);
}

/**
 * The bytes of `file` in base64, for imports the engine decodes itself (workbooks). Throws an
 * {@link ApiFailure} `bad-file` when the file cannot be read.
 */
export async function readImportBase64(file: ImportFile): Promise<string> {
  const bytes = await readBytes(file);
  // In slices: String.fromCharCode(...bytes) overflows the call stack on large files.
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
