/** Creating units a boundary file describes but the database does not have yet. */
import { type LocalText, msg } from '../../../shared/result';
import { normaliseGsoCode, parentLevel, type UnitLevel } from '../../../shared/units';
import type { WriteTx } from '../write';

type Props = Record<string, unknown>;

/** Trimmed text of a property value (numbers as written), or null. */
export function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** A code read for a level: GSO-padded, or as written for a hamlet. */
export function normaliseCode(v: unknown, level: UnitLevel): string | null {
  if (level === 'hamlet') return text(v);
  return normaliseGsoCode(v, level);
}

type Created = { ok: true } | { ok: false; why: LocalText };

/**
 * Creates a unit the database does not have yet from the feature's own properties, with its
 * missing ancestors when the feature describes them (GSO-style `district_code`, `district_name`,
 * `province_code`, `province_name`). Anything less is refused, never guessed.
 */
export function createFromProperties(
  tx: WriteTx,
  p: Props,
  code: string,
  level: UnitLevel,
  name: string | null,
  parentField: string | undefined,
  geometry: Record<string, string | number | null>,
): Created {
  if (!name) return { ok: false, why: msg('tệp không có tên', 'the file gives no name') };
  const pl = parentLevel(level);
  let parentCode: string | null = null;
  if (pl) {
    parentCode = parentField ? normaliseCode(p[parentField], pl) : null;
    if (!parentCode) {
      return { ok: false, why: msg('tệp không nêu đơn vị cấp trên', 'the file gives no parent {pl}', { pl }) };
    }
    const parent = tx.get('unit', parentCode);
    if (!parent) {
      if (pl === 'commune' || pl === 'province') {
        if (pl === 'province') {
          const pname = text(p['province_name']);
          if (!pname) return { ok: false, why: msg('không có tỉnh {c}', 'unknown province {c}', { c: parentCode }) };
          tx.put('unit', provinceRow(parentCode, pname));
        } else {
          return { ok: false, why: msg('không có xã {c}', 'unknown commune {c}', { c: parentCode }) };
        }
      } else {
        // pl === 'district': the feature may describe the district and its province.
        const dname = text(p['district_name']);
        const pcode = normaliseGsoCode(p['province_code'], 'province');
        const pname = text(p['province_name']);
        if (!dname || !pcode) {
          return { ok: false, why: msg('không có huyện {c}', 'unknown district {c}', { c: parentCode }) };
        }
        if (!tx.get('unit', pcode)) {
          if (!pname) return { ok: false, why: msg('không có tỉnh {c}', 'unknown province {c}', { c: pcode }) };
          tx.put('unit', provinceRow(pcode, pname));
        }
        tx.put('unit', {
          code: parentCode,
          level: 'district',
          parent_code: pcode,
          name: dname,
          type: dname
            .split(' ')
            .slice(0, dname.startsWith('Thị xã') || dname.startsWith('Thành phố') ? 2 : 1)
            .join(' '),
          deleted: 0,
        });
      }
    }
  }
  tx.put('unit', {
    code,
    level,
    parent_code: parentCode,
    name,
    type: text(p['type']) ?? defaultType(level, name),
    deleted: 0,
    ...geometry,
  });
  return { ok: true };
}

function provinceRow(code: string, name: string): Record<string, string | number | null> {
  return {
    code,
    level: 'province',
    parent_code: null,
    name,
    type: name.startsWith('Thành phố') ? 'Thành phố Trung ương' : 'Tỉnh',
    deleted: 0,
  };
}

function defaultType(level: UnitLevel, name: string): string {
  const prefixes = [
    'Thành phố',
    'Thị trấn',
    'Thị xã',
    'Khu phố',
    'Tổ dân phố',
    'Phường',
    'Huyện',
    'Quận',
    'Tỉnh',
    'Xã',
    'Ấp',
    'Thôn',
    'Bản',
    'Khóm',
  ];
  const hit = prefixes.find((x) => name.startsWith(x + ' '));
  if (hit) return hit;
  return level === 'hamlet' ? 'Ấp' : '';
}

/** Where a JSON parse failed, in words: line and column, never the raw exception text. */
export function jsonErrorText(fileName: string, text: string, err: unknown): LocalText {
  const m = err instanceof Error ? err.message : '';
  const lc = /line (\d+) column (\d+)/.exec(m);
  const pos = /position (\d+)/.exec(m);
  let line: number | null = lc ? Number(lc[1]) : null;
  let column: number | null = lc ? Number(lc[2]) : null;
  if (line === null && pos) {
    const before = text.slice(0, Number(pos[1]));
    line = before.split('\n').length;
    column = before.length - before.lastIndexOf('\n');
  }
  if (line === null || column === null) {
    return msg(
      '{fileName}: không phải JSON hợp lệ (tệp bị cắt ngang hoặc hỏng)',
      '{fileName}: not valid JSON (the file is cut short or damaged)',
      { fileName },
    );
  }
  return msg(
    '{fileName}: không phải JSON hợp lệ, lỗi ở dòng {line}, cột {column}',
    '{fileName}: not valid JSON, error at line {line}, column {column}',
    { fileName, line, column },
  );
}
