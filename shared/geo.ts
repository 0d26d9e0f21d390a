/**
 * Geometry checks for imported and drawn boundaries (GeoJSON, WGS84 lon/lat). Pure: no I/O.
 */
import type { Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson';

/** Geometry a unit may carry: areas for every level, a point for a hamlet. */
export type UnitGeometry = Polygon | MultiPolygon | Point;

/** Why a geometry was refused. Codes are stable; the UI translates them. */
export type GeometryProblem =
  | 'missing'
  | 'unsupported-type'
  | 'bad-coordinates'
  | 'out-of-range'
  | 'ring-too-short'
  | 'ring-not-closed'
  | 'empty'
  // Topology, checked by the engine (JTS rules) after the structural check:
  | 'self-intersection'
  | 'hole-outside-shell'
  | 'nested-holes'
  | 'nested-shells'
  | 'disconnected-interior'
  | 'duplicate-rings'
  | 'invalid-topology';

/** The result of checking one geometry. */
export type GeometryCheck =
  | { readonly ok: true; readonly geometry: UnitGeometry }
  | { readonly ok: false; readonly problem: GeometryProblem; readonly detail: string };

function isPosition(p: unknown): p is Position {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    typeof p[0] === 'number' &&
    typeof p[1] === 'number' &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1])
  );
}

function checkRing(ring: unknown, where: string): GeometryCheck | null {
  if (!Array.isArray(ring)) return { ok: false, problem: 'bad-coordinates', detail: `${where}: not an array` };
  for (const p of ring) {
    if (!isPosition(p)) return { ok: false, problem: 'bad-coordinates', detail: `${where}: bad position` };
    if (Math.abs(p[0]!) > 180 || Math.abs(p[1]!) > 90) {
      return { ok: false, problem: 'out-of-range', detail: `${where}: [${p[0]}, ${p[1]}] is not lon/lat` };
    }
  }
  if (ring.length < 4) {
    return { ok: false, problem: 'ring-too-short', detail: `${where}: ${ring.length} positions (at least 4)` };
  }
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return { ok: false, problem: 'ring-not-closed', detail: `${where}: first and last positions differ` };
  }
  return null;
}

function checkPolygon(rings: unknown, where: string): GeometryCheck | null {
  if (!Array.isArray(rings)) return { ok: false, problem: 'bad-coordinates', detail: `${where}: not an array` };
  if (rings.length === 0) return { ok: false, problem: 'empty', detail: `${where}: no rings` };
  for (let i = 0; i < rings.length; i++) {
    const bad = checkRing(rings[i], `${where} ring ${i}`);
    if (bad) return bad;
  }
  return null;
}

/**
 * Checks a geometry structurally: type, finite lon/lat positions, rings of ≥ 4 positions that
 * close. Topology (self-intersections, holes outside their shell, duplicate rings) is the
 * engine's second check (`electron/engine/units/geometry-valid.ts`), with a geometry library.
 */
export function checkUnitGeometry(geometry: unknown, allowPoint: boolean): GeometryCheck {
  if (geometry === null || geometry === undefined || typeof geometry !== 'object') {
    return { ok: false, problem: 'missing', detail: 'no geometry' };
  }
  const g = geometry as { type?: unknown; coordinates?: unknown };
  switch (g.type) {
    case 'Polygon': {
      const bad = checkPolygon(g.coordinates, 'polygon');
      return bad ?? { ok: true, geometry: { type: 'Polygon', coordinates: g.coordinates as Position[][] } };
    }
    case 'MultiPolygon': {
      if (!Array.isArray(g.coordinates)) {
        return { ok: false, problem: 'bad-coordinates', detail: 'multipolygon: not an array' };
      }
      if (g.coordinates.length === 0) return { ok: false, problem: 'empty', detail: 'multipolygon: no polygons' };
      for (let i = 0; i < g.coordinates.length; i++) {
        const bad = checkPolygon(g.coordinates[i], `polygon ${i}`);
        if (bad) return bad;
      }
      return { ok: true, geometry: { type: 'MultiPolygon', coordinates: g.coordinates as Position[][][] } };
    }
    case 'Point': {
      if (!allowPoint) return { ok: false, problem: 'unsupported-type', detail: 'Point (only hamlets may be points)' };
      if (!isPosition(g.coordinates)) return { ok: false, problem: 'bad-coordinates', detail: 'point' };
      const [lon, lat] = g.coordinates;
      if (Math.abs(lon!) > 180 || Math.abs(lat!) > 90) {
        return { ok: false, problem: 'out-of-range', detail: `[${lon}, ${lat}] is not lon/lat` };
      }
      return { ok: true, geometry: { type: 'Point', coordinates: g.coordinates } };
    }
    default:
      return { ok: false, problem: 'unsupported-type', detail: String(g.type) };
  }
}

/** Bounding box [minLon, minLat, maxLon, maxLat] of a geometry's positions. */
export function geometryBbox(geometry: Geometry): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (isPosition(c)) {
      if (c[0]! < minX) minX = c[0]!;
      if (c[0]! > maxX) maxX = c[0]!;
      if (c[1]! < minY) minY = c[1]!;
      if (c[1]! > maxY) maxY = c[1]!;
    } else if (Array.isArray(c)) {
      for (const x of c) visit(x);
    }
  };
  if ('coordinates' in geometry) visit(geometry.coordinates);
  return [minX, minY, maxX, maxY];
}
