import crypto from 'node:crypto';
import Papa from 'papaparse';
import type {
  Assignment,
  CommunityTeam,
  CoverageUnitState,
  DirectoryEntry,
  PeopleImportReport,
  Person,
  SteeringTeam,
  peopleApi,
} from '../../shared/contract-people';
import {
  ASSIGNMENT_ROLES,
  DEFAULT_COVERAGE_RULES,
  ROLE_LABELS,
  TEAM_ROLES,
  type AssignmentRole,
  type CommitteeLevel,
  type CoverageRules,
  type CoverageUnit,
  type PersonKey,
  type TeamRole,
  coverageRulesSchema,
  coverageWarnings,
  duplicateReason,
  isIsoDate,
  matchesPerson,
  normalisePhones,
  parseCommitteeLevel,
  parseRole,
  periodState,
  sortByViName,
  vnToday,
} from '../../shared/people';
import { EngineError } from '../../shared/result';
import { compareVi, fold } from '../../shared/text';
import { commonAncestor } from '../../shared/units';
import type { EngineContext, HandlersOf } from './context';
import type { Row } from './entities';
import { levelsAt } from './risk';
import { ancestryOf, getUnitRow, SUBTREE_CTE, type UnitRow } from './units-repo';
import type { WriteTx } from './write';

interface PersonRow {
  id: string;
  full_name: string;
  position: string;
  committee_level: CommitteeLevel | null;
  unit_code: string | null;
  phones: string;
  notes: string;
  deleted: number;
}
interface AssignmentRow {
  id: string;
  person_id: string;
  unit_code: string;
  role: AssignmentRole;
  from_date: string;
  to_date: string | null;
  notes: string;
  deleted: number;
}
interface SteeringRow {
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
interface CommunityRow {
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
type StoredMember = { readonly personId: string; readonly role: TeamRole };

const RULES_KEY = 'coverageRules';

function parseJsonArray<T>(text: string): T[] {
  const v = JSON.parse(text) as unknown;
  return Array.isArray(v) ? (v as T[]) : [];
}

/** Quotes a CSV cell when needed; cells Excel would read as a formula get a leading apostrophe. */
function csvCell(v: string | number | null): string {
  const t = v === null ? '' : String(v);
  return /[",\n\r]|^[=+\-@]/.test(t) ? `"${t.replace(/"/g, '""').replace(/^([=+\-@])/, "'$1")}"` : t;
}

/** The methods of the leaders-and-teams contract. */
export function peopleHandlers(engine: EngineContext, now: () => number): HandlersOf<typeof peopleApi> {
  const db = engine.db;
  const today = (): string => vnToday(now());

  const unitRow = (code: string | null): UnitRow | undefined => (code ? getUnitRow(db, code) : undefined);
  const unitName = (code: string | null): string | null => {
    const u = unitRow(code);
    return u ? u.name : code;
  };

  const personRow = (id: string): PersonRow | undefined =>
    db.prepare('SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
  const requirePerson = (id: string): PersonRow => {
    const p = personRow(id);
    if (!p || p.deleted) throw new EngineError('not-found', `Không có người mã ${id} / no person with id ${id}`);
    return p;
  };
  const livePeople = (): PersonRow[] => db.prepare('SELECT * FROM people WHERE deleted = 0').all() as PersonRow[];
  const toPerson = (r: PersonRow): Person => ({
    id: r.id,
    fullName: r.full_name,
    position: r.position,
    committeeLevel: r.committee_level,
    unitCode: r.unit_code,
    unitName: unitName(r.unit_code),
    phones: parseJsonArray<string>(r.phones),
    notes: r.notes,
  });
  const keyOf = (r: PersonRow): PersonKey => ({
    fullName: r.full_name,
    position: r.position,
    phones: parseJsonArray<string>(r.phones),
  });
  /** The first live person `key` duplicates (other than `except`), with why. */
  const findDuplicate = (
    key: PersonKey,
    except?: string,
    among: readonly PersonRow[] = livePeople(),
  ): { row: PersonRow; why: string } | null => {
    for (const r of among) {
      if (r.id === except) continue;
      const why = duplicateReason(key, keyOf(r));
      if (why) {
        return {
          row: r,
          why:
            why === 'name-phone'
              ? 'cùng tên và số điện thoại / same name and phone'
              : 'cùng tên và chức vụ / same name and position',
        };
      }
    }
    return null;
  };
  const duplicateMessage = (name: string, d: { row: PersonRow; why: string }): string =>
    `${name}: trùng với người đã có (${d.why}) mã ${d.row.id} / duplicates existing person ${d.row.id} (${d.row.full_name})`;

  const assignmentRow = (id: string): AssignmentRow => {
    const r = db.prepare('SELECT * FROM assignments WHERE id = ? AND deleted = 0').get(id) as AssignmentRow | undefined;
    if (!r) throw new EngineError('not-found', `Không có phân công mã ${id} / no assignment ${id}`);
    return r;
  };
  const toAssignment = (r: AssignmentRow, names?: Map<string, string>): Assignment => {
    const u = unitRow(r.unit_code);
    return {
      id: r.id,
      personId: r.person_id,
      personName: names?.get(r.person_id) ?? personRow(r.person_id)?.full_name ?? r.person_id,
      unitCode: r.unit_code,
      unitName: u?.name ?? r.unit_code,
      unitLevel: u?.level ?? '',
      role: r.role,
      from: r.from_date,
      to: r.to_date,
      notes: r.notes,
      state: periodState(r.from_date, r.to_date, today()),
    };
  };

  /** Codes of `within` and everything under it, or null for "everywhere". */
  const subtree = (within: string | undefined): Set<string> | null => {
    if (!within) return null;
    engine.requireUnit(within);
    const rows = db.prepare(`${SUBTREE_CTE} SELECT code FROM subtree`).all(within) as { code: string }[];
    return new Set(rows.map((r) => r.code));
  };

  const steeringRows = (): SteeringRow[] =>
    db.prepare('SELECT * FROM steering_teams WHERE deleted = 0').all() as SteeringRow[];
  const toSteering = (r: SteeringRow): SteeringTeam => {
    const memberIds = parseJsonArray<string>(r.member_ids);
    const areaCodes = parseJsonArray<string>(r.area_codes);
    return {
      id: r.id,
      name: r.name,
      leaderId: r.leader_id,
      leaderName: r.leader_id ? (personRow(r.leader_id)?.full_name ?? r.leader_id) : null,
      memberIds,
      memberNames: memberIds.map((m) => personRow(m)?.full_name ?? m),
      areaCodes,
      areaNames: areaCodes.map((c) => unitName(c) ?? c),
      from: r.from_date,
      to: r.to_date,
      notes: r.notes,
      state: periodState(r.from_date, r.to_date, today()),
    };
  };

  const communityRows = (): CommunityRow[] =>
    db.prepare('SELECT * FROM community_teams WHERE deleted = 0').all() as CommunityRow[];
  const toCommunity = (r: CommunityRow): CommunityTeam => {
    const hamlet = unitRow(r.hamlet_code);
    return {
      id: r.id,
      hamletCode: r.hamlet_code,
      hamletName: hamlet?.name ?? r.hamlet_code,
      communeCode: hamlet?.parent_code ?? null,
      name: r.name,
      leaderId: r.leader_id,
      members: parseJsonArray<StoredMember>(r.members).map((m) => {
        const p = personRow(m.personId);
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
  };

  const rules = (): CoverageRules => {
    const row = db.prepare('SELECT value FROM settings WHERE key = ? AND deleted = 0').get(RULES_KEY) as
      { value: string } | undefined;
    const parsed = row ? coverageRulesSchema.safeParse(JSON.parse(row.value)) : null;
    return parsed?.success ? parsed.data : DEFAULT_COVERAGE_RULES;
  };

  const checkPeriod = (from: string, to: string | null | undefined, what: string): void => {
    if (to && to < from) {
      throw new EngineError(
        'bad-request',
        `${what}: ngày kết thúc ${to} trước ngày bắt đầu ${from} / ends before it starts`,
      );
    }
  };

  /**
   * Who oversees each commune and hamlet now: active direct assignments, active steering teams
   * (their communes, or every commune of a district they direct), and community team members.
   */
  const overseers = (): Map<string, CoverageUnitState['overseers']> => {
    const t = today();
    const live = new Map(livePeople().map((p) => [p.id, p.full_name]));
    const out = new Map<string, CoverageUnitState['overseers']>();
    const add = (code: string, o: CoverageUnitState['overseers'][number]): void => {
      const list = out.get(code) ?? [];
      if (!list.some((x) => x.personId === o.personId && x.role === o.role && x.source === o.source)) list.push(o);
      out.set(code, list);
    };
    for (const a of db.prepare('SELECT * FROM assignments WHERE deleted = 0').all() as AssignmentRow[]) {
      const name = live.get(a.person_id);
      if (name && periodState(a.from_date, a.to_date, t) === 'active') {
        add(a.unit_code, { personId: a.person_id, fullName: name, role: a.role, source: 'assignment' });
      }
    }
    const communesOf = db.prepare("SELECT code FROM units WHERE parent_code = ? AND level = 'commune' AND deleted = 0");
    for (const s of steeringRows()) {
      if (periodState(s.from_date, s.to_date, t) !== 'active') continue;
      const people: { id: string; role: string }[] = [
        ...(s.leader_id ? [{ id: s.leader_id, role: 'truong-to' }] : []),
        ...parseJsonArray<string>(s.member_ids).map((id) => ({ id, role: 'thanh-vien' })),
      ];
      for (const area of parseJsonArray<string>(s.area_codes)) {
        const u = unitRow(area);
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
    for (const c of communityRows()) {
      for (const m of parseJsonArray<StoredMember>(c.members)) {
        const name = live.get(m.personId);
        if (name) {
          const role = m.personId === c.leader_id ? 'leader' : m.role;
          add(c.hamlet_code, { personId: m.personId, fullName: name, role, source: 'community' });
        }
      }
    }
    return out;
  };

  const directory = (filter: {
    within?: string | undefined;
    query?: string | undefined;
    role?: string | undefined;
  }) => {
    const scope = subtree(filter.within);
    const t = today();
    const entries: DirectoryEntry[] = [];
    const people = new Map(livePeople().map((p) => [p.id, p]));
    const listed = new Set<string>();
    const entry = (
      personId: string,
      unitCode: string | null,
      role: string | null,
      source: DirectoryEntry['source'],
      leader = false,
    ): void => {
      const p = people.get(personId);
      if (!p) return;
      listed.add(personId);
      const label = role && role in ROLE_LABELS ? ROLE_LABELS[role as TeamRole] : null;
      entries.push({
        personId,
        fullName: p.full_name,
        position: p.position,
        phones: parseJsonArray<string>(p.phones),
        unitCode,
        unitName: unitName(unitCode),
        role,
        roleVi: `${label?.vi ?? ''}${leader ? ' (tổ trưởng)' : ''}`.trim(),
        roleEn: `${label?.en ?? ''}${leader ? ' (team leader)' : ''}`.trim(),
        source,
      });
    };
    for (const a of db.prepare('SELECT * FROM assignments WHERE deleted = 0').all() as AssignmentRow[]) {
      if (periodState(a.from_date, a.to_date, t) !== 'ended') entry(a.person_id, a.unit_code, a.role, 'assignment');
    }
    for (const s of steeringRows()) {
      if (periodState(s.from_date, s.to_date, t) === 'ended') continue;
      for (const area of parseJsonArray<string>(s.area_codes)) {
        if (s.leader_id) entry(s.leader_id, area, 'truong-to', 'steering');
        for (const m of parseJsonArray<string>(s.member_ids)) entry(m, area, 'thanh-vien', 'steering');
      }
    }
    for (const c of communityRows()) {
      for (const m of parseJsonArray<StoredMember>(c.members)) {
        entry(m.personId, c.hamlet_code, m.role, 'community', m.personId === c.leader_id);
      }
    }
    for (const p of people.values()) if (!listed.has(p.id)) entry(p.id, p.unit_code, null, 'register');
    const q = filter.query?.trim();
    const filtered = entries.filter(
      (e) =>
        (!scope || (e.unitCode !== null && scope.has(e.unitCode))) &&
        (!filter.role || e.role === filter.role) &&
        (!q || matchesPerson(`${e.fullName} ${e.position} ${e.unitName ?? ''} ${e.roleVi} ${e.roleEn}`, e.phones, q)),
    );
    // By name the Vietnamese way; one person's lines by area (sort is stable).
    return sortByViName(
      filtered.sort((a, b) => compareVi(a.unitName ?? '', b.unitName ?? '')),
      (e) => e.fullName,
    );
  };

  return {
    'people.list': (input) => {
      const q = input.query?.trim();
      const rows = livePeople().filter(
        (p) => !q || matchesPerson(`${p.full_name} ${p.position}`, parseJsonArray<string>(p.phones), q),
      );
      return sortByViName(rows, (p) => p.full_name).map(toPerson);
    },

    'people.get': (input) => {
      const p = requirePerson(input.id);
      const assignments = (
        db
          .prepare('SELECT * FROM assignments WHERE person_id = ? AND deleted = 0 ORDER BY from_date DESC, id')
          .all(p.id) as AssignmentRow[]
      ).map((r) => toAssignment(r));
      const steeringTeams = steeringRows()
        .filter((s) => s.leader_id === p.id || parseJsonArray<string>(s.member_ids).includes(p.id))
        .map((s) => ({ id: s.id, name: s.name, leader: s.leader_id === p.id }));
      const communityTeams = communityRows().flatMap((c) =>
        parseJsonArray<StoredMember>(c.members)
          .filter((m) => m.personId === p.id)
          .map((m) => ({ id: c.id, name: c.name, hamletCode: c.hamlet_code, role: m.role })),
      );
      return { person: toPerson(p), assignments, steeringTeams, communityTeams };
    },

    'people.save': (input, ctx) => {
      const existing = input.id ? requirePerson(input.id) : undefined;
      if (input.unitCode) engine.requireUnit(input.unitCode);
      const phones = normalisePhones(input.phones);
      const key: PersonKey = { fullName: input.fullName, position: input.position, phones: phones.map((p) => p.phone) };
      if (!input.allowDuplicate) {
        const dup = findDuplicate(key, existing?.id);
        if (dup) throw new EngineError('conflict', duplicateMessage(input.fullName, dup));
      }
      const id = existing?.id ?? crypto.randomUUID();
      engine.write(ctx, { action: existing ? 'person.update' : 'person.create', reason: input.reason ?? null }, (tx) =>
        tx.put('person', {
          id,
          full_name: input.fullName.replace(/\s+/g, ' '),
          position: input.position,
          committee_level: input.committeeLevel,
          unit_code: input.unitCode,
          phones: JSON.stringify(phones.map((p) => p.phone)),
          notes: input.notes,
          deleted: 0,
        }),
      );
      return {
        person: toPerson(requirePerson(id)),
        phoneWarnings: phones
          .filter((p) => !p.plausible)
          .map((p) => `${p.phone}: không giống số điện thoại Việt Nam / does not look like a Vietnamese number`),
      };
    },

    'people.delete': (input, ctx) => {
      const p = requirePerson(input.id);
      engine.write(ctx, { action: 'person.delete', reason: input.reason }, (tx) =>
        tx.put('person', { id: p.id, deleted: 1 }),
      );
      return { id: p.id };
    },

    'people.assign': (input, ctx) => {
      const p = requirePerson(input.personId);
      const u = engine.requireUnit(input.unitCode);
      if (u.level !== 'commune' && u.level !== 'hamlet') {
        throw new EngineError(
          'bad-request',
          `${u.name} (${u.code}): chỉ phân công về xã hoặc ấp / assignments are to a commune or hamlet`,
        );
      }
      const from = input.from ?? today();
      const to = input.to ?? null;
      checkPeriod(from, to, p.full_name);
      const id = crypto.randomUUID();
      engine.write(ctx, { action: 'assignment.create', reason: input.reason ?? null }, (tx) =>
        tx.put('assignment', {
          id,
          person_id: p.id,
          unit_code: u.code,
          role: input.role,
          from_date: from,
          to_date: to,
          notes: input.notes,
          deleted: 0,
        }),
      );
      return toAssignment(assignmentRow(id));
    },

    'people.endAssignment': (input, ctx) => {
      const a = assignmentRow(input.id);
      const to = input.to ?? today();
      checkPeriod(a.from_date, to, a.id);
      engine.write(ctx, { action: 'assignment.end', reason: input.reason ?? null }, (tx) =>
        tx.put('assignment', { id: a.id, to_date: to }),
      );
      return toAssignment(assignmentRow(a.id));
    },

    'people.deleteAssignment': (input, ctx) => {
      const a = assignmentRow(input.id);
      engine.write(ctx, { action: 'assignment.delete', reason: input.reason }, (tx) =>
        tx.put('assignment', { id: a.id, deleted: 1 }),
      );
      return { id: a.id };
    },

    'people.assignments': (input) => {
      const scope = subtree(input.within);
      const where = ['deleted = 0'];
      const params: string[] = [];
      if (input.personId) {
        where.push('person_id = ?');
        params.push(input.personId);
      }
      if (input.unitCode) {
        where.push('unit_code = ?');
        params.push(input.unitCode);
      }
      const rows = db
        .prepare(`SELECT * FROM assignments WHERE ${where.join(' AND ')} ORDER BY from_date DESC, id`)
        .all(...params) as AssignmentRow[];
      const names = new Map(livePeople().map((p) => [p.id, p.full_name]));
      return rows
        .filter((r) => !scope || scope.has(r.unit_code))
        .map((r) => toAssignment(r, names))
        .filter((a) => input.all || a.state === 'active');
    },

    'people.directory': (input) => directory(input),

    'people.exportCsv': (input) => {
      const entries = directory(input);
      const header = ['ho_ten', 'chuc_vu', 'dien_thoai', 'don_vi', 'ma_don_vi', 'vai_tro', 'nguon'];
      const lines = entries.map((e) =>
        [e.fullName, e.position, e.phones.join('; '), e.unitName ?? '', e.unitCode ?? '', e.roleVi, e.source]
          .map(csvCell)
          .join(','),
      );
      return {
        fileName: `saban-danh-ba-${input.within ?? 'tat-ca'}-${today()}.csv`,
        mimeType: 'text/csv;charset=utf-8',
        // The BOM makes Excel read the file as UTF-8, so Vietnamese names show correctly.
        text: '\uFEFF' + [header.join(','), ...lines].join('\r\n') + '\r\n',
      };
    },

    'people.import': (input, ctx) => {
      const plan = planImport(input.kind, input.fileName, input.text);
      const report: PeopleImportReport = {
        kind: input.kind,
        fileName: input.fileName,
        rows: plan.rows,
        written: false,
        people: plan.counts.people,
        assignments: plan.counts.assignments,
        teams: plan.counts.teams,
        errors: plan.errors,
        warnings: plan.warnings,
      };
      if (input.dryRun) return report;
      if (plan.errors.length > 0) {
        throw new EngineError(
          'bad-file',
          `${input.fileName}: ${plan.errors.length} dòng lỗi, không ghi gì / ${plan.errors.length} row error(s), nothing was written`,
          plan.errors.map((e) => `dòng/row ${e.row}: ${e.message}`),
        );
      }
      // Every row was checked above; the writes run as one transaction of the write path.
      engine.write(ctx, { action: `import.${input.kind}`, reason: `Nhập ${input.fileName}` }, (tx) => plan.apply(tx));
      return { ...report, written: true };
    },

    'teams.steeringList': () =>
      steeringRows()
        .map(toSteering)
        .sort((a, b) => compareVi(a.name, b.name)),

    'teams.steeringSave': (input, ctx) => {
      const existing = input.id
        ? (db.prepare('SELECT * FROM steering_teams WHERE id = ? AND deleted = 0').get(input.id) as
            SteeringRow | undefined)
        : undefined;
      if (input.id && !existing)
        throw new EngineError('not-found', `Không có tổ chỉ đạo ${input.id} / no steering team`);
      if (input.leaderId) requirePerson(input.leaderId);
      const memberIds = [...new Set(input.memberIds)].filter((m) => m !== input.leaderId);
      for (const m of memberIds) requirePerson(m);
      for (const c of input.areaCodes) {
        const u = engine.requireUnit(c);
        if (u.level !== 'district' && u.level !== 'commune') {
          throw new EngineError(
            'bad-request',
            `${u.name} (${u.code}): tổ chỉ đạo phụ trách huyện hoặc xã / a steering team directs a district or communes`,
          );
        }
      }
      const from = input.from ?? existing?.from_date ?? today();
      const to = input.to === undefined ? (existing?.to_date ?? null) : input.to;
      checkPeriod(from, to, input.name);
      const id = existing?.id ?? crypto.randomUUID();
      // The team belongs to the smallest unit holding all its areas (sync scope, migration 70).
      const unitCode = commonAncestor([...new Set(input.areaCodes)].map((c) => ancestryOf(db, c)));
      engine.write(
        ctx,
        { action: existing ? 'steering.update' : 'steering.create', reason: input.reason ?? null },
        (tx) =>
          tx.put('steeringTeam', {
            id,
            name: input.name,
            leader_id: input.leaderId,
            member_ids: JSON.stringify(memberIds),
            area_codes: JSON.stringify([...new Set(input.areaCodes)]),
            unit_code: unitCode,
            from_date: from,
            to_date: to,
            notes: input.notes,
            deleted: 0,
          }),
      );
      return toSteering(db.prepare('SELECT * FROM steering_teams WHERE id = ?').get(id) as SteeringRow);
    },

    'teams.steeringDelete': (input, ctx) => {
      const r = db.prepare('SELECT id FROM steering_teams WHERE id = ? AND deleted = 0').get(input.id);
      if (!r) throw new EngineError('not-found', `Không có tổ chỉ đạo ${input.id} / no steering team`);
      engine.write(ctx, { action: 'steering.delete', reason: input.reason }, (tx) =>
        tx.put('steeringTeam', { id: input.id, deleted: 1 }),
      );
      return { id: input.id };
    },

    'teams.communityList': (input) => {
      const scope = subtree(input.within);
      return communityRows()
        .filter((r) => !scope || scope.has(r.hamlet_code))
        .map(toCommunity)
        .sort((a, b) => compareVi(a.hamletName, b.hamletName) || compareVi(a.name, b.name));
    },

    'teams.communitySave': (input, ctx) => {
      const existing = input.id
        ? (db.prepare('SELECT * FROM community_teams WHERE id = ? AND deleted = 0').get(input.id) as
            CommunityRow | undefined)
        : undefined;
      if (input.id && !existing)
        throw new EngineError('not-found', `Không có tổ COVID ${input.id} / no community team`);
      const hamlet = engine.requireUnit(input.hamletCode);
      if (hamlet.level !== 'hamlet') {
        throw new EngineError(
          'bad-request',
          `${hamlet.name} (${hamlet.code}): tổ COVID cộng đồng thuộc một ấp / a community team belongs to a hamlet`,
        );
      }
      const seen = new Set<string>();
      for (const m of input.members) {
        requirePerson(m.personId);
        if (seen.has(m.personId)) {
          throw new EngineError('bad-request', `${m.personId}: trùng thành viên / listed twice`);
        }
        seen.add(m.personId);
      }
      if (input.leaderId && !seen.has(input.leaderId)) {
        throw new EngineError(
          'bad-request',
          `${input.name}: tổ trưởng phải là thành viên / the leader must be a member`,
        );
      }
      const id = existing?.id ?? crypto.randomUUID();
      engine.write(
        ctx,
        { action: existing ? 'community.update' : 'community.create', reason: input.reason ?? null },
        (tx) =>
          tx.put('communityTeam', {
            id,
            hamlet_code: hamlet.code,
            name: input.name,
            leader_id: input.leaderId,
            members: JSON.stringify(input.members.map((m) => ({ personId: m.personId, role: m.role }))),
            households: input.households,
            decision_number: input.decisionNumber,
            decision_date: input.decisionDate,
            notes: input.notes,
            deleted: 0,
          }),
      );
      return toCommunity(db.prepare('SELECT * FROM community_teams WHERE id = ?').get(id) as CommunityRow);
    },

    'teams.communityDelete': (input, ctx) => {
      const r = db.prepare('SELECT id FROM community_teams WHERE id = ? AND deleted = 0').get(input.id);
      if (!r) throw new EngineError('not-found', `Không có tổ COVID ${input.id} / no community team`);
      engine.write(ctx, { action: 'community.delete', reason: input.reason }, (tx) =>
        tx.put('communityTeam', { id: input.id, deleted: 1 }),
      );
      return { id: input.id };
    },

    'coverage.map': (input) => {
      const scope = subtree(input.within)!;
      const by = overseers();
      const teams = new Map(communityRows().map((c) => [c.hamlet_code, c.name]));
      const out: CoverageUnitState[] = [];
      for (const code of [...scope].sort()) {
        const list = by.get(code) ?? [];
        const teamName = teams.get(code) ?? null;
        if (list.length > 0 || teamName) {
          out.push({ code, overseers: sortByViName(list, (o) => o.fullName), teamName });
        }
      }
      return out;
    },

    'coverage.warnings': (input) => {
      const scope = subtree(input.within);
      const at = new Date(now()).toISOString();
      const levels = new Map(levelsAt(engine, at, input.within).map((l) => [l.code, l.level]));
      const units = (
        db
          .prepare(
            "SELECT code, name, level, parent_code FROM units WHERE deleted = 0 AND level IN ('commune', 'hamlet')",
          )
          .all() as { code: string; name: string; level: 'commune' | 'hamlet'; parent_code: string | null }[]
      )
        .filter((u) => !scope || scope.has(u.code))
        .map((u): CoverageUnit => ({
          code: u.code,
          name: u.name,
          level: u.level,
          parentCode: u.parent_code,
          riskLevel: levels.get(u.code) ?? 0,
        }));
      const by = overseers();
      const overseen = new Set(
        [...by.entries()].filter(([, list]) => list.some((o) => o.source !== 'community')).map(([c]) => c),
      );
      const live = new Map(livePeople().map((p) => [p.id, p.full_name]));
      const teams = communityRows()
        .filter((c) => !scope || scope.has(c.hamlet_code))
        .map((c) => ({
          id: c.id,
          name: c.name,
          hamletCode: c.hamlet_code,
          roles: parseJsonArray<StoredMember>(c.members)
            .filter((m) => live.has(m.personId))
            .map((m) => m.role),
        }));
      const assignments = (db.prepare('SELECT * FROM assignments WHERE deleted = 0').all() as AssignmentRow[])
        .filter((a) => live.has(a.person_id) && (!scope || scope.has(a.unit_code)))
        .map((a) => ({
          id: a.id,
          personId: a.person_id,
          personName: live.get(a.person_id)!,
          unitCode: a.unit_code,
          unitName: unitName(a.unit_code) ?? a.unit_code,
          from: a.from_date,
          to: a.to_date,
        }));
      return coverageWarnings({ units, overseen, teams, assignments, today: today() }, rules());
    },

    'coverage.rules': () => rules(),

    'coverage.setRules': (input, ctx) => {
      const next = coverageRulesSchema.parse({ ...rules(), ...input });
      engine.write(ctx, { action: 'coverage.rules', reason: null }, (tx) =>
        tx.put('setting', { key: RULES_KEY, value: JSON.stringify(next), deleted: 0 }),
      );
      return next;
    },
  };

  /**
   * Checks a CSV file row by row and returns what it would write. Nothing is written here: the
   * caller applies the plan in one transaction only when no row has an error.
   */
  function planImport(
    kind: 'people' | 'assignments' | 'teams',
    fileName: string,
    text: string,
  ): {
    rows: number;
    counts: { people: number; assignments: number; teams: number };
    errors: { row: number; message: string }[];
    warnings: { row: number; message: string }[];
    apply: (tx: WriteTx) => void;
  } {
    // Parsed as arrays, not with headers, so each record's index is its line number: a blank
    // line in the middle must not shift the row numbers the operator is told about.
    const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
    const records = parsed.data;
    const header = (records[0] ?? []).map((h) => fold(h).replace(/ /g, '_'));
    const errors: { row: number; message: string }[] = [];
    const warnings: { row: number; message: string }[] = [];
    const puts: { entity: 'person' | 'assignment' | 'communityTeam'; row: Row }[] = [];
    const counts = { people: 0, assignments: 0, teams: 0 };
    const ALIASES: Readonly<Record<string, readonly string[]>> = {
      full_name: ['full_name', 'ho_ten', 'ho_va_ten', 'name'],
      position: ['position', 'chuc_vu'],
      committee_level: ['committee_level', 'cap', 'cap_uy'],
      unit_code: ['unit_code', 'ma_don_vi', 'ma'],
      phones: ['phones', 'phone', 'dien_thoai', 'so_dien_thoai'],
      notes: ['notes', 'ghi_chu'],
      person_id: ['person_id', 'ma_nguoi'],
      role: ['role', 'vai_tro'],
      from: ['from', 'tu_ngay'],
      to: ['to', 'den_ngay'],
      hamlet_code: ['hamlet_code', 'ma_ap'],
      team_name: ['team_name', 'ten_to'],
      households: ['households', 'so_ho'],
      decision_number: ['decision_number', 'so_quyet_dinh'],
      decision_date: ['decision_date', 'ngay_quyet_dinh'],
      member_name: ['member_name', 'thanh_vien'],
      member_phone: ['member_phone', 'dien_thoai_thanh_vien'],
      member_role: ['member_role', 'vai_tro_thanh_vien'],
      leader: ['leader', 'to_truong'],
    };
    const colIndex = (name: string): number =>
      (ALIASES[name] ?? [name]).map((a) => header.indexOf(a)).find((i) => i >= 0) ?? -1;
    const REQUIRED: Readonly<Record<typeof kind, readonly string[]>> = {
      people: ['full_name'],
      assignments: ['unit_code', 'role'],
      teams: ['hamlet_code', 'team_name', 'member_name', 'member_role'],
    };
    const missing = REQUIRED[kind].filter((c) => colIndex(c) < 0);
    if (kind === 'assignments' && colIndex('person_id') < 0 && colIndex('full_name') < 0) missing.push('person_id');
    if (records.length === 0 || missing.length > 0) {
      throw new EngineError(
        'bad-file',
        `${fileName}: thiếu cột ${missing.join(', ')} / missing columns ${missing.join(', ')}`,
      );
    }
    for (const e of parsed.errors) {
      if (e.row !== undefined) errors.push({ row: e.row + 1, message: `CSV: ${e.message}` });
    }
    const cell = (r: string[], name: string): string => {
      const i = colIndex(name);
      return i >= 0 ? (r[i] ?? '').trim() : '';
    };
    const existing = livePeople();
    const unitOk = (code: string, levels: readonly string[], row: number, what: string): UnitRow | null => {
      const u = unitRow(code);
      if (!u || u.deleted) {
        errors.push({ row, message: `${what}: không có đơn vị mã ${code} / unknown unit code ${code}` });
        return null;
      }
      if (!levels.includes(u.level)) {
        errors.push({
          row,
          message: `${what}: ${u.name} (${code}) không phải ${levels.join('/')} / is not a ${levels.join(' or ')}`,
        });
        return null;
      }
      return u;
    };
    const dateOk = (value: string, row: number, what: string): string | null | undefined => {
      if (!value) return null;
      if (!isIsoDate(value)) {
        errors.push({ row, message: `${what}: ngày ${value} không đúng dạng YYYY-MM-DD / bad date` });
        return undefined;
      }
      return value;
    };
    let dataRows = 0;
    // New people created by this file, to find duplicates inside the file as well.
    const fresh: { id: string; key: PersonKey; row: number }[] = [];
    const teamGroups = new Map<
      string,
      {
        row: number;
        hamlet: string;
        name: string;
        households: number | null;
        decision: string;
        date: string | null;
        members: { personId: string; role: TeamRole; leader: boolean; row: number }[];
      }
    >();

    for (let i = 1; i < records.length; i++) {
      const r = records[i]!;
      const row = i + 1;
      if (r.every((c) => c.trim() === '')) continue;
      dataRows++;
      const errorsBefore = errors.length;
      if (kind === 'people') {
        const fullName = cell(r, 'full_name').replace(/\s+/g, ' ');
        if (!fullName) {
          errors.push({ row, message: 'thiếu họ tên / missing full name' });
          continue;
        }
        const levelText = cell(r, 'committee_level');
        const level = levelText ? parseCommitteeLevel(levelText) : null;
        if (levelText && !level) {
          errors.push({
            row,
            message: `${fullName}: cấp ${levelText} không rõ (tỉnh, huyện, xã) / unknown committee level`,
          });
        }
        const unit = cell(r, 'unit_code');
        if (unit) unitOk(unit, ['province', 'district', 'commune', 'hamlet'], row, fullName);
        const phones = normalisePhones(cell(r, 'phones'));
        for (const p of phones.filter((x) => !x.plausible)) {
          warnings.push({
            row,
            message: `${fullName}: ${p.phone} không giống số điện thoại Việt Nam / odd phone number`,
          });
        }
        const key: PersonKey = { fullName, position: cell(r, 'position'), phones: phones.map((p) => p.phone) };
        const dupOld = findDuplicate(key, undefined, existing);
        if (dupOld) errors.push({ row, message: duplicateMessage(fullName, dupOld) });
        const dupNew = fresh.find((f) => duplicateReason(key, f.key));
        if (dupNew) {
          errors.push({ row, message: `${fullName}: trùng với dòng ${dupNew.row} / duplicates row ${dupNew.row}` });
        }
        if (errors.length > errorsBefore) continue;
        const id = crypto.randomUUID();
        fresh.push({ id, key, row });
        counts.people++;
        puts.push({
          entity: 'person',
          row: {
            id,
            full_name: fullName,
            position: key.position,
            committee_level: level,
            unit_code: unit || null,
            phones: JSON.stringify(key.phones),
            notes: cell(r, 'notes'),
            deleted: 0,
          },
        });
      } else if (kind === 'assignments') {
        const personId = resolvePerson(r, row);
        const unitCode = cell(r, 'unit_code');
        const unit = unitCode ? unitOk(unitCode, ['commune', 'hamlet'], row, `dòng ${row}`) : null;
        if (!unitCode) errors.push({ row, message: 'thiếu mã đơn vị / missing unit code' });
        const role = parseRole(cell(r, 'role'), ASSIGNMENT_ROLES);
        if (!role) {
          errors.push({
            row,
            message: `vai trò ${cell(r, 'role') || '(trống)'} không rõ (trưởng tổ, thành viên, phụ trách địa bàn) / unknown role`,
          });
        }
        const from = dateOk(cell(r, 'from'), row, 'from') ?? today();
        const to = dateOk(cell(r, 'to'), row, 'to');
        if (to && from && to < from)
          errors.push({ row, message: `đến ngày ${to} trước từ ngày ${from} / ends before it starts` });
        if (errors.length > errorsBefore || !personId || !unit || !role) continue;
        counts.assignments++;
        puts.push({
          entity: 'assignment',
          row: {
            id: crypto.randomUUID(),
            person_id: personId,
            unit_code: unit.code,
            role,
            from_date: from,
            to_date: to ?? null,
            notes: cell(r, 'notes'),
            deleted: 0,
          },
        });
      } else {
        const hamletCode = cell(r, 'hamlet_code');
        const hamlet = hamletCode ? unitOk(hamletCode, ['hamlet'], row, `dòng ${row}`) : null;
        if (!hamletCode) errors.push({ row, message: 'thiếu mã ấp / missing hamlet code' });
        const teamName = cell(r, 'team_name');
        if (!teamName) errors.push({ row, message: 'thiếu tên tổ / missing team name' });
        const role = parseRole(cell(r, 'member_role'), TEAM_ROLES);
        if (!role) {
          errors.push({ row, message: `vai trò ${cell(r, 'member_role') || '(trống)'} không rõ / unknown team role` });
        }
        const hh = cell(r, 'households');
        const households = hh ? Number(hh) : null;
        if (households !== null && !(Number.isInteger(households) && households >= 0)) {
          errors.push({ row, message: `số hộ ${hh} không hợp lệ / bad household count` });
        }
        const date = dateOk(cell(r, 'decision_date'), row, 'decision_date');
        let personId: string | null = null;
        if (cell(r, 'person_id')) {
          personId = resolvePerson(r, row);
        } else {
          const fullName = cell(r, 'member_name').replace(/\s+/g, ' ');
          const phones = normalisePhones(cell(r, 'member_phone'));
          const key: PersonKey = { fullName, position: cell(r, 'position'), phones: phones.map((p) => p.phone) };
          const dupOld = findDuplicate(key, undefined, existing);
          if (!fullName) errors.push({ row, message: 'thiếu tên thành viên / missing member name' });
          else if (dupOld) {
            errors.push({
              row,
              message: `${duplicateMessage(fullName, dupOld)}; ghi mã vào cột person_id / put the id in a person_id column`,
            });
          } else {
            // The same volunteer may serve two teams of the file: one new person, not two.
            const again = fresh.find((f) => duplicateReason(key, f.key));
            if (again) personId = again.id;
            else if (errors.length === errorsBefore) {
              personId = crypto.randomUUID();
              fresh.push({ id: personId, key, row });
              counts.people++;
              puts.push({
                entity: 'person',
                row: {
                  id: personId,
                  full_name: fullName,
                  position: key.position,
                  committee_level: null,
                  unit_code: null,
                  phones: JSON.stringify(key.phones),
                  notes: '',
                  deleted: 0,
                },
              });
            }
            for (const p of phones.filter((x) => !x.plausible)) {
              warnings.push({
                row,
                message: `${fullName}: ${p.phone} không giống số điện thoại Việt Nam / odd phone number`,
              });
            }
          }
        }
        if (errors.length > errorsBefore || !hamlet || !role || !personId) continue;
        const gkey = `${hamlet.code}\u0000${fold(teamName)}`;
        let g = teamGroups.get(gkey);
        if (!g) {
          const clash = communityRows().find((c) => c.hamlet_code === hamlet.code && fold(c.name) === fold(teamName));
          if (clash) {
            errors.push({ row, message: `${teamName}: tổ đã có (mã ${clash.id}) / team already exists (${clash.id})` });
            continue;
          }
          g = {
            row,
            hamlet: hamlet.code,
            name: teamName,
            households,
            decision: cell(r, 'decision_number'),
            date: date ?? null,
            members: [],
          };
          teamGroups.set(gkey, g);
        }
        if (g.members.some((m) => m.personId === personId)) {
          errors.push({ row, message: `${cell(r, 'member_name')}: đã có trong tổ / already in this team` });
          continue;
        }
        g.members.push({ personId, role, leader: /^(x|1|yes|co|true)$/.test(fold(cell(r, 'leader'))), row });
      }
    }
    for (const g of teamGroups.values()) {
      const leaders = g.members.filter((m) => m.leader);
      if (leaders.length > 1) {
        errors.push({ row: leaders[1]!.row, message: `${g.name}: nhiều hơn một tổ trưởng / more than one leader` });
      }
      counts.teams++;
      puts.push({
        entity: 'communityTeam',
        row: {
          id: crypto.randomUUID(),
          hamlet_code: g.hamlet,
          name: g.name,
          leader_id: leaders[0]?.personId ?? null,
          members: JSON.stringify(g.members.map((m) => ({ personId: m.personId, role: m.role }))),
          households: g.households,
          decision_number: g.decision,
          decision_date: g.date,
          notes: '',
          deleted: 0,
        },
      });
    }
    errors.sort((a, b) => a.row - b.row);
    return {
      rows: dataRows,
      counts,
      errors,
      warnings,
      apply: (tx) => {
        for (const p of puts) tx.put(p.entity, p.row);
      },
    };

    /** The person a row names: by `person_id`, or by exact name and phone; never a guess. */
    function resolvePerson(r: string[], row: number): string | null {
      const id = cell(r, 'person_id');
      if (id) {
        const p = personRow(id);
        if (!p || p.deleted) {
          errors.push({ row, message: `không có người mã ${id} / unknown person id ${id}` });
          return null;
        }
        return p.id;
      }
      const fullName = cell(r, 'full_name');
      const phones = normalisePhones(cell(r, 'phones')).map((p) => p.phone);
      const matches = existing.filter(
        (e) => fold(e.full_name) === fold(fullName) && parseJsonArray<string>(e.phones).some((p) => phones.includes(p)),
      );
      if (matches.length !== 1) {
        errors.push({
          row,
          message:
            matches.length === 0
              ? `${fullName || '(trống)'}: không tìm thấy người cùng tên và số điện thoại; ghi person_id / no person with this name and phone; give person_id`
              : `${fullName}: ${matches.length} người cùng tên và số điện thoại; ghi person_id / ${matches.length} matches; give person_id`,
        });
        return null;
      }
      return matches[0]!.id;
    }
  }
}
