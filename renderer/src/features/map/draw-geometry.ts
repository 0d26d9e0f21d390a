/**
 * Turning clicked vertices into a hamlet geometry. Pure, so it is tested without a map.
 */

/** A lon/lat pair. */
export type LonLat = readonly [number, number];

/** What the drawing tool produces. */
export type DrawnGeometry =
  | { readonly type: 'Point'; readonly coordinates: [number, number] }
  | { readonly type: 'Polygon'; readonly coordinates: [number, number][][] };

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/**
 * One vertex makes a point hamlet; three or more make a polygon with a closed ring (GeoJSON wants
 * the first position repeated at the end). Two vertices, or none, make nothing: null.
 */
export function geometryFromVertices(vertices: readonly LonLat[]): DrawnGeometry | null {
  if (vertices.length === 1) {
    const [lon, lat] = vertices[0]!;
    return { type: 'Point', coordinates: [round(lon), round(lat)] };
  }
  if (vertices.length < 3) return null;
  const ring = vertices.map(([lon, lat]): [number, number] => [round(lon), round(lat)]);
  // Counter-clockwise outer ring, as RFC 7946 asks (the engine accepts either).
  if (signedArea(ring) < 0) ring.reverse();
  ring.push([ring[0]![0], ring[0]![1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Twice the signed area of an open ring (positive when counter-clockwise). */
export function signedArea(ring: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}
