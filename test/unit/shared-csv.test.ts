import { describe, expect, it } from 'vitest';
import { decodeText, matchColumns, readCsv, writeCsv } from '../../shared/csv';
import { EngineError } from '../../shared/result';

/** "Tên,Xã\r\nTiến,Điền Hải" as Excel's Vietnamese "CSV" saves it (Windows-1258, tone marks combining). */
function windows1258(): Uint8Array {
  // T ê n , X a ̃(0xDE) \r\n T i ê ́(0xEC) n , Ð(0xD0) i ê ̀(0xCC) n   H a ̉(0xD2) i
  return Uint8Array.from([
    0x54, 0xea, 0x6e, 0x2c, 0x58, 0x61, 0xde, 0x0d, 0x0a, 0x54, 0x69, 0xea, 0xec, 0x6e, 0x2c, 0xd0, 0x69, 0xea, 0xcc,
    0x6e, 0x20, 0x48, 0x61, 0xd2, 0x69,
  ]);
}

describe('shared/csv', () => {
  it('decodes UTF-8 with and without a BOM', () => {
    const utf8 = new TextEncoder().encode('Tên,Xã\r\nTiến,Điền Hải');
    expect(decodeText(utf8, 'a.csv')).toEqual({ text: 'Tên,Xã\r\nTiến,Điền Hải', encoding: 'utf-8' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    expect(decodeText(bom, 'a.csv').text).toBe('Tên,Xã\r\nTiến,Điền Hải');
  });

  it('detects Windows-1258 and normalises its combining tone marks to NFC', () => {
    const r = decodeText(windows1258(), 'excel.csv');
    expect(r.encoding).toBe('windows-1258');
    expect(r.text).toBe('Tên,Xã\r\nTiến,Điền Hải'.normalize('NFC'));
    expect(r.text).not.toContain('\uFFFD');
    expect(r.text.normalize('NFC')).toBe(r.text);
  });

  it('refuses text holding U+FFFD and names the line', () => {
    expect(() => readCsv('a,b\n1,2\n3,\uFFFD\n', 'hỏng.csv')).toThrow(EngineError);
    try {
      readCsv('a,b\n1,2\n3,\uFFFD\n', 'hỏng.csv');
    } catch (err) {
      expect((err as EngineError).text.vi).toContain('hỏng.csv, dòng 3');
      expect((err as EngineError).text.en).toContain('line 3');
    }
  });

  it('reads files without quotes (the fast path) exactly as Papa Parse does', () => {
    const texts = [
      "a,b,c\n1, 2 ,3\n\n,,\n4,5\n'=x,y,z\n",
      'a;b\r\n1;2\r\n\r\n3;4',
      'a\tb\n1\t2\n',
      // Mixed or old Mac line ends go through Papa Parse.
      'a,b\r1,2\r3,4',
      'a,b\r\n1,2\n3,4\r\n',
    ];
    for (const t of texts) {
      // The same text with one quoted cell takes Papa Parse's path: both must read alike.
      const quoted = readCsv(t.replace(/^a/, '"a"'), 'x.csv');
      expect(readCsv(t, 'x.csv')).toEqual(quoted);
    }
    const r = readCsv("a,b,c\n1, 2 ,3\n\n,,\n4,5\n'=x,y,z\n", 'x.csv');
    expect(r.headerLine).toBe(1);
    expect(r.rows.map((x) => x.line)).toEqual([2, 5, 6]);
    expect(r.rows[0]!.cells).toEqual(['1', '2', '3']);
    expect(r.rows[2]!.cells).toEqual(['=x', 'y', 'z']);
  });

  it('keeps exact line numbers after blank lines and multi-line quoted cells', () => {
    const t = readCsv('\nname,note\n\nA,"two\nlines"\n\n\nB,x\r\nC,y\n', 'x.csv');
    expect(t.headerLine).toBe(2);
    expect(t.header).toEqual(['name', 'note']);
    expect(t.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [4, 'A'],
      [8, 'B'],
      [9, 'C'],
    ]);
    expect(t.rows[0]?.cells[1]).toBe('two\nlines');
  });

  it('reads the semicolon-separated CSV of a Vietnamese-locale Excel', () => {
    const t = readCsv('ma;ten\n00001;Phúc Xá\n', 'vn.csv');
    expect(t.header).toEqual(['ma', 'ten']);
    expect(t.rows[0]?.cells).toEqual(['00001', 'Phúc Xá']);
  });

  it('round-trips through the formula guard: export → import changes nothing', () => {
    const values = ['=SUM(A1)', '+84912345678', '-5 người', '@chốt', 'Chốt "cầu" Gành Hào, ấp 3', '00001'];
    const text = writeCsv(
      ['v'],
      values.map((v) => [v]),
    );
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain("'=SUM(A1)");
    expect(text).toContain('\r\n');
    expect(readCsv(text, 'rt.csv').rows.map((r) => r.cells[0])).toEqual(values);
  });

  it('matches column aliases without diacritics, case or spacing', () => {
    const { columns, unknown } = matchColumns(['Mã xã', 'TEN_XA', 'Ghi chú', 'Khác'], {
      code: ['ma xa', 'ma'],
      name: ['ten xa', 'ten'],
      note: ['ghi chu'],
    });
    expect(columns).toEqual({ code: 0, name: 1, note: 2 });
    expect(unknown).toEqual(['Khác']);
  });
});
