/**
 * A cluster's cases checked against the daily figures: the cases linked on a day cannot sensibly
 * exceed the new F0 (community + already in quarantine) the communes it lies in reported that day.
 * Only where figures were entered for every one of those communes on that day; a warning, never a
 * refusal (the figures may lag behind).
 */
import type { ClusterWarning } from '../../../shared/contract-clusters';
import { formatDate } from '../../../shared/time';
import type { EngineContext } from '../context';

/** The communes a cluster lies in: those of its units, else its own (a district's: all of them). */
export function communesOfCluster(engine: EngineContext, unitCode: string, placeKind: string, place: string): string[] {
  const codes = placeKind === 'units' ? (JSON.parse(place) as string[]) : [unitCode];
  const unitStmt = engine.db.prepare('SELECT level, parent_code FROM units WHERE code = ?');
  const kidsStmt = engine.db
    .prepare("SELECT code FROM units WHERE parent_code = ? AND level = 'commune' AND deleted = 0 ORDER BY code")
    .pluck();
  const out = new Set<string>();
  for (const c of codes) {
    const u = unitStmt.get(c) as { level: string; parent_code: string | null } | undefined;
    if (!u) continue;
    if (u.level === 'hamlet' && u.parent_code) out.add(u.parent_code);
    else if (u.level === 'district') {
      const kids = kidsStmt.all(c) as string[];
      // A district without communes holds its figures itself.
      for (const k of kids.length > 0 ? kids : [c]) out.add(k);
    } else out.add(c);
  }
  return [...out].sort();
}

/** Days on which the cluster's linked cases exceed the new F0 its communes reported. */
export function caseWarnings(
  engine: EngineContext,
  cluster: { id: string; unit_code: string; place_kind: string; place: string },
): ClusterWarning[] {
  const cases = engine.db
    .prepare('SELECT day, count FROM cluster_cases WHERE cluster_id = ? AND deleted = 0 AND count > 0 ORDER BY day')
    .all(cluster.id) as { day: string; count: number }[];
  if (cases.length === 0) return [];
  const communes = communesOfCluster(engine, cluster.unit_code, cluster.place_kind, cluster.place);
  if (communes.length === 0) return [];
  const marks = communes.map(() => '?').join(', ');
  const figures = engine.db
    .prepare(
      `SELECT day, count(DISTINCT commune_code) AS reported,
         sum(coalesce(f0_community, 0) + coalesce(f0_quarantine, 0)) AS f0
       FROM daily_figures
       WHERE commune_code IN (${marks}) AND day >= ? AND day <= ? AND deleted = 0
         AND (f0_community IS NOT NULL OR f0_quarantine IS NOT NULL)
       GROUP BY day`,
    )
    .all(...communes, cases[0]!.day, cases.at(-1)!.day) as { day: string; reported: number; f0: number }[];
  const byDay = new Map(figures.map((f) => [f.day, f]));
  const names = engine.db.prepare('SELECT name FROM units WHERE code = ?').pluck();
  const where = communes.map((c) => (names.get(c) as string | undefined) ?? c).join(', ');
  const out: ClusterWarning[] = [];
  for (const k of cases) {
    const f = byDay.get(k.day);
    if (!f || f.reported < communes.length || k.count <= f.f0) continue;
    const v = { day: formatDate(k.day), cases: k.count, f0: f.f0, where };
    out.push({
      day: k.day,
      cases: k.count,
      f0: f.f0,
      communes,
      message: {
        vi: `${v.day}: ${v.cases} ca gắn với ổ dịch, nhưng số liệu hằng ngày của ${v.where} chỉ có ${v.f0} F0 mới (cộng đồng + trong khu cách ly). Kiểm tra lại số ca hoặc số liệu (số liệu có thể nhập chậm).`,
        en: `${v.day}: ${v.cases} cases linked to the cluster, but the daily figures of ${v.where} have only ${v.f0} new F0 (community + in quarantine). Check the cases or the figures (the figures may lag).`,
      },
    });
  }
  return out;
}
