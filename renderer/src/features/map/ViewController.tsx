/**
 * Where the map looks: fitted to a new data set, and flown to selections from the list or a
 * warning, with padding for every overlay open over the map so the unit is not hidden under one.
 */
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import type { UnitFeatureCollection, UnitSummary } from '../../../../shared/contract';
import type { SelectionSource } from './MapView';
import { currentOverlayPadding, type EdgePadding } from './overlay-padding';
import type { LayerIndex } from './UnitsLayer';

/** Leaflet's padding options for the overlays open over `map` now. */
function leafletPadding(map: L.Map, margin: number): { paddingTopLeft: L.Point; paddingBottomRight: L.Point } {
  const p: EdgePadding = currentOverlayPadding(map.getContainer(), margin);
  return { paddingTopLeft: L.point(p.left, p.top), paddingBottomRight: L.point(p.right, p.bottom) };
}

/** Fits the view to the data set when it changes (a new district), and to selections from the tree. */
export function ViewController(props: {
  readonly features: UnitFeatureCollection | null;
  readonly featuresKey: string | null;
  readonly units: readonly UnitSummary[];
  readonly selectedCode: string | null;
  readonly selectionSource: SelectionSource;
  readonly index: React.RefObject<LayerIndex>;
}): null {
  const map = useMap();
  const { features, featuresKey, units, selectedCode, selectionSource, index } = props;
  const fitted = useRef<string | null>(null);
  useEffect(() => {
    // A reload of the same district (after an edit) keeps the operator's view.
    if (!features || features.features.length === 0 || fitted.current === featuresKey) return;
    fitted.current = featuresKey;
    const bounds = L.latLngBounds([]);
    for (const { layer } of index.current.byCode.values()) {
      if (layer instanceof L.CircleMarker) bounds.extend(layer.getLatLng());
      else if (layer instanceof L.Polyline) bounds.extend(layer.getBounds());
    }
    if (bounds.isValid()) map.fitBounds(bounds, { ...leafletPadding(map, 8), animate: false });
  }, [features, featuresKey, map, index]);

  // Fly once per selection; the unit may only arrive with the next district's units (a search hit
  // in another district), and a reload after an edit must not move the view again.
  const flown = useRef<string | null>(null);
  useEffect(() => {
    if (!selectedCode || selectionSource !== 'tree') {
      flown.current = null;
      return;
    }
    if (flown.current === selectedCode) return;
    const unit = units.find((u) => u.code === selectedCode);
    if (!unit?.bbox) return;
    flown.current = selectedCode;
    const [w, s, e, n] = unit.bbox;
    const b = L.latLngBounds([s, w], [n, e]);
    map.flyToBounds(b, { ...leafletPadding(map, 40), maxZoom: unit.level === 'hamlet' ? 16 : 14, duration: 0.35 });
  }, [selectedCode, selectionSource, units, map]);
  return null;
}
