/** What a people CSV import collects while it checks the rows, and the checks every kind shares. */
import { isIsoDate, type PersonKey, type TeamRole } from '../../../shared/people';
import { type LocalText, type MessageParams, msg } from '../../../shared/result';
import type { EngineContext } from '../context';
import type { Row } from '../entities';
import type { UnitRow } from '../units/repo';
import { type PersonRow, unitRow } from './repo';

/** A problem of one row (row = line number in the file, header = 1). */
export interface RowProblem {
  readonly row: number;
  readonly text: LocalText;
}

/** A community team gathered from its member rows. */
export interface TeamGroup {
  readonly row: number;
  readonly hamlet: string;
  readonly name: string;
  readonly households: number | null;
  readonly decision: string;
  readonly date: string | null;
  readonly members: { personId: string; role: TeamRole; leader: boolean; row: number }[];
}

/** The state of one import run: nothing in it is written until every row passed. */
export class ImportState {
  readonly errors: RowProblem[] = [];
  readonly warnings: RowProblem[] = [];
  readonly puts: { entity: 'person' | 'assignment' | 'communityTeam'; row: Row }[] = [];
  readonly counts = { people: 0, assignments: 0, teams: 0 };
  /** New people created by this file, to find duplicates inside the file as well. */
  readonly fresh: { id: string; key: PersonKey; row: number }[] = [];
  readonly teamGroups = new Map<string, TeamGroup>();

  constructor(
    readonly engine: EngineContext,
    readonly today: string,
    /** Live people before the import. */
    readonly existing: readonly PersonRow[],
    /** The cell of column `name` (or one of its aliases) in a record, trimmed. */
    readonly cell: (r: readonly string[], name: string) => string,
  ) {}

  error(row: number, vi: string, en: string, params?: MessageParams): void {
    this.errors.push({ row, text: msg(vi, en, params) });
  }

  errorText(row: number, text: LocalText): void {
    this.errors.push({ row, text });
  }

  warn(row: number, vi: string, en: string, params?: MessageParams): void {
    this.warnings.push({ row, text: msg(vi, en, params) });
  }

  /** The live unit `code` at one of `levels`, or null with an error. */
  unit(code: string, levels: readonly string[], row: number, what: string): UnitRow | null {
    const u = unitRow(this.engine.db, code);
    if (!u || u.deleted) {
      this.error(row, '{what}: không có đơn vị mã {code}', '{what}: unknown unit code {code}', { what, code });
      return null;
    }
    if (!levels.includes(u.level)) {
      this.error(row, '{what}: {name} ({code}) không phải {vi}', '{what}: {name} ({code}) is not a {en}', {
        what,
        name: u.name,
        code,
        vi: levels.join('/'),
        en: levels.join(' or '),
      });
      return null;
    }
    return u;
  }

  /** A `YYYY-MM-DD` cell: null when empty, undefined (with an error) when malformed. */
  date(value: string, row: number, what: string): string | null | undefined {
    if (!value) return null;
    if (!isIsoDate(value)) {
      this.error(row, '{what}: ngày {value} không đúng dạng YYYY-MM-DD', '{what}: date {value} is not YYYY-MM-DD', {
        what,
        value,
      });
      return undefined;
    }
    return value;
  }

  /** Warns about each phone number that does not look Vietnamese. */
  oddPhones(row: number, fullName: string, phones: readonly { phone: string; plausible: boolean }[]): void {
    for (const p of phones.filter((x) => !x.plausible)) {
      this.warn(row, '{name}: {phone} không giống số điện thoại Việt Nam', '{name}: {phone} is an odd phone number', {
        name: fullName,
        phone: p.phone,
      });
    }
  }
}
