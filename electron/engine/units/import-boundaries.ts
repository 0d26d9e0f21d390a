import type { ImportReport, Input } from '../../../shared/contract';
import { checkUnitGeometry } from '../../../shared/geo';
import { EngineError, type LocalText, msg } from '../../../shared/result';
import { geometryProblemText } from './geometry-text';
import { fold } from '../../../shared/text';
import { levelOfCode, normaliseGsoCode, parentLevel, UNIT_LEVELS, type UnitLevel } from '../../../shared/units';
import { ReportBuilder } from './import-report';
import { geometryColumns } from './repo';
import type { WriteTx } from '../write';

type Props = Record<string, unknown>;

/** Property names tried, in order, when the caller does not name the fields (compared folded). */
const CODE_FIELDS = [
  'code',
  'ma',
  'ma_xa',
  'maxa',
  'ma_dvhc',
  'madvhc',
  'ma_huyen',
  'mahuyen',
  'ma_tinh',
  'matinh',
  'gso_code',
  'id',
];
const NAME_FIELDS = [
  'name',
  'ten',
  'ten_xa',
  'tenxa',
  'ten_dvhc',
  'tendvhc',
  'ten_huyen',
  'tenhuyen',
  'ten_tinh',
  'tentinh',
  'ten_ap',
  'tenap',
];
const PARENT_FIELDS: Readonly<Record<UnitLevel, readonly string[]>> = {
  province: [],
  district: ['parent', 'parent_code', 'province_code', 'ma_tinh', 'matinh'],
  commune: ['parent', 'parent_code', 'district_code', 'ma_huyen', 'mahuyen'],
  hamlet: ['parent', 'parent_code', 'commune_code', 'ma_xa', 'maxa'],
};

function findField(keys: readonly string[], candidates: readonly string[]): string | undefined {
  const byFolded = new Map(keys.map((k) => [fold(k).replace(/\s/g, '_'), k]));
  for (const c of candidates) {
    const hit = byFolded.get(c);
    if (hit) return hit;
  }
  return undefined;
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function normaliseCode(v: unknown, level: UnitLevel): string | null {
  if (level === 'hamlet') return text(v);
  return normaliseGsoCode(v, level);
}

/**
 * Imports boundaries from GeoJSON (FeatureCollection or a single Feature). Runs inside the
 * caller's write transaction: a file that cannot be read at all throws and changes nothing.
 * Features with no code, an unknown code, or a broken geometry are skipped and counted.
 * Re-importing replaces geometry only: names, figures and everything attached stay.
 */
export function importBoundaries(tx: WriteTx, input: Input<'import.boundaries'>): ImportReport {
  const { fileName } = input;
  let doc: unknown;
  try {
    doc = JSON.parse(input.text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new EngineError('bad-file', jsonErrorText(fileName, input.text.replace(/^\uFEFF/, ''), err));
  }
  const features = asFeatures(doc, fileName);
  const keys = new Set<string>();
  for (const f of features.slice(0, 50)) for (const k of Object.keys(f.properties)) keys.add(k);
  const keyList = [...keys];
  const codeField = input.fields?.code ?? findField(keyList, CODE_FIELDS);
  const nameField = input.fields?.name ?? findField(keyList, NAME_FIELDS);
  if (!codeField) {
    throw new EngineError(
      'bad-file',
      msg(
        '{fileName}: không tìm thấy trường mã (thử --field code=TÊN); các trường: {fields}',
        '{fileName}: no code field found (try --field code=NAME); fields: {fields}',
        { fileName, fields: keyList.join(', ') || '-' },
      ),
    );
  }
  const levelField = findField(keyList, ['level', 'cap']);
  const report = new ReportBuilder(fileName);
  const seen = new Set<string>();
  const levelsSeen = new Set<UnitLevel>();
  const parentFieldFor = (level: UnitLevel): string | undefined =>
    input.fields?.parent ?? findField(keyList, PARENT_FIELDS[level]);

  features.forEach((f, index) => {
    const p = f.properties;
    const rawCode = p[codeField];
    const name = nameField ? text(p[nameField]) : null;
    const label = `${fileName} #${index + 1}${name ? ` (${name})` : ''}`;
    const declared = levelField ? text(p[levelField]) : null;
    const level: UnitLevel | null =
      input.level ??
      (declared && (UNIT_LEVELS as readonly string[]).includes(declared) ? (declared as UnitLevel) : null) ??
      levelOfCode(text(rawCode) ?? '') ??
      (typeof rawCode === 'number' ? guessLevelFromNumber(rawCode) : null);
    if (text(rawCode) === null) {
      const status = text(p['status']);
      const tail = status ? ` [${status}]` : '';
      report.skip('no-code', { vi: `${label}: không có mã${tail}`, en: `${label}: no code${tail}` });
      return;
    }
    if (!level) {
      report.skip(
        'unknown-level',
        msg(
          '{label}: mã {code} không rõ cấp (dùng --level)',
          '{label}: cannot tell the level of code {code} (use --level)',
          {
            label,
            code: String(rawCode),
          },
        ),
      );
      return;
    }
    const code = normaliseCode(rawCode, level);
    if (!code) {
      report.skip(
        'bad-code',
        msg('{label}: mã {code} không hợp lệ cho cấp {level}', '{label}: {code} is not a {level} code', {
          label,
          code: String(rawCode),
          level,
        }),
      );
      return;
    }
    if (seen.has(code)) {
      report.skip(
        'duplicate-code',
        msg('{label}: mã {code} lặp lại trong tệp', '{label}: code {code} repeated in the file', { label, code }),
      );
      return;
    }
    const geo = checkUnitGeometry(f.geometry, level === 'hamlet');
    if (!geo.ok) {
      report.skip(
        geo.problem,
        geometryProblemText({ vi: `${label} mã ${code}`, en: `${label} code ${code}` }, geo.problem, geo.detail),
      );
      return;
    }
    const existing = tx.get('unit', code);
    if (existing && existing['level'] !== level) {
      report.skip(
        'level-mismatch',
        msg('{label}: mã {code} đã có ở cấp {level}', '{label}: code {code} exists as a {level}', {
          label,
          code,
          level: String(existing['level']),
        }),
      );
      return;
    }
    const geometry = geometryColumns(geo.geometry);
    if (!existing || existing['deleted'] === 1) {
      // Created with its geometry in one put: a row written in two steps would travel to the
      // province as an intermediate state (geometry null) and show up there as a false conflict.
      const created = createFromProperties(tx, p, code, level, name, parentFieldFor(level), geometry);
      if (!created.ok) {
        report.skip('unknown-code', {
          vi: `${label}: mã ${code} chưa có trong CSDL, ${created.why.vi}`,
          en: `${label}: code ${code} is not in the database, ${created.why.en}`,
        });
        return;
      }
    }
    seen.add(code);
    levelsSeen.add(level);
    const outcome = tx.put('unit', { code, ...geometry });
    // A unit created just above counts as created, not updated.
    report.count(existing && existing['deleted'] !== 1 ? outcome : 'created');
  });
  report.failIfNothingUsable(msg('đối tượng', 'feature'));
  const fields: Record<string, string> = { code: codeField };
  if (nameField) fields['name'] = nameField;
  const onlyLevel = levelsSeen.size === 1 ? [...levelsSeen][0] : undefined;
  return report.build({ fields, ...(onlyLevel ? { level: onlyLevel } : {}) });
}

function guessLevelFromNumber(n: number): UnitLevel | null {
  if (!Number.isInteger(n) || n <= 0) return null;
  if (n <= 99) return 'province';
  if (n <= 999) return 'district';
  if (n <= 99999) return 'commune';
  return null;
}

interface Feature {
  properties: Props;
  geometry: unknown;
}

function asFeatures(doc: unknown, fileName: string): Feature[] {
  const isObj = (x: unknown): x is Props => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObj(doc)) {
    throw new EngineError('bad-file', msg('{fileName}: không phải GeoJSON', '{fileName}: not GeoJSON', { fileName }));
  }
  let list: unknown[];
  if (doc['type'] === 'FeatureCollection' && Array.isArray(doc['features'])) list = doc['features'];
  else if (doc['type'] === 'Feature') list = [doc];
  else {
    throw new EngineError(
      'bad-file',
      msg(
        '{fileName}: cần FeatureCollection hoặc Feature, gặp {type}',
        '{fileName}: expected a FeatureCollection or Feature, found {type}',
        { fileName, type: JSON.stringify(doc['type'] ?? null) },
      ),
    );
  }
  if (list.length === 0) {
    throw new EngineError(
      'bad-file',
      msg('{fileName}: không có đối tượng nào', '{fileName}: no features', { fileName }),
    );
  }
  return list.map((f, i) => {
    if (!isObj(f) || f['type'] !== 'Feature') {
      throw new EngineError(
        'bad-file',
        msg('{fileName} #{n}: không phải Feature', '{fileName} #{n}: not a Feature', { fileName, n: i + 1 }),
      );
    }
    return { properties: isObj(f['properties']) ? f['properties'] : {}, geometry: f['geometry'] };
  });
}

type Created = { ok: true } | { ok: false; why: LocalText };

/**
 * Creates a unit the database does not have yet from the feature's own properties, with its
 * missing ancestors when the feature describes them (GSO-style `district_code`, `district_name`,
 * `province_code`, `province_name`). Anything less is refused, never guessed.
 */
function createFromProperties(
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
function jsonErrorText(fileName: string, text: string, err: unknown): LocalText {
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
