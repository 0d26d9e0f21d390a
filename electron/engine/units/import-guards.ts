/**
 * The guards of a boundary import: a file that looks like another level is refused whole, and an
 * existing unit's geometry is replaced only when the file plainly means the same place.
 */
import type Database from 'better-sqlite3';
import type { HeldReplacement } from '../../../shared/contract';
import { geometryBbox, type UnitGeometry } from '../../../shared/geo';
import { type LocalText, msg } from '../../../shared/result';
import { GSO_CODE_LENGTH, levelOfName, sameUnitName, UNIT_LEVELS, type UnitLevel } from '../../../shared/units';
import type { Row } from '../entities';
import type { WriteTx } from '../write';
import { pointNear } from './geometry-valid';

/** What one feature says about its own level. */
export interface LevelEvidence {
  /** A `level`/`cap` property. */
  readonly declared: UnitLevel | null;
  /** The type prefix of its name ("Huyện …"). */
  readonly byName: UnitLevel | null;
  /** The digits of its code, as written. */
  readonly byCode: UnitLevel | null;
  /** Whether the code is too long for the target level (then no padding can make it one). */
  readonly codeTooLong: boolean;
  /** Bounding-box area, km² (null for no usable geometry). */
  readonly bboxKm2: number | null;
}

/** Typical bounding-box areas, km², used when the database has no shapes of the level yet. */
const TYPICAL_BBOX_KM2: Readonly<Record<UnitLevel, number>> = {
  province: 8000,
  district: 600,
  commune: 40,
  hamlet: 4,
};

/** Bounding-box area of [minLon, minLat, maxLon, maxLat], km². */
export function bboxKm2([a, b, c, d]: readonly number[]): number {
  const km = 111.32;
  const mid = (((b ?? 0) + (d ?? 0)) / 2) * (Math.PI / 180);
  return Math.max(0, (c ?? 0) - (a ?? 0)) * km * Math.max(0, (d ?? 0) - (b ?? 0)) * km * Math.cos(mid);
}

/** The level a code's digits, as written in the file, point to. */
export function codeEvidence(raw: unknown, target: UnitLevel): { level: UnitLevel | null; tooLong: boolean } {
  const t = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (/^\d{5}-\d{3}$/.test(t)) return { level: 'hamlet', tooLong: target !== 'hamlet' };
  if (!/^\d+$/.test(t)) return { level: null, tooLong: false };
  const byLength: Record<number, UnitLevel> = { 2: 'province', 3: 'district', 5: 'commune' };
  const level = byLength[t.length] ?? null;
  const max = target === 'hamlet' ? Infinity : GSO_CODE_LENGTH[target];
  return { level, tooLong: t.length > max };
}

/** Evidence from one feature. */
export function levelEvidence(
  declared: UnitLevel | null,
  name: string | null,
  rawCode: unknown,
  bbox: readonly number[] | null,
  target: UnitLevel,
): LevelEvidence {
  const code = codeEvidence(rawCode, target);
  return {
    declared,
    byName: name ? levelOfName(name) : null,
    byCode: code.level,
    codeTooLong: code.tooLong,
    bboxKm2: bbox ? bboxKm2(bbox) : null,
  };
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function majority(levels: readonly (UnitLevel | null)[], total: number, target: UnitLevel): UnitLevel | null {
  const counts = new Map<UnitLevel, number>();
  for (const l of levels) if (l && l !== target) counts.set(l, (counts.get(l) ?? 0) + 1);
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return best && best[1] * 2 > total ? best[0] : null;
}

/** Typical bounding-box area of a level: the median of the database's shapes, at least the national one. */
export function typicalBboxKm2(db: Database.Database, level: UnitLevel): number {
  const rows = db
    .prepare(
      `SELECT min_lon, min_lat, max_lon, max_lat FROM units
       WHERE level = ? AND deleted = 0 AND min_lon IS NOT NULL LIMIT 500`,
    )
    .all(level) as { min_lon: number; min_lat: number; max_lon: number; max_lat: number }[];
  const m = median(rows.map((r) => bboxKm2([r.min_lon, r.min_lat, r.max_lon, r.max_lat])));
  // Never below the national typical size: a database of city wards must not make a file of
  // mountain communes look like districts.
  return Math.max(m ?? 0, TYPICAL_BBOX_KM2[level]);
}

/** Why a file looks like another level than the one asked for. */
export interface OtherLevel {
  readonly level: UnitLevel;
  readonly why: LocalText;
}

/**
 * The level a file's features probably are, when most of them point away from `target`: their
 * own `level` property, their names' type prefix, or codes too long for the target level; codes
 * too short (a padding would invent a code of the target level: 703 → 00703) count only with
 * shapes far larger or smaller than the target level's. Null when the file fits `target`.
 */
export function otherLevel(
  evidence: readonly LevelEvidence[],
  target: UnitLevel,
  typicalKm2: number,
): OtherLevel | null {
  const n = evidence.length;
  const declared = majority(
    evidence.map((e) => e.declared),
    n,
    target,
  );
  if (declared) return { level: declared, why: msg('trường level của tệp', "the file's level field") };
  const byName = majority(
    evidence.map((e) => e.byName),
    n,
    target,
  );
  if (byName) return { level: byName, why: msg('tên các đơn vị trong tệp', 'the unit names in the file') };
  const tooLong = majority(
    evidence.map((e) => (e.codeTooLong ? e.byCode : null)),
    n,
    target,
  );
  if (tooLong) return { level: tooLong, why: msg('độ dài mã', 'the length of the codes') };
  const byCode = majority(
    evidence.map((e) => e.byCode),
    n,
    target,
  );
  const size = median(evidence.flatMap((e) => (e.bboxKm2 === null ? [] : [e.bboxKm2])));
  if (byCode && size !== null) {
    const ratio = size / typicalKm2;
    const byCodeIsUp = UNIT_LEVELS.indexOf(byCode) < UNIT_LEVELS.indexOf(target);
    if ((byCodeIsUp && ratio >= 4) || (!byCodeIsUp && ratio <= 0.25)) {
      return {
        level: byCode,
        why: msg('độ dài mã và diện tích các vùng', 'the length of the codes and the size of the shapes'),
      };
    }
  }
  // Sizes alone, against national figures (bounding boxes: communes' provincial medians stay
  // under 150 km², districts' are 400–700 km², provinces' thousands).
  const above = SIZE_ONLY[target];
  if (above && size !== null && size >= above.km2) {
    return { level: above.level, why: msg('diện tích các vùng', 'the size of the shapes') };
  }
  return null;
}

/** A median bounding box this large means the level above, whatever the codes say. */
const SIZE_ONLY: Partial<Record<UnitLevel, { km2: number; level: UnitLevel }>> = {
  commune: { km2: 300, level: 'district' },
  district: { km2: 4000, level: 'province' },
};

/** Degrees a new shape's inner point may lie outside its parent's outline (unsnapped sources). */
const PARENT_TOLERANCE_DEG = 0.02;
/** Least gap, in degrees (~22 km), between old and new bounding boxes that counts as "far". */
const FAR_MIN_DEG = 0.2;

function bboxGap(a: readonly number[], b: readonly number[]): number {
  const dx = Math.max(0, a[0]! - b[2]!, b[0]! - a[2]!);
  const dy = Math.max(0, a[1]! - b[3]!, b[1]! - a[3]!);
  return Math.hypot(dx, dy);
}

/** The nearest ancestor that has a shape, with its geometry. */
function shapedAncestor(tx: WriteTx, unit: Row): { code: string; name: string; geometry: UnitGeometry } | null {
  let parent = typeof unit['parent_code'] === 'string' ? unit['parent_code'] : null;
  for (let depth = 0; parent && depth < 4; depth++) {
    const row = tx.get('unit', parent);
    if (!row) return null;
    if (typeof row['geometry'] === 'string') {
      return { code: parent, name: String(row['name']), geometry: JSON.parse(row['geometry']) as UnitGeometry };
    }
    parent = typeof row['parent_code'] === 'string' ? row['parent_code'] : null;
  }
  return null;
}

/**
 * Whether replacing `existing`'s geometry with `geometry` needs the operator's word: the names
 * differ, the new shape lies outside the parent's area, or far from the old shape. Null when the
 * file plainly means the same place.
 */
export function replacementDoubt(
  tx: WriteTx,
  existing: Row,
  nameInFile: string | null,
  geometry: UnitGeometry,
  label: { lon: number; lat: number },
  feature: number,
): HeldReplacement | null {
  const name = String(existing['name'] ?? '');
  const code = String(existing['code']);
  const reasons: HeldReplacement['reasons'] = [];
  const vi: string[] = [];
  const en: string[] = [];
  if (nameInFile && !sameUnitName(name, nameInFile)) {
    reasons.push('name-differs');
    vi.push(`tệp ghi tên “${nameInFile}”, CSDL là “${name}”`);
    en.push(`the file names it “${nameInFile}”, the database “${name}”`);
  }
  const parent = shapedAncestor(tx, existing);
  if (parent && !pointNear(parent.geometry, label.lon, label.lat, PARENT_TOLERANCE_DEG)) {
    reasons.push('outside-parent');
    vi.push(`vùng mới nằm ngoài ${parent.name} (${parent.code})`);
    en.push(`the new shape lies outside ${parent.name} (${parent.code})`);
  }
  const oldBbox = [existing['min_lon'], existing['min_lat'], existing['max_lon'], existing['max_lat']];
  if (oldBbox.every((x) => typeof x === 'number')) {
    const old = oldBbox;
    const span = Math.max(old[2]! - old[0]!, old[3]! - old[1]!);
    const gap = bboxGap(old, geometryBbox(geometry));
    if (gap > Math.max(FAR_MIN_DEG, span)) {
      const km = Math.round(gap * 111);
      reasons.push('far-from-old');
      vi.push(`vùng mới cách vùng cũ khoảng ${km} km`);
      en.push(`the new shape is about ${km} km from the old one`);
    }
  }
  if (reasons.length === 0) return null;
  return {
    code,
    name,
    nameInFile,
    feature,
    reasons,
    text: {
      vi: `#${feature}: chưa thay ranh giới của ${name} (${code}): ${vi.join('; ')}. Nếu đúng là nơi này, nhập lại với --force (“Vẫn thay”).`,
      en: `#${feature}: did not replace the boundary of ${name} (${code}): ${en.join('; ')}. If it is this place, import again with --force ("replace anyway").`,
    },
  };
}
