import Papa from 'papaparse';
import type { ImportReport } from '../../../shared/contract';
import { EngineError, msg } from '../../../shared/result';
import { normaliseGsoCode } from '../../../shared/units';
import { ReportBuilder } from './import-report';
import type { WriteTx } from '../write';

const REQUIRED = [
  'province_code',
  'province_name',
  'district_code',
  'district_name',
  'commune_code',
  'commune_name',
] as const;

/**
 * Imports the GSO list of administrative units (one row per commune, with its district and
 * province). Provinces and districts are created from the rows; existing units keep their
 * geometry and everything attached to them — only name, type and parent are updated.
 */
export function importUnits(tx: WriteTx, fileName: string, text: string): ImportReport {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const header = parsed.meta.fields ?? [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new EngineError(
      'bad-file',
      msg(
        '{fileName}: thiếu cột {cols} (danh mục đơn vị hành chính GSO)',
        '{fileName}: missing columns {cols} (GSO unit list)',
        { fileName, cols: missing.join(', ') },
      ),
    );
  }
  const report = new ReportBuilder(fileName);
  for (const e of parsed.errors) {
    if (e.row !== undefined) {
      report.skip(
        'bad-row',
        msg('{fileName} dòng {line}: {m}', '{fileName} row {line}: {m}', { fileName, line: e.row + 2, m: e.message }),
      );
    }
  }
  const seen = new Set<string>();
  const putOnce = (row: Record<string, string | number | null>): void => {
    const code = row['code'] as string;
    if (seen.has(code)) return;
    seen.add(code);
    const before = tx.get('unit', code);
    // Keep what is attached: only the identity columns come from the list.
    report.count(tx.put('unit', before ? { ...row } : { ...row, deleted: 0 }));
  };
  parsed.data.forEach((r, i) => {
    const line = i + 2; // 1-based, after the header
    const p = normaliseGsoCode(r['province_code'], 'province');
    const d = normaliseGsoCode(r['district_code'], 'district');
    const c = normaliseGsoCode(r['commune_code'], 'commune');
    const names = [r['province_name'], r['district_name'], r['commune_name']].map((n) => (n ?? '').trim());
    if (!p || !d || !c) {
      report.skip(
        'bad-code',
        msg('{fileName} dòng {line}: mã không hợp lệ ({codes})', '{fileName} row {line}: bad code ({codes})', {
          fileName,
          line,
          codes: `${r['province_code']}, ${r['district_code']}, ${r['commune_code']}`,
        }),
      );
      return;
    }
    if (names.some((n) => n === '')) {
      report.skip(
        'no-name',
        msg('{fileName} dòng {line}: thiếu tên ({c})', '{fileName} row {line}: missing name ({c})', {
          fileName,
          line,
          c,
        }),
      );
      return;
    }
    putOnce({
      code: p,
      level: 'province',
      parent_code: null,
      name: names[0]!,
      type: (r['province_type'] ?? '').trim() || 'Tỉnh',
    });
    putOnce({
      code: d,
      level: 'district',
      parent_code: p,
      name: names[1]!,
      type: (r['district_type'] ?? '').trim() || 'Huyện',
    });
    const existing = tx.get('unit', c);
    if (existing && existing['level'] !== 'commune') {
      report.skip(
        'level-mismatch',
        msg('{fileName} dòng {line}: mã {c} đã là cấp {level}', '{fileName} row {line}: code {c} is a {level}', {
          fileName,
          line,
          c,
          level: String(existing['level']),
        }),
      );
      return;
    }
    putOnce({
      code: c,
      level: 'commune',
      parent_code: d,
      name: names[2]!,
      type: (r['commune_type'] ?? '').trim() || 'Xã',
    });
  });
  report.failIfNothingUsable(msg('đơn vị', 'unit'));
  return report.build();
}
