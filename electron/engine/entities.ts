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
  /**
   * The column naming the administrative unit a row belongs to (for units: the key). Sync uses it
   * to check that a district only changes its own units; an entity without one is province-owned
   * (flows province → district only), and a district's changes to it are refused.
   */
  readonly unitColumn?: string;
  /** Row ids that are local to one installation and never travel in a sync bundle. */
  readonly localIds?: readonly string[];
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
    unitColumn: 'code',
  },
  setting: {
    table: 'settings',
    key: 'key',
    columns: ['key', 'value', 'deleted'],
    // Per-operator preferences: each office keeps its own.
    localIds: ['operatorName', 'lang', 'currentDistrict', 'basemapUrl', 'figuresImportMappings'],
  },
  assessment: {
    table: 'assessments',
    key: 'id',
    columns: ['id', 'batch_id', 'unit_code', 'level', 'effective_from', 'reason', 'set_by', 'created_at', 'deleted'],
    unitColumn: 'unit_code',
  },
  riskFigures: {
    table: 'risk_figures',
    key: 'id',
    columns: ['id', 'unit_code', 'as_of', 'population', 'new_cases_7d', 'vaccine_pct', 'capacity_ok', 'deleted'],
    unitColumn: 'unit_code',
  },
  person: {
    table: 'people',
    key: 'id',
    columns: ['id', 'full_name', 'position', 'committee_level', 'unit_code', 'phones', 'notes', 'deleted'],
    unitColumn: 'unit_code',
  },
  assignment: {
    table: 'assignments',
    key: 'id',
    columns: ['id', 'person_id', 'unit_code', 'role', 'from_date', 'to_date', 'notes', 'deleted'],
    unitColumn: 'unit_code',
  },
  steeringTeam: {
    table: 'steering_teams',
    key: 'id',
    columns: [
      'id',
      'name',
      'leader_id',
      'member_ids',
      'area_codes',
      'unit_code',
      'from_date',
      'to_date',
      'notes',
      'deleted',
    ],
    // The smallest unit holding every area it directs (migration 70).
    unitColumn: 'unit_code',
  },
  communityTeam: {
    table: 'community_teams',
    key: 'id',
    columns: [
      'id',
      'hamlet_code',
      'name',
      'leader_id',
      'members',
      'households',
      'decision_number',
      'decision_date',
      'notes',
      'deleted',
    ],
    unitColumn: 'hamlet_code',
  },
  post: {
    table: 'posts',
    key: 'id',
    columns: [
      'id',
      'kind',
      'name',
      'parent_id',
      'lon',
      'lat',
      'commune_code',
      'status',
      'status_since',
      'opened_on',
      'commander',
      'phone',
      'staff_police',
      'staff_military',
      'staff_border_guard',
      'staff_health',
      'staff_volunteer',
      'shifts_per_day',
      'first_shift_start',
      'border_segment',
      'markers',
      'neighbour_country',
      'note',
      'created_at',
      'deleted',
    ],
    unitColumn: 'commune_code',
  },
  postLog: {
    table: 'post_logs',
    key: 'id',
    columns: [
      'id',
      'post_id',
      'commune_code',
      'shift_date',
      'shift_no',
      'shift_start',
      'shift_end',
      'people_checked',
      'vehicles_checked',
      'turned_back',
      'health_declarations',
      'temp_alerts',
      'test_alerts',
      'note',
      'logged_by',
      'logged_at',
      'deleted',
    ],
    unitColumn: 'commune_code',
  },
  postIncident: {
    table: 'post_incidents',
    key: 'id',
    columns: [
      'id',
      'post_id',
      'log_id',
      'commune_code',
      'type',
      'at',
      'place',
      'people',
      'handling',
      'note',
      'lon',
      'lat',
      'deleted',
    ],
    unitColumn: 'commune_code',
  },
  dailyFigure: {
    table: 'daily_figures',
    key: 'id',
    // Key `<unit code>|<day>` (migration 90).
    columns: [
      'id',
      'unit_code',
      'commune_code',
      'district_code',
      'day',
      'f0_community',
      'f0_quarantine',
      'f1_traced',
      'samples',
      'positives',
      'q_facility_in',
      'q_facility_new',
      'q_facility_released',
      'q_health_in',
      'q_health_new',
      'q_health_released',
      'q_home_in',
      'q_home_new',
      'q_home_released',
      'dose1',
      'dose2',
      'dose_booster',
      'deaths',
      'recoveries',
      'entered_by',
      'entered_at',
      'deleted',
    ],
    unitColumn: 'unit_code',
  },
} as const satisfies Record<string, EntityDef>;

/** An entity name. */
export type Entity = keyof typeof ENTITIES;

/** A row of an entity as plain column values. */
export type Row = Record<string, string | number | null>;
