import type Database from 'better-sqlite3';
import type { OfficeRole } from '../../../shared/bundle-format';
import { ENTITIES, type Entity, type EntityDef } from '../entities';

/** Whether an entity name is one this build knows. */
export function isEntity(name: string): name is Entity {
  return Object.prototype.hasOwnProperty.call(ENTITIES, name);
}

/** The definition of an entity, widened so optional fields can be read. */
export function defOf(entity: Entity): EntityDef {
  return ENTITIES[entity];
}

/** How {@link Scope.verdict} learns a row's stored unit: read it, ignore it, or the caller's value. */
export type StoredUnit = 'lookup' | 'skip' | { readonly unit: string | null };

/** Why a change may not travel from (or be accepted from) an office, or null when it may. */
export type ScopeVerdict = null | 'local' | 'province-owned' | 'district-owned' | 'out-of-scope';

/**
 * Decides which changes belong to an office, like DHIS2's hierarchy check: a district owns its own
 * unit and everything below it (rows whose unit column names such a unit); the province owns the
 * entities without a unit column (settings, thresholds), which flow province → district only.
 * Unit membership is cached per code; a unit's ancestry is read from `db` (the receiver's view,
 * or the sender's on export).
 */
export class Scope {
  private readonly cache = new Map<string, boolean>();
  private readonly parentOf: Database.Statement;
  private readonly unitOf = new Map<Entity, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    readonly role: OfficeRole,
    readonly office: string,
  ) {
    this.parentOf = db.prepare('SELECT parent_code FROM units WHERE code = ?');
  }

  /** True when `code` is the office's unit or below it (a province owns everything). */
  inScope(code: string, parentHint?: string | null): boolean {
    if (this.role === 'province') return true;
    const hit = this.cache.get(code);
    if (hit !== undefined) return hit;
    let ok = false;
    let cur: string | null | undefined = code;
    let first = true;
    for (let depth = 0; cur && depth < 10; depth++) {
      if (cur === this.office) {
        ok = true;
        break;
      }
      const known = this.cache.get(cur);
      if (known !== undefined && !first) {
        ok = known;
        break;
      }
      const row = this.parentOf.get(cur) as { parent_code: string | null } | undefined;
      // A unit not yet known here (created in this very bundle) is placed by its new parent.
      cur = row ? row.parent_code : first ? parentHint : undefined;
      first = false;
    }
    this.cache.set(code, ok);
    return ok;
  }

  /** The unit column's stored value of a row (undefined when the row does not exist). */
  storedUnit(entity: Entity, id: string): string | null | undefined {
    const def = defOf(entity);
    const col = def.unitColumn;
    if (col === undefined) return undefined;
    if (col === def.key) return id;
    let stmt = this.unitOf.get(entity);
    if (!stmt) {
      stmt = this.db.prepare(`SELECT ${col} AS u FROM ${def.table} WHERE ${def.key} = ?`);
      this.unitOf.set(entity, stmt);
    }
    const row = stmt.get(id) as { u: string | null } | undefined;
    return row ? row.u : undefined;
  }

  /**
   * Whether a change from an office with this scope may travel: `null` if it may, otherwise why not.
   * `data` is the change's columns (for units, `parent_code` places a new unit).
   */
  verdict(
    entity: Entity,
    id: string,
    data: Readonly<Record<string, unknown>>,
    /** The row's stored unit on this side, when the caller needs it checked too ('lookup' reads it). */
    stored: StoredUnit = 'skip',
  ): ScopeVerdict {
    const def = defOf(entity);
    if (def.localIds?.includes(id)) return 'local';
    if (def.unitColumn === undefined) return this.role === 'province' ? null : 'province-owned';
    if (this.role === 'province') return 'district-owned';
    const col = def.unitColumn;
    const units: string[] = [];
    if (col === def.key) units.push(id);
    else {
      const given = data[col];
      if (typeof given === 'string') units.push(given);
      // Moving a row out of another office's unit is changing that office's data: the stored
      // unit must be ours too. Without the column in the change, the stored row decides.
      const s =
        stored === 'lookup' || typeof given !== 'string'
          ? this.storedUnit(entity, id)
          : stored === 'skip'
            ? undefined
            : stored.unit;
      if (typeof s === 'string' && s !== given) units.push(s);
    }
    if (units.length === 0) return 'out-of-scope';
    const hint = entity === 'unit' && typeof data['parent_code'] === 'string' ? data['parent_code'] : null;
    for (const u of units) if (!this.inScope(u, u === id ? hint : null)) return 'out-of-scope';
    // The office's own unit hangs under the province: only its children's parents must be ours.
    if (hint !== null && id !== this.office && !this.inScope(hint)) return 'out-of-scope';
    return null;
  }
}
