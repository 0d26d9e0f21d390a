import type { ImportReport } from '../../../shared/contract';
import { matchColumns, readCsv } from '../../../shared/csv';
import { EngineError, msg } from '../../../shared/result';
import { normaliseGsoCode } from '../../../shared/units';
import { ReportBuilder } from './import-report';
import type { WriteTx } from '../write';

/** The columns of the GSO lists, with the Vietnamese names a re-saved copy may carry. */
const ALIASES = {
  province_code: ['ma_tinh', 'ma tinh'],
  province_name: ['ten_tinh', 'tinh'],
  province_type: ['loai_tinh', 'cap_tinh'],
  district_code: ['ma_huyen', 'ma_qh', 'ma quan huyen'],
  district_name: ['ten_huyen', 'quan_huyen', 'quan huyen'],
  district_type: ['loai_huyen', 'cap_huyen'],
  commune_code: ['ma_xa', 'ma_px', 'ma phuong xa'],
  commune_name: ['ten_xa', 'phuong_xa', 'phuong xa'],
  commune_type: ['loai_xa', 'cap_xa'],
  commune_count: ['so_xa', 'so xa'],
} as const;
type Column = keyof typeof ALIASES;

const DISTRICT_COLUMNS = ['province_code', 'province_name', 'district_code', 'district_name'] as const;
const COMMUNE_COLUMNS = [...DISTRICT_COLUMNS, 'commune_code', 'commune_name'] as const;

/**
 * Imports a GSO list of administrative units: the list of communes (one row per commune, with
 * its district and province) or the list of districts (one row per district, with its province,
 * which holds the districts that have no communes, such as the island districts). Which list it
 * is shows in the header. Provinces and districts are created from the rows; existing units keep
 * their geometry and everything attached to them — only name, type and parent are updated.
 */
export function importUnits(tx: WriteTx, fileName: string, text: string): ImportReport {
  const table = readCsv(text, fileName);
  const { columns } = matchColumns<Column>(table.header, ALIASES);
  const list: 'communes' | 'districts' = columns.commune_code !== undefined ? 'communes' : 'districts';
  const required = list === 'communes' ? COMMUNE_COLUMNS : DISTRICT_COLUMNS;
  const missing = required.filter((c) => columns[c] === undefined);
  if (missing.length > 0) {
    throw new EngineError(
      'bad-file',
      msg(
        '{fileName}: thiếu cột {cols} (danh mục đơn vị hành chính GSO: danh sách xã hoặc danh sách huyện)',
        '{fileName}: missing columns {cols} (GSO unit list: the list of communes or of districts)',
        { fileName, cols: missing.join(', ') },
      ),
    );
  }
  const report = new ReportBuilder(fileName);
  const seen = new Set<string>();
  const putOnce = (row: Record<string, string | number | null>): void => {
    const code = row['code'] as string;
    if (seen.has(code)) return;
    seen.add(code);
    const before = tx.get('unit', code);
    // Keep what is attached: only the identity columns come from the list.
    report.count(tx.put('unit', before ? { ...row } : { ...row, deleted: 0 }));
  };
  for (const { cells, line } of table.rows) {
    const get = (c: Column): string => {
      const i = columns[c];
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const p = normaliseGsoCode(get('province_code'), 'province');
    const d = normaliseGsoCode(get('district_code'), 'district');
    const c = list === 'communes' ? normaliseGsoCode(get('commune_code'), 'commune') : null;
    const names = [get('province_name'), get('district_name'), ...(list === 'communes' ? [get('commune_name')] : [])];
    if (!p || !d || (list === 'communes' && !c)) {
      const codes = [get('province_code'), get('district_code'), ...(list === 'communes' ? [get('commune_code')] : [])];
      report.skip(
        'bad-code',
        msg('{fileName} dòng {line}: mã không hợp lệ ({codes})', '{fileName} row {line}: bad code ({codes})', {
          fileName,
          line,
          codes: codes.join(', '),
        }),
      );
      continue;
    }
    if (names.some((n) => n === '')) {
      report.skip(
        'no-name',
        msg('{fileName} dòng {line}: thiếu tên ({c})', '{fileName} row {line}: missing name ({c})', {
          fileName,
          line,
          c: c ?? d,
        }),
      );
      continue;
    }
    const levelClash = (code: string, level: string): boolean => {
      const existing = tx.get('unit', code);
      if (!existing || existing['level'] === level) return false;
      report.skip(
        'level-mismatch',
        msg('{fileName} dòng {line}: mã {c} đã là cấp {level}', '{fileName} row {line}: code {c} is a {level}', {
          fileName,
          line,
          c: code,
          level: String(existing['level']),
        }),
      );
      return true;
    };
    if (levelClash(p, 'province') || levelClash(d, 'district')) continue;
    putOnce({ code: p, level: 'province', parent_code: null, name: names[0]!, type: get('province_type') || 'Tỉnh' });
    putOnce({ code: d, level: 'district', parent_code: p, name: names[1]!, type: get('district_type') || 'Huyện' });
    if (!c || levelClash(c, 'commune')) continue;
    putOnce({ code: c, level: 'commune', parent_code: d, name: names[2]!, type: get('commune_type') || 'Xã' });
  }
  report.failIfNothingUsable(msg('đơn vị', 'unit'));
  return report.build({ list });
}
