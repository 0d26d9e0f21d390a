/** The phone directory: everyone with a role, by area, and its CSV export. */
import type { Output } from '../../../shared/contract';
import type { DirectoryEntry } from '../../../shared/contract-people';
import { matchesPerson, periodState, ROLE_LABELS, sortByViName, type TeamRole } from '../../../shared/people';
import { compareVi } from '../../../shared/text';
import type { TableFormat } from '../../../shared/contract-text';
import { fileDate } from '../../../shared/time';
import type { EngineContext } from '../context';
import { tableFile } from '../xlsx/table';
import type { XlsxColumn } from '../xlsx/write';
import {
  communityRows,
  liveAssignments,
  livePeople,
  parseJsonArray,
  type StoredMember,
  steeringRows,
  subtreeCodes,
  todayOf,
  unitName,
} from './repo';

/** Which entries the directory lists. */
export interface DirectoryFilter {
  readonly within?: string | undefined;
  readonly query?: string | undefined;
  readonly role?: string | undefined;
}

/** One line per person and role (assignments, steering teams, community teams), then everyone else. */
export function directory(engine: EngineContext, filter: DirectoryFilter): DirectoryEntry[] {
  const db = engine.db;
  const scope = subtreeCodes(engine, filter.within);
  const t = todayOf(engine);
  const entries: DirectoryEntry[] = [];
  const people = new Map(livePeople(db).map((p) => [p.id, p]));
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
      unitName: unitName(db, unitCode),
      role,
      roleVi: `${label?.vi ?? ''}${leader ? ' (tổ trưởng)' : ''}`.trim(),
      roleEn: `${label?.en ?? ''}${leader ? ' (team leader)' : ''}`.trim(),
      source,
    });
  };
  for (const a of liveAssignments(db)) {
    if (periodState(a.from_date, a.to_date, t) !== 'ended') entry(a.person_id, a.unit_code, a.role, 'assignment');
  }
  for (const s of steeringRows(db)) {
    if (periodState(s.from_date, s.to_date, t) === 'ended') continue;
    for (const area of parseJsonArray<string>(s.area_codes)) {
      if (s.leader_id) entry(s.leader_id, area, 'truong-to', 'steering');
      for (const m of parseJsonArray<string>(s.member_ids)) entry(m, area, 'thanh-vien', 'steering');
    }
  }
  for (const c of communityRows(db)) {
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
}

const DIRECTORY_COLUMNS: readonly XlsxColumn[] = [
  { header: 'ho_ten', type: 'text' },
  { header: 'chuc_vu', type: 'text' },
  { header: 'dien_thoai', type: 'code' },
  { header: 'don_vi', type: 'text' },
  { header: 'ma_don_vi', type: 'code' },
  { header: 'vai_tro', type: 'text' },
  { header: 'nguon', type: 'text' },
];

/** The directory as a CSV or XLSX file (phones and codes as text, names intact). */
export function directoryFile(
  engine: EngineContext,
  filter: DirectoryFilter,
  format: TableFormat,
): Output<'people.exportCsv'> {
  const lines = directory(engine, filter).map((e) => [
    e.fullName,
    e.position,
    e.phones.join('; '),
    e.unitName ?? '',
    e.unitCode ?? '',
    e.roleVi,
    e.source,
  ]);
  return tableFile(
    engine,
    {
      baseName: `saban-danh-ba-${filter.within ?? 'tat-ca'}-${fileDate(engine.now())}`,
      title: `Danh bạ cán bộ và tổ COVID — ${filter.within ?? 'tất cả'}`,
      sheet: 'Danh bạ',
      columns: DIRECTORY_COLUMNS,
      rows: lines,
    },
    format,
  );
}
