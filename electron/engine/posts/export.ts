/** Posts and shift logs exported as GeoJSON or CSV. */
import type { Output } from '../../../shared/contract';
import type { TableFormat } from '../../../shared/contract-text';
import {
  FIGURE_KEYS,
  FORCES,
  HANDLING_LABELS,
  INCIDENT_TYPE_LABELS,
  POST_CSV_COLUMNS,
  POST_KIND_LABELS,
  POST_STATUS_LABELS,
} from '../../../shared/posts';
import { fileDate, formatDate, formatTime, toVnIso } from '../../../shared/time';
import type { EngineContext } from '../context';
import { tableFile } from '../xlsx/table';
import type { XlsxColumn, XlsxColumnType } from '../xlsx/write';
import { logsInRange, logsWithIncidents, postRows, type PostRow, toPost } from './repo';

type FileOut = Output<'posts.export'>;

function postFeature(r: PostRow): object {
  const p = toPost(r);
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    properties: {
      id: p.id,
      name: p.name,
      kind: p.kind,
      kind_name: POST_KIND_LABELS[p.kind].vi,
      status: p.status,
      status_name: POST_STATUS_LABELS[p.status].vi,
      status_since: p.statusSince ?? '',
      opened_on: p.openedOn ?? '',
      commune_code: p.communeCode ?? '',
      commune_name: p.communeName ?? '',
      parent_id: p.parentId ?? '',
      commander: p.commander,
      phone: p.phone,
      ...Object.fromEntries(FORCES.map((f) => [`staff_${f}`, p.staff[f]])),
      shifts_per_day: p.pattern.shiftsPerDay,
      first_shift_start: p.pattern.firstStart,
      border_segment: p.borderSegment,
      markers: p.markers,
      neighbour_country: p.neighbourCountry,
    },
  };
}

function postCsvLine(r: PostRow): (string | number | null)[] {
  const values: Record<(typeof POST_CSV_COLUMNS)[number], string | number | null> = {
    id: r.id,
    name: r.name,
    kind: r.kind,
    lat: r.lat,
    lon: r.lon,
    commune_code: r.commune_code,
    status: r.status,
    status_since: r.status_since,
    opened_on: r.opened_on,
    commander: r.commander,
    phone: r.phone,
    police: r.staff_police,
    military: r.staff_military,
    border_guard: r.staff_border_guard,
    health: r.staff_health,
    volunteer: r.staff_volunteer,
    shifts_per_day: r.shifts_per_day,
    first_shift_start: r.first_shift_start,
    parent: r.parent_id,
    border_segment: r.border_segment,
    markers: r.markers,
    neighbour_country: r.neighbour_country,
    note: r.note,
  };
  return POST_CSV_COLUMNS.map((c) => values[c]);
}

/** What each column of the posts table holds (the rest are text). */
const POST_COLUMN_TYPES: Partial<Record<(typeof POST_CSV_COLUMNS)[number], XlsxColumnType>> = {
  id: 'code',
  lat: 'number',
  lon: 'number',
  commune_code: 'code',
  status_since: 'date',
  opened_on: 'date',
  phone: 'code',
  police: 'count',
  military: 'count',
  border_guard: 'count',
  health: 'count',
  volunteer: 'count',
  shifts_per_day: 'count',
  parent: 'code',
};
const POST_COLUMNS: readonly XlsxColumn[] = POST_CSV_COLUMNS.map((c) => ({
  header: c,
  type: POST_COLUMN_TYPES[c] ?? 'text',
}));

/** The posts under `within` as GeoJSON points, or as the table (CSV or XLSX) the import reads back. */
export function exportPosts(
  engine: EngineContext,
  within: string | undefined,
  format: 'geojson' | TableFormat,
): FileOut {
  const rows = postRows(engine, within);
  const stamp = fileDate(engine.now());
  const label = within ?? 'all';
  if (format === 'geojson') {
    return {
      fileName: `saban-chot-${label}-${stamp}.geojson`,
      mimeType: 'application/geo+json',
      text: JSON.stringify({
        type: 'FeatureCollection',
        name: `saban_posts_${label}_${stamp}`,
        features: rows.map(postFeature),
      }),
    };
  }
  return tableFile(
    engine,
    {
      baseName: `saban-chot-${label}-${stamp}`,
      title: `Chốt kiểm soát và đồn biên phòng — ${within ?? 'tất cả'}`,
      sheet: 'Chốt',
      columns: POST_COLUMNS,
      rows: rows.map(postCsvLine),
    },
    format,
  );
}

const LOG_COLUMNS: readonly XlsxColumn[] = [
  { header: 'post_id', type: 'code' },
  { header: 'post_name', type: 'text' },
  { header: 'kind', type: 'text' },
  { header: 'commune_code', type: 'code' },
  { header: 'commune_name', type: 'text' },
  { header: 'shift_date', type: 'date' },
  { header: 'shift_no', type: 'count' },
  { header: 'shift_start', type: 'datetime' },
  { header: 'shift_end', type: 'datetime' },
  { header: 'people_checked', type: 'count' },
  { header: 'vehicles_checked', type: 'count' },
  { header: 'turned_back', type: 'count' },
  { header: 'health_declarations', type: 'count' },
  { header: 'temp_alerts', type: 'count' },
  { header: 'test_alerts', type: 'count' },
  { header: 'incidents', type: 'count' },
  { header: 'incident_details', type: 'text' },
  { header: 'note', type: 'text' },
  { header: 'logged_by', type: 'text' },
  { header: 'logged_at', type: 'datetime' },
];

/** The shift logs of `from`..`to` under `within` as CSV or XLSX, one line per log. */
export function exportLogs(
  engine: EngineContext,
  within: string | undefined,
  from: string,
  to: string,
  format: TableFormat,
): FileOut {
  const logs = logsWithIncidents(engine.db, logsInRange(engine, within, from, to));
  const posts = new Map(postRows(engine, within).map((r) => [r.id, r]));
  const lines = logs.map((l) => {
    const p = posts.get(l.postId);
    const details = l.incidents
      .map(
        (i) =>
          `${formatTime(i.at)} ${INCIDENT_TYPE_LABELS[i.type].vi}${i.place ? ` (${i.place})` : ''}: ${i.people} người, ${HANDLING_LABELS[i.handling].vi}`,
      )
      .join('; ');
    return [
      l.postId,
      p?.name ?? '',
      p?.kind ?? '',
      p?.commune_code ?? '',
      p?.commune_name ?? '',
      l.shift.date,
      l.shift.no,
      toVnIso(l.shift.start),
      toVnIso(l.shift.end),
      ...FIGURE_KEYS.map((k) => l[k]),
      l.incidents.length,
      details,
      l.note,
      l.loggedBy,
      toVnIso(l.loggedAt),
    ];
  });
  return tableFile(
    engine,
    {
      baseName: `saban-so-ca-${within ?? 'all'}-${from}_${to}`,
      title: `Sổ ca trực chốt — ${within ?? 'tất cả'} — ${formatDate(from)} đến ${formatDate(to)}`,
      sheet: 'Sổ ca',
      columns: LOG_COLUMNS,
      rows: lines,
    },
    format,
  );
}
