/**
 * How units look on the map. Pure functions so the style rules are testable without a map.
 */
import type { PathOptions } from 'leaflet';
import type { UnitLevel } from '../../../../shared/units';

/** Zoom from which hamlet labels are shown (below it they would bury the commune labels). */
export const HAMLET_LABEL_MIN_ZOOM = 13;

/** Path style of a unit of `level`, selected or not. */
export function unitStyle(level: UnitLevel, selected: boolean): PathOptions {
  if (level === 'hamlet') {
    return selected
      ? { color: '#d9480f', weight: 3, dashArray: '', fillColor: '#ffa94d', fillOpacity: 0.45, opacity: 1 }
      : { color: '#5f3dc4', weight: 1.2, dashArray: '5 4', fillColor: '#b197fc', fillOpacity: 0.08, opacity: 0.9 };
  }
  return selected
    ? { color: '#d9480f', weight: 3.5, dashArray: '', fillColor: '#ffc078', fillOpacity: 0.55, opacity: 1 }
    : { color: '#1c5d99', weight: 1.2, dashArray: '', fillColor: '#a5c8e8', fillOpacity: 0.45, opacity: 1 };
}

/** Radius of a point hamlet's marker, in pixels. */
export function pointRadius(selected: boolean): number {
  return selected ? 8 : 6;
}

/**
 * A label without the unit type in front ("Xã Long Điền Đông" → "Long Điền Đông"): the map shows
 * the type by its style, and shorter labels overlap less. Numbered units keep it ("Phường 2"):
 * a bare "2" says nothing.
 */
export function shortLabel(name: string, type: string): string {
  const prefix = `${type} `;
  if (!type || !name.startsWith(prefix)) return name;
  const rest = name.slice(prefix.length).trim();
  return rest === '' || /^\d+[A-Za-z]?$/.test(rest) ? name : rest;
}

/** The stacking order the map draws: communes first so hamlets sit on top and catch clicks. */
export function drawOrder(level: UnitLevel): number {
  switch (level) {
    case 'province':
      return 0;
    case 'district':
      return 1;
    case 'commune':
      return 2;
    case 'hamlet':
      return 3;
  }
}
