/**
 * Province mode (issue 6): a provincial office's database holds every district that sent bundles,
 * so its district chooser offers the whole province ("Toàn tỉnh Bạc Liêu") and opens on it. A
 * district office opens on its own district (its database holds the whole province's boundaries).
 */
import { useEffect, useMemo, useRef } from 'react';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import type { Notifier } from '../../components/Notifications';
import { useSyncText } from './strings';

/** This office when it is a province: its code and the chooser's label for the whole province. */
export interface ProvinceOffice {
  readonly code: string;
  readonly label: string;
}

/** True for a province code (2 digits; districts have 3), the value of the whole-province choice. */
export function isProvinceCode(code: string | null): boolean {
  return code !== null && /^[0-9]{2}$/.test(code);
}

/** "Tỉnh Bạc Liêu" → kind "tỉnh", name "Bạc Liêu" (a bare "Bạc Liêu" is a tỉnh too). */
function splitName(full: string): { kind: string; name: string } {
  const m = /^(tỉnh|thành phố)\s+(.+)$/iu.exec(full.trim());
  return m?.[1] && m[2] ? { kind: m[1].toLowerCase(), name: m[2] } : { kind: 'tỉnh', name: full.trim() };
}

/**
 * The province this office is (null for a district or an office not yet set up). Once both the
 * identity and the settings are known, `choose` is called once with the office's code (the whole
 * province, or the district's own) unless the operator last chose something else.
 */
export function useProvinceOffice(
  savedDistrict: string | null | undefined,
  choose: (code: string) => void,
  // No longer needed (errors are notified here); kept while App still passes it.
  _notify?: Notifier,
): ProvinceOffice | null {
  const { t } = useSyncText();
  const identity = useApiQuery('sync.identity', {});
  // The office's own unit must be in the database (a fresh office has no units yet).
  const role = identity.data?.role ?? null;
  const code = identity.data?.office ?? null;
  const units = useApiQuery(
    'units.list',
    { level: role ?? 'district', query: code ?? '' },
    { enabled: role !== null && code !== null },
  );
  useErrorNotice(identity.error);
  useErrorNotice(units.error);
  const office = useMemo(
    () =>
      role && code && units.data?.some((u) => u.code === code)
        ? { role, code, name: identity.data?.officeName ?? '' }
        : null,
    [role, code, units.data, identity.data?.officeName],
  );

  const defaulted = useRef(false);
  useEffect(() => {
    if (!office || savedDistrict === undefined || defaulted.current) return;
    defaulted.current = true;
    if (savedDistrict === null || savedDistrict === office.code) choose(office.code);
  }, [office, savedDistrict, choose]);

  if (office?.role !== 'province') return null;
  const full = office.name || `Tỉnh ${office.code}`;
  return { code: office.code, label: t('provinceOption', { ...splitName(full), full }) };
}
