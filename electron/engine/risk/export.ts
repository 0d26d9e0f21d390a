/** The risk-level map exported as GeoJSON or CSV for other tools. */
import type { Output } from '../../../shared/contract';
import { RISK_LEVELS, type RiskLevel } from '../../../shared/risk';
import type { TableFormat } from '../../../shared/contract-text';
import { fileDate, formatDateTime, toVnIso } from '../../../shared/time';
import type { EngineContext } from '../context';
import { SUBTREE_CTE, type UnitRow } from '../units/repo';
import type { XlsxColumn } from '../xlsx/write';
import { tableFile } from '../xlsx/table';
import { levelsAt } from './repo';

type ExportRow = Pick<UnitRow, 'code' | 'name' | 'level' | 'type' | 'parent_code'> & { geometry: string | null };

const COLUMNS: readonly XlsxColumn[] = [
  { header: 'code', type: 'code' },
  { header: 'name', type: 'text' },
  { header: 'unit_level', type: 'text' },
  { header: 'unit_type', type: 'text' },
  { header: 'parent_code', type: 'code' },
  { header: 'risk_level', type: 'count' },
  { header: 'risk_name', type: 'text' },
  { header: 'effective_from', type: 'datetime' },
  { header: 'reason', type: 'text' },
];

/** The levels of every district, commune and hamlet under `root` at `at`, as a file. */
export function exportRiskLevels(
  engine: EngineContext,
  root: UnitRow,
  at: string,
  format: 'geojson' | TableFormat,
): Output<'risk.export'> {
  const levels = new Map(levelsAt(engine, at, root.code).map((s) => [s.code, s]));
  const rows = engine.db
    .prepare(
      `${SUBTREE_CTE} SELECT code, name, level, type, parent_code, geometry FROM units
       WHERE code IN (SELECT code FROM subtree) AND deleted = 0 AND level IN ('district', 'commune', 'hamlet')
       ORDER BY code`,
    )
    .all(root.code) as ExportRow[];
  // Files are named with the Vietnam date of the moment exported; times carry +07:00.
  const stamp = fileDate(Date.parse(at));
  const vnIso = (t: string | undefined): string => (t ? toVnIso(t) : '');
  const stateOf = (code: string) => {
    const s = levels.get(code);
    return { s, level: (s?.level ?? 0) as RiskLevel };
  };
  if (format === 'geojson') {
    const features = rows
      .filter((r) => r.geometry)
      .map((r) => {
        const { s, level } = stateOf(r.code);
        return {
          type: 'Feature',
          geometry: JSON.parse(r.geometry!) as unknown,
          properties: {
            code: r.code,
            name: r.name,
            unit_level: r.level,
            unit_type: r.type,
            parent_code: r.parent_code ?? '',
            risk_level: level,
            risk_name: RISK_LEVELS[level].vi,
            colour: RISK_LEVELS[level].colour,
            effective_from: vnIso(s?.effectiveFrom),
            reason: s?.reason ?? '',
          },
        };
      });
    return {
      fileName: `saban-cap-do-${root.code}-${stamp}.geojson`,
      mimeType: 'application/geo+json',
      text: JSON.stringify({ type: 'FeatureCollection', name: `saban_${root.code}_${stamp}`, features }),
    };
  }
  const lines = rows.map((r) => {
    const { s, level } = stateOf(r.code);
    return [
      r.code,
      r.name,
      r.level,
      r.type,
      r.parent_code ?? '',
      level,
      RISK_LEVELS[level].vi,
      vnIso(s?.effectiveFrom),
      s?.reason ?? '',
    ];
  });
  return tableFile(
    engine,
    {
      baseName: `saban-cap-do-${root.code}-${stamp}`,
      title: `Cấp độ dịch — ${root.name} — lúc ${formatDateTime(at)}`,
      sheet: 'Cấp độ dịch',
      columns: COLUMNS,
      rows: lines,
    },
    format,
  );
}
