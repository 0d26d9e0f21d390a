/**
 * Where a cluster or lockdown is: checks a point, a drawn polygon or a list of units, finds the
 * unit the record belongs to (sync's district scoping reads it), and builds what the map draws.
 */
import pointOnFeature from '@turf/point-on-feature';
import type { MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { ClusterPlace } from '../../../shared/contract-clusters';
import { checkUnitGeometry } from '../../../shared/geo';
import { EngineError, msg } from '../../../shared/result';
import { commonAncestor } from '../../../shared/units';
import type { EngineContext } from '../context';
import { communeLocator } from '../posts/locator';
import { geometryProblemText } from '../units/geometry-text';
import { checkTopology } from '../units/geometry-valid';
import { ancestryOf, SUBTREE_CTE } from '../units/repo';

/** A place as stored: its kind and its JSON. */
export interface StoredPlace {
  readonly kind: ClusterPlace['kind'];
  readonly json: string;
  /** The unit the record belongs to. */
  readonly unitCode: string;
}

/** The unit holding every one of `codes`: the commune itself, or the district over several. */
function holder(engine: EngineContext, codes: readonly string[], what: { vi: string; en: string }): string {
  const unit = commonAncestor(codes.map((c) => ancestryOf(engine.db, c)));
  const level = unit ? engine.requireUnit(unit).level : null;
  if (!unit || level === 'province') {
    throw new EngineError(
      'bad-request',
      msg(
        '{what}: nằm trên nhiều huyện ({codes}); mỗi huyện tự ghi phần của mình',
        '{what}: spans several districts ({codes}); each district records its own part',
        {
          what: what.vi,
          codes: codes.join(', '),
        },
      ),
    );
  }
  return unit;
}

/** Checks `place` (labelled `name` in errors) and returns how it is stored. */
export function resolvePlace(engine: EngineContext, name: string, place: ClusterPlace): StoredPlace {
  const label = { vi: name, en: name };
  switch (place.kind) {
    case 'point': {
      const [lon, lat] = place.point;
      const hit = communeLocator(engine).locate(lon, lat);
      if (!hit) {
        throw new EngineError(
          'bad-request',
          msg(
            '{name}: điểm ({lat}, {lon}) không nằm trong xã nào đã có ranh giới',
            '{name}: the point ({lat}, {lon}) lies in no commune with a boundary',
            { name, lat, lon },
          ),
        );
      }
      return { kind: 'point', json: JSON.stringify([lon, lat]), unitCode: hit.code };
    }
    case 'polygon': {
      const geo = checkUnitGeometry(place.geometry, false);
      if (!geo.ok) throw new EngineError('bad-geometry', geometryProblemText(name, geo.problem, geo.detail));
      const topo = checkTopology(geo.geometry);
      if (!topo.ok) throw new EngineError('bad-geometry', geometryProblemText(name, topo.problem, topo.detail));
      const polygon = geo.geometry as Polygon;
      // The communes under its vertices and under a point inside it: one commune, or their district.
      const locator = communeLocator(engine);
      const inside = pointOnFeature(polygon).geometry.coordinates;
      const found = new Set<string>();
      for (const p of [inside, ...polygon.coordinates[0]!]) {
        const hit = locator.locate(p[0]!, p[1]!);
        if (hit) found.add(hit.code);
      }
      if (found.size === 0) {
        throw new EngineError(
          'bad-request',
          msg(
            '{name}: vùng vẽ không nằm trong xã nào đã có ranh giới',
            '{name}: the drawn area lies in no commune with a boundary',
            { name },
          ),
        );
      }
      return { kind: 'polygon', json: JSON.stringify(polygon), unitCode: holder(engine, [...found].sort(), label) };
    }
    case 'units': {
      const codes = [...new Set(place.codes)];
      for (const c of codes) {
        const u = engine.requireUnit(c);
        if (u.level !== 'commune' && u.level !== 'hamlet') {
          throw new EngineError(
            'bad-request',
            msg(
              '{name}: {unit} ({code}) không phải xã hay ấp/khu phố',
              '{name}: {unit} ({code}) is not a commune or hamlet',
              { name, unit: u.name, code: c },
            ),
          );
        }
      }
      return { kind: 'units', json: JSON.stringify(codes), unitCode: holder(engine, codes, label) };
    }
  }
}

/** A stored place back as the contract's place. */
export function placeOf(kind: string, json: string): ClusterPlace {
  const v = JSON.parse(json) as unknown;
  if (kind === 'point') return { kind: 'point', point: v as [number, number] };
  if (kind === 'polygon') return { kind: 'polygon', geometry: v as { type: 'Polygon'; coordinates: number[][][] } };
  return { kind: 'units', codes: v as string[] };
}

/** What the map draws for a place, and a point inside it for a circle or a label. */
export interface DrawnPlace {
  readonly geometry: Point | Polygon | MultiPolygon | null;
  readonly center: [number, number] | null;
}

/** Builds the drawn geometry (units: their areas as one MultiPolygon) and a centre. */
export function drawPlace(engine: EngineContext, place: ClusterPlace): DrawnPlace {
  if (place.kind === 'point') return { geometry: { type: 'Point', coordinates: place.point }, center: place.point };
  if (place.kind === 'polygon') {
    const c = pointOnFeature(place.geometry).geometry.coordinates;
    return { geometry: place.geometry, center: [c[0]!, c[1]!] };
  }
  const stmt = engine.db.prepare('SELECT geometry, label_lon, label_lat FROM units WHERE code = ? AND deleted = 0');
  const polygons: Position[][][] = [];
  let center: [number, number] | null = null;
  for (const code of place.codes) {
    const r = stmt.get(code) as
      { geometry: string | null; label_lon: number | null; label_lat: number | null } | undefined;
    if (!r) continue;
    if (!center && r.label_lon !== null && r.label_lat !== null) center = [r.label_lon, r.label_lat];
    if (!r.geometry) continue;
    const g = JSON.parse(r.geometry) as Polygon | MultiPolygon | { type: 'Point' };
    if (g.type === 'Polygon') polygons.push(g.coordinates);
    else if (g.type === 'MultiPolygon') polygons.push(...g.coordinates);
  }
  const geometry: MultiPolygon | null = polygons.length > 0 ? { type: 'MultiPolygon', coordinates: polygons } : null;
  if (geometry && place.codes.length > 1) {
    const c = pointOnFeature(geometry).geometry.coordinates;
    center = [c[0]!, c[1]!];
  }
  return { geometry, center };
}

/** The SQL that keeps rows of table alias `t` under `within` (any depth) and, with `id`, that one row. */
export function scopeFilter(
  engine: EngineContext,
  t: string,
  filter: { readonly within?: string | undefined; readonly id?: string | undefined },
): { cte: string; cteParams: unknown[]; where: string[]; params: unknown[] } {
  const out = { cte: '', cteParams: [] as unknown[], where: [`${t}.deleted = 0`], params: [] as unknown[] };
  if (filter.within) {
    engine.requireUnit(filter.within);
    out.cte = SUBTREE_CTE;
    out.cteParams.push(filter.within);
    out.where.push(`${t}.unit_code IN (SELECT code FROM subtree)`);
  }
  if (filter.id) {
    out.where.push(`${t}.id = ?`);
    out.params.push(filter.id);
  }
  return out;
}
