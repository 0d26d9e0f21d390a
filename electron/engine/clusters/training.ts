/**
 * The training district's outbreak: one cluster in Ấp 2 of Xã Vĩnh Phước with its cases over the last
 * two weeks, a lockdown of that hamlet linked to it, and the checkpoint guarding its road. Written
 * through the write path with the rest of the training district, dated from `now`, so a first
 * start shows them on the map.
 */
import { addDays, DAY_MS, toVnIso, vnMidnightMs, vnToday } from '../../../shared/time';
import { hamletCode } from '../../../shared/units';
import type { WriteTx } from '../write';

/** Ids of the seeded records (stable, so tests and the manual can name them). */
export const TRAINING_CLUSTER_ID = 'training-cluster-1';
export const TRAINING_LOCKDOWN_ID = 'training-lockdown-1';
export const TRAINING_POST_ID = 'training-post-1';

/** Seeds the outbreak of the training district in commune `communeCode` (its hamlet 2). */
export function seedTrainingOutbreak(tx: WriteTx, communeCode: string, now: number): void {
  const hamlet = hamletCode(communeCode, 2);
  const h = tx.get('unit', hamlet);
  if (!h) return;
  const today = vnToday(now);
  const created = toVnIso(now);
  // The checkpoint on the hamlet's western edge, where the road enters.
  const lon = Number(h['min_lon']);
  const lat = Number(h['label_lat']);
  tx.put('post', {
    id: TRAINING_POST_ID,
    kind: 'checkpoint',
    name: 'Chốt cầu Ấp 2 (tập huấn)',
    parent_id: null,
    lon: Math.round((lon + 0.002) * 1e6) / 1e6,
    lat,
    commune_code: communeCode,
    status: 'active',
    // Set up today: no shift log is due yet on a first start.
    status_since: today,
    opened_on: today,
    commander: 'Nguyễn Văn Tập',
    phone: '0900000000',
    staff_police: 2,
    staff_military: 2,
    staff_border_guard: 0,
    staff_health: 1,
    staff_volunteer: 3,
    shifts_per_day: 3,
    first_shift_start: '06:00',
    border_segment: '',
    markers: '',
    neighbour_country: '',
    note: 'Dữ liệu tập huấn',
    created_at: new Date(now).toISOString(),
    deleted: 0,
  });
  tx.put('cluster', {
    id: TRAINING_CLUSTER_ID,
    name: 'Ổ dịch chợ Ấp 2 (tập huấn)',
    unit_code: hamlet,
    place_kind: 'units',
    place: JSON.stringify([hamlet]),
    opened_on: addDays(today, -12),
    status: 'active',
    closed_on: null,
    closed_by: null,
    note: 'Dữ liệu tập huấn',
    created_at: new Date(now).toISOString(),
    deleted: 0,
  });
  for (const [back, count] of [
    [12, 3],
    [10, 2],
    [7, 4],
    [5, 1],
  ] as const) {
    const day = addDays(today, -back);
    tx.put('clusterCases', {
      id: `${TRAINING_CLUSTER_ID}:${day}`,
      cluster_id: TRAINING_CLUSTER_ID,
      unit_code: hamlet,
      day,
      count,
      note: '',
      entered_by: 'system',
      entered_at: created,
      deleted: 0,
    });
    // The commune's daily figures count these cases among its new F0 (else the cluster would be
    // flagged as having more cases than the commune reported).
    const figure = tx.get('dailyFigure', `${communeCode}|${day}`);
    if (figure) {
      const inQuarantine = Number(figure['f0_quarantine'] ?? 0);
      const missing = count - inQuarantine - Number(figure['f0_community'] ?? 0);
      if (missing > 0) {
        tx.put('dailyFigure', {
          id: figure['id'] as string,
          f0_community: count - inQuarantine,
          positives: Number(figure['positives'] ?? 0) + missing,
        });
      }
    }
  }
  const startsAt = toVnIso(vnMidnightMs(addDays(today, -5)));
  const endsAt = toVnIso(vnMidnightMs(addDays(today, -5)) + 14 * DAY_MS);
  tx.put('lockdown', {
    id: TRAINING_LOCKDOWN_ID,
    name: 'Phong tỏa Ấp 2, Xã Vĩnh Phước (tập huấn)',
    unit_code: hamlet,
    area_kind: 'units',
    area: JSON.stringify([hamlet]),
    starts_at: startsAt,
    ends_at: endsAt,
    reason: 'Ổ dịch chợ Ấp 2: 10 ca cộng đồng chưa rõ nguồn lây',
    cluster_id: TRAINING_CLUSTER_ID,
    post_ids: JSON.stringify([TRAINING_POST_ID]),
    status: 'active',
    ended_at: null,
    note: 'Dữ liệu tập huấn',
    created_at: created,
    deleted: 0,
  });
  tx.put('lockdownChange', {
    id: `${TRAINING_LOCKDOWN_ID}:created`,
    lockdown_id: TRAINING_LOCKDOWN_ID,
    unit_code: hamlet,
    at: created,
    by: 'system',
    kind: 'created',
    from_ends_at: null,
    to_ends_at: endsAt,
    reason: 'Ổ dịch chợ Ấp 2: 10 ca cộng đồng chưa rõ nguồn lây',
    deleted: 0,
  });
}
