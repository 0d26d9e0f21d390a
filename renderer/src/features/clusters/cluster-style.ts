/** Colours, sizes and the hatch pattern of the clusters layer. Pure, so it is tested without a map. */
import type { ClusterStatus } from '../../../../shared/clusters';

/** Cluster colour by status. */
export const CLUSTER_COLOURS: Readonly<Record<ClusterStatus, string>> = {
  active: '#c92a2a',
  watching: '#e67700',
  closed: '#868e96',
};
/** Lockdown outline and hatch colour. */
export const LOCKDOWN_COLOUR = '#5f3dc4';
/** The ring around a checkpoint that guards a lockdown. */
export const GUARD_COLOUR = '#5f3dc4';
/** The id of the hatch pattern in the layer's SVG. */
export const HATCH_ID = 'saban-hatch';

/** Circle radius (px) for `cases` in the last 28 days: area grows with the count, within 7–32 px. */
export function clusterRadius(cases: number): number {
  return Math.min(32, 7 + 3 * Math.sqrt(Math.max(0, cases)));
}

/** `<defs>` with the diagonal hatch pattern (translucent fill and lines). */
export function hatchDefs(id: string = HATCH_ID): string {
  return (
    `<defs><pattern id="${id}" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">` +
    `<rect width="8" height="8" fill="${LOCKDOWN_COLOUR}" fill-opacity="0.12"/>` +
    `<line x1="0" y1="0" x2="0" y2="8" stroke="${LOCKDOWN_COLOUR}" stroke-width="3" stroke-opacity="0.7"/>` +
    `</pattern></defs>`
  );
}
