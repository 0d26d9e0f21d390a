import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { MapContainer, useMap } from 'react-leaflet';
import type { UnitFeatureCollection, UnitSummary } from '../../../shared/contract';
import type { RiskLevel } from '../../../shared/risk';
import type { UnitLevel } from '../../../shared/units';
import { useI18n } from '../i18n';
import { HAMLET_LABEL_MIN_ZOOM, drawOrder, pointRadius, shortLabel } from '../map-style';
import { renderMapPng, type MapPngOptions } from '../map-png';
import { cachedRiskStyle, styleKey, unitsInLasso, type RiskMark } from '../risk-map';
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
  /** Every selected code (shift-click, lasso). */
  selectedCodes(): string[];
  /** The fill colour the layer of a unit has now. */
  fillOf(code: string): string | null;
  /** RGBA of the units canvas at a unit's label point (what the operator sees there). */
  pixelAt(code: string): [number, number, number, number] | null;
  /** Page coordinates of a geographic point ([lon, lat]), for lasso drags in tests. */
  pagePointOfLonLat(lonLat: readonly [number, number]): { x: number; y: number };
}

/** What the app may ask of the map (PNG export). */
export interface MapControl {
  exportPng(options: MapPngOptions): Promise<Blob>;
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
  /** Every selected unit (the primary one included): all are outlined. */
  readonly selectedCodes: ReadonlySet<string>;
  readonly selectionSource: SelectionSource;
  /** A click on a unit; `additive` with Shift or Ctrl (toggle it in the selection). */
  readonly onSelect: (code: string, additive: boolean) => void;
  /** A lasso (Ctrl/Alt + drag) closed around these units' label points. */
  readonly onLasso: (codes: string[]) => void;
  /** Risk level of each unit as shown (absent = not assessed). */
  readonly riskLevels: ReadonlyMap<string, RiskLevel>;
  /** Units outlined as changed since yesterday. */
  readonly changedCodes: ReadonlySet<string>;
  readonly onMapControl?: (control: MapControl | null) => void;
  readonly basemapUrl: string | null;
  readonly drawing: boolean;
  readonly onDrawControl: (control: DrawControl | null) => void;
  readonly onDrawFinish: (geometry: DrawnGeometry) => void;
  readonly onDrawCancel: () => void;
  readonly onDrawProgress: (points: number) => void;
  readonly onDrawTooFew: () => void;
  /** Extra map layers (react-leaflet children, e.g. the coverage layer), drawn above the units. */
  readonly children?: React.ReactNode;
}

type FeatureLayer = L.Path & { feature?: { properties: { code: string; level: UnitLevel } } };

interface IndexEntry {
  readonly layer: FeatureLayer;
  readonly level: UnitLevel;
}

interface LayerIndex {
  readonly byCode: Map<string, IndexEntry>;
}

interface Look {
  readonly levels: ReadonlyMap<string, RiskLevel>;
  readonly selected: ReadonlySet<string>;
  readonly changed: ReadonlySet<string>;
}

const NO_MARK: RiskMark = { selected: false, changed: false };
const markOf = (look: Look, code: string): RiskMark =>
  // Most units carry no mark: no object per unit for them.
  look.selected.has(code) || look.changed.has(code)
    ? { selected: look.selected.has(code), changed: look.changed.has(code) }
    : NO_MARK;

/**
 * The units layer, built imperatively: one L.geoJSON on a canvas renderer per data set, restyled
 * in place when levels or the selection change. React-leaflet's per-feature components cost a React
 * element per polygon, far too slow for the national 11,163-polygon layer (react-leaflet #1020).
 */
function UnitsLayer(props: {
  readonly features: UnitFeatureCollection | null;
  readonly look: Look;
  readonly renderer: L.Canvas;
  readonly index: React.RefObject<LayerIndex>;
  readonly onClick: React.RefObject<(code: string, e: MouseEvent) => void>;
}): null {
  const map = useMap();
  const { features, look, renderer, index, onClick } = props;
  // The look at build time, so the layer is created in its final colours (one paint, not two).
  const lookRef = useRef(look);
  // The units in layer order with the style inputs last applied to each ({@link styleKey}):
  // restyle only what changed. Arrays, not maps: the national layer walks 10,000+ of them.
  const units = useRef<{ codes: string[]; entries: IndexEntry[]; applied: Int8Array }>({
    codes: [],
    entries: [],
    applied: new Int8Array(0),
  });
  useEffect(() => {
    lookRef.current = look;
  });

  useEffect(() => {
    if (!features) return undefined;
    const byCode = index.current.byCode;
    byCode.clear();
    const codes: string[] = [];
    const entries: IndexEntry[] = [];
    const keys: number[] = [];
    const now = lookRef.current;
    // Communes first, hamlets last: canvas hit-testing picks the topmost shape, so a click inside
    // a hamlet selects the hamlet.
    const sorted = [...features.features].sort((a, b) => drawOrder(a.properties.level) - drawOrder(b.properties.level));
    const layer = L.geoJSON({ type: 'FeatureCollection', features: sorted } as unknown as GeoJSON.FeatureCollection, {
      // Every path on one canvas: a few DOM nodes whatever the polygon count.
      style: (f) => {
        const p = f?.properties as { code: string; level: UnitLevel };
        return cachedRiskStyle(p.level, now.levels.get(p.code) ?? 0, markOf(now, p.code));
      },
      pointToLayer: (f, latlng) =>
        L.circleMarker(latlng, {
          renderer,
          radius: pointRadius(now.selected.has((f.properties as { code: string }).code)),
        }),
      onEachFeature: (f, l) => {
        const p = f.properties as { code: string; level: UnitLevel };
        const entry = { layer: l as FeatureLayer, level: p.level };
        byCode.set(p.code, entry);
        codes.push(p.code);
        entries.push(entry);
        keys.push(styleKey(now.levels.get(p.code) ?? 0, markOf(now, p.code)));
      },
      ...({ renderer } as object),
    });
    // One listener for the whole group (clicks bubble from the feature layers): no per-feature closures.
    layer.on('click', (e: L.LeafletMouseEvent) => {
      const code = (e.propagatedFrom as FeatureLayer | undefined)?.feature?.properties.code;
      if (code) onClick.current(code, e.originalEvent);
    });
    units.current = { codes, entries, applied: Int8Array.from(keys) };
    layer.addTo(map);
    raiseSelection(byCode, now.selected);
    return () => {
      layer.remove();
      byCode.clear();
      units.current = { codes: [], entries: [], applied: new Int8Array(0) };
    };
  }, [features, map, renderer, index, onClick]);

  // Level, selection and change marks restyle in place; the geometry layer is never rebuilt.
  const lastSelected = useRef<ReadonlySet<string>>(look.selected);
  useEffect(() => {
    const { codes, entries, applied } = units.current;
    let restyled = 0;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      const entry = entries[i]!;
      const level = look.levels.get(code) ?? 0;
      const mark = markOf(look, code);
      const key = styleKey(level, mark);
      if (key === applied[i]) continue;
      applied[i] = key;
      restyleQuietly(entry.layer, cachedRiskStyle(entry.level, level, mark), renderer);
      restyled++;
      if (entry.layer instanceof L.CircleMarker) entry.layer.setRadius(pointRadius(mark.selected));
    }
    if (restyled) requestFullRedraw(renderer);
    if (lastSelected.current !== look.selected) {
      lastSelected.current = look.selected;
      raiseSelection(index.current.byCode, look.selected);
    }
  }, [look, features, index, renderer]);

  return null;
}

/** The parts of Leaflet 1.9's canvas renderer and paths the quiet restyle uses (not in its typings). */
interface CanvasInternals {
  _map?: L.Map;
  _bounds?: L.Bounds;
  _redrawBounds: L.Bounds | null;
  _redrawRequest: number | null;
  // A property, not a method: it is handed to requestAnimFrame with the renderer as its context.
  _redraw: () => void;
  _updateDashArray(layer: L.Path): void;
}
interface PathInternals {
  _updateBounds?(): void;
}

/**
 * `layer.setStyle(style)` without its per-path redraw request: `setStyle` unions every path's pixel
 * bounds into the canvas's redraw region (allocating points each time) and recomputes its bounds
 * whenever `weight` is given, so a national recolour did 10,000+ of each. Here only the options that
 * differ are written, bounds only when the stroke width changed; the caller then asks for one full
 * redraw ({@link requestFullRedraw}).
 */
function restyleQuietly(layer: L.Path, style: L.PathOptions, renderer: L.Canvas): void {
  const options = layer.options as Record<string, unknown>;
  let weight = false;
  let dash = false;
  for (const k in style) {
    const v = (style as Record<string, unknown>)[k];
    if (options[k] === v) continue;
    options[k] = v;
    if (k === 'weight') weight = true;
    else if (k === 'dashArray') dash = true;
  }
  if (dash) (renderer as unknown as CanvasInternals)._updateDashArray(layer);
  if (weight) (layer as unknown as PathInternals)._updateBounds?.();
}

/**
 * One redraw of the whole canvas on the next frame (where Leaflet would have redrawn the union of
 * the restyled paths' bounds — for a bulk change, the whole canvas anyway). Later per-path requests
 * in the same frame only extend the region, so they cannot shrink it.
 */
function requestFullRedraw(renderer: L.Canvas): void {
  const r = renderer as unknown as CanvasInternals;
  if (!r._map || !r._bounds) return;
  r._redrawBounds = L.bounds(r._bounds.getTopLeft(), r._bounds.getBottomRight());
  r._redrawRequest ??= L.Util.requestAnimFrame(r._redraw, r);
}

/** Brings selected commune outlines above their neighbours, then the hamlets back above them. */
function raiseSelection(byCode: Map<string, IndexEntry>, selected: ReadonlySet<string>): void {
  let raised = false;
  for (const code of selected) {
    const e = byCode.get(code);
    if (e && e.level === 'commune') {
      e.layer.bringToFront();
      raised = true;
    }
  }
  if (raised) for (const v of byCode.values()) if (v.level === 'hamlet') v.layer.bringToFront();
}

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
function LabelsLayer(props: { readonly units: readonly UnitSummary[] }): null {
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
function Lasso(props: {
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
function Control(props: {
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
  readonly selectedCodes: React.RefObject<ReadonlySet<string>>;
  readonly onClick: React.RefObject<(code: string, e: MouseEvent) => void>;
  readonly units: React.RefObject<readonly UnitSummary[]>;
  readonly renderer: L.Canvas;
}): null {
  const map = useMap();
  const { index, selected, selectedCodes, onClick, units, renderer } = props;
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
    const pagePoint = (lonLat: readonly [number, number]): { x: number; y: number } => {
      const p = map.latLngToContainerPoint([lonLat[1], lonLat[0]]);
      const rect = map.getContainer().getBoundingClientRect();
      return { x: rect.left + p.x, y: rect.top + p.y };
    };
    const pagePointOf = (code: string): { x: number; y: number } | null => {
      const u = units.current.find((x) => x.code === code);
      return u?.labelPoint ? pagePoint(u.labelPoint) : null;
    };
    window.__sabanMap = {
      featureCount: () => index.current.byCode.size,
      selectedCode: () => selected.current,
      selectedCodes: () => [...selectedCodes.current].sort(),
      clickUnit: (code) => onClick.current(code, new MouseEvent('click')),
      moving: () => moving,
      pagePointOf,
      pagePointOfLonLat: pagePoint,
      fillOf: (code) => {
        const e = index.current.byCode.get(code);
        return e ? (e.layer.options.fillColor ?? null) : null;
      },
      pixelAt: (code) => {
        const p = pagePointOf(code);
        const canvas = (renderer as unknown as { _container?: HTMLCanvasElement })._container;
        const ctx = canvas?.getContext('2d');
        if (!p || !canvas || !ctx) return null;
        const rect = canvas.getBoundingClientRect();
        const x = Math.round(((p.x - rect.left) * canvas.width) / rect.width);
        const y = Math.round(((p.y - rect.top) * canvas.height) / rect.height);
        const d = ctx.getImageData(x, y, 1, 1).data;
        return [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0, d[3] ?? 0];
      },
    };
    return () => {
      map.off('movestart zoomstart', start);
      map.off('moveend zoomend', end);
      delete window.__sabanMap;
    };
  }, [map, index, selected, selectedCodes, onClick, units, renderer]);
  return null;
}

/** The Leaflet map of the chosen district. */
export function MapView(props: MapViewProps): React.JSX.Element {
  const { t } = useI18n();
  const [renderer] = useState(() => L.canvas({ padding: 0.5, tolerance: 3 }));
  const index = useRef<LayerIndex>({ byCode: new Map() });
  const selected = useRef<string | null>(props.selectedCode);
  const selectedCodes = useRef<ReadonlySet<string>>(props.selectedCodes);
  const units = useRef<readonly UnitSummary[]>(props.units);
  const { onSelect, onLasso, drawing, riskLevels, changedCodes } = props;
  const onClick = useRef<(code: string, e: MouseEvent) => void>(() => undefined);
  const onLassoRef = useRef<(codes: string[]) => void>(() => undefined);
  const suppressClick = useRef(false);

  useEffect(() => {
    selected.current = props.selectedCode;
    selectedCodes.current = props.selectedCodes;
    units.current = props.units;
    // While drawing, clicks place vertices; they must not change the selection. The click that
    // ends a lasso is not a selection either.
    onClick.current = (code, e) => {
      if (!drawing && !suppressClick.current) onSelect(code, e.shiftKey || e.ctrlKey || e.metaKey);
    };
    onLassoRef.current = (codes) => {
      if (!drawing) onLasso(codes);
    };
  });

  const look = useMemo<Look>(
    () => ({ levels: riskLevels, selected: props.selectedCodes, changed: changedCodes }),
    [riskLevels, props.selectedCodes, changedCodes],
  );

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
        <UnitsLayer features={props.features} look={look} renderer={renderer} index={index} onClick={onClick} />
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
        <Lasso units={units} onLasso={onLassoRef} suppressClick={suppressClick} renderer={renderer} />
        <Control renderer={renderer} onMapControl={props.onMapControl} />
        <Probe
          index={index}
          selected={selected}
          selectedCodes={selectedCodes}
          onClick={onClick}
          units={units}
          renderer={renderer}
        />
        <DrawLayer
          active={drawing}
          onControl={props.onDrawControl}
          renderer={renderer}
          onFinish={props.onDrawFinish}
          onCancel={props.onDrawCancel}
          onProgress={props.onDrawProgress}
          onTooFew={props.onDrawTooFew}
        />
        {props.children}
      </MapContainer>
    </div>
  );
}
