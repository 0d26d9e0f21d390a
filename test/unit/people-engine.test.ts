import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/db';
import { Engine } from '../../electron/engine/engine';
import { MIGRATIONS } from '../../electron/engine/migrations/index';
import { saban } from '../helpers/cli';
import { CallError, call, freshEngine, snapshot, tempDir } from '../helpers/engine';

const open: Engine[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});
// 10:00 in Vietnam on 30 Nov 2021.
const START = Date.parse('2021-11-30T03:00:00Z');
let clock = START;
function make(): Engine {
  clock = START;
  const { engine } = freshEngine({ seedTraining: true, now: () => clock });
  open.push(engine);
  return engine;
}
const DAY = 86_400_000;
const COMMUNE = '99901';
const HAMLET = '99901-001';

function person(e: Engine, fullName: string, extra: Record<string, unknown> = {}): string {
  return call(e, 'people.save', { fullName, ...extra }).person.id;
}
const warnings = (e: Engine): string[] =>
  call(e, 'coverage.warnings', { within: '999' }).map((w) => `${w.kind} ${w.code}`);
/** Everything the write path could have touched, people tables included. */
function fullSnapshot(e: Engine): string {
  const extra = ['people', 'assignments', 'steering_teams', 'community_teams'].map((t) =>
    e.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all(),
  );
  return snapshot(e) + JSON.stringify(extra);
}

describe('migration 40 (people)', () => {
  it('adds the people tables to a version-before database and keeps its units', () => {
    const file = path.join(tempDir(), 'm.sqlite');
    const before = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < 40) });
    before.prepare("INSERT INTO units (code, level, name) VALUES ('95', 'province', 'Tỉnh Bạc Liêu')").run();
    before.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(40);
    for (const t of ['people', 'assignments', 'steering_teams', 'community_teams']) {
      const info = db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(t) as { strict: number };
      expect(info.strict, t).toBe(1);
      expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
    expect(db.prepare("SELECT name FROM units WHERE code = '95'").get()).toEqual({ name: 'Tỉnh Bạc Liêu' });
    // The period check lives in the schema too: an assignment cannot end before it starts.
    db.prepare("INSERT INTO people (id, full_name) VALUES ('p', 'A')").run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO assignments (id, person_id, unit_code, role, from_date, to_date) VALUES ('a', 'p', '95', 'thanh-vien', '2021-11-02', '2021-11-01')",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});

describe('people register', () => {
  it('lists people sorted by given name, searches without diacritics, audits every save', () => {
    const e = make();
    person(e, 'Nguyễn Văn Cường', { position: 'Phó Chủ tịch UBND huyện', phones: '0912 345 678' });
    person(e, 'Trần Thị Bình', { committeeLevel: 'district', unitCode: '999' });
    person(e, 'Lê Văn An', { position: 'Ủy viên BTV Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy' });
    const list = call(e, 'people.list', {});
    expect(list.map((p) => p.fullName)).toEqual(['Lê Văn An', 'Trần Thị Bình', 'Nguyễn Văn Cường']);
    expect(list[1]).toMatchObject({
      committeeLevel: 'district',
      unitCode: '999',
      unitName: 'Huyện Tập Huấn (dữ liệu giả định)',
    });
    expect(list[2]!.phones).toEqual(['0912345678']);
    expect(call(e, 'people.list', { query: 'cuong pho chu tich' }).map((p) => p.fullName)).toEqual([
      'Nguyễn Văn Cường',
    ]);
    expect(call(e, 'people.list', { query: '345678' })).toHaveLength(1);
    const audit = call(e, 'audit.list', { entity: 'person', limit: 10 });
    expect(audit.map((a) => a.action)).toEqual(['person.create', 'person.create', 'person.create']);
  });

  it('refuses a duplicate (same name and phone, or same name and position) naming the existing id', () => {
    const e = make();
    const id = person(e, 'Nguyễn Văn An', { phones: '0912345678', position: 'Bí thư Đảng ủy xã' });
    const before = fullSnapshot(e);
    const dup = (extra: Record<string, unknown>): CallError => {
      try {
        call(e, 'people.save', { fullName: 'nguyễn văn  an', ...extra });
      } catch (err) {
        return err as CallError;
      }
      throw new Error('expected a conflict');
    };
    const byPhone = dup({ phones: '0912.345.678' });
    expect(byPhone.code).toBe('conflict');
    expect(byPhone.message).toContain(id);
    expect(dup({ position: 'Bí thư Đảng ủy xã' }).message).toContain('cùng tên và chức vụ');
    expect(fullSnapshot(e)).toBe(before);
    // A namesake with another phone and position is another person; an explicit override is allowed.
    expect(call(e, 'people.save', { fullName: 'Nguyễn Văn An', phones: '0987654321' }).person.id).not.toBe(id);
    call(e, 'people.save', { fullName: 'Nguyễn Văn An', phones: '0912345678', allowDuplicate: true });
    expect(call(e, 'people.list', {})).toHaveLength(3);
  });

  it('keeps odd phone numbers and reports them', () => {
    const e = make();
    const r = call(e, 'people.save', { fullName: 'Phạm Thị Hoa', phones: '113; 0291 3835 123' });
    expect(r.person.phones).toEqual(['113', '02913835123']);
    expect(r.phoneWarnings).toHaveLength(1);
    expect(r.phoneWarnings[0]).toMatch(/^113:/);
  });
});

describe('assignments and coverage', () => {
  it('a cấp 3 commune warns until someone oversees it, and again when the assignment ends', () => {
    const e = make();
    call(e, 'risk.set', { codes: [COMMUNE], level: 3, reason: 'Ổ dịch' });
    expect(warnings(e)).toContain(`commune-no-overseer ${COMMUNE}`);
    const id = person(e, 'Lê Văn An', { position: 'Ủy viên BTV Huyện ủy' });
    const a = call(e, 'people.assign', { personId: id, unitCode: COMMUNE, role: 'phu-trach' });
    expect(a).toMatchObject({ from: '2021-11-30', to: null, state: 'active', unitName: 'Xã An Bình' });
    expect(warnings(e)).not.toContain(`commune-no-overseer ${COMMUNE}`);
    // A hamlet assignment does not oversee the commune.
    const b = person(e, 'Trần Văn Bảy');
    call(e, 'people.assign', { personId: b, unitCode: '99902-001', role: 'thanh-vien' });
    call(e, 'risk.set', { codes: ['99902'], level: 4, reason: 'Ổ dịch' });
    expect(warnings(e)).toContain('commune-no-overseer 99902');

    call(e, 'people.endAssignment', { id: a.id, to: '2021-12-05' });
    clock = START + 6 * DAY; // 6 Dec: the assignment ended yesterday
    expect(warnings(e)).toEqual(
      expect.arrayContaining([`commune-no-overseer ${COMMUNE}`, `assignment-ended ${COMMUNE}`]),
    );
    // History is kept: the ended assignment is listed with `all`, not among the active ones.
    expect(call(e, 'people.assignments', { unitCode: COMMUNE })).toEqual([]);
    expect(call(e, 'people.assignments', { unitCode: COMMUNE, all: true }).map((x) => x.state)).toEqual(['ended']);
    const renewed = call(e, 'people.assign', { personId: id, unitCode: COMMUNE, role: 'phu-trach' });
    expect(renewed.from).toBe('2021-12-06');
    expect(warnings(e).filter((w) => w.endsWith(COMMUNE))).toEqual([]);
    expect(call(e, 'people.get', { id }).assignments.map((x) => x.state)).toEqual(['active', 'ended']);
  });

  it('refuses assignments to districts, to unknown codes, and periods that end before they start', () => {
    const e = make();
    const id = person(e, 'Lê Văn An');
    const before = fullSnapshot(e);
    expect(() => call(e, 'people.assign', { personId: id, unitCode: '999', role: 'thanh-vien' })).toThrow(/xã hoặc ấp/);
    expect(() => call(e, 'people.assign', { personId: id, unitCode: '12345', role: 'thanh-vien' })).toThrow(/12345/);
    expect(() =>
      call(e, 'people.assign', {
        personId: id,
        unitCode: COMMUNE,
        role: 'thanh-vien',
        from: '2021-12-02',
        to: '2021-12-01',
      }),
    ).toThrow(/trước ngày bắt đầu/);
    expect(() => call(e, 'people.assign', { personId: id, unitCode: COMMUNE, role: 'boss' })).toThrow(/role/);
    expect(fullSnapshot(e)).toBe(before);
  });

  it('a steering team on the district oversees every commune of it while in force', () => {
    const e = make();
    call(e, 'risk.set', { codes: ['99901', '99903'], level: 4, reason: 'Đỏ' });
    const leader = person(e, 'Võ Thị Ân', { position: 'Phó Bí thư Thường trực Huyện ủy' });
    const member = person(e, 'Đặng Văn Bình');
    const team = call(e, 'teams.steeringSave', {
      name: 'Tổ chỉ đạo số 1',
      leaderId: leader,
      memberIds: [member, leader],
      areaCodes: ['999'],
      to: '2021-12-10',
    });
    expect(team).toMatchObject({
      memberIds: [member],
      leaderName: 'Võ Thị Ân',
      areaNames: ['Huyện Tập Huấn (dữ liệu giả định)'],
    });
    expect(warnings(e).filter((w) => w.startsWith('commune-no-overseer'))).toEqual([]);
    const map = call(e, 'coverage.map', { within: '999' });
    expect(map.find((u) => u.code === '99903')?.overseers.map((o) => [o.fullName, o.role])).toEqual([
      ['Võ Thị Ân', 'truong-to'],
      ['Đặng Văn Bình', 'thanh-vien'],
    ]);
    clock = START + 11 * DAY;
    expect(warnings(e).filter((w) => w.startsWith('commune-no-overseer'))).toEqual([
      'commune-no-overseer 99901',
      'commune-no-overseer 99903',
    ]);
    expect(() => call(e, 'teams.steeringSave', { name: 'x', areaCodes: [HAMLET] })).toThrow(/huyện hoặc xã/);
  });

  it('community teams: lacking a health worker or police, too small, and the rules as settings', () => {
    const e = make();
    const [a, b, c] = ['Nguyễn Văn Tư', 'Lê Thị Năm', 'Trần Văn Sáu'].map((n) => person(e, n));
    const team = call(e, 'teams.communitySave', {
      hamletCode: HAMLET,
      name: 'Tổ COVID cộng đồng ấp 1',
      leaderId: a!,
      members: [
        { personId: a!, role: 'truong-ap' },
        { personId: b!, role: 'y-te' },
      ],
      households: 54,
      decisionNumber: '123/QĐ-UBND',
      decisionDate: '2021-08-15',
    });
    expect(team).toMatchObject({ communeCode: COMMUNE, households: 54 });
    expect(team.hamletName).toMatch(/^Ấp/);
    const teamWarnings = (): string[] =>
      call(e, 'coverage.warnings', { within: HAMLET })
        .filter((w) => w.teamId === team.id)
        .map((w) => w.kind);
    expect(teamWarnings()).toEqual(['team-missing-role', 'team-too-small']);
    expect(warnings(e)).not.toContain(`hamlet-no-team ${HAMLET}`);
    expect(warnings(e)).toContain('hamlet-no-team 99901-002');
    call(e, 'teams.communitySave', {
      id: team.id,
      hamletCode: HAMLET,
      name: team.name,
      leaderId: a!,
      members: [
        ...team.members.map((m) => ({ personId: m.personId, role: m.role })),
        { personId: c!, role: 'cong-an' },
      ],
    });
    expect(teamWarnings()).toEqual([]);
    call(e, 'coverage.setRules', { minTeamMembers: 4, hamletNeedsTeam: false });
    expect(teamWarnings()).toEqual(['team-too-small']);
    expect(warnings(e).some((w) => w.startsWith('hamlet-no-team'))).toBe(false);
    expect(call(e, 'coverage.rules', {})).toMatchObject({ minTeamMembers: 4, overseerLevels: [3, 4] });
    expect(() => call(e, 'teams.communitySave', { hamletCode: COMMUNE, name: 'x', members: [] })).toThrow(
      /thuộc một ấp/,
    );
    expect(() =>
      call(e, 'teams.communitySave', {
        hamletCode: HAMLET,
        name: 'x',
        leaderId: c!,
        members: [{ personId: a!, role: 'y-te' }],
      }),
    ).toThrow(/leader must be a member/);
  });
});

describe('directory', () => {
  it('lists everyone by area and role, sorted by given name, and exports UTF-8 CSV with BOM', () => {
    const e = make();
    const an = person(e, 'Lê Văn An', { position: 'Ủy viên BTV Huyện ủy', phones: '0912345678' });
    person(e, 'Trần Thị Bình', { position: '=cmd', unitCode: '999' });
    const tu = person(e, 'Nguyễn Văn Tư');
    call(e, 'people.assign', { personId: an, unitCode: COMMUNE, role: 'phu-trach' });
    call(e, 'teams.communitySave', {
      hamletCode: '99902-001',
      name: 'Tổ 1',
      leaderId: tu,
      members: [{ personId: tu, role: 'y-te' }],
    });
    const all = call(e, 'people.directory', {});
    expect(all.map((d) => [d.fullName, d.unitCode, d.role, d.source])).toEqual([
      ['Lê Văn An', COMMUNE, 'phu-trach', 'assignment'],
      ['Trần Thị Bình', '999', null, 'register'],
      ['Nguyễn Văn Tư', '99902-001', 'y-te', 'community'],
    ]);
    expect(all[2]!.roleVi).toBe('Y tế ấp (tổ trưởng)');
    expect(call(e, 'people.directory', { within: '99902' }).map((d) => d.personId)).toEqual([tu]);
    expect(call(e, 'people.directory', { role: 'phu-trach' }).map((d) => d.personId)).toEqual([an]);
    expect(call(e, 'people.directory', { query: 'an binh' }).map((d) => d.personId)).toEqual([an]);
    const csv = call(e, 'people.exportCsv', {});
    expect(csv.text.startsWith('\uFEFFho_ten,chuc_vu,dien_thoai')).toBe(true);
    expect(csv.text).toContain(
      'Lê Văn An,Ủy viên BTV Huyện ủy,"0912345678",Xã An Bình,"99901",Phụ trách địa bàn,assignment\r\n',
    );
    // A cell Excel would run as a formula is neutralised.
    // Written by shared/csv.ts (papaparse): the guarded cell needs no quotes (was `"'=cmd"`).
    expect(csv.text).toContain(`Trần Thị Bình,'=cmd,`);
  });
});

describe('CSV import', () => {
  it('previews per-row errors with line numbers, and writes nothing while any row is wrong', () => {
    const e = make();
    const existing = person(e, 'Nguyễn Văn An', { phones: '0912345678' });
    const before = fullSnapshot(e);
    const text = [
      'ho_ten,chuc_vu,cap,ma_don_vi,dien_thoai,ghi_chu',
      'Lê Văn Bảy,Bí thư,xã,99901,0911111111,',
      '',
      'Nguyen Van An,,xã,99901,0912 345 678,',
      'Trần Thị Tám,,ấp,12345,0913333333,',
      ',,,,,',
      'Phạm Văn Chín,,,,113,',
      'le van bay,Bí thư,,,0999999999,',
    ].join('\n');
    const preview = call(e, 'people.import', { kind: 'people', fileName: 'nguoi.csv', text });
    expect(preview.written).toBe(false);
    expect(preview.errors.map((x) => x.row)).toEqual([4, 5, 5, 8]);
    expect(preview.errors[0]!.message).toContain(existing);
    expect(preview.errors[1]!.message).toMatch(/cấp ấp không rõ/);
    expect(preview.errors[2]!.message).toMatch(/không có đơn vị mã 12345/);
    expect(preview.errors[2]!.text.en).toMatch(/unknown unit code 12345/);
    expect(preview.errors[3]!.message).toMatch(/trùng với dòng 2/);
    expect(preview.warnings.map((w) => w.row)).toEqual([7]);
    expect(preview.warnings[0]!.message).toMatch(/^Phạm Văn Chín: 113/);
    expect(fullSnapshot(e)).toBe(before);
    let thrown: unknown;
    try {
      call(e, 'people.import', { kind: 'people', fileName: 'nguoi.csv', text, dryRun: false });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(CallError);
    expect((thrown as CallError).code).toBe('bad-file');
    expect((thrown as CallError).message).toMatch(/4 dòng lỗi, không ghi gì/);
    // One language per text now (was "dòng/row 4:").
    expect((thrown as CallError).details?.[0]).toMatch(/^dòng 4:/);
    expect((thrown as CallError).detailsText?.[0]?.en).toMatch(/^row 4:/);
    expect(fullSnapshot(e)).toBe(before);
  });

  it('imports people, then assignments by id or by name and phone, in one transaction', () => {
    const e = make();
    const people =
      'full_name,position,committee_level,phones\nLê Văn An,Phó Chủ tịch UBND huyện,district,0912345678\nTrần Thị Bình,,,0987654321\n';
    const r = call(e, 'people.import', { kind: 'people', fileName: 'p.csv', text: '\uFEFF' + people, dryRun: false });
    expect(r).toMatchObject({ written: true, people: 2, errors: [] });
    const binh = call(e, 'people.list', { query: 'binh' })[0]!;
    const changes = call(e, 'units.stats', {}).changes;
    const assignments = [
      'person_id,full_name,phones,unit_code,role,from,to',
      `${binh.id},,,99901-001,Thành viên,2021-11-01,`,
      ',Lê Văn An,0912 345 678,99902,phụ trách địa bàn,,2021-12-31',
      ',Lê Văn An,0900000000,99902,phu-trach,,',
      `${binh.id},,,99902,chỉ huy,2021-13-01,`,
    ].join('\r\n');
    const bad = call(e, 'people.import', { kind: 'assignments', fileName: 'a.csv', text: assignments });
    expect(bad.errors.map((x) => `${x.row}`)).toEqual(['4', '5', '5']);
    expect(call(e, 'units.stats', {}).changes).toBe(changes);
    const good = assignments.split('\r\n').slice(0, 3).join('\r\n');
    expect(
      call(e, 'people.import', { kind: 'assignments', fileName: 'a.csv', text: good, dryRun: false }),
    ).toMatchObject({
      written: true,
      assignments: 2,
    });
    const list = call(e, 'people.assignments', { all: true });
    expect(list.map((a) => [a.personName, a.unitCode, a.role, a.from, a.to])).toEqual(
      expect.arrayContaining([
        ['Trần Thị Bình', '99901-001', 'thanh-vien', '2021-11-01', null],
        ['Lê Văn An', '99902', 'phu-trach', '2021-11-30', '2021-12-31'],
      ]),
    );
    expect(
      call(e, 'audit.list', { entity: 'assignment', limit: 5 }).every((x) => x.action === 'import.assignments'),
    ).toBe(true);
  });

  it('imports community teams one member per row, creating members and reporting duplicates', () => {
    const e = make();
    const known = person(e, 'Nguyễn Văn Tư', { phones: '0912345678' });
    const header =
      'hamlet_code,team_name,households,decision_number,decision_date,member_name,member_phone,member_role,leader,person_id';
    const rows = [
      header,
      '99901-001,Tổ COVID ấp 1,54,12/QĐ-UBND,2021-08-15,Lê Thị Năm,0911111111,Trưởng ấp,x,',
      `99901-001,Tổ COVID ấp 1,,,,,,y tế ấp,,${known}`,
      '99901-001,Tổ COVID ấp 1,,,,Trần Văn Sáu,0922222222,công an viên,,',
      '99901-002,Tổ COVID ấp 2,40,,,Lê Thị Năm,0911111111,tình nguyện viên,,',
    ];
    const dup = [
      ...rows,
      '99901-002,Tổ COVID ấp 2,,,,Nguyen Van Tu,0912345678,mặt trận,,',
      '99909-001,Tổ X,,,,A B,,y-te,,',
    ];
    const before = fullSnapshot(e);
    const bad = call(e, 'people.import', { kind: 'teams', fileName: 't.csv', text: dup.join('\n') });
    expect(bad.errors.map((x) => x.row)).toEqual([6, 7]);
    expect(bad.errors[0]!.message).toContain(known);
    expect(bad.errors[1]!.text.en).toMatch(/unknown unit code 99909-001/);
    expect(fullSnapshot(e)).toBe(before);
    const ok = call(e, 'people.import', { kind: 'teams', fileName: 't.csv', text: rows.join('\n'), dryRun: false });
    expect(ok).toMatchObject({ written: true, teams: 2, people: 2 });
    const teams = call(e, 'teams.communityList', { within: COMMUNE });
    expect(teams.map((t) => [t.name, t.members.map((m) => `${m.fullName}:${m.role}`), t.households])).toEqual([
      ['Tổ COVID ấp 1', ['Lê Thị Năm:truong-ap', 'Nguyễn Văn Tư:y-te', 'Trần Văn Sáu:cong-an'], 54],
      ['Tổ COVID ấp 2', ['Lê Thị Năm:tinh-nguyen'], 40],
    ]);
    expect(teams[0]!.leaderId).toBe(teams[0]!.members[0]!.personId);
    expect(teams[0]).toMatchObject({ decisionNumber: '12/QĐ-UBND', decisionDate: '2021-08-15' });
    // Importing the same file again is refused: the teams exist.
    const again = call(e, 'people.import', { kind: 'teams', fileName: 't.csv', text: rows.join('\n') });
    expect(again.errors.some((x) => /team already exists/.test(x.text.en))).toBe(true);
  });

  it('refuses a file without the required columns, naming them', () => {
    const e = make();
    expect(() => call(e, 'people.import', { kind: 'teams', fileName: 'x.csv', text: 'a,b\n1,2\n' })).toThrow(
      /missing columns hamlet_code, team_name, member_name, member_role/,
    );
  });
});

describe('saban people / assign / coverage (CLI)', () => {
  it('lists people, assigns one to a commune, and prints the coverage warnings as JSON', async () => {
    const file = path.join(tempDir(), 'cli.sqlite');
    const e = Engine.open(file, { seedTraining: true });
    const id = call(e, 'people.save', { fullName: 'Lê Văn An', phones: '0912345678' }).person.id;
    call(e, 'risk.set', { codes: [COMMUNE], level: 3, reason: 'test' });
    e.close();
    const people = await saban('people', '--db', file, '--json');
    expect(people.code, people.stderr).toBe(0);
    expect((JSON.parse(people.stdout) as { id: string }[]).map((p) => p.id)).toEqual([id]);
    const cov = async (): Promise<{ kind: string; code: string }[]> =>
      JSON.parse((await saban('coverage', '--db', file, '--json')).stdout) as { kind: string; code: string }[];
    expect(await cov()).toContainEqual(expect.objectContaining({ kind: 'commune-no-overseer', code: COMMUNE }));
    const bad = await saban('assign', '--db', file, '--person', id, '--unit', '99999', '--role', 'thanh-vien');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('99999');
    const ok = await saban(
      'assign',
      '--db',
      file,
      '--person',
      id,
      '--unit',
      COMMUNE,
      '--role',
      'phu-trach',
      '--from',
      '2021-11-01',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Xã An Bình');
    expect((await cov()).filter((w) => w.code === COMMUNE)).toEqual([]);
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT from_date, role FROM assignments').all()).toEqual([
      { from_date: '2021-11-01', role: 'phu-trach' },
    ]);
    raw.close();
  });
});
