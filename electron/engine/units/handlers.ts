import type { coreApi } from '../../../shared/contract';
import { checkUnitGeometry, type UnitGeometry } from '../../../shared/geo';
import { EngineError, msg } from '../../../shared/result';
import { matchesQuery } from '../../../shared/text';
import { UNIT_LEVELS, hamletCode } from '../../../shared/units';
import type { EngineContext, HandlersOf } from '../context';
import { listAudit } from '../audit/repo';
import { geometryProblemText } from './geometry-text';
import { checkTopology } from './geometry-valid';
import { importBoundaries } from './import-boundaries';
import { importUnits } from './import-units';
import {
  ancestorRows,
  childCount,
  featureRows,
  geometryColumns,
  listUnitRows,
  nextHamletNumber,
  toSummary,
} from './repo';

/** The unit methods of the contract: the administrative tree, hamlets, geometry and the imports. */
export type UnitsApi = Omit<
  typeof coreApi,
  'app.info' | 'units.stats' | `audit.${string}` | 'settings.get' | 'settings.set'
>;

/** The methods of the units feature. */
export function unitsHandlers(engine: EngineContext): HandlersOf<UnitsApi> {
  const db = engine.db;
  return {
    'units.list': (input) => {
      if (input.within) engine.requireUnit(input.within);
      const rows = listUnitRows(db, input.within, input.level);
      const q = input.query?.trim();
      const filtered = q ? rows.filter((r) => matchesQuery(`${r.name} ${r.code}`, q)) : rows;
      return filtered.slice(0, input.limit ?? filtered.length).map(toSummary);
    },

    'units.get': (input) => {
      const row = engine.requireUnit(input.code);
      return {
        unit: toSummary(row),
        ancestors: ancestorRows(db, row).map(toSummary),
        childCount: childCount(db, row.code),
        history: listAudit(db, { entity: 'unit', entityId: row.code, limit: 50 }),
      };
    },

    'map.features': (input) => {
      if (input.within) engine.requireUnit(input.within);
      const rows = featureRows(db, input.within, input.levels ?? [...UNIT_LEVELS]);
      return {
        type: 'FeatureCollection',
        features: rows.map((r) => ({
          type: 'Feature',
          id: r.code,
          geometry: JSON.parse(r.geometry) as { type: string; coordinates: unknown },
          properties: { code: r.code, name: r.name, level: r.level, type: r.type, parentCode: r.parent_code },
        })),
      };
    },

    'units.createHamlet': (input, ctx) => {
      const commune = engine.requireUnit(input.communeCode);
      if (commune.level !== 'commune') {
        throw new EngineError(
          'bad-request',
          msg('{code} không phải xã/phường', '{code} is not a commune', { code: commune.code }),
        );
      }
      const geo = input.geometry ? validGeometry(input.name, input.geometry, true) : null;
      const code = hamletCode(commune.code, nextHamletNumber(db, commune.code));
      engine.write(ctx, { action: 'hamlet.create', reason: input.reason ?? null }, (tx) =>
        tx.put('unit', {
          code,
          level: 'hamlet',
          parent_code: commune.code,
          name: input.name,
          type: input.type,
          population: input.population ?? null,
          households: input.households ?? null,
          deleted: 0,
          ...geometryColumns(geo),
        }),
      );
      return toSummary(engine.requireUnit(code));
    },

    'units.update': (input, ctx) => {
      const row = engine.requireUnit(input.code);
      const patch: Record<string, string | number | null> = { code: row.code };
      if (input.name !== undefined) patch['name'] = input.name;
      if (input.type !== undefined) patch['type'] = input.type;
      if (input.population !== undefined) patch['population'] = input.population;
      if (input.households !== undefined) patch['households'] = input.households;
      engine.write(ctx, { action: 'unit.update', reason: input.reason ?? null }, (tx) => tx.put('unit', patch));
      return toSummary(engine.requireUnit(row.code));
    },

    'units.setGeometry': (input, ctx) => {
      const row = engine.requireUnit(input.code);
      let cols = geometryColumns(null);
      if (input.geometry) {
        cols = geometryColumns(validGeometry(`${row.name} (${row.code})`, input.geometry, row.level === 'hamlet'));
      }
      engine.write(ctx, { action: 'unit.geometry', reason: input.reason ?? null }, (tx) =>
        tx.put('unit', { code: row.code, ...cols }),
      );
      return toSummary(engine.requireUnit(row.code));
    },

    'units.deleteHamlet': (input, ctx) => {
      const row = engine.requireUnit(input.code);
      if (row.level !== 'hamlet') {
        throw new EngineError(
          'bad-request',
          msg('{code}: chỉ xóa được ấp/khu phố', '{code}: only hamlets can be deleted', { code: row.code }),
        );
      }
      // A tombstone, never a DELETE: the change travels to the province like any other.
      engine.write(ctx, { action: 'hamlet.delete', reason: input.reason }, (tx) =>
        tx.put('unit', { code: row.code, deleted: 1 }),
      );
      return { code: row.code };
    },

    'import.units': (input, ctx) =>
      engine.write(ctx, { action: 'import.units', reason: `Nhập ${input.fileName}` }, (tx) =>
        importUnits(tx, input.fileName, input.text),
      ),

    'import.boundaries': (input, ctx) =>
      engine.write(ctx, { action: 'import.boundaries', reason: `Nhập ${input.fileName}` }, (tx) =>
        importBoundaries(tx, input, db),
      ),
  };
}

/**
 * A drawn or pasted geometry checked like an imported one: its structure and coordinates, then its
 * topology (self-intersections, holes outside their shell) with JSTS. A bad shape is refused with
 * the problem and where it lies; nothing is repaired behind the operator's back.
 */
function validGeometry(label: string, geometry: unknown, pointAllowed: boolean): UnitGeometry {
  const geo = checkUnitGeometry(geometry, pointAllowed);
  if (!geo.ok) throw new EngineError('bad-geometry', geometryProblemText(label, geo.problem, geo.detail));
  const topo = checkTopology(geo.geometry);
  if (!topo.ok) throw new EngineError('bad-geometry', geometryProblemText(label, topo.problem, topo.detail));
  return geo.geometry;
}
