/**
 * The smaller map layers and controls: labels, the lasso, the PNG export handle, the basemap, the
 * scale bar.
 */
import L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import type { UnitSummary } from '../../../../shared/contract';
import { unitsInLasso } from '../risk/risk-map';
import { renderMapPng } from './map-png';
import { HAMLET_LABEL_MIN_ZOOM, shortLabel } from './map-style';
import type { MapControl } from './MapView';

/** Up to this many units every label is placed once; above it (a province, the country) only those in view. */
const ALL_LABELS_MAX = 800;
/** With many units, labels appear from this zoom on (the national view shows colours, not names). */
const MANY_LABELS_MIN_ZOOM = 11;
/** At most this many labels in view at a time. */
const MAX_LABELS_IN_VIEW = 600;

function labelFor(u: UnitSummary): L.Tooltip | null {
  if (!u.labelPoint || (u.level !== 'commune' && u.level !== 'hamlet')) return null;
  // textContent, never innerHTML: names come from imported files and operators.
  const el = document.createElement('span');
  el.textContent = shortLabel(u.name, u.type);
  el.dataset['code'] = u.code;
  return L.tooltip({
    permanent: true,
    direction: 'center',
    interactive: false,
    className: `saban-label saban-label-${u.level}`,
  })
    .setLatLng([u.labelPoint[1], u.labelPoint[0]])
    .setContent(el);
}

/** Permanent text labels at each unit's label point; hamlet labels only from a zoom level on. */
export function LabelsLayer(props: { readonly units: readonly UnitSummary[] }): null {
  const map = useMap();
  const { units } = props;
  useEffect(() => {
    const group = L.layerGroup().addTo(map);
    if (units.length <= ALL_LABELS_MAX) {
      for (const u of units) labelFor(u)?.addTo(group);
      return () => {
        group.remove();
      };
    }
    // Thousands of permanent tooltips are thousands of DOM nodes moved on every zoom: place only
    // the labels in view, and none at the national zoom.
    const refresh = (): void => {
      group.clearLayers();
      if (map.getZoom() < MANY_LABELS_MIN_ZOOM) return;
      const bounds = map.getBounds();
      let n = 0;
      for (const u of units) {
        if (!u.labelPoint || !bounds.contains([u.labelPoint[1], u.labelPoint[0]])) continue;
        labelFor(u)?.addTo(group);
        if (++n >= MAX_LABELS_IN_VIEW) break;
      }
    };
    refresh();
    map.on('moveend', refresh);
    return () => {
      map.off('moveend', refresh);
      group.remove();
    };
  }, [units, map]);

  useEffect(() => {
    const update = (): void => {
      map.getContainer().classList.toggle('saban-show-hamlet-labels', map.getZoom() >= HAMLET_LABEL_MIN_ZOOM);
    };
    update();
    map.on('zoomend', update);
    return () => {
      map.off('zoomend', update);
    };
  }, [map]);
  return null;
}

/**
 * Ctrl or Alt + drag draws a freehand lasso; units whose label point lies inside are selected.
 * Map dragging is off while it is drawn.
 */
export function Lasso(props: {
  readonly units: React.RefObject<readonly UnitSummary[]>;
  readonly onLasso: React.RefObject<(codes: string[]) => void>;
  readonly suppressClick: React.RefObject<boolean>;
  readonly renderer: L.Canvas;
}): null {
  const map = useMap();
  const { units, onLasso, suppressClick, renderer } = props;
  useEffect(() => {
    const container = map.getContainer();
    let ring: L.LatLng[] | null = null;
    let line: L.Polyline | null = null;
    const point = (e: MouseEvent): L.LatLng => map.mouseEventToLatLng(e);
    const down = (e: MouseEvent): void => {
      if (e.button !== 0 || !(e.ctrlKey || e.altKey)) return;
      // Before Leaflet's own handlers: this drag is a lasso, not a pan.
      e.stopPropagation();
      e.preventDefault();
      map.dragging.disable();
      ring = [point(e)];
      line = L.polyline(ring, {
        renderer,
        interactive: false,
        color: '#0b2e6f',
        weight: 2,
        dashArray: '5 4',
      }).addTo(map);
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up, { once: true });
    };
    const move = (e: MouseEvent): void => {
      if (!ring || !line) return;
      ring.push(point(e));
      line.setLatLngs(ring);
    };
    const up = (): void => {
      window.removeEventListener('mousemove', move);
      map.dragging.enable();
      line?.remove();
      const drawn = ring ?? [];
      ring = null;
      line = null;
      // A Ctrl+click without a drag stays a click (it toggles the unit like Shift+click).
      if (drawn.length < 4) return;
      suppressClick.current = true;
      window.setTimeout(() => {
        suppressClick.current = false;
      }, 0);
      onLasso.current(
        unitsInLasso(
          units.current,
          drawn.map((p) => [p.lng, p.lat] as const),
        ),
      );
    };
    container.addEventListener('mousedown', down, true);
    return () => {
      container.removeEventListener('mousedown', down, true);
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
  }, [map, units, onLasso, suppressClick, renderer]);
  return null;
}

/** Hands the app the map's PNG export. */
export function Control(props: {
  readonly renderer: L.Canvas;
  readonly onMapControl: ((c: MapControl | null) => void) | undefined;
}): null {
  const map = useMap();
  const { renderer, onMapControl } = props;
  useEffect(() => {
    if (!onMapControl) return undefined;
    onMapControl({ exportPng: (options) => renderMapPng(map, renderer, options) });
    return () => onMapControl(null);
  }, [map, renderer, onMapControl]);
  return null;
}

/** Tiles under the units, when the operator set a tile server. */
export function Basemap(props: { readonly url: string | null }): null {
  const map = useMap();
  const { url } = props;
  useEffect(() => {
    if (!url) return undefined;
    const tiles = L.tileLayer(url, { maxZoom: 19 }).addTo(map);
    tiles.bringToBack();
    return () => {
      tiles.remove();
    };
  }, [url, map]);
  return null;
}

/** The scale bar, and a resize when the side panels open or close. */
export function Extras(): null {
  const map = useMap();
  useEffect(() => {
    const scale = L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
    // Leaflet sizes itself once; the shell's side panels open and close around it.
    const observer = new ResizeObserver(() => map.invalidateSize({ pan: false }));
    observer.observe(map.getContainer());
    return () => {
      scale.remove();
      observer.disconnect();
    };
  }, [map]);
  return null;
}
