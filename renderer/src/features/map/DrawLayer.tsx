import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import { geometryFromVertices, type DrawnGeometry, type LonLat } from './draw-geometry';

export type { DrawnGeometry };

/** Clicks closer than this (pixels) to the last vertex are the second half of a double-click. */
const SAME_POINT_PX = 6;

/** Lets buttons outside the map finish or cancel the drawing. */
export interface DrawControl {
  finish(): void;
  cancel(): void;
}

export interface DrawLayerProps {
  readonly active: boolean;
  /** Receives the controls while drawing, null after. */
  readonly onControl: (control: DrawControl | null) => void;
  readonly renderer: L.Canvas;
  readonly onFinish: (geometry: DrawnGeometry) => void;
  readonly onCancel: () => void;
  readonly onProgress: (points: number) => void;
  readonly onTooFew: () => void;
}

/**
 * A minimal polygon/point drawing tool: click to add vertices, double-click or Enter to finish,
 * Backspace to undo a vertex, Escape to cancel. No drawing library: leaflet-draw is unmaintained
 * and this needs a fraction of it.
 */
export function DrawLayer(props: DrawLayerProps): null {
  const map = useMap();
  const callbacks = useRef(props);
  useEffect(() => {
    callbacks.current = props;
  });
  const { active, renderer } = props;

  useEffect(() => {
    if (!active) return undefined;
    const vertices: L.LatLng[] = [];
    const group = L.layerGroup().addTo(map);
    const style = { renderer, color: '#d9480f', weight: 2, dashArray: '6 4', fillColor: '#ffa94d', fillOpacity: 0.25 };
    const shape = L.polygon([], { ...style, interactive: false }).addTo(group);
    const markers = L.layerGroup().addTo(group);
    const hadDoubleClickZoom = map.doubleClickZoom.enabled();
    map.doubleClickZoom.disable();

    const redraw = (): void => {
      shape.setLatLngs(vertices);
      markers.clearLayers();
      for (const v of vertices) {
        L.circleMarker(v, {
          renderer,
          radius: 4,
          color: '#d9480f',
          fillColor: '#fff',
          fillOpacity: 1,
          weight: 2,
          interactive: false,
        }).addTo(markers);
      }
      callbacks.current.onProgress(vertices.length);
    };
    const finish = (): void => {
      const geometry = geometryFromVertices(vertices.map((v): LonLat => [v.lng, v.lat]));
      if (!geometry) {
        callbacks.current.onTooFew();
        return;
      }
      callbacks.current.onFinish(geometry);
    };
    const onClick = (e: L.LeafletMouseEvent): void => {
      const last = vertices[vertices.length - 1];
      if (last && map.latLngToContainerPoint(last).distanceTo(e.containerPoint) < SAME_POINT_PX) return;
      vertices.push(e.latlng);
      redraw();
    };
    const onDoubleClick = (e: L.LeafletMouseEvent): void => {
      L.DomEvent.stop(e.originalEvent);
      finish();
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Enter') {
        e.preventDefault();
        e.stopPropagation();
        finish();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        callbacks.current.onCancel();
      } else if (e.key === 'Backspace' && vertices.length > 0) {
        e.preventDefault();
        vertices.pop();
        redraw();
      }
    };
    callbacks.current.onControl({ finish, cancel: () => callbacks.current.onCancel() });
    map.on('click', onClick);
    map.on('dblclick', onDoubleClick);
    // Capture phase, so the app's own Escape (clear selection) does not also fire.
    window.addEventListener('keydown', onKey, true);
    redraw();
    return () => {
      map.off('click', onClick);
      map.off('dblclick', onDoubleClick);
      window.removeEventListener('keydown', onKey, true);
      callbacks.current.onControl(null);
      group.remove();
      if (hadDoubleClickZoom) map.doubleClickZoom.enable();
      callbacks.current.onProgress(0);
    };
  }, [active, map, renderer]);

  return null;
}
