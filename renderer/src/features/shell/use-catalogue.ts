/**
 * What does not depend on the district — app info, settings, the districts and communes — and
 * the district the map shows, chosen from them.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Output, Settings, UnitSummary } from '../../../../shared/contract';
import { useApiQuery } from '../../data/query';
import { useReportErrors } from '../../data/report';
import type { Lang } from '../../i18n';
import { isProvinceCode } from '../sync/use-province';
import { chooseDistrict } from '../units/unit-tree';

/** The district chooser's value for the whole country (every commune with geometry). */
export const NATIONAL = '*';

const NONE: readonly UnitSummary[] = [];

/** The catalogue and the chosen district. */
export interface Catalogue {
  readonly info: Output<'app.info'> | null;
  readonly settings: Settings | null;
  readonly districts: readonly UnitSummary[];
  readonly communes: readonly UnitSummary[];
  /** A district code, a province code (province mode), {@link NATIONAL}, or null before the first load. */
  readonly district: string | null;
  readonly setDistrict: (code: string) => void;
}

/** Reads the catalogue; applies the stored language; keeps the chosen district valid after imports. */
export function useCatalogue(onLangChange: (lang: Lang) => void): Catalogue {
  const info = useApiQuery('app.info', {});
  const settings = useApiQuery('settings.get', {});
  const districts = useApiQuery('units.list', { level: 'district' });
  const communes = useApiQuery('units.list', { level: 'commune' });
  useReportErrors(info.error, settings.error, districts.error, communes.error);
  // What the operator chose in this session (null: nothing yet, the stored choice applies).
  const [chosen, setDistrict] = useState<string | null>(null);

  const lang = settings.data?.lang;
  useEffect(() => {
    if (lang) onLangChange(lang);
  }, [lang, onLangChange]);

  // Checked against the catalogue whenever it changes (first load, an import): the district
  // shown always exists. The whole province (province mode) and the country are choices of their own.
  const ds = districts.data;
  const cs = communes.data;
  const remembered = settings.data?.currentDistrict ?? null;
  const district = useMemo(() => {
    if (isProvinceCode(chosen) || chosen === NATIONAL) return chosen;
    if (!ds || !cs || !settings.data) return null;
    return chooseDistrict(ds, cs, chosen ?? remembered);
  }, [chosen, ds, cs, remembered, settings.data]);

  return {
    info: info.data ?? null,
    settings: settings.data ?? null,
    districts: ds ?? NONE,
    communes: cs ?? NONE,
    district,
    setDistrict,
  };
}
