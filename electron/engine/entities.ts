/**
 * The synced entities: which table holds each, its key, and its columns. The single write path
 * (write.ts) only writes tables listed here, and the sync export reads the change log by entity.
 */

/** How one entity maps onto its table. */
export interface EntityDef {
  readonly table: string;
  readonly key: string;
  /** Columns written through the write path, the key included. */
  readonly columns: readonly string[];
  /** Columns too large for the audit trail: audit keeps a summary, the change log keeps the value. */
  readonly bulky?: readonly string[];
}

/** Every entity the write path knows. Later migrations add theirs here. */
export const ENTITIES = {
  unit: {
    table: 'units',
    key: 'code',
    columns: [
      'code',
      'level',
      'parent_code',
      'name',
      'type',
      'population',
      'households',
      'geometry',
      'label_lon',
      'label_lat',
      'min_lon',
      'min_lat',
      'max_lon',
      'max_lat',
      'deleted',
    ],
    bulky: ['geometry'],
  },
  setting: { table: 'settings', key: 'key', columns: ['key', 'value', 'deleted'] },
  assessment: {
    table: 'assessments',
    key: 'id',
    columns: ['id', 'batch_id', 'unit_code', 'level', 'effective_from', 'reason', 'set_by', 'created_at', 'deleted'],
  },
  riskFigures: {
    table: 'risk_figures',
    key: 'id',
    columns: ['id', 'unit_code', 'as_of', 'population', 'new_cases_7d', 'vaccine_pct', 'capacity_ok', 'deleted'],
  },
} as const satisfies Record<string, EntityDef>;

/** An entity name. */
export type Entity = keyof typeof ENTITIES;

/** A row of an entity as plain column values. */
export type Row = Record<string, string | number | null>;
