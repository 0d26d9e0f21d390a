import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../renderer/src/api';
import { readImportFile } from '../../renderer/src/data/read-file';
import { isTileUrl, tileUrlProblem } from '../../renderer/src/features/settings/SettingsModal';

const fileOf = (
  name: string,
  bytes: readonly number[] | string,
): { name: string; arrayBuffer(): Promise<ArrayBuffer> } => ({
  name,
  arrayBuffer: () =>
    Promise.resolve((typeof bytes === 'string' ? new TextEncoder().encode(bytes) : Uint8Array.from(bytes)).buffer),
});

/** "mã,tên\n1,Côn Đảo\n" as Excel's Vietnamese "CSV" saves it (Windows-1258, combining tone marks). */
const WIN1258 = [
  // m, a + 0xDE (combining tilde), ',', t, 0xEA (ê), n, '\n'
  0x6d, 0x61, 0xde, 0x2c, 0x74, 0xea, 0x6e, 0x0a,
  // 1, ',', C, 0xF4 (ô), n, ' ', 0xD0 (Đ), a + 0xD2 (combining hook), o, '\n'
  0x31, 0x2c, 0x43, 0xf4, 0x6e, 0x20, 0xd0, 0x61, 0xd2, 0x6f, 0x0a,
];

describe('readImportFile', () => {
  it('reads UTF-8 with a BOM, dropping the BOM', async () => {
    await expect(readImportFile(fileOf('a.csv', '\uFEFFmã,tên\n'))).resolves.toBe('mã,tên\n');
  });

  it('reads Windows-1258 into NFC text with the right diacritics', async () => {
    const text = await readImportFile(fileOf('excel.csv', WIN1258));
    expect(text).toBe('mã,tên\n1,Côn Đảo\n');
    expect(text).toBe(text.normalize('NFC'));
  });

  it('refuses unreadable bytes with the line, in both languages', async () => {
    // 0x81 is undefined in Windows-1258 and not valid UTF-8: line 2.
    const err = await readImportFile(fileOf('bad.csv', [0x61, 0x0a, 0x62, 0x81, 0x0a])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiFailure);
    const f = err as ApiFailure;
    expect(f.code).toBe('bad-file');
    expect(f.text.vi).toContain('bad.csv, dòng 2');
    expect(f.text.en).toContain('bad.csv, line 2');
  });

  it('says the file could not be read when reading fails', async () => {
    const broken = { name: 'gone.csv', arrayBuffer: () => Promise.reject(new Error('NotReadableError')) };
    const err = await readImportFile(broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiFailure);
    expect((err as ApiFailure).text.en).toBe('Could not read the file gone.csv');
  });
});

describe('basemap tile URL', () => {
  it('accepts https templates only, naming plain http apart', () => {
    expect(isTileUrl('https://tile.example.org/{z}/{x}/{y}.png')).toBe(true);
    expect(tileUrlProblem('http://tile.example.org/{z}/{x}/{y}.png')).toBe('http');
    expect(isTileUrl('http://tile.example.org/{z}/{x}/{y}.png')).toBe(false);
    expect(tileUrlProblem('https://tile.example.org/{z}/{x}.png')).toBe('format');
    expect(tileUrlProblem('ftp://tile.example.org/{z}/{x}/{y}.png')).toBe('format');
  });
});
