import L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import type { UnitFeatureCollection, UnitSummary } from '../../../../shared/contract';
import type { CoverageUnitState } from '../../../../shared/contract-people';
import './people.css';

/** The text of a unit's coverage label: who oversees it, or its community team; null for none. */
export function coverageLabel(c: CoverageUnitState): string | null {
  const names = [...new Set(c.overseers.filter((o) => o.source !== 'community').map((o) => o.fullName))];
  if (names.length > 0) return names.length === 1 ? names[0]! : `${names[0]!} +${names.length - 1}`;
  return c.teamName;
}

export interface CoverageLayerProps {
  readonly units: readonly UnitSummary[];
  readonly features: UnitFeatureCollection | null;
  readonly coverage: ReadonlyMap<string, CoverageUnitState>;
  /** Labels on or off. */
  readonly visible: boolean;
  /** Units to outline (a chosen person's areas); the view moves to them when they change. */
  readonly highlight: ReadonlySet<string>;
}

/**
 * Who oversees each area, as small labels under the unit names (textContent only: names come
 * from operators and files), and the outline of a chosen person's areas. Plain Leaflet inside
 * the one map, like the units layer.
 */
export function CoverageLayer(props: CoverageLayerProps): null {
  const map = useMap();
  const { units, features, coverage, visible, highlight } = props;

  useEffect(() => {
    if (!visible) return undefined;
    const group = L.layerGroup();
    for (const u of units) {
      const c = coverage.get(u.code);
      const text = c ? coverageLabel(c) : null;
      if (!text || !u.labelPoint || (u.level !== 'commune' && u.level !== 'hamlet')) continue;
      const el = document.createElement('span');
      el.textContent = text;
      el.dataset['code'] = u.code;
      L.tooltip({
        permanent: true,
        direction: 'center',
        offset: [0, 16],
        interactive: false,
        className: `saban-coverage-label saban-coverage-label-${u.level}`,
      })
        .setLatLng([u.labelPoint[1], u.labelPoint[0]])
        .setContent(el)
        .addTo(group);
    }
    group.addTo(map);
    return () => {
      group.remove();
    };
  }, [units, coverage, visible, map]);

  useEffect(() => {
    if (!features || highlight.size === 0) return undefined;
    const picked = features.features.filter((f) => highlight.has(f.properties.code));
    if (picked.length === 0) return undefined;
    const layer = L.geoJSON({ type: 'FeatureCollection', features: picked } as unknown as GeoJSON.FeatureCollection, {
      style: () => ({ color: '#c2255c', weight: 4, opacity: 1, fillColor: '#f06595', fillOpacity: 0.18 }),
      pointToLayer: (_f, latlng) => L.circleMarker(latlng, { radius: 11 }),
      interactive: false,
    });
    layer.addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.flyToBounds(bounds, { padding: [80, 80], maxZoom: 14, duration: 0.35 });
    return () => {
      layer.remove();
    };
  }, [features, highlight, map]);

  return null;
}
