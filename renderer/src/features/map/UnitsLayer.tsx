/**
 * The units layer, restyled in place: one L.geoJSON on a canvas renderer per data set.
 */
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import type { UnitFeatureCollection } from '../../../../shared/contract';
import type { RiskLevel } from '../../../../shared/risk';
import type { UnitLevel } from '../../../../shared/units';
import { cachedRiskStyle, styleKey, type RiskMark } from '../risk/risk-map';
import { drawOrder, pointRadius } from './map-style';

/** A Leaflet path with the feature it was made from. */
export type FeatureLayer = L.Path & { feature?: { properties: { code: string; level: UnitLevel } } };

/** A unit's layer and level. */
export interface IndexEntry {
  readonly layer: FeatureLayer;
  readonly level: UnitLevel;
}

/** The layers by unit code (filled by the units layer, read by the view and the probe). */
export interface LayerIndex {
  readonly byCode: Map<string, IndexEntry>;
}

/** What the layer shows beyond the geometry. */
export interface Look {
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
export function UnitsLayer(props: {
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
