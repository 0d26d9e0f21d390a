import type Database from 'better-sqlite3';
import pointOnFeature from '@turf/point-on-feature';
import type { UnitSummary } from '../../../shared/contract';
import { geometryBbox, type UnitGeometry } from '../../../shared/geo';
import type { UnitLevel } from '../../../shared/units';
import type { Row } from '../entities';

/** A units row as SQLite returns it. */
export interface UnitRow {
  code: string;
  level: UnitLevel;
  parent_code: string | null;
  name: string;
  type: string;
  population: number | null;
  households: number | null;
  geometry?: string | null;
  label_lon: number | null;
  label_lat: number | null;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  has_geometry?: number;
  deleted: number;
}

/** Columns of a summary (no geometry text, only whether there is one). */
export const SUMMARY_COLUMNS =
  'code, level, parent_code, name, type, population, households, label_lon, label_lat, min_lon, min_lat, max_lon, max_lat, deleted, geometry IS NOT NULL AS has_geometry';

/** Converts a row to the contract's summary. */
export function toSummary(r: UnitRow): UnitSummary {
  return {
    code: r.code,
    level: r.level,
    parentCode: r.parent_code,
    name: r.name,
    type: r.type,
    population: r.population,
    households: r.households,
    hasGeometry: r.has_geometry === undefined ? r.geometry != null : r.has_geometry === 1,
    labelPoint: r.label_lon != null && r.label_lat != null ? [r.label_lon, r.label_lat] : null,
    bbox:
      r.min_lon != null && r.min_lat != null && r.max_lon != null && r.max_lat != null
        ? [r.min_lon, r.min_lat, r.max_lon, r.max_lat]
        : null,
  };
}

/** The geometry columns derived from a checked geometry: text, label point and bbox. */
export function geometryColumns(geometry: UnitGeometry | null): Row {
  if (!geometry) {
    return {
      geometry: null,
      label_lon: null,
      label_lat: null,
      min_lon: null,
      min_lat: null,
      max_lon: null,
      max_lat: null,
    };
  }
  const [minLon, minLat, maxLon, maxLat] = geometryBbox(geometry);
  let label: [number, number];
  if (geometry.type === 'Point') {
    label = [geometry.coordinates[0]!, geometry.coordinates[1]!];
  } else {
    const p = pointOnFeature({ type: 'Feature', properties: {}, geometry });
    label = [p.geometry.coordinates[0]!, p.geometry.coordinates[1]!];
  }
  return {
    geometry: JSON.stringify(geometry),
    label_lon: round(label[0]),
    label_lat: round(label[1]),
    min_lon: minLon,
    min_lat: minLat,
    max_lon: maxLon,
    max_lat: maxLat,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** SQL for the codes of a unit and all its descendants (bind the root code). */
export const SUBTREE_CTE = `
  WITH RECURSIVE subtree(code) AS (
    SELECT code FROM units WHERE code = ?
    UNION ALL
    SELECT u.code FROM units u JOIN subtree s ON u.parent_code = s.code
  )`;

/** Reads one unit row (live or tombstoned). */
export function getUnitRow(db: Database.Database, code: string): UnitRow | undefined {
  return db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM units WHERE code = ?`).get(code) as UnitRow | undefined;
}

/** A unit's code and its ancestors' codes, root first (as far as the database knows them). */
export function ancestryOf(db: Database.Database, code: string): string[] {
  const parentOf = db.prepare('SELECT parent_code FROM units WHERE code = ?').pluck();
  const out: string[] = [];
  let cur: string | null = code;
  for (let depth = 0; cur !== null && depth < 10; depth++) {
    out.unshift(cur);
    cur = (parentOf.get(cur) as string | null | undefined) ?? null;
  }
  return out;
}

/** Live units, optionally under `within` and of one level, ordered by code. */
export function listUnitRows(
  db: Database.Database,
  within: string | undefined,
  level: UnitLevel | undefined,
): UnitRow[] {
  const where: string[] = ['deleted = 0'];
  const params: unknown[] = [];
  let sql = `SELECT ${SUMMARY_COLUMNS} FROM units`;
  if (within) {
    sql = `${SUBTREE_CTE} SELECT ${SUMMARY_COLUMNS} FROM units`;
    params.push(within);
    where.push('code IN (SELECT code FROM subtree)');
  }
  if (level) {
    where.push('level = ?');
    params.push(level);
  }
  return db.prepare(`${sql} WHERE ${where.join(' AND ')} ORDER BY code`).all(...params) as UnitRow[];
}

/** A unit's ancestors, root first. */
export function ancestorRows(db: Database.Database, row: UnitRow): UnitRow[] {
  const out: UnitRow[] = [];
  let parent = row.parent_code;
  while (parent) {
    const p = getUnitRow(db, parent);
    if (!p) break;
    out.unshift(p);
    parent = p.parent_code;
  }
  return out;
}

/** How many live units have `code` as parent. */
export function childCount(db: Database.Database, code: string): number {
  return (
    db.prepare('SELECT count(*) AS n FROM units WHERE parent_code = ? AND deleted = 0').get(code) as { n: number }
  ).n;
}

/**
 * Whether a unit stands where a commune would: a commune, or a district that has no communes
 * (the island districts Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo), which then carries
 * posts and assignments itself.
 */
export function actsAsCommune(db: Database.Database, unit: { code: string; level: string }): boolean {
  if (unit.level === 'commune') return true;
  return unit.level === 'district' && childCount(db, unit.code) === 0;
}

/** The number the next hamlet of a commune gets: one past the highest ever used (tombstones too). */
export function nextHamletNumber(db: Database.Database, communeCode: string): number {
  const used = db.prepare("SELECT code FROM units WHERE parent_code = ? AND level = 'hamlet'").all(communeCode) as {
    code: string;
  }[];
  return used.reduce((m, r) => Math.max(m, Number(r.code.split('-')[1] ?? 0)), 0) + 1;
}

/** A unit with its geometry text, as the map draws it. */
export interface FeatureRow {
  code: string;
  name: string;
  level: UnitLevel;
  type: string;
  parent_code: string | null;
  geometry: string;
}

/** Live units with a geometry at `levels`; under `within`, or the whole country in one query. */
export function featureRows(
  db: Database.Database,
  within: string | undefined,
  levels: readonly UnitLevel[],
): FeatureRow[] {
  return db
    .prepare(
      `${within ? SUBTREE_CTE : ''} SELECT code, name, level, type, parent_code, geometry FROM units
       WHERE ${within ? 'code IN (SELECT code FROM subtree) AND' : ''} deleted = 0 AND geometry IS NOT NULL
       AND level IN (${levels.map(() => '?').join(', ')}) ORDER BY code`,
    )
    .all(...(within ? [within] : []), ...levels) as FeatureRow[];
}
