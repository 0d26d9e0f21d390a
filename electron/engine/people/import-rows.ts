/** Checking one row of each kind of people CSV (people, assignments, community team members). */
import crypto from 'node:crypto';
import {
  ASSIGNMENT_ROLES,
  duplicateReason,
  normalisePhones,
  parseCommitteeLevel,
  parseRole,
  type PersonKey,
  TEAM_ROLES,
} from '../../../shared/people';
import { fold } from '../../../shared/text';
import { actsAsCommune } from '../units/repo';
import type { ImportState } from './import-state';
import { communityRows, duplicateMessage, findDuplicate, parseJsonArray, personRow } from './repo';

type Cells = readonly string[];

/** A row of the register of people: one new person. */
export function planPersonRow(s: ImportState, r: Cells, row: number): void {
  const before = s.errors.length;
  const fullName = s.cell(r, 'full_name').replace(/\s+/g, ' ');
  if (!fullName) {
    s.error(row, 'thiếu họ tên', 'missing full name');
    return;
  }
  const levelText = s.cell(r, 'committee_level');
  const level = levelText ? parseCommitteeLevel(levelText) : null;
  if (levelText && !level) {
    s.error(row, '{name}: cấp {level} không rõ (tỉnh, huyện, xã)', '{name}: unknown committee level {level}', {
      name: fullName,
      level: levelText,
    });
  }
  const unit = s.cell(r, 'unit_code');
  if (unit) s.unit(unit, ['province', 'district', 'commune', 'hamlet'], row, fullName);
  const phones = normalisePhones(s.cell(r, 'phones'));
  s.oddPhones(row, fullName, phones);
  const key: PersonKey = { fullName, position: s.cell(r, 'position'), phones: phones.map((p) => p.phone) };
  const dupOld = findDuplicate(key, s.existing);
  if (dupOld) s.errorText(row, duplicateMessage(fullName, dupOld));
  const dupNew = s.fresh.find((f) => duplicateReason(key, f.key));
  if (dupNew) {
    s.error(row, '{name}: trùng với dòng {other}', '{name}: duplicates row {other}', {
      name: fullName,
      other: dupNew.row,
    });
  }
  if (s.errors.length > before) return;
  const id = crypto.randomUUID();
  s.fresh.push({ id, key, row });
  s.counts.people++;
  s.puts.push({
    entity: 'person',
    row: {
      id,
      full_name: fullName,
      position: key.position,
      committee_level: level,
      unit_code: unit || null,
      phones: JSON.stringify(key.phones),
      notes: s.cell(r, 'notes'),
      deleted: 0,
    },
  });
}

/** A row of assignments: a known person to a commune or hamlet. */
export function planAssignmentRow(s: ImportState, r: Cells, row: number): void {
  const before = s.errors.length;
  const personId = resolvePerson(s, r, row);
  const unitCode = s.cell(r, 'unit_code');
  // A district without communes (an island district) takes the assignments a commune would.
  const unit = unitCode ? s.unit(unitCode, ['commune', 'hamlet', 'district'], row, `dòng ${row}`) : null;
  if (unit?.level === 'district' && !actsAsCommune(s.engine.db, unit)) {
    s.error(row, '{name} ({code}) không phải xã/ấp', '{name} ({code}) is not a commune or hamlet', {
      name: unit.name,
      code: unit.code,
    });
  }
  if (!unitCode) s.error(row, 'thiếu mã đơn vị', 'missing unit code');
  const role = parseRole(s.cell(r, 'role'), ASSIGNMENT_ROLES);
  if (!role) {
    s.error(
      row,
      'vai trò {role} không rõ (trưởng tổ, thành viên, phụ trách địa bàn)',
      'unknown role {role} (team leader, member, area overseer)',
      { role: s.cell(r, 'role') || '(trống)' },
    );
  }
  const from = s.date(s.cell(r, 'from'), row, 'from') ?? s.today;
  const to = s.date(s.cell(r, 'to'), row, 'to');
  if (to && from && to < from) {
    s.error(row, 'đến ngày {to} trước từ ngày {from}', 'ends on {to}, before it starts on {from}', { to, from });
  }
  if (s.errors.length > before || !personId || !unit || !role) return;
  s.counts.assignments++;
  s.puts.push({
    entity: 'assignment',
    row: {
      id: crypto.randomUUID(),
      person_id: personId,
      unit_code: unit.code,
      role,
      from_date: from,
      to_date: to ?? null,
      notes: s.cell(r, 'notes'),
      deleted: 0,
    },
  });
}

/** A member row of a community team file: the member (known by id, or new), gathered per team. */
export function planTeamRow(s: ImportState, r: Cells, row: number): void {
  const before = s.errors.length;
  const hamletCode = s.cell(r, 'hamlet_code');
  const hamlet = hamletCode ? s.unit(hamletCode, ['hamlet'], row, `dòng ${row}`) : null;
  if (!hamletCode) s.error(row, 'thiếu mã ấp', 'missing hamlet code');
  const teamName = s.cell(r, 'team_name');
  if (!teamName) s.error(row, 'thiếu tên tổ', 'missing team name');
  const role = parseRole(s.cell(r, 'member_role'), TEAM_ROLES);
  if (!role) {
    s.error(row, 'vai trò {role} không rõ', 'unknown team role {role}', {
      role: s.cell(r, 'member_role') || '(trống)',
    });
  }
  const hh = s.cell(r, 'households');
  const households = hh ? Number(hh) : null;
  if (households !== null && !(Number.isInteger(households) && households >= 0)) {
    s.error(row, 'số hộ {hh} không hợp lệ', 'bad household count {hh}', { hh });
  }
  const date = s.date(s.cell(r, 'decision_date'), row, 'decision_date');
  const personId = s.cell(r, 'person_id') ? resolvePerson(s, r, row) : memberOf(s, r, row, before);
  if (s.errors.length > before || !hamlet || !role || !personId) return;
  const gkey = `${hamlet.code}\u0000${fold(teamName)}`;
  let g = s.teamGroups.get(gkey);
  if (!g) {
    const clash = communityRows(s.engine.db).find(
      (c) => c.hamlet_code === hamlet.code && fold(c.name) === fold(teamName),
    );
    if (clash) {
      s.error(row, '{name}: tổ đã có (mã {id})', '{name}: team already exists ({id})', {
        name: teamName,
        id: clash.id,
      });
      return;
    }
    g = {
      row,
      hamlet: hamlet.code,
      name: teamName,
      households,
      decision: s.cell(r, 'decision_number'),
      date: date ?? null,
      members: [],
    };
    s.teamGroups.set(gkey, g);
  }
  if (g.members.some((m) => m.personId === personId)) {
    s.error(row, '{name}: đã có trong tổ', '{name}: already in this team', { name: s.cell(r, 'member_name') });
    return;
  }
  g.members.push({ personId, role, leader: /^(x|1|yes|co|true)$/.test(fold(s.cell(r, 'leader'))), row });
}

/** A team member named by name and phone: a new person, or one the file already created. */
function memberOf(s: ImportState, r: Cells, row: number, before: number): string | null {
  const fullName = s.cell(r, 'member_name').replace(/\s+/g, ' ');
  const phones = normalisePhones(s.cell(r, 'member_phone'));
  const key: PersonKey = { fullName, position: s.cell(r, 'position'), phones: phones.map((p) => p.phone) };
  const dupOld = findDuplicate(key, s.existing);
  if (!fullName) {
    s.error(row, 'thiếu tên thành viên', 'missing member name');
    return null;
  }
  if (dupOld) {
    const d = duplicateMessage(fullName, dupOld);
    s.errorText(row, {
      vi: `${d.vi}; ghi mã vào cột person_id`,
      en: `${d.en}; put the id in a person_id column`,
    });
    return null;
  }
  let personId: string | null = null;
  // The same volunteer may serve two teams of the file: one new person, not two.
  const again = s.fresh.find((f) => duplicateReason(key, f.key));
  if (again) personId = again.id;
  else if (s.errors.length === before) {
    personId = crypto.randomUUID();
    s.fresh.push({ id: personId, key, row });
    s.counts.people++;
    s.puts.push({
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
  s.oddPhones(row, fullName, phones);
  return personId;
}

/** The person a row names: by `person_id`, or by exact name and phone; never a guess. */
function resolvePerson(s: ImportState, r: Cells, row: number): string | null {
  const id = s.cell(r, 'person_id');
  if (id) {
    const p = personRow(s.engine.db, id);
    if (!p || p.deleted) {
      s.error(row, 'không có người mã {id}', 'unknown person id {id}', { id });
      return null;
    }
    return p.id;
  }
  const fullName = s.cell(r, 'full_name');
  const phones = normalisePhones(s.cell(r, 'phones')).map((p) => p.phone);
  const matches = s.existing.filter(
    (e) => fold(e.full_name) === fold(fullName) && parseJsonArray<string>(e.phones).some((p) => phones.includes(p)),
  );
  if (matches.length === 0) {
    s.error(
      row,
      '{name}: không tìm thấy người cùng tên và số điện thoại; ghi person_id',
      '{name}: no person with this name and phone; give person_id',
      { name: fullName || '(trống)' },
    );
    return null;
  }
  if (matches.length > 1) {
    s.error(
      row,
      '{name}: {n} người cùng tên và số điện thoại; ghi person_id',
      '{name}: {n} people with this name and phone; give person_id',
      { name: fullName, n: matches.length },
    );
    return null;
  }
  return matches[0]!.id;
}
