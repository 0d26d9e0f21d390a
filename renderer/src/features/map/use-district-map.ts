/**
 * The units and map features of what the map shows: a district, a province, or the whole country.
 */
import type { UnitFeatureCollection, UnitSummary } from '../../../../shared/contract';
import { useApiQuery } from '../../data/query';
import { useReportErrors } from '../../data/report';
import { NATIONAL } from '../shell/use-catalogue';

const LEVELS: ('commune' | 'hamlet')[] = ['commune', 'hamlet'];
const NONE: readonly UnitSummary[] = [];
const mapped = (units: readonly UnitSummary[]): UnitSummary[] =>
  units.filter((u) => u.level === 'commune' || u.level === 'hamlet');

/** What the map and the list show. */
export interface DistrictMap {
  readonly units: readonly UnitSummary[];
  readonly features: UnitFeatureCollection | null;
  /** What the features are of: the map fits its view when this changes (never on a refresh). */
  readonly featuresKey: string | null;
  readonly loading: boolean;
}

/**
 * Every commune and hamlet of `district` (the whole country for {@link NATIONAL}: one call per
 * kind, not one per province). Refreshed in place after a write: the map keeps its view.
 */
export function useDistrictMap(district: string | null): DistrictMap {
  const enabled = district !== null;
  const national = district === NATIONAL;
  const units = useApiQuery('units.list', national ? {} : { within: district ?? '' }, { enabled, select: mapped });
  const features = useApiQuery(
    'map.features',
    national ? { levels: LEVELS } : { within: district ?? '', levels: LEVELS },
    { enabled },
  );
  useReportErrors(units.error, features.error);
  const ready = units.isSuccess && features.isSuccess;
  return {
    units: units.data ?? NONE,
    features: features.data ?? null,
    featuresKey: ready ? district : null,
    loading: enabled && !ready,
  };
}
