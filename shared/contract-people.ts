/**
 * The leaders-and-teams part of the API contract: the register of people, direct assignments,
 * steering teams (Tổ chỉ đạo), community COVID teams (Tổ COVID cộng đồng), the directory, the CSV
 * import, and the coverage warnings. Merged into `api` in contract.ts.
 */
import { z } from 'zod';
import type { AccessOf } from './access';
import type { ApiGroup, EffectsOf } from './contract';
import { exportedFileSchema, localTextSchema, TABLE_FORMATS } from './contract-text';
import {
  ASSIGNMENT_ROLES,
  COMMITTEE_LEVELS,
  TEAM_ROLES,
  WARNING_KINDS,
  coverageRulesSchema,
  isIsoDate,
} from './people';

const code = z.string().min(1).max(32);
const id = z.string().min(1).max(64);
const reason = z.string().trim().max(2000);
/** A calendar date, YYYY-MM-DD. */
const isoDate = z.string().refine(isIsoDate, 'YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);

/** A person of the register. Phones are normalised text ("0912345678"). */
export const personSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  position: z.string(),
  committeeLevel: z.enum(COMMITTEE_LEVELS).nullable(),
  /** The unit whose committee the person belongs to (optional). */
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  phones: z.array(z.string()),
  notes: z.string(),
});
/** See {@link personSchema}. */
export type Person = z.infer<typeof personSchema>;

/** A direct assignment of a person to a commune or hamlet, with its period. */
export const assignmentSchema = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  unitLevel: z.string(),
  role: z.enum(ASSIGNMENT_ROLES),
  from: z.string(),
  to: z.string().nullable(),
  notes: z.string(),
  /** On today's date (Asia/Ho_Chi_Minh). */
  state: z.enum(['future', 'active', 'ended']),
});
/** See {@link assignmentSchema}. */
export type Assignment = z.infer<typeof assignmentSchema>;

/** A steering team (Tổ chỉ đạo): leader, members, and the district or communes it directs. */
export const steeringTeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  leaderId: z.string().nullable(),
  leaderName: z.string().nullable(),
  memberIds: z.array(z.string()),
  memberNames: z.array(z.string()),
  areaCodes: z.array(z.string()),
  areaNames: z.array(z.string()),
  from: z.string(),
  to: z.string().nullable(),
  notes: z.string(),
  state: z.enum(['future', 'active', 'ended']),
});
/** See {@link steeringTeamSchema}. */
export type SteeringTeam = z.infer<typeof steeringTeamSchema>;

/** One member of a community team. */
export const teamMemberSchema = z.object({
  personId: z.string(),
  fullName: z.string(),
  phones: z.array(z.string()),
  role: z.enum(TEAM_ROLES),
});
/** See {@link teamMemberSchema}. */
export type TeamMember = z.infer<typeof teamMemberSchema>;

/** A community COVID team of a hamlet, set up by a commune decision. */
export const communityTeamSchema = z.object({
  id: z.string(),
  hamletCode: z.string(),
  hamletName: z.string(),
  communeCode: z.string().nullable(),
  name: z.string(),
  leaderId: z.string().nullable(),
  members: z.array(teamMemberSchema),
  households: z.number().int().nullable(),
  decisionNumber: z.string(),
  decisionDate: z.string().nullable(),
  notes: z.string(),
});
/** See {@link communityTeamSchema}. */
export type CommunityTeam = z.infer<typeof communityTeamSchema>;

/** One line of the contact directory: a person in one role in one area. */
export const directoryEntrySchema = z.object({
  personId: z.string(),
  fullName: z.string(),
  position: z.string(),
  phones: z.array(z.string()),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  /** A role code (assignment or team role), `leader` of a team, or null (register only). */
  role: z.string().nullable(),
  roleVi: z.string(),
  roleEn: z.string(),
  source: z.enum(['assignment', 'steering', 'community', 'register']),
});
/** See {@link directoryEntrySchema}. */
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

/** Who oversees a unit, for the map's coverage layer. */
export const coverageUnitSchema = z.object({
  code: z.string(),
  overseers: z.array(
    z.object({
      personId: z.string(),
      fullName: z.string(),
      role: z.string(),
      source: z.enum(['assignment', 'steering', 'community']),
    }),
  ),
  teamName: z.string().nullable(),
});
/** See {@link coverageUnitSchema}. */
export type CoverageUnitState = z.infer<typeof coverageUnitSchema>;

/** One coverage warning (see shared/people.ts coverageWarnings). */
export const coverageWarningSchema = z.object({
  kind: z.enum(WARNING_KINDS),
  code: z.string(),
  teamId: z.string().optional(),
  assignmentId: z.string().optional(),
  personId: z.string().optional(),
  vi: z.string(),
  en: z.string(),
});

/** One row's problem in an import (row = line number in the file, header = 1). */
export const rowProblemSchema = z.object({
  row: z.number().int(),
  /** In Vietnamese. */
  message: z.string(),
  /** In both languages; a door shows the user's. */
  text: localTextSchema,
});

/** What an import would do (preview) or did. */
export const peopleImportReportSchema = z.object({
  kind: z.enum(['people', 'assignments', 'teams']),
  fileName: z.string(),
  rows: z.number().int(),
  /** True when written; a preview or a file with errors writes nothing. */
  written: z.boolean(),
  people: z.number().int(),
  assignments: z.number().int(),
  teams: z.number().int(),
  errors: z.array(rowProblemSchema),
  warnings: z.array(rowProblemSchema),
});
/** See {@link peopleImportReportSchema}. */
export type PeopleImportReport = z.infer<typeof peopleImportReportSchema>;

const fileOut = exportedFileSchema;
const directoryFilter = z.object({
  /** Only entries in this unit's area (any depth). */
  within: code.optional(),
  /** Diacritic-insensitive words matched against name, position, phone, area and role. */
  query: z.string().max(200).optional(),
  /** Only this role (code). */
  role: z.string().max(32).optional(),
});

/** The leaders-and-teams methods. */
export const peopleApi = {
  'people.list': {
    input: z.object({ query: z.string().max(200).optional() }),
    output: z.array(personSchema),
  },
  'people.get': {
    input: z.object({ id }),
    output: z.object({
      person: personSchema,
      assignments: z.array(assignmentSchema),
      steeringTeams: z.array(z.object({ id: z.string(), name: z.string(), leader: z.boolean() })),
      communityTeams: z.array(
        z.object({ id: z.string(), name: z.string(), hamletCode: z.string(), role: z.enum(TEAM_ROLES) }),
      ),
    }),
  },
  'people.save': {
    input: z.object({
      /** Absent: a new person. */
      id: id.optional(),
      fullName: z.string().trim().min(1).max(200),
      position: text(300).default(''),
      committeeLevel: z.enum(COMMITTEE_LEVELS).nullable().default(null),
      unitCode: code.nullable().default(null),
      /** One or more numbers, separated by `,` `;` or `/`. */
      phones: z.union([z.string().max(500), z.array(z.string().max(50)).max(10)]).default(''),
      notes: text(2000).default(''),
      /** Save even though a person with the same name and phone or position exists. */
      allowDuplicate: z.boolean().default(false),
      reason: reason.optional(),
    }),
    output: z.object({
      person: personSchema,
      /** In Vietnamese; `phoneWarningsText` in both languages. */
      phoneWarnings: z.array(z.string()),
      phoneWarningsText: z.array(localTextSchema),
    }),
  },
  'people.delete': {
    input: z.object({ id, reason: reason.min(1) }),
    output: z.object({ id: z.string() }),
  },
  'people.assign': {
    input: z.object({
      personId: id,
      unitCode: code,
      role: z.enum(ASSIGNMENT_ROLES),
      /** Defaults to today (Asia/Ho_Chi_Minh). */
      from: isoDate.optional(),
      to: isoDate.nullable().optional(),
      notes: text(2000).default(''),
      reason: reason.optional(),
    }),
    output: assignmentSchema,
  },
  'people.endAssignment': {
    input: z.object({ id, to: isoDate.optional(), reason: reason.optional() }),
    output: assignmentSchema,
  },
  'people.deleteAssignment': {
    input: z.object({ id, reason: reason.min(1) }),
    output: z.object({ id: z.string() }),
  },
  'people.assignments': {
    input: z.object({
      personId: id.optional(),
      unitCode: code.optional(),
      within: code.optional(),
      /** Ended and future ones too (the history). */
      all: z.boolean().default(false),
    }),
    output: z.array(assignmentSchema),
  },
  'people.directory': { input: directoryFilter, output: z.array(directoryEntrySchema) },
  /** The directory as a file (CSV or XLSX; the name predates XLSX). */
  'people.exportCsv': {
    input: directoryFilter.extend({ format: z.enum(TABLE_FORMATS).default('csv') }),
    output: fileOut,
  },
  'people.import': {
    input: z.object({
      kind: z.enum(['people', 'assignments', 'teams']),
      fileName: z.string().min(1).max(500),
      text: z.string().max(20 * 1024 * 1024),
      /** Only check and report (the preview); nothing is written. */
      dryRun: z.boolean().default(true),
    }),
    output: peopleImportReportSchema,
  },
  'teams.steeringList': { input: z.object({}), output: z.array(steeringTeamSchema) },
  'teams.steeringSave': {
    input: z.object({
      id: id.optional(),
      name: z.string().trim().min(1).max(200),
      leaderId: id.nullable().default(null),
      memberIds: z.array(id).max(100).default([]),
      areaCodes: z.array(code).min(1).max(500),
      from: isoDate.optional(),
      to: isoDate.nullable().optional(),
      notes: text(2000).default(''),
      reason: reason.optional(),
    }),
    output: steeringTeamSchema,
  },
  'teams.steeringDelete': { input: z.object({ id, reason: reason.min(1) }), output: z.object({ id: z.string() }) },
  'teams.communityList': {
    input: z.object({ within: code.optional() }),
    output: z.array(communityTeamSchema),
  },
  'teams.communitySave': {
    input: z.object({
      id: id.optional(),
      hamletCode: code,
      name: z.string().trim().min(1).max(200),
      leaderId: id.nullable().default(null),
      members: z.array(z.object({ personId: id, role: z.enum(TEAM_ROLES) })).max(50),
      households: z.number().int().min(0).nullable().default(null),
      decisionNumber: text(100).default(''),
      decisionDate: isoDate.nullable().default(null),
      notes: text(2000).default(''),
      reason: reason.optional(),
    }),
    output: communityTeamSchema,
  },
  'teams.communityDelete': { input: z.object({ id, reason: reason.min(1) }), output: z.object({ id: z.string() }) },
  'coverage.map': { input: z.object({ within: code }), output: z.array(coverageUnitSchema) },
  'coverage.warnings': {
    input: z.object({ within: code.optional() }),
    output: z.array(coverageWarningSchema),
  },
  'coverage.rules': { input: z.object({}), output: coverageRulesSchema },
  'coverage.setRules': { input: coverageRulesSchema.partial(), output: coverageRulesSchema },
} as const satisfies ApiGroup;

const peopleWrite = ['people.*', 'teams.*', 'coverage.*', 'audit.list', 'units.get'] as const;

/** What the people, teams and coverage methods make stale. */
export const peopleEffects = {
  'people.list': [],
  'people.get': [],
  'people.save': peopleWrite,
  'people.delete': peopleWrite,
  'people.assign': peopleWrite,
  'people.endAssignment': peopleWrite,
  'people.deleteAssignment': peopleWrite,
  'people.assignments': [],
  'people.directory': [],
  'people.exportCsv': [],
  'people.import': peopleWrite,
  'teams.steeringList': [],
  'teams.steeringSave': peopleWrite,
  'teams.steeringDelete': peopleWrite,
  'teams.communityList': [],
  'teams.communitySave': peopleWrite,
  'teams.communityDelete': peopleWrite,
  'coverage.map': [],
  'coverage.warnings': [],
  'coverage.rules': [],
  'coverage.setRules': ['coverage.*', 'audit.list'],
} as const satisfies EffectsOf<typeof peopleApi>;

/** What each people method needs of its caller (see shared/access.ts). */
export const peopleAccess = {
  'people.list': 'read',
  'people.get': 'read',
  'people.save': 'write',
  'people.delete': 'write',
  'people.assign': 'write',
  'people.endAssignment': 'write',
  'people.deleteAssignment': 'write',
  'people.assignments': 'read',
  'people.directory': 'read',
  'people.exportCsv': 'read',
  'people.import': 'write',
  'teams.steeringList': 'read',
  'teams.steeringSave': 'write',
  'teams.steeringDelete': 'write',
  'teams.communityList': 'read',
  'teams.communitySave': 'write',
  'teams.communityDelete': 'write',
  'coverage.map': 'read',
  'coverage.warnings': 'read',
  'coverage.rules': 'read',
  'coverage.setRules': 'write',
} as const satisfies AccessOf<typeof peopleApi>;
