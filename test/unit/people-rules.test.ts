import { describe, expect, it } from 'vitest';
import {
  type CoverageInput,
  DEFAULT_COVERAGE_RULES,
  compareViNames,
  coverageWarnings,
  duplicateReason,
  isIsoDate,
  matchesPerson,
  normalisePhones,
  parseCommitteeLevel,
  parseRole,
  periodState,
  sortByViName,
  splitName,
  TEAM_ROLES,
  ASSIGNMENT_ROLES,
  vnToday,
} from '../../shared/people';

describe('Vietnamese name sorting', () => {
  it('splits the given name (last word) from the rest', () => {
    expect(splitName('  Nguyễn  Văn   An ')).toEqual({ given: 'An', rest: 'Nguyễn Văn' });
    expect(splitName('Hùng')).toEqual({ given: 'Hùng', rest: '' });
  });

  it('sorts by given name first, then family and middle names, diacritics after the base letter', () => {
    const names = [
      'Nguyễn Văn Cường',
      'Trần Thị Bình',
      'Lê Văn An',
      'Nguyễn Thị Ánh',
      'Phạm Minh An',
      'Đặng Văn Bình',
      'Võ Thị Ân',
    ];
    expect(sortByViName(names, (n) => n)).toEqual([
      // The Vietnamese alphabet has â as its own letter after a, while tone marks only break
      // ties: An, An (then by family name), Ánh, Ân.
      'Lê Văn An',
      'Phạm Minh An',
      'Nguyễn Thị Ánh',
      'Võ Thị Ân',
      'Đặng Văn Bình',
      'Trần Thị Bình',
      'Nguyễn Văn Cường',
    ]);
  });

  it('sorts Đ after D and ignores case', () => {
    expect(compareViNames('Lê Đức', 'Lê Dũng')).toBeGreaterThan(0);
    expect(compareViNames('trần văn an', 'TRẦN VĂN AN')).toBe(0);
    // Same given name: the family name decides ("Lê" before "Nguyễn").
    expect(compareViNames('Nguyễn Văn Hải', 'Lê Văn Hải')).toBeGreaterThan(0);
  });
});

describe('phones, dates, labels', () => {
  it('normalises separators and spaces, keeps odd numbers but flags them', () => {
    expect(normalisePhones('0912 345.678; 0291-3835 123 / 113')).toEqual([
      { phone: '0912345678', plausible: true },
      { phone: '02913835123', plausible: true },
      { phone: '113', plausible: false },
    ]);
    expect(normalisePhones(['+84 912 345 678', '0912345678', '+84912345678'])).toEqual([
      { phone: '+84912345678', plausible: true },
      { phone: '0912345678', plausible: true },
    ]);
    expect(normalisePhones('')).toEqual([]);
  });

  it('finds people by words of the name or by a phone fragment', () => {
    const phones = ['0912345678'];
    expect(matchesPerson('Nguyễn Văn Cường Phó Chủ tịch', phones, 'cuong pho')).toBe(true);
    expect(matchesPerson('Nguyễn Văn Cường', phones, '345 678')).toBe(true);
    expect(matchesPerson('Nguyễn Văn Cường', phones, '0912')).toBe(true);
    expect(matchesPerson('Nguyễn Văn Cường', phones, '999')).toBe(false);
    expect(matchesPerson('Nguyễn Văn Cường', phones, 'uong')).toBe(false);
  });

  it("takes today's date in Asia/Ho_Chi_Minh (UTC+7), not UTC", () => {
    // 18:30 UTC on 30 Nov is 01:30 on 1 Dec in Vietnam.
    expect(vnToday(Date.parse('2021-11-30T18:30:00Z'))).toBe('2021-12-01');
    expect(vnToday(Date.parse('2021-11-30T16:59:59Z'))).toBe('2021-11-30');
  });

  it('states periods: ended means to < today', () => {
    expect(periodState('2021-11-01', '2021-11-30', '2021-11-30')).toBe('active');
    expect(periodState('2021-11-01', '2021-11-29', '2021-11-30')).toBe('ended');
    expect(periodState('2021-12-01', null, '2021-11-30')).toBe('future');
    expect(periodState('2021-11-01', null, '2030-01-01')).toBe('active');
    expect(isIsoDate('2021-02-29')).toBe(false);
    expect(isIsoDate('2020-02-29')).toBe(true);
  });

  it('reads roles and levels by code or by name, without diacritics, and never guesses', () => {
    expect(parseRole('Y tế ấp', TEAM_ROLES)).toBe('y-te');
    expect(parseRole('cong an vien', TEAM_ROLES)).toBe('cong-an');
    expect(parseRole('Trưởng khu phố', TEAM_ROLES)).toBe('truong-ap');
    expect(parseRole('phụ trách địa bàn', ASSIGNMENT_ROLES)).toBe('phu-trach');
    expect(parseRole('y tế', TEAM_ROLES)).toBeNull();
    expect(parseRole('y-te', ASSIGNMENT_ROLES)).toBeNull();
    expect(parseCommitteeLevel('Huyện')).toBe('district');
    expect(parseCommitteeLevel('tinh')).toBe('province');
    expect(parseCommitteeLevel('ấp')).toBeNull();
  });

  it('calls two people duplicates only with the same name and a shared phone or the same position', () => {
    const a = { fullName: 'Nguyễn Văn An', position: 'Bí thư Đảng ủy xã', phones: ['0912345678'] };
    expect(duplicateReason(a, { ...a, fullName: 'nguyen van  an', position: '' })).toBe('name-phone');
    expect(duplicateReason(a, { ...a, phones: [] })).toBe('name-position');
    expect(duplicateReason(a, { ...a, phones: ['0987654321'], position: 'Trưởng ấp' })).toBeNull();
    expect(duplicateReason(a, { ...a, fullName: 'Nguyễn Văn Bình' })).toBeNull();
    // Folding is the rule ("same folded full name"): An and Ân with the same phone are one person.
    expect(duplicateReason(a, { ...a, fullName: 'Nguyễn Văn Ân' })).toBe('name-phone');
  });
});

describe('coverage rules', () => {
  const base: CoverageInput = {
    today: '2021-11-30',
    overseen: new Set(),
    units: [
      { code: '31975', name: 'Xã Long Điền Đông', level: 'commune', parentCode: '958', riskLevel: 3 },
      { code: '31976', name: 'Xã Long Điền', level: 'commune', parentCode: '958', riskLevel: 4 },
      { code: '31977', name: 'Xã Vĩnh Trạch', level: 'commune', parentCode: '958', riskLevel: 2 },
      { code: '31975-001', name: 'Ấp 1', level: 'hamlet', parentCode: '31975', riskLevel: 0 },
      { code: '31975-002', name: 'Ấp 2', level: 'hamlet', parentCode: '31975', riskLevel: 0 },
    ],
    teams: [{ id: 't1', name: 'Tổ COVID ấp 1', hamletCode: '31975-001', roles: ['truong-ap', 'y-te', 'cong-an'] }],
    assignments: [],
  };
  const kinds = (w: ReturnType<typeof coverageWarnings>): string[] => w.map((x) => `${x.kind} ${x.code}`);

  it('warns about communes at level 3–4 with no overseer, and stops once one exists', () => {
    expect(kinds(coverageWarnings(base, DEFAULT_COVERAGE_RULES))).toEqual([
      'commune-no-overseer 31975',
      'commune-no-overseer 31976',
      'hamlet-no-team 31975-002',
    ]);
    const overseen = coverageWarnings({ ...base, overseen: new Set(['31975']) }, DEFAULT_COVERAGE_RULES);
    expect(kinds(overseen)).not.toContain('commune-no-overseer 31975');
    expect(kinds(overseen)).toContain('commune-no-overseer 31976');
  });

  it('follows the settings: watched levels, team rule off', () => {
    const rules = { ...DEFAULT_COVERAGE_RULES, overseerLevels: [2], hamletNeedsTeam: false };
    expect(kinds(coverageWarnings(base, rules))).toEqual(['commune-no-overseer 31977']);
  });

  it('warns about teams with no health worker or police, or fewer than the minimum members', () => {
    const teams = [
      { id: 't2', name: 'Tổ 2', hamletCode: '31975-002', roles: ['truong-ap', 'tinh-nguyen'] as const },
    ].map((t) => ({ ...t, roles: [...t.roles] }));
    const w = coverageWarnings({ ...base, teams: [...base.teams, ...teams] }, DEFAULT_COVERAGE_RULES);
    const t2 = w.filter((x) => x.teamId === 't2');
    expect(t2.map((x) => x.kind)).toEqual(['team-missing-role', 'team-too-small']);
    expect(t2[0]!.vi).toContain('Y tế ấp');
    expect(t2[0]!.vi).toContain('Công an viên');
    expect(t2[1]!.en).toContain('only 2 member(s) (at least 3)');
    // Minimum 2, only the health worker required: team 2 still lacks one, team 1 is fine.
    const relaxed = { ...DEFAULT_COVERAGE_RULES, minTeamMembers: 2, requiredTeamRoles: ['y-te' as const] };
    expect(
      coverageWarnings({ ...base, teams: [...base.teams, ...teams] }, relaxed)
        .filter((x) => x.teamId)
        .map((x) => `${x.teamId} ${x.kind}`),
    ).toEqual(['t2 team-missing-role']);
  });

  it('warns about assignments that ended within the window, unless renewed', () => {
    const a = (id: string, from: string, to: string | null, personId = 'p1') => ({
      id,
      personId,
      personName: 'Nguyễn Văn An',
      unitCode: '31975',
      unitName: 'Xã Long Điền Đông',
      from,
      to,
    });
    const input = {
      ...base,
      assignments: [
        a('ended-yesterday', '2021-10-01', '2021-11-29'),
        a('ends-today', '2021-10-01', '2021-11-30', 'p3'),
        a('long-ago', '2021-01-01', '2021-06-01'),
        a('renewed-old', '2021-09-01', '2021-11-20', 'p2'),
        a('renewed-new', '2021-11-21', null, 'p2'),
      ],
    };
    const ended = coverageWarnings(input, DEFAULT_COVERAGE_RULES).filter((w) => w.kind === 'assignment-ended');
    expect(ended.map((w) => w.assignmentId)).toEqual(['ended-yesterday']);
    expect(ended[0]!.vi).toContain('2021-11-29');
    const off = coverageWarnings(input, { ...DEFAULT_COVERAGE_RULES, endedWithinDays: 0 });
    expect(off.some((w) => w.kind === 'assignment-ended')).toBe(false);
  });
});
