/**
 * Drawing a lockdown or cluster area (or placing a cluster's point) with leaflet-geoman, attached
 * through react-leaflet's `useMap`. Active while the clusters store says so; the finished shape goes
 * back to the store and the dialog that asked for it reappears. Geoman is opted in per layer only
 * (`setOptIn`), so the thousands of unit polygons on the map get no editing handles.
 */
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import { clustersStore, useClustersState, type Drawn } from './clusters-view';

L.PM.setOptIn(true);

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/** The drawn layer as GeoJSON with rounded positions, or null when it is neither a polygon nor a marker. */
export function drawnOf(layer: L.Layer): Drawn | null {
  if (layer instanceof L.Marker) {
    const p = layer.getLatLng();
    return { type: 'Point', coordinates: [round(p.lng), round(p.lat)] };
  }
  if (layer instanceof L.Polygon) {
    const g = layer.toGeoJSON().geometry;
    if (g.type !== 'Polygon') return null;
    return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(([x, y]) => [round(x!), round(y!)])) };
  }
  return null;
}

/** The map's geoman handle: opt-in mode leaves the map itself out too, so this one map is let in. */
function pmOf(map: L.Map): L.PM.PMMap {
  if (!map.pm) {
    const PmMap = (L.PM as unknown as { Map: new (m: L.Map) => L.PM.PMMap }).Map;
    map.pm = new PmMap(map);
  }
  return map.pm;
}

/** The drawing tool inside the map (renders nothing). */
export function GeomanDraw(): null {
  const map = useMap();
  const drawing = useClustersState((s) => s.drawing);

  useEffect(() => {
    if (!drawing) return undefined;
    const onCreate = (e: { layer: L.Layer }): void => {
      const shape = drawnOf(e.layer);
      e.layer.remove();
      if (shape) clustersStore.finishDrawing(shape);
      else clustersStore.cancelDrawing();
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        clustersStore.cancelDrawing();
      }
    };
    map.on('pm:create', onCreate as L.LeafletEventHandlerFn);
    window.addEventListener('keydown', onKey, true);
    pmOf(map).enableDraw(drawing === 'Polygon' ? 'Polygon' : 'Marker', {
      snappable: false,
      continueDrawing: false,
      templineStyle: { color: '#7048e8' },
      hintlineStyle: { color: '#7048e8', dashArray: '5 5' },
      pathOptions: { color: '#7048e8', weight: 2 },
    });
    return () => {
      pmOf(map).disableDraw();
      map.off('pm:create', onCreate as L.LeafletEventHandlerFn);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [drawing, map]);

  return null;
}
