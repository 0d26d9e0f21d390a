import type { Position } from 'geojson';
import { hamletCode } from '../../../shared/units';
import { geometryColumns } from './repo';
import type { WriteTx } from '../write';

/** Code of the fictional training province. GSO never issued it (real codes stop at 96). */
export const TRAINING_PROVINCE_CODE = '99';
/** Code of the fictional training district (real district codes stop at 973). */
export const TRAINING_DISTRICT_CODE = '999';

const COMMUNES = [
  { name: 'Xã An Bình', type: 'Xã' },
  { name: 'Xã Phú Thạnh', type: 'Xã' },
  { name: 'Thị trấn Hòa Lạc', type: 'Thị trấn' },
  { name: 'Xã Tân Hưng', type: 'Xã' },
  { name: 'Xã Long Mỹ', type: 'Xã' },
  { name: 'Xã Vĩnh Phước', type: 'Xã' },
] as const;

/** Codes of the training communes (`99901` …), in order. */
export const TRAINING_COMMUNE_CODES: readonly string[] = COMMUNES.map(
  (_c, n) => `${TRAINING_DISTRICT_CODE}${String(n + 1).padStart(2, '0')}`,
);

/** Columns and rows of communes; each commune is split into 2 × 2 hamlets. */
const COLS = 3;
const ROWS = 2;
const CELL = 0.03; // degrees per hamlet cell
/** Open sea south-east of Côn Đảo: nowhere near a real commune, so it can never be mistaken. */
const ORIGIN: Position = [108.6, 8.55];

/** Deterministic pseudo-random numbers (mulberry32), so every install seeds the same map. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes the clearly labelled fictional training district ("Huyện Tập Huấn", 6 communes,
 * 4 hamlets each) through the write path. Neighbouring areas share their jittered vertices, so
 * the map has no gaps or overlaps.
 */
export function seedTrainingDistrict(tx: WriteTx): void {
  const rnd = random(2021);
  const nx = COLS * 2 + 1;
  const ny = ROWS * 2 + 1;
  const grid: Position[][] = [];
  for (let j = 0; j < ny; j++) {
    const row: Position[] = [];
    for (let i = 0; i < nx; i++) {
      const inner = i > 0 && i < nx - 1 && j > 0 && j < ny - 1;
      const jx = inner ? (rnd() - 0.5) * CELL * 0.5 : 0;
      const jy = inner ? (rnd() - 0.5) * CELL * 0.5 : 0;
      row.push([round(ORIGIN[0]! + i * CELL + jx), round(ORIGIN[1]! + j * CELL + jy)]);
    }
    grid.push(row);
  }
  const v = (i: number, j: number): Position => grid[j]![i]!;
  /** A closed counter-clockwise ring along the grid from (i0,j0) to (i1,j1), every vertex kept. */
  const block = (i0: number, j0: number, i1: number, j1: number): Position[] => {
    const ring: Position[] = [];
    for (let i = i0; i < i1; i++) ring.push(v(i, j0));
    for (let j = j0; j < j1; j++) ring.push(v(i1, j));
    for (let i = i1; i > i0; i--) ring.push(v(i, j1));
    for (let j = j1; j > j0; j--) ring.push(v(i0, j));
    ring.push(v(i0, j0));
    return ring;
  };

  tx.put('unit', {
    code: TRAINING_PROVINCE_CODE,
    level: 'province',
    parent_code: null,
    name: 'Tỉnh Tập Huấn (giả định)',
    type: 'Tỉnh',
    population: null,
    households: null,
    deleted: 0,
    ...geometryColumns({ type: 'Polygon', coordinates: [block(0, 0, nx - 1, ny - 1)] }),
  });
  tx.put('unit', {
    code: TRAINING_DISTRICT_CODE,
    level: 'district',
    parent_code: TRAINING_PROVINCE_CODE,
    name: 'Huyện Tập Huấn (dữ liệu giả định)',
    type: 'Huyện',
    population: null,
    households: null,
    deleted: 0,
    ...geometryColumns({ type: 'Polygon', coordinates: [block(0, 0, nx - 1, ny - 1)] }),
  });
  COMMUNES.forEach((c, n) => {
    const ci = (n % COLS) * 2;
    const cj = (ROWS - 1 - Math.floor(n / COLS)) * 2;
    const code = `${TRAINING_DISTRICT_CODE}${String(n + 1).padStart(2, '0')}`;
    let communePop = 0;
    const hamlets: { code: string; name: string; ring: Position[]; pop: number }[] = [];
    for (let h = 0; h < 4; h++) {
      const hi = ci + (h % 2);
      const hj = cj + 1 - Math.floor(h / 2);
      const pop = 800 + Math.round(rnd() * 2400);
      communePop += pop;
      hamlets.push({
        code: hamletCode(code, h + 1),
        name: c.type === 'Thị trấn' ? `Khu phố ${h + 1}` : `Ấp ${h + 1}`,
        ring: block(hi, hj, hi + 1, hj + 1),
        pop,
      });
    }
    tx.put('unit', {
      code,
      level: 'commune',
      parent_code: TRAINING_DISTRICT_CODE,
      name: c.name,
      type: c.type,
      population: communePop,
      households: Math.round(communePop / 3.8),
      deleted: 0,
      ...geometryColumns({ type: 'Polygon', coordinates: [block(ci, cj, ci + 2, cj + 2)] }),
    });
    for (const h of hamlets) {
      tx.put('unit', {
        code: h.code,
        level: 'hamlet',
        parent_code: code,
        name: h.name,
        type: c.type === 'Thị trấn' ? 'Khu phố' : 'Ấp',
        population: h.pop,
        households: Math.round(h.pop / 3.8),
        deleted: 0,
        ...geometryColumns({ type: 'Polygon', coordinates: [h.ring] }),
      });
    }
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
