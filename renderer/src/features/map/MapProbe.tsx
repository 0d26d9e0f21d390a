/**
 * The map's test probe (window.__sabanMap): end-to-end tests and the benchmark read the map
 * through it, never through Leaflet's internals.
 */
import type L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import type { UnitSummary } from '../../../../shared/contract';
import type { LayerIndex } from './UnitsLayer';

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

declare global {
  interface Window {
    __sabanMap?: SabanMapProbe;
  }
}

/** Publishes the test probe while the map lives. */
export function Probe(props: {
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
