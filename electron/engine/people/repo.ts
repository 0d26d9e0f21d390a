/** SQL and row mapping of people, assignments, steering teams and community teams. */
import type Database from 'better-sqlite3';
import type { Assignment, CommunityTeam, Person, SteeringTeam } from '../../../shared/contract-people';
import {
  type AssignmentRole,
  type CommitteeLevel,
  type CoverageRules,
  coverageRulesSchema,
  DEFAULT_COVERAGE_RULES,
  duplicateReason,
  type PersonKey,
  periodState,
  type TeamRole,
  vnToday,
} from '../../../shared/people';
import { EngineError, type LocalText, msg } from '../../../shared/result';
import type { EngineContext } from '../context';
import { readSetting } from '../settings/settings';
import { getUnitRow, SUBTREE_CTE, type UnitRow } from '../units/repo';

/** A people row. */
export interface PersonRow {
  id: string;
  full_name: string;
  position: string;
  committee_level: CommitteeLevel | null;
  unit_code: string | null;
  phones: string;
  notes: string;
  deleted: number;
}
/** An assignments row. */
export interface AssignmentRow {
  id: string;
  person_id: string;
  unit_code: string;
  role: AssignmentRole;
  from_date: string;
  to_date: string | null;
  notes: string;
  deleted: number;
}
/** A steering_teams row. */
export interface SteeringRow {
  id: string;
  name: string;
  leader_id: string | null;
  member_ids: string;
  area_codes: string;
  from_date: string;
  to_date: string | null;
  notes: string;
  deleted: number;
}
/** A community_teams row. */
export interface CommunityRow {
  id: string;
  hamlet_code: string;
  name: string;
  leader_id: string | null;
  members: string;
  households: number | null;
  decision_number: string;
  decision_date: string | null;
  notes: string;
  deleted: number;
}
/** A community team member as stored in its JSON column. */
export type StoredMember = { readonly personId: string; readonly role: TeamRole };

/** The settings key of the coverage rules. */
export const COVERAGE_RULES_KEY = 'coverageRules';

/** The coverage rules stored in settings, or the defaults. */
export function coverageRules(db: Database.Database): CoverageRules {
  return readSetting(db, COVERAGE_RULES_KEY, coverageRulesSchema, DEFAULT_COVERAGE_RULES);
}

/** A JSON array column; anything else reads as empty. */
export function parseJsonArray<T>(text: string): T[] {
  const v = JSON.parse(text) as unknown;
  return Array.isArray(v) ? (v as T[]) : [];
}

/** Today's date in Vietnam by the engine's clock. */
export function todayOf(engine: Pick<EngineContext, 'now'>): string {
  return vnToday(engine.now());
}

/** A unit row by code (live or not), or undefined. */
export function unitRow(db: Database.Database, code: string | null): UnitRow | undefined {
  return code ? getUnitRow(db, code) : undefined;
}

/** A unit's name, or its code when unknown. */
export function unitName(db: Database.Database, code: string | null): string | null {
  return unitRow(db, code)?.name ?? code;
}

/** A person row (live or deleted). */
export function personRow(db: Database.Database, id: string): PersonRow | undefined {
  return db.prepare('SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
}

/** A live person, or a not-found error. */
export function requirePerson(db: Database.Database, id: string): PersonRow {
  const p = personRow(db, id);
  if (!p || p.deleted)
    throw new EngineError('not-found', msg('Không có người mã {id}', 'No person with id {id}', { id }));
  return p;
}

/** Every live person. */
export function livePeople(db: Database.Database): PersonRow[] {
  return db.prepare('SELECT * FROM people WHERE deleted = 0').all() as PersonRow[];
}

/** The contract's person. */
export function toPerson(db: Database.Database, r: PersonRow): Person {
  return {
    id: r.id,
    fullName: r.full_name,
    position: r.position,
    committeeLevel: r.committee_level,
    unitCode: r.unit_code,
    unitName: unitName(db, r.unit_code),
    phones: parseJsonArray<string>(r.phones),
    notes: r.notes,
  };
}

/** What two records are compared by to find a duplicate person. */
export function keyOf(r: PersonRow): PersonKey {
  return { fullName: r.full_name, position: r.position, phones: parseJsonArray<string>(r.phones) };
}

/** A duplicate found, with why it counts as one. */
export interface Duplicate {
  readonly row: PersonRow;
  readonly why: LocalText;
}

/** The first person of `among` that `key` duplicates (other than `except`), with why. */
export function findDuplicate(key: PersonKey, among: readonly PersonRow[], except?: string): Duplicate | null {
  for (const r of among) {
    if (r.id === except) continue;
    const why = duplicateReason(key, keyOf(r));
    if (why) {
      return {
        row: r,
        why:
          why === 'name-phone'
            ? msg('cùng tên và số điện thoại', 'same name and phone')
            : msg('cùng tên và chức vụ', 'same name and position'),
      };
    }
  }
  return null;
}

/** "`name` duplicates person X" in both languages. */
export function duplicateMessage(name: string, d: Duplicate): LocalText {
  return {
    vi: `${name}: trùng với người đã có (${d.why.vi}) mã ${d.row.id}`,
    en: `${name}: duplicates existing person ${d.row.id} (${d.row.full_name}; ${d.why.en})`,
  };
}

/** A live assignment, or a not-found error. */
export function assignmentRow(db: Database.Database, id: string): AssignmentRow {
  const r = db.prepare('SELECT * FROM assignments WHERE id = ? AND deleted = 0').get(id) as AssignmentRow | undefined;
  if (!r) throw new EngineError('not-found', msg('Không có phân công mã {id}', 'No assignment {id}', { id }));
  return r;
}

/** Every live assignment. */
export function liveAssignments(db: Database.Database): AssignmentRow[] {
  return db.prepare('SELECT * FROM assignments WHERE deleted = 0').all() as AssignmentRow[];
}

/** The contract's assignment; `names` saves a query per row in lists. */
export function toAssignment(
  db: Database.Database,
  today: string,
  r: AssignmentRow,
  names?: Map<string, string>,
): Assignment {
  const u = unitRow(db, r.unit_code);
  return {
    id: r.id,
    personId: r.person_id,
    personName: names?.get(r.person_id) ?? personRow(db, r.person_id)?.full_name ?? r.person_id,
    unitCode: r.unit_code,
    unitName: u?.name ?? r.unit_code,
    unitLevel: u?.level ?? '',
    role: r.role,
    from: r.from_date,
    to: r.to_date,
    notes: r.notes,
    state: periodState(r.from_date, r.to_date, today),
  };
}

/** Codes of `within` and everything under it, or null for "everywhere". */
export function subtreeCodes(engine: EngineContext, within: string | undefined): Set<string> | null {
  if (!within) return null;
  engine.requireUnit(within);
  const rows = engine.db.prepare(`${SUBTREE_CTE} SELECT code FROM subtree`).all(within) as { code: string }[];
  return new Set(rows.map((r) => r.code));
}

/** Every live steering team. */
export function steeringRows(db: Database.Database): SteeringRow[] {
  return db.prepare('SELECT * FROM steering_teams WHERE deleted = 0').all() as SteeringRow[];
}

/** The contract's steering team. */
export function toSteering(db: Database.Database, today: string, r: SteeringRow): SteeringTeam {
  const memberIds = parseJsonArray<string>(r.member_ids);
  const areaCodes = parseJsonArray<string>(r.area_codes);
  return {
    id: r.id,
    name: r.name,
    leaderId: r.leader_id,
    leaderName: r.leader_id ? (personRow(db, r.leader_id)?.full_name ?? r.leader_id) : null,
    memberIds,
    memberNames: memberIds.map((m) => personRow(db, m)?.full_name ?? m),
    areaCodes,
    areaNames: areaCodes.map((c) => unitName(db, c) ?? c),
    from: r.from_date,
    to: r.to_date,
    notes: r.notes,
    state: periodState(r.from_date, r.to_date, today),
  };
}

/** Every live community team. */
export function communityRows(db: Database.Database): CommunityRow[] {
  return db.prepare('SELECT * FROM community_teams WHERE deleted = 0').all() as CommunityRow[];
}

/** The contract's community team. */
export function toCommunity(db: Database.Database, r: CommunityRow): CommunityTeam {
  const hamlet = unitRow(db, r.hamlet_code);
  return {
    id: r.id,
    hamletCode: r.hamlet_code,
    hamletName: hamlet?.name ?? r.hamlet_code,
    communeCode: hamlet?.parent_code ?? null,
    name: r.name,
    leaderId: r.leader_id,
    members: parseJsonArray<StoredMember>(r.members).map((m) => {
      const p = personRow(db, m.personId);
      return {
        personId: m.personId,
        fullName: p?.full_name ?? m.personId,
        phones: p ? parseJsonArray<string>(p.phones) : [],
        role: m.role,
      };
    }),
    households: r.households,
    decisionNumber: r.decision_number,
    decisionDate: r.decision_date,
    notes: r.notes,
  };
}

/** Refuses a period that ends before it starts. */
export function checkPeriod(from: string, to: string | null | undefined, what: string): void {
  if (to && to < from) {
    throw new EngineError(
      'bad-request',
      msg('{what}: ngày kết thúc {to} trước ngày bắt đầu {from}', '{what}: ends on {to}, before it starts on {from}', {
        what,
        to,
        from,
      }),
    );
  }
}
