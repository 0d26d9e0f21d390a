/**
 * Topology of imported boundaries, with JSTS (the JavaScript port of JTS, the geometry engine
 * behind PostGIS/GEOS): OGC validity (self-intersections, holes outside their shell, nested or
 * duplicate rings), an opt-in repair, and the few measures the import guards need.
 */
import type { Position } from 'geojson';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import GeoJSONWriter from 'jsts/org/locationtech/jts/io/GeoJSONWriter.js';
import IsValidOp from 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js';
import TopologyValidationError from 'jsts/org/locationtech/jts/operation/valid/TopologyValidationError.js';
import BufferOp from 'jsts/org/locationtech/jts/operation/buffer/BufferOp.js';
import OverlayOp from 'jsts/org/locationtech/jts/operation/overlay/OverlayOp.js';
import DistanceOp from 'jsts/org/locationtech/jts/operation/distance/DistanceOp.js';
import type { GeometryProblem, UnitGeometry } from '../../../shared/geo';

/** The part of a JSTS geometry used here (its own typings are `any`). */
interface Jts {
  isEmpty(): boolean;
  getArea(): number;
  getGeometryType(): string;
}

const reader = new GeoJSONReader(new GeometryFactory());
const writer = new GeoJSONWriter();

function toJts(g: UnitGeometry | { type: 'Polygon'; coordinates: Position[][] }): Jts {
  return reader.read(g) as Jts;
}

/** JTS error types → our stable problem codes. */
function problemOf(type: number): GeometryProblem {
  switch (type) {
    case TopologyValidationError.SELF_INTERSECTION:
    case TopologyValidationError.RING_SELF_INTERSECTION:
      return 'self-intersection';
    case TopologyValidationError.HOLE_OUTSIDE_SHELL:
      return 'hole-outside-shell';
    case TopologyValidationError.NESTED_HOLES:
      return 'nested-holes';
    case TopologyValidationError.NESTED_SHELLS:
      return 'nested-shells';
    case TopologyValidationError.DISCONNECTED_INTERIOR:
      return 'disconnected-interior';
    case TopologyValidationError.DUPLICATE_RINGS:
      return 'duplicate-rings';
    default:
      return 'invalid-topology';
  }
}

/** The result of a topology check. */
export type TopologyCheck =
  { readonly ok: true } | { readonly ok: false; readonly problem: GeometryProblem; readonly detail: string };

/** Checks an area geometry against the OGC rules (points are always valid). */
export function checkTopology(geometry: UnitGeometry): TopologyCheck {
  if (geometry.type === 'Point') return { ok: true };
  const op = new IsValidOp(toJts(geometry));
  if (op.isValid()) return { ok: true };
  const err = op.getValidationError();
  const c = err.getCoordinate() as { x: number; y: number } | null;
  const at = c && Number.isFinite(c.x) && Number.isFinite(c.y) ? ` at [${round(c.x)}, ${round(c.y)}]` : '';
  return { ok: false, problem: problemOf(err.getErrorType() as number), detail: `${err.getMessage()}${at}` };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A ring as a valid area: both windings through buffer(0), so neither lobe of a bowtie is lost. */
function ringArea(ring: Position[]): Jts {
  const a = BufferOp.bufferOp(toJts({ type: 'Polygon', coordinates: [ring] }), 0) as Jts;
  const b = BufferOp.bufferOp(toJts({ type: 'Polygon', coordinates: [[...ring].reverse()] }), 0) as Jts;
  return OverlayOp.overlayOp(a, b, OverlayOp.UNION) as Jts;
}

function union(parts: Jts[]): Jts | null {
  return parts.reduce<Jts | null>((acc, g) => (acc ? (OverlayOp.overlayOp(acc, g, OverlayOp.UNION) as Jts) : g), null);
}

/** What a repair made of a geometry. */
export interface Repaired {
  readonly geometry: UnitGeometry;
  /** Area after / area of the shells before (1 = nothing lost). */
  readonly kept: number;
}

/**
 * Repairs an invalid area: each shell and hole is made valid on its own (both windings through
 * buffer(0)), shells are united and holes taken out; a hole outside its shell thus disappears and
 * a duplicate ring merges. Returns null when nothing valid is left.
 */
export function repairGeometry(geometry: UnitGeometry): Repaired | null {
  if (geometry.type === 'Point') return { geometry, kept: 1 };
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const shells: Jts[] = [];
  const holes: Jts[] = [];
  for (const rings of polygons) {
    rings.forEach((ring, i) => (i === 0 ? shells : holes).push(ringArea(ring)));
  }
  const shell = union(shells);
  if (!shell) return null;
  const hole = union(holes);
  const result = hole ? (OverlayOp.overlayOp(shell, hole, OverlayOp.DIFFERENCE) as Jts) : shell;
  if (result.isEmpty() || !new IsValidOp(result).isValid()) return null;
  const out = writer.write(result) as { type: string; coordinates: unknown };
  if (out.type !== 'Polygon' && out.type !== 'MultiPolygon') return null;
  const before = shell.getArea();
  return { geometry: out as UnitGeometry, kept: before > 0 ? result.getArea() / before : 0 };
}

/** Whether a point lies within `degrees` of an area (inside counts as 0). */
export function pointNear(area: UnitGeometry, lon: number, lat: number, degrees: number): boolean {
  return DistanceOp.isWithinDistance(toJts(area), toJts({ type: 'Point', coordinates: [lon, lat] }), degrees);
}
