import type { Migration } from './types';

/**
 * Version 70: `steering_teams.unit_code`, the unit a steering team belongs to: the smallest unit
 * that holds every area it directs (a district for a team over that district's communes). Sync
 * uses it like any unit column, so a district's own teams travel to the province; a team over
 * several districts belongs to the province. Existing teams get theirs from their areas.
 */
export const migration0070: Migration = {
  version: 70,
  name: 'steering-unit',
  up(db) {
    db.exec('ALTER TABLE steering_teams ADD COLUMN unit_code TEXT REFERENCES units(code)');
    const parent = db.prepare('SELECT parent_code FROM units WHERE code = ?').pluck();
    /** The unit and its ancestors, root first (written out here: a migration never changes with app code). */
    const chain = (code: string): string[] => {
      const out: string[] = [];
      let cur: string | null = code;
      for (let depth = 0; cur !== null && depth < 10; depth++) {
        out.unshift(cur);
        cur = (parent.get(cur) as string | null | undefined) ?? null;
      }
      return out;
    };
    const set = db.prepare('UPDATE steering_teams SET unit_code = ? WHERE id = ?');
    const rows = db.prepare('SELECT id, area_codes FROM steering_teams').all() as { id: string; area_codes: string }[];
    for (const r of rows) {
      let areas: unknown;
      try {
        areas = JSON.parse(r.area_codes);
      } catch {
        continue;
      }
      if (!Array.isArray(areas) || areas.length === 0) continue;
      const chains = areas.filter((a): a is string => typeof a === 'string').map(chain);
      let common = chains[0] ?? [];
      for (const c of chains.slice(1)) {
        let i = 0;
        while (i < common.length && i < c.length && common[i] === c[i]) i++;
        common = common.slice(0, i);
      }
      const unit = common[common.length - 1];
      if (unit !== undefined) set.run(unit, r.id);
    }
  },
};
