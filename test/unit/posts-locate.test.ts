/**
 * Point-in-commune lookup on the real Bạc Liêu commune polygons, including points a few metres
 * either side of a border two communes share, and a point exactly on it.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { call, freshEngine } from '../helpers/engine';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';

const available = sharedDataAvailable();

type Ring = [number, number][];
interface CommuneFeature {
  properties: { code: string; name: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

const outerRings = (f: CommuneFeature): Ring[] =>
  f.geometry.type === 'Polygon' ? [f.geometry.coordinates[0]!] : f.geometry.coordinates.map((p) => p[0]!);

/** Signed shoelace area (positive = counter-clockwise), computed here independently of the engine. */
const signedArea = (ring: Ring): number => {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return a / 2;
};
const totalArea = (f: CommuneFeature): number => {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  return polys.reduce(
    (s, p) => s + Math.abs(signedArea(p[0]!)) - p.slice(1).reduce((h, r) => h + Math.abs(signedArea(r)), 0),
    0,
  );
};

describe.skipIf(!available)('point-in-commune on the real Bạc Liêu communes', () => {
  let engine: Engine;
  let features: CommuneFeature[];
  const byCode = (c: string): CommuneFeature => features.find((f) => f.properties.code === c)!;

  beforeAll(() => {
    const file = sharedFile('boundaries', 'communes_95_bac-lieu.geojson');
    const text = fs.readFileSync(file, 'utf8');
    features = (JSON.parse(text) as { features: CommuneFeature[] }).features.filter((f) => f.properties.code);
    engine = freshEngine().engine;
    call(engine, 'import.boundaries', { fileName: 'communes_95_bac-lieu.geojson', text });
  });
  afterAll(() => engine.close());

  const locate = (lon: number, lat: number) => call(engine, 'posts.locate', { lon, lat });

  it('finds the commune of a point well inside it, and none out at sea', () => {
    const units = call(engine, 'units.list', { level: 'commune' });
    expect(units).toHaveLength(64);
    // Every commune's label point (a point guaranteed inside its polygon) is found in that commune.
    for (const u of units) {
      const [lon, lat] = u.labelPoint!;
      expect(locate(lon, lat).communeCode, u.name).toBe(u.code);
    }
    expect(locate(105.9, 8.9)).toEqual({ communeCode: null, communeName: null, candidates: [] });
  });

  it('steps a few metres either side of a border two communes share, and settles a point on it', () => {
    // Find an edge the two communes share exactly (same consecutive vertices in both rings).
    const a = byCode('31831');
    const b = byCode('31930');
    const bKeys = new Set(outerRings(b).flatMap((r) => r.map((c) => `${c[0]},${c[1]}`)));
    let edge: { p: [number, number]; q: [number, number]; ccw: boolean } | null = null;
    for (const ring of outerRings(a)) {
      for (let i = 0; i < ring.length - 1 && !edge; i++) {
        const p = ring[i]!;
        const q = ring[i + 1]!;
        const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
        if (bKeys.has(`${p[0]},${p[1]}`) && bKeys.has(`${q[0]},${q[1]}`) && len > 0.0005) {
          edge = { p, q, ccw: signedArea(ring) > 0 };
        }
      }
    }
    expect(edge, 'a shared edge between 31831 and 31930').not.toBeNull();
    const { p, q, ccw } = edge!;
    const mid: [number, number] = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
    // Unit normal to the left of p→q: inside A when A's ring runs counter-clockwise.
    const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
    const left: [number, number] = [-(q[1] - p[1]) / len, (q[0] - p[0]) / len];
    const inward: [number, number] = ccw ? left : [-left[0], -left[1]];
    const step = 5 / 111_000; // about 5 metres in degrees at this latitude
    const intoA = locate(mid[0] + inward[0] * step, mid[1] + inward[1] * step);
    const intoB = locate(mid[0] - inward[0] * step, mid[1] - inward[1] * step);
    expect(intoA.communeCode).toBe('31831');
    expect(intoB.communeCode).toBe('31930');
    expect(intoA.candidates).toEqual(['31831']);
    expect(intoB.candidates).toEqual(['31930']);

    // Exactly on the shared border (and on a shared vertex) both polygons hold the point; the
    // smaller commune wins, every time.
    const smaller = totalArea(a) < totalArea(b) ? '31831' : '31930';
    for (const pt of [mid, p]) {
      const onBorder = locate(pt[0], pt[1]);
      expect(onBorder.candidates).toEqual(['31831', '31930']);
      expect(onBorder.communeCode).toBe(smaller);
      expect(locate(pt[0], pt[1])).toEqual(onBorder);
    }
  });

  it('saving a post finds its commune from the point, and keeps an operator’s choice', () => {
    const ldd = call(engine, 'units.get', { code: '31975' }).unit;
    const [lon, lat] = ldd.labelPoint!;
    const auto = call(engine, 'posts.save', { kind: 'checkpoint', name: 'Chốt cầu Gành Hào', lon, lat });
    expect(auto.communeCode).toBe('31975');
    expect(auto.communeName).toBe(ldd.name);
    const chosen = call(engine, 'posts.save', {
      id: auto.id,
      kind: 'checkpoint',
      name: 'Chốt cầu Gành Hào',
      lon,
      lat,
      communeCode: '31978',
    });
    expect(chosen.communeCode).toBe('31978');
    // Moving the point without naming a commune finds it again.
    const moved = call(engine, 'posts.save', { id: auto.id, kind: 'checkpoint', name: 'Chốt cầu Gành Hào', lon, lat });
    expect(moved.communeCode).toBe('31975');
  });
});
