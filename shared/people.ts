/**
 * Leaders and teams: pure rules shared by the engine, the CLI and the renderer.
 * Vietnamese name sorting (given name first), phone normalisation, dates in Vietnam's time zone,
 * and the coverage rules (who oversees what, what is missing) with their settings.
 */
import { z } from 'zod';
import { compareVi, fold, matchesQuery } from './text';

/** Committee levels a leader can belong to. */
export const COMMITTEE_LEVELS = ['province', 'district', 'commune'] as const;
/** One of {@link COMMITTEE_LEVELS}. */
export type CommitteeLevel = (typeof COMMITTEE_LEVELS)[number];

/** Roles of a direct assignment to a commune or hamlet. */
export const ASSIGNMENT_ROLES = ['truong-to', 'thanh-vien', 'phu-trach'] as const;
/** One of {@link ASSIGNMENT_ROLES}. */
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

/** Roles in a community COVID team (Tổ COVID cộng đồng). */
export const TEAM_ROLES = ['cap-uy', 'truong-ap', 'cong-an', 'y-te', 'mat-tran', 'doan-the', 'tinh-nguyen'] as const;
/** One of {@link TEAM_ROLES}. */
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Vietnamese and English names of every role and level, for lists, exports and imports. */
export const ROLE_LABELS: Readonly<Record<AssignmentRole | TeamRole, { readonly vi: string; readonly en: string }>> = {
  'truong-to': { vi: 'Trưởng tổ', en: 'Team leader' },
  'thanh-vien': { vi: 'Thành viên', en: 'Member' },
  'phu-trach': { vi: 'Phụ trách địa bàn', en: 'In charge of the area' },
  'cap-uy': { vi: 'Cấp ủy viên', en: 'Party committee member' },
  'truong-ap': { vi: 'Trưởng ấp / khu phố', en: 'Hamlet head' },
  'cong-an': { vi: 'Công an viên', en: 'Police officer' },
  'y-te': { vi: 'Y tế ấp', en: 'Hamlet health worker' },
  'mat-tran': { vi: 'Mặt trận', en: 'Fatherland Front' },
  'doan-the': { vi: 'Đoàn thể', en: 'Mass organisation' },
  'tinh-nguyen': { vi: 'Tình nguyện viên', en: 'Volunteer' },
};

/** Vietnamese and English names of the committee levels. */
export const COMMITTEE_LEVEL_LABELS: Readonly<Record<CommitteeLevel, { readonly vi: string; readonly en: string }>> = {
  province: { vi: 'Tỉnh', en: 'Province' },
  district: { vi: 'Huyện', en: 'District' },
  commune: { vi: 'Xã', en: 'Commune' },
};

/**
 * Reads a role from a CSV cell: its code (`y-te`) or its Vietnamese or English name, without
 * diacritics or case ("Y tế ấp", "y te ap"). Null when nothing matches (never a guess).
 */
export function parseRole<R extends AssignmentRole | TeamRole>(text: string, allowed: readonly R[]): R | null {
  const f = fold(text);
  if (!f) return null;
  for (const r of allowed) {
    const l = ROLE_LABELS[r];
    if (f === r || f === fold(l.vi) || f === fold(l.en)) return r;
  }
  // "Trưởng ấp" and "Trưởng khu phố" are both the hamlet head.
  if (allowed.includes('truong-ap' as R) && /^truong (ap|khu pho|thon|ban|to dan pho|khom)$/.test(f)) {
    return 'truong-ap' as R;
  }
  return null;
}

/** Reads a committee level from a CSV cell (`district`, "Huyện", "huyen"); null when unknown. */
export function parseCommitteeLevel(text: string): CommitteeLevel | null {
  const f = fold(text);
  for (const l of COMMITTEE_LEVELS) {
    if (f === l || f === fold(COMMITTEE_LEVEL_LABELS[l].vi)) return l;
  }
  const alias: Readonly<Record<string, CommitteeLevel>> = { tinh: 'province', huyen: 'district', xa: 'commune' };
  return alias[f] ?? null;
}

/**
 * Splits a full name into given name (the last word) and the rest: "Nguyễn Văn An" →
 * `{ given: 'An', rest: 'Nguyễn Văn' }`. Vietnamese lists are sorted by the given name.
 */
export function splitName(fullName: string): { readonly given: string; readonly rest: string } {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  const given = words.pop() ?? '';
  return { given, rest: words.join(' ') };
}

/**
 * Compares two full names the Vietnamese way: by given name (last word), then by the rest of the
 * name in order (family name, middle names), each with {@link compareVi} (diacritic after base
 * letter, case ignored). "Trần Thị Bình" sorts before "Nguyễn Văn Cường".
 */
export function compareViNames(a: string, b: string): number {
  const x = splitName(a);
  const y = splitName(b);
  return compareVi(x.given, y.given) || compareVi(x.rest, y.rest) || compareVi(a, b);
}

/** Sorts items by their full name the Vietnamese way ({@link compareViNames}); returns a new array. */
export function sortByViName<T>(items: readonly T[], name: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareViNames(name(a), name(b)));
}

/** One phone number after normalisation, and whether it looks Vietnamese. */
export interface PhoneCheck {
  readonly phone: string;
  /** False for numbers that do not look like a Vietnamese mobile or landline: kept, but reported. */
  readonly plausible: boolean;
}

/**
 * Normalises a phone field: several numbers may be separated by `,` `;` `/` or new lines; spaces,
 * dots, dashes and brackets inside a number are removed ("0912 345.678" → "0912345678"). Numbers
 * are stored as text (leading zeros kept). Odd numbers (short extensions, "113", foreign) are KEPT
 * and flagged `plausible: false` so the operator is told, never refused: in an emergency a number
 * that looks wrong is better than none. Plausible = `0` or `+84` then 9–10 digits.
 */
export function normalisePhones(text: string | readonly string[]): PhoneCheck[] {
  const parts = typeof text === 'string' ? text.split(/[,;/\n]+/) : text.flatMap((t) => t.split(/[,;/\n]+/));
  const out: PhoneCheck[] = [];
  for (const p of parts) {
    const phone = p.replace(/[\s.\-()]/g, '');
    if (!phone) continue;
    if (out.some((o) => o.phone === phone)) continue;
    out.push({ phone, plausible: /^(0|\+84)\d{9,10}$/.test(phone) });
  }
  return out;
}

/**
 * Search for people: the words of `query` start words of `text` (see matchesQuery), or the query
 * is a phone fragment (3+ digits, spaces and dots ignored) found anywhere in one of `phones`, so
 * "345 678" finds 0912 345 678.
 */
export function matchesPerson(text: string, phones: readonly string[], query: string): boolean {
  if (matchesQuery(`${text} ${phones.join(' ')}`, query)) return true;
  const digits = query.replace(/[\s.\-()]/g, '');
  return /^\+?\d{3,}$/.test(digits) && phones.some((p) => p.includes(digits));
}

/** Formats a stored phone for reading: mobiles as "0912 345 678", others unchanged. */
export function formatPhone(phone: string): string {
  const m = /^(0\d{3})(\d{3})(\d{3})$/.exec(phone);
  return m ? `${m[1]} ${m[2]} ${m[3]}` : phone;
}

// Day arithmetic lives in shared/time.ts; these names stay for the people code that reads them.
export { vnToday, addDays, isDay as isIsoDate } from './time';
import { addDays } from './time';

/** Where a dated period stands on `today`: not started, in force, or ended (to < today). */
export type PeriodState = 'future' | 'active' | 'ended';

/** The state of a period from `from` to `to` (inclusive; null = open-ended) on `today`. */
export function periodState(from: string, to: string | null, today: string): PeriodState {
  if (to !== null && to < today) return 'ended';
  if (from > today) return 'future';
  return 'active';
}

/** Settings of the coverage warnings; every rule can be switched off. */
export const coverageRulesSchema = z.object({
  /** Risk levels at which a commune must have an overseer (cấp 3–4 by default). */
  overseerLevels: z.array(z.number().int().min(1).max(4)),
  /** Warn about hamlets with no community COVID team. */
  hamletNeedsTeam: z.boolean(),
  /** Roles every community team must include (health worker and police by default). */
  requiredTeamRoles: z.array(z.enum(TEAM_ROLES)),
  /** Fewest members a community team may have (3 by default; 0 switches the rule off). */
  minTeamMembers: z.number().int().min(0).max(50),
  /** Warn about assignments that ended within this many days (0 switches the rule off). */
  endedWithinDays: z.number().int().min(0).max(3650),
});
/** See {@link coverageRulesSchema}. */
export type CoverageRules = z.infer<typeof coverageRulesSchema>;

/** Defaults from domain.md: cấp 3–4 need an overseer; teams of ≥ 3 with health and police. */
export const DEFAULT_COVERAGE_RULES: CoverageRules = {
  overseerLevels: [3, 4],
  hamletNeedsTeam: true,
  requiredTeamRoles: ['y-te', 'cong-an'],
  minTeamMembers: 3,
  endedWithinDays: 30,
};

/** Kinds of coverage warning. */
export const WARNING_KINDS = [
  'commune-no-overseer',
  'hamlet-no-team',
  'team-missing-role',
  'team-too-small',
  'assignment-ended',
] as const;
/** One of {@link WARNING_KINDS}. */
export type WarningKind = (typeof WARNING_KINDS)[number];

/** A unit as the coverage rules see it. */
export interface CoverageUnit {
  readonly code: string;
  readonly name: string;
  readonly level: 'commune' | 'hamlet';
  readonly parentCode: string | null;
  /** Current risk level (0 = not assessed). */
  readonly riskLevel: number;
}

/** A community team as the coverage rules see it. */
export interface CoverageTeam {
  readonly id: string;
  readonly name: string;
  readonly hamletCode: string;
  readonly roles: readonly TeamRole[];
}

/** An assignment as the coverage rules see it. */
export interface CoverageAssignment {
  readonly id: string;
  readonly personId: string;
  readonly personName: string;
  readonly unitCode: string;
  readonly unitName: string;
  readonly from: string;
  readonly to: string | null;
}

/** What the rules read. `overseen` = codes of communes with at least one active overseer. */
export interface CoverageInput {
  readonly units: readonly CoverageUnit[];
  readonly overseen: ReadonlySet<string>;
  readonly teams: readonly CoverageTeam[];
  readonly assignments: readonly CoverageAssignment[];
  readonly today: string;
}

/** One warning: what is wrong, where (the unit to show), and bilingual text naming the item. */
export interface CoverageWarning {
  readonly kind: WarningKind;
  /** The unit to show on the map. */
  readonly code: string;
  readonly teamId?: string;
  readonly assignmentId?: string;
  readonly personId?: string;
  readonly vi: string;
  readonly en: string;
}

/**
 * The coverage warnings (pure): communes at a watched level with no overseer, hamlets without a
 * community team, teams lacking a required role or too small, assignments that ended recently.
 * Sorted by kind, then unit code, so the list is stable.
 */
export function coverageWarnings(input: CoverageInput, rules: CoverageRules): CoverageWarning[] {
  const out: CoverageWarning[] = [];
  const levels = new Set(rules.overseerLevels);
  const teamsByHamlet = new Map<string, CoverageTeam[]>();
  for (const t of input.teams) teamsByHamlet.set(t.hamletCode, [...(teamsByHamlet.get(t.hamletCode) ?? []), t]);
  for (const u of input.units) {
    if (u.level === 'commune' && levels.has(u.riskLevel) && !input.overseen.has(u.code)) {
      out.push({
        kind: 'commune-no-overseer',
        code: u.code,
        vi: `${u.name} (${u.code}) cấp ${u.riskLevel} chưa có người phụ trách`,
        en: `${u.name} (${u.code}) is at level ${u.riskLevel} with no overseer`,
      });
    }
    if (u.level === 'hamlet' && rules.hamletNeedsTeam && !teamsByHamlet.has(u.code)) {
      out.push({
        kind: 'hamlet-no-team',
        code: u.code,
        vi: `${u.name} (${u.code}) chưa có Tổ COVID cộng đồng`,
        en: `${u.name} (${u.code}) has no community COVID team`,
      });
    }
  }
  for (const t of input.teams) {
    const missing = rules.requiredTeamRoles.filter((r) => !t.roles.includes(r));
    if (missing.length > 0) {
      out.push({
        kind: 'team-missing-role',
        code: t.hamletCode,
        teamId: t.id,
        vi: `${t.name}: thiếu ${missing.map((r) => ROLE_LABELS[r].vi).join(', ')}`,
        en: `${t.name}: no ${missing.map((r) => ROLE_LABELS[r].en.toLowerCase()).join(', ')}`,
      });
    }
    if (rules.minTeamMembers > 0 && t.roles.length < rules.minTeamMembers) {
      out.push({
        kind: 'team-too-small',
        code: t.hamletCode,
        teamId: t.id,
        vi: `${t.name}: chỉ có ${t.roles.length} thành viên (tối thiểu ${rules.minTeamMembers})`,
        en: `${t.name}: only ${t.roles.length} member(s) (at least ${rules.minTeamMembers})`,
      });
    }
  }
  if (rules.endedWithinDays > 0) {
    const since = addDays(input.today, -rules.endedWithinDays);
    // An assignment renewed (the same person in force on the same unit) needs no warning.
    const renewed = new Set(
      input.assignments
        .filter((a) => periodState(a.from, a.to, input.today) === 'active')
        .map((a) => `${a.personId} ${a.unitCode}`),
    );
    for (const a of input.assignments) {
      if (a.to !== null && a.to < input.today && a.to >= since && !renewed.has(`${a.personId} ${a.unitCode}`)) {
        out.push({
          kind: 'assignment-ended',
          code: a.unitCode,
          assignmentId: a.id,
          personId: a.personId,
          vi: `${a.personName} hết phân công tại ${a.unitName} từ ${a.to}`,
          en: `${a.personName}'s assignment to ${a.unitName} ended on ${a.to}`,
        });
      }
    }
  }
  const order = new Map(WARNING_KINDS.map((k, i) => [k, i]));
  return out.sort(
    (a, b) => order.get(a.kind)! - order.get(b.kind)! || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** How two people are the same for import and entry: why, if they are. */
export interface PersonKey {
  readonly fullName: string;
  readonly position: string;
  readonly phones: readonly string[];
}

/**
 * Why `a` duplicates `b`, or null: the same full name (folded: no diacritics, case, extra spaces)
 * and either a shared phone number or the same non-empty position. Two people with the same
 * common name but different phones and positions are different people.
 */
export function duplicateReason(a: PersonKey, b: PersonKey): 'name-phone' | 'name-position' | null {
  if (fold(a.fullName) !== fold(b.fullName)) return null;
  if (a.phones.some((p) => b.phones.includes(p))) return 'name-phone';
  const pa = fold(a.position);
  if (pa !== '' && pa === fold(b.position)) return 'name-position';
  return null;
}
