/**
 * Pure logic behind the unit tree: grouping a district's units into communes with their hamlets,
 * the rows the tree shows for an expansion state and a search, and cross-district search.
 */
import type { UnitSummary } from '../../../../shared/contract';
import { matchesQuery } from '../../../../shared/text';

/** A commune and its hamlets, in code order. */
export interface CommuneNode {
  readonly unit: UnitSummary;
  readonly hamlets: readonly UnitSummary[];
}

/** One visible line of the tree. */
export interface TreeRow {
  readonly unit: UnitSummary;
  readonly depth: 0 | 1;
  readonly childCount: number;
  readonly expanded: boolean;
}

const byCode = (a: UnitSummary, b: UnitSummary): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Groups communes with their hamlets; hamlets whose commune is absent are dropped. */
export function buildTree(units: readonly UnitSummary[]): CommuneNode[] {
  const hamlets = new Map<string, UnitSummary[]>();
  for (const u of units) {
    if (u.level !== 'hamlet' || !u.parentCode) continue;
    const list = hamlets.get(u.parentCode);
    if (list) list.push(u);
    else hamlets.set(u.parentCode, [u]);
  }
  return units
    .filter((u) => u.level === 'commune')
    .sort(byCode)
    .map((unit) => ({ unit, hamlets: (hamlets.get(unit.code) ?? []).sort(byCode) }));
}

/** Text a unit is searched by: its name and its code. */
export function searchText(unit: UnitSummary): string {
  return `${unit.name} ${unit.code}`;
}

/**
 * The rows to show. Without a query: every commune, with the hamlets of expanded ones. With a
 * query: communes that match or hold a matching hamlet, each followed by its matching hamlets
 * (a search opens what it finds, whatever the expansion state).
 */
export function visibleRows(tree: readonly CommuneNode[], expanded: ReadonlySet<string>, query: string): TreeRow[] {
  const q = query.trim();
  const rows: TreeRow[] = [];
  for (const node of tree) {
    const childCount = node.hamlets.length;
    if (!q) {
      const open = expanded.has(node.unit.code);
      rows.push({ unit: node.unit, depth: 0, childCount, expanded: open });
      if (open) for (const h of node.hamlets) rows.push({ unit: h, depth: 1, childCount: 0, expanded: false });
      continue;
    }
    const hits = node.hamlets.filter((h) => matchesQuery(searchText(h), q));
    if (hits.length === 0 && !matchesQuery(searchText(node.unit), q)) continue;
    rows.push({ unit: node.unit, depth: 0, childCount, expanded: hits.length > 0 });
    for (const h of hits) rows.push({ unit: h, depth: 1, childCount: 0, expanded: false });
  }
  return rows;
}

/** Communes outside `districtCode` that match `query`, at most `limit`. Empty for an empty query. */
export function searchOtherDistricts(
  communes: readonly UnitSummary[],
  districtCode: string | null,
  query: string,
  limit = 20,
): UnitSummary[] {
  if (!query.trim()) return [];
  const found: UnitSummary[] = [];
  for (const c of communes) {
    if (c.parentCode === districtCode || !matchesQuery(searchText(c), query)) continue;
    found.push(c);
    if (found.length >= limit) break;
  }
  return found;
}

/** Codes of districts with at least one commune that has geometry. */
export function districtsWithGeometry(communes: readonly UnitSummary[]): Set<string> {
  const set = new Set<string>();
  for (const c of communes) if (c.hasGeometry && c.parentCode) set.add(c.parentCode);
  return set;
}

/**
 * The district to open: the remembered one if it still exists, else the first (by code) whose
 * communes have geometry, else the first district at all; null when there is none.
 */
export function chooseDistrict(
  districts: readonly UnitSummary[],
  communes: readonly UnitSummary[],
  remembered: string | null,
): string | null {
  if (remembered && districts.some((d) => d.code === remembered)) return remembered;
  const mapped = districtsWithGeometry(communes);
  const sorted = [...districts].sort(byCode);
  return (sorted.find((d) => mapped.has(d.code)) ?? sorted[0])?.code ?? null;
}
