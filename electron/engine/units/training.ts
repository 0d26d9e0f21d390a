import type { Position } from 'geojson';
import { hamletCode } from '../../../shared/units';
import { geometryColumns } from './repo';
import type { WriteTx } from '../write';
import type { Row } from '../entities';
import { addDays } from '../../../shared/time';

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

/** Columns and rows of communes; each commune is split into 2 × 2 hamlets. */
const COLS = 3;
const ROWS = 2;
const CELL = 0.03; // degrees per hamlet cell
/** Open sea south-east of Côn Đảo: nowhere near a real commune, so it can never be mistaken. */
const ORIGIN: Position = [108.6, 8.55];

/** Deterministic pseudo-random numbers (mulberry32), so every install seeds the same map. */
function random(seed: number): () => number {
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

/** Days of plausible daily figures the training district gets, ending yesterday. */
export const TRAINING_FIGURE_DAYS = 28;

/**
 * Four weeks of plausible daily figures for the training communes, ending the day before `today`
 * (Vietnam): an outbreak rising and easing in two communes, sporadic cases elsewhere, tests,
 * quarantine by type and vaccine doses, so a first start shows trends and a suggestion fed by them.
 * Written through the write path (one audit entry for them all).
 */
export function seedTrainingFigures(tx: WriteTx, today: string, at: string): void {
  const rnd = random(4800);
  const rows: Row[] = [];
  const start = addDays(today, -TRAINING_FIGURE_DAYS);
  COMMUNES.forEach((_c, n) => {
    const code = `${TRAINING_DISTRICT_CODE}${String(n + 1).padStart(2, '0')}`;
    // Communes 1 and 3 have an outbreak peaking around day 16 and 20; the others see a few cases.
    const peak = n === 0 ? 16 : n === 2 ? 20 : -1;
    const size = n === 0 ? 9 : 5;
    let facility = 10 + Math.round(rnd() * 10);
    let health = 2;
    let home = 30 + Math.round(rnd() * 30);
    for (let i = 0; i < TRAINING_FIGURE_DAYS; i++) {
      const day = addDays(start, i);
      const wave = peak < 0 ? 0 : Math.max(0, size - Math.abs(i - peak) * (size / 7));
      const community = Math.round(wave * (0.6 + rnd() * 0.8) + (rnd() < 0.08 ? 1 : 0));
      const inQuarantine = Math.round(wave * 0.5 * rnd());
      const samples = 60 + Math.round(rnd() * 80 + wave * 25);
      const f1 = Math.round((community + inQuarantine) * (3 + rnd() * 5));
      const q = (now: number, fresh: number, share: number): [number, number, number] => {
        const released = Math.min(now, Math.round(now * share * rnd()));
        return [now + fresh - released, fresh, released];
      };
      const [fIn, fNew, fRel] = q(facility, Math.round(f1 * 0.4), 0.12);
      const [hIn, hNew, hRel] = q(health, inQuarantine + (community > 2 ? 1 : 0), 0.2);
      const [mIn, mNew, mRel] = q(home, Math.round(f1 * 0.6), 0.1);
      facility = fIn;
      health = hIn;
      home = mIn;
      rows.push({
        id: `${code}|${day}`,
        unit_code: code,
        commune_code: code,
        district_code: TRAINING_DISTRICT_CODE,
        day,
        f0_community: community,
        f0_quarantine: inQuarantine,
        f1_traced: f1,
        samples,
        positives: community + inQuarantine,
        q_facility_in: fIn,
        q_facility_new: fNew,
        q_facility_released: fRel,
        q_health_in: hIn,
        q_health_new: hNew,
        q_health_released: hRel,
        q_home_in: mIn,
        q_home_new: mNew,
        q_home_released: mRel,
        dose1: Math.round(20 + rnd() * 60),
        dose2: Math.round(30 + rnd() * 80),
        dose_booster: Math.round(rnd() * 20),
        deaths: rnd() < 0.02 ? 1 : 0,
        recoveries: Math.round(wave * 0.6 * rnd()),
        entered_by: 'Dữ liệu tập huấn',
        entered_at: at,
        deleted: 0,
      });
    }
  });
  tx.createMany('dailyFigure', rows, 'training:figures');
}
