/** The office named in an export's title block. */
import type { EngineContext } from '../context';

/**
 * The office this database serves (`saban init --district/--province`), by name and code; before
 * that is set, the one district the database holds (the training district on a first start), or
 * "Sa Bàn".
 */
export function officeName(engine: EngineContext): string {
  const id = engine.db.prepare('SELECT role, office_code FROM sync_identity WHERE id = 1').get() as
    { role: string | null; office_code: string | null } | undefined;
  const nameOf = (code: string): string | undefined =>
    (
      engine.db.prepare('SELECT name FROM units WHERE code = ? AND deleted = 0').get(code) as
        { name: string } | undefined
    )?.name;
  if (id?.office_code) {
    const name = nameOf(id.office_code);
    if (name) return `${name} (${id.office_code})`;
    return `${id.role === 'province' ? 'Tỉnh' : 'Huyện'} ${id.office_code}`;
  }
  const districts = engine.db
    .prepare("SELECT code, name FROM units WHERE level = 'district' AND deleted = 0 LIMIT 2")
    .all() as { code: string; name: string }[];
  if (districts.length === 1) return `${districts[0]!.name} (${districts[0]!.code})`;
  return 'Sa Bàn';
}
