import Papa from 'papaparse';
import type { ImportReport } from '../../shared/contract';
import { EngineError } from '../../shared/result';
import { normaliseGsoCode } from '../../shared/units';
import { ReportBuilder } from './import-report';
import type { WriteTx } from './write';

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
      `${fileName}: thiếu cột ${missing.join(', ')} (danh mục đơn vị hành chính GSO) / missing columns ${missing.join(', ')} (GSO unit list)`,
    );
  }
  const report = new ReportBuilder(fileName);
  for (const e of parsed.errors) {
    if (e.row !== undefined) report.skip('bad-row', `${fileName} dòng/row ${e.row + 2}: ${e.message}`);
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
        `${fileName} dòng/row ${line}: mã không hợp lệ / bad code (${r['province_code']}, ${r['district_code']}, ${r['commune_code']})`,
      );
      return;
    }
    if (names.some((n) => n === '')) {
      report.skip('no-name', `${fileName} dòng/row ${line}: thiếu tên / missing name (${c})`);
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
        `${fileName} dòng/row ${line}: mã ${c} đã là cấp ${existing['level']} / code ${c} is a ${existing['level']}`,
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
  report.failIfNothingUsable('đơn vị / unit');
  return report.build();
}
