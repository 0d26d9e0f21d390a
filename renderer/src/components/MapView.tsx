import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { MapContainer, useMap } from 'react-leaflet';
import type { UnitFeatureCollection, UnitSummary } from '../../../shared/contract';
import type { UnitLevel } from '../../../shared/units';
import { useI18n } from '../i18n';
import { HAMLET_LABEL_MIN_ZOOM, drawOrder, pointRadius, shortLabel, unitStyle } from '../map-style';
import { DrawLayer, type DrawControl, type DrawnGeometry } from './DrawLayer';

/** Where a selection came from: the map keeps its view for its own clicks, and moves for the rest. */
export type SelectionSource = 'map' | 'tree';

/** What tests may call on the map (window.__sabanMap). */
export interface SabanMapProbe {
  featureCount(): number;
  selectedCode(): string | null;
  clickUnit(code: string): void;
  /** Page coordinates of a unit's label point (inside its area), for real clicks on the canvas. */
  pagePointOf(code: string): { x: number; y: number } | null;
  /** True while the view is animating (pixels are not stable yet). */
  moving(): boolean;
}

declare global {
  interface Window {
    __sabanMap?: SabanMapProbe;
  }
}

export interface MapViewProps {
  readonly features: UnitFeatureCollection | null;
  /** What the features are of (the district code): the view is fitted when it changes. */
  readonly featuresKey: string | null;
  /** Units of the district, for label points and bounds. */
  readonly units: readonly UnitSummary[];
  readonly selectedCode: string | null;
  readonly selectionSource: SelectionSource;
  readonly onSelect: (code: string) => void;
  readonly basemapUrl: string | null;
  readonly drawing: boolean;
  readonly onDrawControl: (control: DrawControl | null) => void;
  readonly onDrawFinish: (geometry: DrawnGeometry) => void;
  readonly onDrawCancel: () => void;
  readonly onDrawProgress: (points: number) => void;
  readonly onDrawTooFew: () => void;
}

type FeatureLayer = L.Path & { feature?: { properties: { code: string; level: UnitLevel } } };

interface LayerIndex {
  readonly byCode: Map<string, { layer: FeatureLayer; level: UnitLevel }>;
}

/**
 * The units layer, built imperatively: one L.geoJSON on a canvas renderer per data set, restyled
 * in place on selection. React-leaflet's per-feature components cost a React element per polygon,
 * far too slow for the national 11,163-polygon layer.
 */
function UnitsLayer(props: {
  readonly features: UnitFeatureCollection | null;
  readonly selectedCode: string | null;
  readonly renderer: L.Canvas;
  readonly index: React.RefObject<LayerIndex>;
  readonly onClick: React.RefObject<(code: string) => void>;
}): null {
  const map = useMap();
  const { features, selectedCode, renderer, index, onClick } = props;
  const selectedRef = useRef<string | null>(null);

  useEffect(() => {
    if (!features) return undefined;
    const byCode = index.current.byCode;
    byCode.clear();
    // Communes first, hamlets last: canvas hit-testing picks the topmost shape, so a click inside
    // a hamlet selects the hamlet.
    const sorted = [...features.features].sort((a, b) => drawOrder(a.properties.level) - drawOrder(b.properties.level));
    const layer = L.geoJSON({ type: 'FeatureCollection', features: sorted } as unknown as GeoJSON.FeatureCollection, {
      // Every path on one canvas: a few DOM nodes whatever the polygon count.
      style: (f) => unitStyle((f?.properties as { level: UnitLevel }).level, false),
      pointToLayer: (_f, latlng) => L.circleMarker(latlng, { renderer, radius: pointRadius(false) }),
      onEachFeature: (f, l) => {
        const p = f.properties as { code: string; level: UnitLevel };
        byCode.set(p.code, { layer: l as FeatureLayer, level: p.level });
        l.on('click', () => onClick.current(p.code));
      },
      ...({ renderer } as object),
    });
    layer.addTo(map);
    const sel = selectedRef.current;
    const hit = sel ? byCode.get(sel) : undefined;
    if (hit) hit.layer.setStyle(unitStyle(hit.level, true));
    return () => {
      layer.remove();
      byCode.clear();
    };
  }, [features, map, renderer, index, onClick]);

  // Selection restyles two layers; the geometry layer is never rebuilt for it.
  useEffect(() => {
    const byCode = index.current.byCode;
    const prev = selectedRef.current;
    if (prev && prev !== selectedCode) {
      const p = byCode.get(prev);
      if (p) restyle(p.layer, p.level, false);
    }
    selectedRef.current = selectedCode;
    const cur = selectedCode ? byCode.get(selectedCode) : undefined;
    if (cur) {
      restyle(cur.layer, cur.level, true);
      if (cur.level === 'commune') {
        // Bring the selected outline above its neighbours, then the hamlets back above it.
        cur.layer.bringToFront();
        for (const v of byCode.values()) if (v.level === 'hamlet') v.layer.bringToFront();
      }
    }
  }, [selectedCode, features, index]);

  return null;
}

function restyle(layer: FeatureLayer, level: UnitLevel, selected: boolean): void {
  layer.setStyle(unitStyle(level, selected));
  if (layer instanceof L.CircleMarker) layer.setRadius(pointRadius(selected));
}

/** Permanent text labels at each unit's label point; hamlet labels only from a zoom level on. */
function LabelsLayer(props: { readonly units: readonly UnitSummary[] }): null {
  const map = useMap();
  const { units } = props;
  useEffect(() => {
    const group = L.layerGroup();
    for (const u of units) {
      if (!u.labelPoint || (u.level !== 'commune' && u.level !== 'hamlet')) continue;
      // textContent, never innerHTML: names come from imported files and operators.
      const el = document.createElement('span');
      el.textContent = shortLabel(u.name, u.type);
      el.dataset['code'] = u.code;
      L.tooltip({
        permanent: true,
        direction: 'center',
        interactive: false,
        className: `saban-label saban-label-${u.level}`,
      })
        .setLatLng([u.labelPoint[1], u.labelPoint[0]])
        .setContent(el)
        .addTo(group);
    }
    group.addTo(map);
    return () => {
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

/** Fits the view to the data set when it changes (a new district), and to selections from the tree. */
function ViewController(props: {
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
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], animate: false });
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
    map.flyToBounds(b, { padding: [80, 80], maxZoom: unit.level === 'hamlet' ? 16 : 14, duration: 0.35 });
  }, [selectedCode, selectionSource, units, map]);
  return null;
}

function Basemap(props: { readonly url: string | null }): null {
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

function Extras(): null {
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

/** Publishes the test probe while the map lives. */
function Probe(props: {
  readonly index: React.RefObject<LayerIndex>;
  readonly selected: React.RefObject<string | null>;
  readonly onClick: React.RefObject<(code: string) => void>;
  readonly units: React.RefObject<readonly UnitSummary[]>;
}): null {
  const map = useMap();
  const { index, selected, onClick, units } = props;
  useEffect(() => {
    let moving = false;
    const start = (): void => {
      moving = true;
    };
    const end = (): void => {
      moving = false;
    };
    map.on('movestart zoomstart', start);
    map.on('moveend zoomend', end);
    window.__sabanMap = {
      featureCount: () => index.current.byCode.size,
      selectedCode: () => selected.current,
      clickUnit: (code) => onClick.current(code),
      moving: () => moving,
      pagePointOf: (code) => {
        const u = units.current.find((x) => x.code === code);
        if (!u?.labelPoint) return null;
        const p = map.latLngToContainerPoint([u.labelPoint[1], u.labelPoint[0]]);
        const rect = map.getContainer().getBoundingClientRect();
        return { x: rect.left + p.x, y: rect.top + p.y };
      },
    };
    return () => {
      map.off('movestart zoomstart', start);
      map.off('moveend zoomend', end);
      delete window.__sabanMap;
    };
  }, [map, index, selected, onClick, units]);
  return null;
}

/** The Leaflet map of the chosen district. */
export function MapView(props: MapViewProps): React.JSX.Element {
  const { t } = useI18n();
  const [renderer] = useState(() => L.canvas({ padding: 0.5, tolerance: 3 }));
  const index = useRef<LayerIndex>({ byCode: new Map() });
  const selected = useRef<string | null>(props.selectedCode);
  const units = useRef<readonly UnitSummary[]>(props.units);
  const { onSelect, drawing } = props;
  const onClick = useRef<(code: string) => void>(() => undefined);

  useEffect(() => {
    selected.current = props.selectedCode;
    units.current = props.units;
    // While drawing, clicks place vertices; they must not change the selection.
    onClick.current = (code) => {
      if (!drawing) onSelect(code);
    };
  });

  return (
    <div className={`saban-map-wrap${drawing ? ' saban-drawing' : ''}`} data-testid="map" aria-label={t('mapLabel')}>
      <MapContainer
        center={[10.5, 106]}
        zoom={7}
        preferCanvas
        renderer={renderer}
        zoomSnap={0.25}
        className="saban-map"
        attributionControl={false}
      >
        <Basemap url={props.basemapUrl} />
        <UnitsLayer
          features={props.features}
          selectedCode={props.selectedCode}
          renderer={renderer}
          index={index}
          onClick={onClick}
        />
        <LabelsLayer units={props.units} />
        <ViewController
          features={props.features}
          featuresKey={props.featuresKey}
          units={props.units}
          selectedCode={props.selectedCode}
          selectionSource={props.selectionSource}
          index={index}
        />
        <Extras />
        <Probe index={index} selected={selected} onClick={onClick} units={units} />
        <DrawLayer
          active={drawing}
          onControl={props.onDrawControl}
          renderer={renderer}
          onFinish={props.onDrawFinish}
          onCancel={props.onDrawCancel}
          onProgress={props.onDrawProgress}
          onTooFew={props.onDrawTooFew}
        />
      </MapContainer>
    </div>
  );
}
