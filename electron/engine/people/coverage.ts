/** Who oversees each commune and hamlet, and the coverage warnings. */
import type { Output } from '../../../shared/contract';
import type { CoverageUnitState } from '../../../shared/contract-people';
import { type CoverageUnit, coverageWarnings, periodState, sortByViName } from '../../../shared/people';
import type { EngineContext } from '../context';
import { levelsAt } from '../risk/repo';
import {
  communityRows,
  coverageRules,
  liveAssignments,
  livePeople,
  parseJsonArray,
  type StoredMember,
  steeringRows,
  subtreeCodes,
  todayOf,
  unitName,
  unitRow,
} from './repo';

type Overseer = CoverageUnitState['overseers'][number];

/**
 * Who oversees each commune and hamlet now: active direct assignments, active steering teams
 * (their communes, or every commune of a district they direct), and community team members.
 */
export function overseers(engine: EngineContext): Map<string, Overseer[]> {
  const db = engine.db;
  const t = todayOf(engine);
  const live = new Map(livePeople(db).map((p) => [p.id, p.full_name]));
  const out = new Map<string, Overseer[]>();
  const add = (code: string, o: Overseer): void => {
    const list = out.get(code) ?? [];
    if (!list.some((x) => x.personId === o.personId && x.role === o.role && x.source === o.source)) list.push(o);
    out.set(code, list);
  };
  for (const a of liveAssignments(db)) {
    const name = live.get(a.person_id);
    if (name && periodState(a.from_date, a.to_date, t) === 'active') {
      add(a.unit_code, { personId: a.person_id, fullName: name, role: a.role, source: 'assignment' });
    }
  }
  const communesOf = db.prepare("SELECT code FROM units WHERE parent_code = ? AND level = 'commune' AND deleted = 0");
  for (const s of steeringRows(db)) {
    if (periodState(s.from_date, s.to_date, t) !== 'active') continue;
    const people: { id: string; role: string }[] = [
      ...(s.leader_id ? [{ id: s.leader_id, role: 'truong-to' }] : []),
      ...parseJsonArray<string>(s.member_ids).map((id) => ({ id, role: 'thanh-vien' })),
    ];
    for (const area of parseJsonArray<string>(s.area_codes)) {
      const u = unitRow(db, area);
      if (!u || u.deleted) continue;
      const codes =
        u.level === 'district' ? (communesOf.all(u.code) as { code: string }[]).map((c) => c.code) : [u.code];
      for (const code of codes) {
        for (const p of people) {
          const name = live.get(p.id);
          if (name) add(code, { personId: p.id, fullName: name, role: p.role, source: 'steering' });
        }
      }
    }
  }
  for (const c of communityRows(db)) {
    for (const m of parseJsonArray<StoredMember>(c.members)) {
      const name = live.get(m.personId);
      if (name) {
        const role = m.personId === c.leader_id ? 'leader' : m.role;
        add(c.hamlet_code, { personId: m.personId, fullName: name, role, source: 'community' });
      }
    }
  }
  return out;
}

/** The units under `within` that someone oversees or that have a community team. */
export function coverageMap(engine: EngineContext, within: string): Output<'coverage.map'> {
  const scope = subtreeCodes(engine, within)!;
  const by = overseers(engine);
  const teams = new Map(communityRows(engine.db).map((c) => [c.hamlet_code, c.name]));
  const out: CoverageUnitState[] = [];
  for (const code of [...scope].sort()) {
    const list = by.get(code) ?? [];
    const teamName = teams.get(code) ?? null;
    if (list.length > 0 || teamName) out.push({ code, overseers: sortByViName(list, (o) => o.fullName), teamName });
  }
  return out;
}

/** Communes and hamlets without the cover the rules ask for at their risk level. */
export function coverageWarningsOf(engine: EngineContext, within: string | undefined): Output<'coverage.warnings'> {
  const db = engine.db;
  const scope = subtreeCodes(engine, within);
  const inScope = (code: string): boolean => !scope || scope.has(code);
  const at = new Date(engine.now()).toISOString();
  const levels = new Map(levelsAt(engine, at, within).map((l) => [l.code, l.level]));
  const units = (
    db
      .prepare("SELECT code, name, level, parent_code FROM units WHERE deleted = 0 AND level IN ('commune', 'hamlet')")
      .all() as { code: string; name: string; level: 'commune' | 'hamlet'; parent_code: string | null }[]
  )
    .filter((u) => inScope(u.code))
    .map((u): CoverageUnit => ({
      code: u.code,
      name: u.name,
      level: u.level,
      parentCode: u.parent_code,
      riskLevel: levels.get(u.code) ?? 0,
    }));
  const by = overseers(engine);
  const overseen = new Set(
    [...by.entries()].filter(([, list]) => list.some((o) => o.source !== 'community')).map(([c]) => c),
  );
  const live = new Map(livePeople(db).map((p) => [p.id, p.full_name]));
  const teams = communityRows(db)
    .filter((c) => inScope(c.hamlet_code))
    .map((c) => ({
      id: c.id,
      name: c.name,
      hamletCode: c.hamlet_code,
      roles: parseJsonArray<StoredMember>(c.members)
        .filter((m) => live.has(m.personId))
        .map((m) => m.role),
    }));
  const assignments = liveAssignments(db)
    .filter((a) => live.has(a.person_id) && inScope(a.unit_code))
    .map((a) => ({
      id: a.id,
      personId: a.person_id,
      personName: live.get(a.person_id)!,
      unitCode: a.unit_code,
      unitName: unitName(db, a.unit_code) ?? a.unit_code,
      from: a.from_date,
      to: a.to_date,
    }));
  return coverageWarnings({ units, overseen, teams, assignments, today: todayOf(engine) }, coverageRules(db));
}
