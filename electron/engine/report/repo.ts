/**
 * The daily report's rows: reading, mapping to the contract's shape, and which district or
 * province a call means when it names none.
 */
import type { DailyReport, FieldVisit } from '../../../shared/contract-report';
import {
  DEFAULT_RECIPIENTS,
  emptyFigures,
  REPORT_FIGURES,
  REPORT_TEAM_FIELDS,
  reportId,
  type ReportFigure,
  type ReportTeamField,
} from '../../../shared/report';
import { EngineError, msg } from '../../../shared/result';
import type { EngineContext } from '../context';
import type { UnitRow } from '../units/repo';

/** A row of `daily_reports`. */
export interface ReportRow {
  id: string;
  district_code: string;
  day: string;
  figures: string;
  teams: string;
  field_work: string;
  difficulties: string;
  proposals: string;
  prepared_by: string;
  approved_by: string;
  approved_at: string | null;
  status: 'draft' | 'sent';
  sent_at: string | null;
  late: number;
  doc_number: string;
  doc_symbol: string;
  issuer: string;
  place: string;
  recipients: string;
  updated_at: string | null;
  deleted: number;
}

/** The report symbol used when none is typed (báo cáo of the steering committee). */
export const DEFAULT_SYMBOL = 'BC-BCĐ';

function parseJson(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

/** Reads a JSON object of counts, keeping only the known keys (anything else: null). */
export function countsOf<K extends string>(keys: readonly K[], text: string): Record<K, number | null> {
  const raw = parseJson(text, {}) as Record<string, unknown>;
  return Object.fromEntries(
    keys.map((k) => {
      const v = raw?.[k];
      return [k, typeof v === 'number' && Number.isFinite(v) ? v : null];
    }),
  ) as Record<K, number | null>;
}

/** The place name of a unit without its type ("Huyện Đông Hải" → "Đông Hải"). */
export function placeOf(unit: Pick<UnitRow, 'name' | 'type'>): string {
  const prefix = `${unit.type} `;
  return unit.name.startsWith(prefix) ? unit.name.slice(prefix.length) : unit.name;
}

/** The default issuing body: the district's people's committee, then its steering committee. */
export function defaultIssuer(unit: Pick<UnitRow, 'name'>): string {
  return `UBND ${unit.name.toLocaleUpperCase('vi')}\nBAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19`;
}

/** A stored report row by district and day (tombstones excluded). */
export function reportRow(engine: EngineContext, district: string, day: string): ReportRow | undefined {
  return engine.db.prepare('SELECT * FROM daily_reports WHERE id = ? AND deleted = 0').get(reportId(district, day)) as
    ReportRow | undefined;
}

/** Maps a row onto the contract's shape. */
export function toReport(row: ReportRow, unit: Pick<UnitRow, 'name'>): DailyReport {
  const recipients = parseJson(row.recipients, []);
  const fieldWork = parseJson(row.field_work, []);
  return {
    id: row.id,
    district: row.district_code,
    districtName: unit.name,
    day: row.day,
    saved: true,
    status: row.status,
    figures: countsOf<ReportFigure>(REPORT_FIGURES, row.figures),
    teams: countsOf<ReportTeamField>(REPORT_TEAM_FIELDS, row.teams),
    fieldWork: Array.isArray(fieldWork) ? (fieldWork as FieldVisit[]) : [],
    difficulties: row.difficulties,
    proposals: row.proposals,
    preparedBy: row.prepared_by,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    sentAt: row.sent_at,
    late: row.late === 1,
    docNumber: row.doc_number,
    docSymbol: row.doc_symbol,
    issuer: row.issuer,
    place: row.place,
    recipients: Array.isArray(recipients) ? recipients.filter((r): r is string => typeof r === 'string') : [],
    updatedAt: row.updated_at,
  };
}

/** A new, unsaved draft for a district and day. */
export function blankReport(unit: UnitRow, day: string): DailyReport {
  return {
    id: reportId(unit.code, day),
    district: unit.code,
    districtName: unit.name,
    day,
    saved: false,
    status: 'draft',
    figures: emptyFigures(),
    teams: countsOf<ReportTeamField>(REPORT_TEAM_FIELDS, '{}'),
    fieldWork: [],
    difficulties: '',
    proposals: '',
    preparedBy: '',
    approvedBy: '',
    approvedAt: null,
    sentAt: null,
    late: false,
    docNumber: '',
    docSymbol: DEFAULT_SYMBOL,
    issuer: defaultIssuer(unit),
    place: placeOf(unit),
    recipients: [...DEFAULT_RECIPIENTS],
    updatedAt: null,
  };
}

/** This office's role and code from its sync identity (null parts when not set). */
function office(engine: EngineContext): { role: string | null; code: string | null } {
  const row = engine.db.prepare('SELECT role, office_code FROM sync_identity WHERE id = 1').get() as
    { role: string | null; office_code: string | null } | undefined;
  return { role: row?.role ?? null, code: row?.office_code ?? null };
}

function requireLevel(engine: EngineContext, code: string, level: 'district' | 'province'): UnitRow {
  const unit = engine.requireUnit(code);
  if (unit.level !== level) {
    throw new EngineError(
      'bad-request',
      level === 'district'
        ? msg('{code} ({name}) không phải là huyện', '{code} ({name}) is not a district', { code, name: unit.name })
        : msg('{code} ({name}) không phải là tỉnh', '{code} ({name}) is not a province', { code, name: unit.name }),
    );
  }
  return unit;
}

/**
 * The district a call means: the one named, else this office's district, else the district the
 * map is on, else the only district in the database.
 */
export function resolveDistrict(engine: EngineContext, code: string | undefined): UnitRow {
  if (code) return requireLevel(engine, code, 'district');
  const me = office(engine);
  if (me.role === 'district' && me.code) return requireLevel(engine, me.code, 'district');
  const current = engine.settings().currentDistrict;
  if (current) return requireLevel(engine, current, 'district');
  const all = engine.db
    .prepare("SELECT code FROM units WHERE level = 'district' AND deleted = 0 LIMIT 2")
    .pluck()
    .all() as string[];
  if (all.length === 1) return requireLevel(engine, all[0]!, 'district');
  throw new EngineError('bad-request', msg('Hãy chọn huyện của báo cáo', 'Choose the district of the report'));
}

/** The province a call means: the one named, else this office's province, else the district's province. */
export function resolveProvince(engine: EngineContext, code: string | undefined): UnitRow {
  if (code) return requireLevel(engine, code, 'province');
  const me = office(engine);
  if (me.role === 'province' && me.code) return requireLevel(engine, me.code, 'province');
  const district = resolveDistrict(engine, undefined);
  return requireLevel(engine, district.parent_code ?? '', 'province');
}

/** The live districts of a province, by name. */
export function districtsOf(engine: EngineContext, province: string): UnitRow[] {
  return engine.db
    .prepare("SELECT * FROM units WHERE level = 'district' AND parent_code = ? AND deleted = 0 ORDER BY name")
    .all(province) as UnitRow[];
}

/** The sent and draft reports of a day for the given districts, by district code. */
export function reportsOfDay(engine: EngineContext, day: string): Map<string, ReportRow> {
  const rows = engine.db.prepare('SELECT * FROM daily_reports WHERE day = ? AND deleted = 0').all(day) as ReportRow[];
  return new Map(rows.map((r) => [r.district_code, r]));
}
