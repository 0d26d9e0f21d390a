import crypto from 'node:crypto';
import type { PeopleImportReport, peopleApi } from '../../../shared/contract-people';
import {
  coverageRulesSchema,
  DEFAULT_COVERAGE_RULES,
  matchesPerson,
  normalisePhones,
  type PersonKey,
  sortByViName,
} from '../../../shared/people';
import { EngineError, msg } from '../../../shared/result';
import type { EngineContext, HandlersOf } from '../context';
import { updateSetting } from '../settings/settings';
import { actsAsCommune } from '../units/repo';
import { coverageMap, coverageWarningsOf } from './coverage';
import { directory, directoryFile } from './directory';
import { planImport } from './import';
import {
  assignmentRow,
  checkPeriod,
  communityRows,
  COVERAGE_RULES_KEY,
  coverageRules,
  duplicateMessage,
  findDuplicate,
  livePeople,
  parseJsonArray,
  requirePerson,
  type AssignmentRow,
  type StoredMember,
  steeringRows,
  subtreeCodes,
  todayOf,
  toAssignment,
  toPerson,
} from './repo';
import { teamsHandlers } from './teams';

type PersonApi = Omit<typeof peopleApi, keyof ReturnType<typeof teamsHandlers>>;

/** The methods of the leaders-and-teams contract: people, assignments, teams, coverage. */
export function peopleHandlers(engine: EngineContext): HandlersOf<typeof peopleApi> {
  return { ...personHandlers(engine), ...teamsHandlers(engine) };
}

function personHandlers(engine: EngineContext): HandlersOf<PersonApi> {
  const db = engine.db;
  const assignment = (id: string) => toAssignment(db, todayOf(engine), assignmentRow(db, id));
  return {
    'people.list': (input) => {
      const q = input.query?.trim();
      const rows = livePeople(db).filter(
        (p) => !q || matchesPerson(`${p.full_name} ${p.position}`, parseJsonArray<string>(p.phones), q),
      );
      return sortByViName(rows, (p) => p.full_name).map((r) => toPerson(db, r));
    },

    'people.get': (input) => {
      const p = requirePerson(db, input.id);
      const today = todayOf(engine);
      const assignments = (
        db
          .prepare('SELECT * FROM assignments WHERE person_id = ? AND deleted = 0 ORDER BY from_date DESC, id')
          .all(p.id) as AssignmentRow[]
      ).map((r) => toAssignment(db, today, r));
      const steeringTeams = steeringRows(db)
        .filter((s) => s.leader_id === p.id || parseJsonArray<string>(s.member_ids).includes(p.id))
        .map((s) => ({ id: s.id, name: s.name, leader: s.leader_id === p.id }));
      const communityTeams = communityRows(db).flatMap((c) =>
        parseJsonArray<StoredMember>(c.members)
          .filter((m) => m.personId === p.id)
          .map((m) => ({ id: c.id, name: c.name, hamletCode: c.hamlet_code, role: m.role })),
      );
      return { person: toPerson(db, p), assignments, steeringTeams, communityTeams };
    },

    'people.save': (input, ctx) => {
      const existing = input.id ? requirePerson(db, input.id) : undefined;
      if (input.unitCode) engine.requireUnit(input.unitCode);
      const phones = normalisePhones(input.phones);
      const key: PersonKey = { fullName: input.fullName, position: input.position, phones: phones.map((p) => p.phone) };
      if (!input.allowDuplicate) {
        const dup = findDuplicate(key, livePeople(db), existing?.id);
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
      const odd = phones
        .filter((p) => !p.plausible)
        .map((p) =>
          msg('{phone}: không giống số điện thoại Việt Nam', '{phone}: does not look like a Vietnamese number', {
            phone: p.phone,
          }),
        );
      return {
        person: toPerson(db, requirePerson(db, id)),
        phoneWarnings: odd.map((t) => t.vi),
        phoneWarningsText: odd,
      };
    },

    'people.delete': (input, ctx) => {
      const p = requirePerson(db, input.id);
      engine.write(ctx, { action: 'person.delete', reason: input.reason }, (tx) =>
        tx.put('person', { id: p.id, deleted: 1 }),
      );
      return { id: p.id };
    },

    'people.assign': (input, ctx) => {
      const p = requirePerson(db, input.personId);
      const u = engine.requireUnit(input.unitCode);
      // A district without communes (an island district) takes the assignments a commune would.
      if (u.level !== 'hamlet' && !actsAsCommune(db, u)) {
        throw new EngineError(
          'bad-request',
          msg(
            '{name} ({code}): chỉ phân công về xã hoặc ấp',
            '{name} ({code}): assignments are to a commune or hamlet',
            { name: u.name, code: u.code },
          ),
        );
      }
      const from = input.from ?? todayOf(engine);
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
      return assignment(id);
    },

    'people.endAssignment': (input, ctx) => {
      const a = assignmentRow(db, input.id);
      const to = input.to ?? todayOf(engine);
      checkPeriod(a.from_date, to, a.id);
      engine.write(ctx, { action: 'assignment.end', reason: input.reason ?? null }, (tx) =>
        tx.put('assignment', { id: a.id, to_date: to }),
      );
      return assignment(a.id);
    },

    'people.deleteAssignment': (input, ctx) => {
      const a = assignmentRow(db, input.id);
      engine.write(ctx, { action: 'assignment.delete', reason: input.reason }, (tx) =>
        tx.put('assignment', { id: a.id, deleted: 1 }),
      );
      return { id: a.id };
    },

    'people.assignments': (input) => {
      const scope = subtreeCodes(engine, input.within);
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
      const names = new Map(livePeople(db).map((p) => [p.id, p.full_name]));
      const today = todayOf(engine);
      return rows
        .filter((r) => !scope || scope.has(r.unit_code))
        .map((r) => toAssignment(db, today, r, names))
        .filter((a) => input.all || a.state === 'active');
    },

    'people.directory': (input) => directory(engine, input),

    'people.exportCsv': ({ format, ...filter }) => directoryFile(engine, filter, format),

    'people.import': (input, ctx) => {
      const plan = planImport(engine, input.kind, input.fileName, input.text);
      const report: PeopleImportReport = {
        kind: input.kind,
        fileName: input.fileName,
        rows: plan.rows,
        written: false,
        people: plan.counts.people,
        assignments: plan.counts.assignments,
        teams: plan.counts.teams,
        errors: plan.errors.map((e) => ({ row: e.row, message: e.text.vi, text: e.text })),
        warnings: plan.warnings.map((e) => ({ row: e.row, message: e.text.vi, text: e.text })),
      };
      if (input.dryRun) return report;
      if (plan.errors.length > 0) {
        throw new EngineError(
          'bad-file',
          msg('{fileName}: {n} dòng lỗi, không ghi gì', '{fileName}: {n} row error(s), nothing was written', {
            fileName: input.fileName,
            n: plan.errors.length,
          }),
          plan.errors.map((e) => ({ vi: `dòng ${e.row}: ${e.text.vi}`, en: `row ${e.row}: ${e.text.en}` })),
        );
      }
      // Every row was checked above; the writes run as one transaction of the write path.
      engine.write(ctx, { action: `import.${input.kind}`, reason: `Nhập ${input.fileName}` }, (tx) => plan.apply(tx));
      return { ...report, written: true };
    },

    'coverage.map': (input) => coverageMap(engine, input.within),

    'coverage.warnings': (input) => coverageWarningsOf(engine, input.within),

    'coverage.rules': () => coverageRules(db),

    'coverage.setRules': (input, ctx) =>
      updateSetting(
        engine,
        ctx,
        {
          key: COVERAGE_RULES_KEY,
          action: 'coverage.rules',
          schema: coverageRulesSchema,
          fallback: DEFAULT_COVERAGE_RULES,
        },
        input,
      ),
  };
}
