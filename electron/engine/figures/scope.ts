/**
 * Which units a district office may enter figures for. A district office's database holds the
 * whole province's boundaries, but its bundles carry its own district's rows only: a row entered
 * for another district's commune would stay in this database and never reach the province, so
 * it is refused with its row instead. Province offices (and databases not yet set up) are free.
 */
import type Database from 'better-sqlite3';
import { msg } from '../../../shared/result';
import type { LocalText } from '../../../shared/result';

/** The district this database serves as a district office, or null. */
export function ownDistrict(db: Database.Database): string | null {
  const id = db.prepare('SELECT role, office_code FROM sync_identity WHERE id = 1').get() as
    { role: string | null; office_code: string | null } | undefined;
  return id?.role === 'district' ? id.office_code : null;
}

/** Why a unit of `district` is refused at the office of `own`. */
export function otherDistrictText(code: string, district: string, own: string): LocalText {
  return msg(
    '{code} thuộc huyện {district}; văn phòng huyện {own} chỉ nhập số liệu các xã của huyện mình',
    '{code} belongs to district {district}; district office {own} enters its own communes only',
    { code, district, own },
  );
}
