/** Choosing a commune or hamlet of the district in a combobox. */
import type { ComboboxParsedItem } from '@mantine/core';
import type { UnitSummary } from '../../../../shared/contract';
import { matchesQuery } from '../../../../shared/text';

/** Options for choosing a commune or hamlet of the district ("Ấp 1 — Xã An Bình"). */
export function unitOptions(
  units: readonly UnitSummary[],
  levels: readonly string[],
): { value: string; label: string }[] {
  const names = new Map(units.map((u) => [u.code, u.name]));
  return units
    .filter((u) => levels.includes(u.level))
    .map((u) => ({
      value: u.code,
      label: u.level === 'hamlet' && u.parentCode ? `${u.name} — ${names.get(u.parentCode) ?? u.parentCode}` : u.name,
    }));
}

/** Combobox filter without diacritics ("long dien dong" finds "Xã Long Điền Đông"). */
export function viFilter(input: { options: ComboboxParsedItem[]; search: string }): ComboboxParsedItem[] {
  return input.options.filter((o) => 'label' in o && matchesQuery(o.label, input.search));
}
