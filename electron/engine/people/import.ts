/** People CSV imports: checked row by row; written in one transaction only when no row has an error. */
import crypto from 'node:crypto';
import { readCsv } from '../../../shared/csv';
import { EngineError, msg } from '../../../shared/result';
import { fold } from '../../../shared/text';
import type { EngineContext } from '../context';
import type { WriteTx } from '../write';
import { ImportState, type RowProblem } from './import-state';
import { planAssignmentRow, planPersonRow, planTeamRow } from './import-rows';
import { livePeople, todayOf } from './repo';

/** The kinds of people file. */
export type PeopleImportKind = 'people' | 'assignments' | 'teams';

/** Column names and the other names (folded, spaces as `_`) a file may use for them. */
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

const REQUIRED: Readonly<Record<PeopleImportKind, readonly string[]>> = {
  people: ['full_name'],
  assignments: ['unit_code', 'role'],
  teams: ['hamlet_code', 'team_name', 'member_name', 'member_role'],
};

const PLANNERS = { people: planPersonRow, assignments: planAssignmentRow, teams: planTeamRow } as const;

/** What an import would write, and the problems that stop it. */
export interface ImportPlan {
  readonly rows: number;
  readonly counts: { people: number; assignments: number; teams: number };
  readonly errors: RowProblem[];
  readonly warnings: RowProblem[];
  readonly apply: (tx: WriteTx) => void;
}

/**
 * Checks a CSV file row by row and returns what it would write. Nothing is written here: the
 * caller applies the plan in one transaction only when no row has an error.
 */
export function planImport(engine: EngineContext, kind: PeopleImportKind, fileName: string, text: string): ImportPlan {
  // shared/csv.ts: delimiter, each row's exact line (a blank line in the middle must not shift
  // the numbers the operator is told about), and the formula guard our exports add comes off.
  const table = readCsv(text, fileName);
  const header = table.header.map((h) => fold(h).replace(/ /g, '_'));
  const colIndex = (name: string): number =>
    (ALIASES[name] ?? [name]).map((a) => header.indexOf(a)).find((i) => i >= 0) ?? -1;
  const missing = REQUIRED[kind].filter((c) => colIndex(c) < 0);
  if (kind === 'assignments' && colIndex('person_id') < 0 && colIndex('full_name') < 0) missing.push('person_id');
  if (missing.length > 0) {
    throw new EngineError(
      'bad-file',
      msg('{fileName}: thiếu cột {cols}', '{fileName}: missing columns {cols}', { fileName, cols: missing.join(', ') }),
    );
  }
  const s = new ImportState(engine, todayOf(engine), livePeople(engine.db), (r, name) => {
    const i = colIndex(name);
    return i >= 0 ? (r[i] ?? '').trim() : '';
  });
  let dataRows = 0;
  for (const { cells, line } of table.rows) {
    dataRows++;
    PLANNERS[kind](s, cells, line);
  }
  for (const g of s.teamGroups.values()) {
    const leaders = g.members.filter((m) => m.leader);
    if (leaders.length > 1) {
      s.error(leaders[1]!.row, '{name}: nhiều hơn một tổ trưởng', '{name}: more than one leader', { name: g.name });
    }
    s.counts.teams++;
    s.puts.push({
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
  s.errors.sort((a, b) => a.row - b.row);
  return {
    rows: dataRows,
    counts: s.counts,
    errors: s.errors,
    warnings: s.warnings,
    apply: (tx) => {
      for (const p of s.puts) tx.put(p.entity, p.row);
    },
  };
}
