import type Database from 'better-sqlite3';
import type { HeldReplacement, ImportReport, Input } from '../../../shared/contract';
import { checkUnitGeometry, geometryBbox, type UnitGeometry } from '../../../shared/geo';
import { EngineError, type LocalText, msg } from '../../../shared/result';
import { fold } from '../../../shared/text';
import { levelOfCode, UNIT_LEVELS, type UnitLevel } from '../../../shared/units';
import type { WriteTx } from '../write';
import { checkTopology, repairGeometry } from './geometry-valid';
import { geometryProblemText } from './geometry-text';
import { createFromProperties, jsonErrorText, normaliseCode, text } from './import-create';
import { levelEvidence, otherLevel, replacementDoubt, typicalBboxKm2 } from './import-guards';
import { ReportBuilder } from './import-report';
import { geometryColumns } from './repo';

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
  district: ['parent', 'parent_code', 'parentcode', 'province_code', 'ma_tinh', 'matinh'],
  commune: ['parent', 'parent_code', 'parentcode', 'district_code', 'ma_huyen', 'mahuyen'],
  hamlet: ['parent', 'parent_code', 'parentcode', 'commune_code', 'ma_xa', 'maxa'],
};

function findField(keys: readonly string[], candidates: readonly string[]): string | undefined {
  const byFolded = new Map(keys.map((k) => [fold(k).replace(/\s/g, '_'), k]));
  for (const c of candidates) {
    const hit = byFolded.get(c);
    if (hit) return hit;
  }
  return undefined;
}

/** The level's name in a sentence, both languages. */
const LEVEL_WORDS: Readonly<Record<UnitLevel, LocalText>> = {
  province: msg('tỉnh', 'province'),
  district: msg('huyện', 'district'),
  commune: msg('xã', 'commune'),
  hamlet: msg('ấp', 'hamlet'),
};

/** Refuses `--field X=NAME` when no feature has a property NAME: once, listing the file's fields. */
function checkGivenFields(
  fileName: string,
  given: Input<'import.boundaries'>['fields'],
  keys: readonly string[],
): void {
  for (const field of Object.values(given ?? {})) {
    if (field === undefined || keys.includes(field)) continue;
    throw new EngineError(
      'bad-file',
      msg(
        '{fileName}: tệp không có trường {field}; các trường của tệp: {fields}',
        '{fileName}: the file has no field {field}; its fields are {fields}',
        { fileName, field, fields: keys.join(', ') || '-' },
      ),
    );
  }
}

/**
 * Imports boundaries from GeoJSON (FeatureCollection or a single Feature). Runs inside the
 * caller's write transaction: a file that cannot be read at all, or whose features look like
 * another level than `input.level`, throws and changes nothing. Features with no code, an unknown
 * code, or a broken geometry (structure or topology; repaired instead with `repair`) are skipped
 * and counted. An existing unit's geometry is replaced only when the file plainly means the same
 * place (name, parent area, old shape), or with `force`; the others are reported as `held`.
 * Re-importing replaces geometry only: names, figures and everything attached stay.
 */
export function importBoundaries(tx: WriteTx, input: Input<'import.boundaries'>, db: Database.Database): ImportReport {
  const { fileName } = input;
  let doc: unknown;
  try {
    doc = JSON.parse(input.text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new EngineError('bad-file', jsonErrorText(fileName, input.text.replace(/^\uFEFF/, ''), err));
  }
  const features = asFeatures(doc, fileName);
  const keys = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties)) keys.add(k);
  const keyList = [...keys];
  checkGivenFields(fileName, input.fields, keyList);
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
  const declaredLevel = (p: Props): UnitLevel | null => {
    const d = levelField ? text(p[levelField]) : null;
    return d && (UNIT_LEVELS as readonly string[]).includes(d) ? (d as UnitLevel) : null;
  };
  const nameOf = (p: Props): string | null => (nameField ? text(p[nameField]) : null);
  if (input.level) refuseOtherLevel(fileName, features, input.level, db, { codeField, declaredLevel, nameOf });

  const report = new ReportBuilder(fileName);
  const held: HeldReplacement[] = [];
  let repaired = 0;
  const seen = new Set<string>();
  const levelsSeen = new Set<UnitLevel>();
  const parentFieldFor = (level: UnitLevel): string | undefined =>
    input.fields?.parent ?? findField(keyList, PARENT_FIELDS[level]);

  const levelOf = (p: Props): UnitLevel | null => {
    const rawCode = p[codeField];
    return (
      input.level ??
      declaredLevel(p) ??
      levelOfCode(text(rawCode) ?? '') ??
      (typeof rawCode === 'number' ? guessLevelFromNumber(rawCode) : null)
    );
  };
  // Top level first, so a file (such as the map's own export) may list children before parents.
  const rank = (i: number): number => {
    const l = levelOf(features[i]!.properties);
    return l ? UNIT_LEVELS.indexOf(l) : UNIT_LEVELS.length;
  };
  const order = features.map((_, i) => [rank(i), i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  for (const [, index] of order) {
    const f = features[index]!;
    const p = f.properties;
    const rawCode = p[codeField];
    const name = nameOf(p);
    const label = `${fileName} #${index + 1}${name ? ` (${name})` : ''}`;
    const level = levelOf(p);
    if (text(rawCode) === null) {
      const status = text(p['status']);
      const tail = status ? ` [${status}]` : '';
      report.skip('no-code', { vi: `${label}: không có mã${tail}`, en: `${label}: no code${tail}` });
      continue;
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
      continue;
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
      continue;
    }
    if (seen.has(code)) {
      report.skip(
        'duplicate-code',
        msg('{label}: mã {code} lặp lại trong tệp', '{label}: code {code} repeated in the file', { label, code }),
      );
      continue;
    }
    const where = { vi: `${label} mã ${code}`, en: `${label} code ${code}` };
    const geo = checkUnitGeometry(f.geometry, level === 'hamlet');
    if (!geo.ok) {
      report.skip(geo.problem, geometryProblemText(where, geo.problem, geo.detail));
      continue;
    }
    let shape: UnitGeometry = geo.geometry;
    const topo = checkTopology(shape);
    if (!topo.ok) {
      const fixed = input.repair ? repairGeometry(shape) : null;
      if (!fixed) {
        const hint = input.repair
          ? msg('không sửa được', 'could not be repaired')
          : msg('sửa bằng --repair', 'repair with --repair');
        report.skip(topo.problem, geometryProblemText(where, topo.problem, topo.detail, hint));
        continue;
      }
      shape = fixed.geometry;
      repaired += 1;
      const kept = Math.round(fixed.kept * 100);
      report.note({
        vi: `${where.vi}: đã sửa hình học (${topo.detail}), giữ ${kept}% diện tích`,
        en: `${where.en}: geometry repaired (${topo.detail}), ${kept}% of the area kept`,
      });
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
      continue;
    }
    const geometry = geometryColumns(shape);
    const live = existing && existing['deleted'] !== 1;
    if (live && !input.force) {
      const doubt = replacementDoubt(
        tx,
        existing,
        name,
        shape,
        { lon: geometry['label_lon'] as number, lat: geometry['label_lat'] as number },
        index + 1,
      );
      if (doubt) {
        seen.add(code);
        held.push(doubt);
        report.skip(doubt.reasons[0]!, {
          vi: `${fileName} ${doubt.text.vi}`,
          en: `${fileName} ${doubt.text.en}`,
        });
        continue;
      }
    }
    if (!live) {
      // Created with its geometry in one put: a row written in two steps would travel to the
      // province as an intermediate state (geometry null) and show up there as a false conflict.
      const created = createFromProperties(tx, p, code, level, name, parentFieldFor(level), geometry);
      if (!created.ok) {
        report.skip('unknown-code', {
          vi: `${label}: mã ${code} chưa có trong CSDL, ${created.why.vi}`,
          en: `${label}: code ${code} is not in the database, ${created.why.en}`,
        });
        continue;
      }
    }
    seen.add(code);
    levelsSeen.add(level);
    const outcome = tx.put('unit', { code, ...geometry });
    // A unit created just above counts as created, not updated.
    report.count(live ? outcome : 'created');
  }
  // Held places are the operator's to confirm: the rest of the file stands, nothing is refused.
  if (held.length === 0) report.failIfNothingUsable(msg('đối tượng', 'feature'));
  const fields: Record<string, string> = { code: codeField };
  if (nameField) fields['name'] = nameField;
  const onlyLevel = levelsSeen.size === 1 ? [...levelsSeen][0] : undefined;
  return report.build({
    fields,
    ...(onlyLevel ? { level: onlyLevel } : {}),
    ...(held.length > 0 ? { held } : {}),
    ...(repaired > 0 ? { repaired } : {}),
  });
}

/** Refuses the whole file when its features look like another level than the one asked for. */
function refuseOtherLevel(
  fileName: string,
  features: readonly Feature[],
  target: UnitLevel,
  db: Database.Database,
  read: {
    codeField: string;
    declaredLevel: (p: Props) => UnitLevel | null;
    nameOf: (p: Props) => string | null;
  },
): void {
  const evidence = features.map((f) => {
    const geo = checkUnitGeometry(f.geometry, true);
    const bbox = geo.ok && geo.geometry.type !== 'Point' ? geometryBbox(geo.geometry) : null;
    return levelEvidence(
      read.declaredLevel(f.properties),
      read.nameOf(f.properties),
      f.properties[read.codeField],
      bbox,
      target,
    );
  });
  const other = otherLevel(evidence, target, typicalBboxKm2(db, target));
  if (!other) return;
  const probable = LEVEL_WORDS[other.level];
  const asked = LEVEL_WORDS[target];
  throw new EngineError(
    'bad-file',
    msg(
      '{fileName}: các đối tượng trong tệp có vẻ là cấp {pvi}, không phải {avi} (theo {wvi}); không ghi gì. Nếu đúng, nhập với --level {level}.',
      '{fileName}: the features look like {pen}s, not {aen}s (from {wen}); nothing was written. If so, import with --level {level}.',
      {
        fileName,
        pvi: probable.vi,
        pen: probable.en,
        avi: asked.vi,
        aen: asked.en,
        wvi: other.why.vi,
        wen: other.why.en,
        level: other.level,
      },
    ),
  );
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
