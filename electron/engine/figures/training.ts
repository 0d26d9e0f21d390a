/**
 * The training district's daily figures: four weeks of plausible numbers written on a first
 * start, so the grid, the trends and the suggestions have something to show. The district itself
 * (units, hamlets, shapes) is seeded by units/training.ts, which knows nothing of figures.
 */
import { addDays } from '../../../shared/time';
import { ENTITIES, type Row } from '../entities';
import { random, TRAINING_COMMUNE_CODES, TRAINING_DISTRICT_CODE } from '../units/training';
import type { WriteTx } from '../write';
import { BATCH_PREFIX } from './day';

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
  TRAINING_COMMUNE_CODES.forEach((code, n) => {
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
  const cols = ENTITIES.dailyFigure.columns;
  tx.createMany(
    'dailyFigure',
    rows.map((r) => cols.map((c) => r[c] ?? null)),
    `${BATCH_PREFIX}training`,
  );
}
