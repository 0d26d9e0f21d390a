/** Which commune a point stands in, from the communes' polygons. */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import { ringsArea } from '../../../shared/posts';
import type { EngineContext } from '../context';

interface CommuneCandidate {
  readonly code: string;
  readonly name: string;
  readonly geometry: Polygon | MultiPolygon;
  readonly area: number;
}

/** Finds the commune a point stands in. */
export interface CommuneLocator {
  /**
   * The commune holding the point, or null. On a shared border or in an overlap of two polygons
   * (the boundary data is not snapped), the smallest commune by area wins, then the lower code:
   * deterministic, and a sliver between two communes goes to the one it most likely belongs to.
   */
  locate(lon: number, lat: number): { code: string; name: string; candidates: string[] } | null;
}

/**
 * A locator over the live communes' polygons. Candidates are prefiltered by the bbox columns;
 * parsed polygons are cached for the locator's life (one request, one import).
 */
export function communeLocator(engine: EngineContext): CommuneLocator {
  const cache = new Map<string, CommuneCandidate | null>();
  const stmt = engine.db.prepare(
    `SELECT code, name, geometry FROM units WHERE level = 'commune' AND deleted = 0 AND geometry IS NOT NULL
     AND min_lon <= ? AND max_lon >= ? AND min_lat <= ? AND max_lat >= ? ORDER BY code`,
  );
  const load = (r: { code: string; name: string; geometry: string }): CommuneCandidate | null => {
    if (cache.has(r.code)) return cache.get(r.code)!;
    const g = JSON.parse(r.geometry) as { type: string; coordinates: unknown };
    let c: CommuneCandidate | null = null;
    if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
      const geometry = g as Polygon | MultiPolygon;
      const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
      c = { code: r.code, name: r.name, geometry, area: polys.reduce((a, p) => a + ringsArea(p), 0) };
    }
    cache.set(r.code, c);
    return c;
  };
  return {
    locate(lon, lat) {
      const rows = stmt.all(lon, lon, lat, lat) as { code: string; name: string; geometry: string }[];
      const hits: CommuneCandidate[] = [];
      for (const r of rows) {
        const c = load(r);
        if (c && booleanPointInPolygon([lon, lat], c.geometry)) hits.push(c);
      }
      if (hits.length === 0) return null;
      hits.sort((a, b) => a.area - b.area || (a.code < b.code ? -1 : 1));
      return { code: hits[0]!.code, name: hits[0]!.name, candidates: hits.map((h) => h.code).sort() };
    },
  };
}
