/**
 * The national-layer benchmark page (renderer/bench.html, built and driven by
 * test/bench/map-national.ts in headless Chromium). It times, on the same data and in the same run:
 * (a) our MapView — the component the app renders, with its units layer, view fitting and restyle
 * path — and (b) plain Leaflet (`L.geoJSON` on a canvas renderer, `layer.setStyle(fn)`), from data
 * in hand to the first full paint, and the recolour of every polygon after a bulk level change.
 * "Painted" = two animation frames after the change: Leaflet's canvas redraws in the first one.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { UnitFeatureCollection } from '../../../shared/contract';
import { RISK_LEVELS, type RiskLevel } from '../../../shared/risk';
import { MapView } from '../features/map/MapView';
import { riskStyle } from '../features/risk/risk-map';
import { frames, log, nextFrame, RUNS, settle } from './bench-page';

/** What the page leaves for the runner. */
export interface BenchOutput {
  readonly features: number;
  readonly oursFirstPaint: number[];
  readonly plainFirstPaint: number[];
  readonly oursRecolour: number[];
  readonly plainRecolour: number[];
  /** The script part of each recolour (the call that restyles, before the frames that paint). */
  readonly oursRecolourScript: number[];
  readonly plainRecolourScript: number[];
  /** The script part of each first paint (building the layer and fitting the view). */
  readonly oursFirstScript: number[];
  readonly plainFirstScript: number[];
}

declare global {
  interface Window {
    __bench?: BenchOutput | { error: string };
  }
}

const RECOLOURS_PER_RUN = 3;
const EMPTY: ReadonlySet<string> = new Set();
const noop = (): void => undefined;

function toUnits(raw: GeoJSON.FeatureCollection): UnitFeatureCollection {
  const seen = new Set<string>();
  const features: UnitFeatureCollection['features'] = [];
  for (const f of raw.features) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const code = typeof p['code'] === 'string' ? p['code'] : '';
    // Units merged away before 2021 have no code or repeat one: the app's import skips them too.
    if (!code || seen.has(code) || !f.geometry) continue;
    seen.add(code);
    features.push({
      type: 'Feature',
      id: code,
      geometry: f.geometry as unknown as UnitFeatureCollection['features'][number]['geometry'],
      properties: {
        code,
        name: typeof p['name'] === 'string' ? p['name'] : code,
        level: 'commune',
        type: typeof p['type'] === 'string' ? p['type'] : '',
        parentCode: typeof p['district_code'] === 'string' ? p['district_code'] : null,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Every unit at one level (a bulk change touches every polygon). */
function allAt(codes: readonly string[], level: RiskLevel): ReadonlyMap<string, RiskLevel> {
  return new Map(codes.map((c) => [c, level]));
}

async function main(): Promise<BenchOutput> {
  const raw = (await (await fetch('./national.geojson')).json()) as GeoJSON.FeatureCollection;
  const fc = toUnits(raw);
  const codes = fc.features.map((f) => f.properties.code);
  const n = codes.length;
  log(`features: ${n}`);
  const start = allAt(codes, 0);

  // (a) ours: the MapView component, props changed the way App changes them.
  const root = createRoot(document.getElementById('ours')!);
  const render = (features: UnitFeatureCollection | null, key: string | null, levels: ReadonlyMap<string, RiskLevel>) =>
    flushSync(() =>
      root.render(
        <MapView
          features={features}
          featuresKey={key}
          units={[]}
          selectedCode={null}
          selectedCodes={EMPTY}
          selectionSource="map"
          onSelect={noop}
          onLasso={noop}
          riskLevels={levels}
          changedCodes={EMPTY}
          basemapUrl={null}
          drawing={false}
          onDrawControl={noop}
          onDrawFinish={noop}
          onDrawCancel={noop}
          onDrawProgress={noop}
          onDrawTooFew={noop}
        />,
      ),
    );
  render(null, null, start);
  while (!window.__sabanMap) await nextFrame();
  const probe = window.__sabanMap;

  // (b) plain Leaflet, same size, same renderer options, same styles.
  const plainMap = L.map('plain', { preferCanvas: true, center: [16, 106], zoom: 6, zoomSnap: 0.25 });
  const plainRenderer = L.canvas({ padding: 0.5, tolerance: 3 });
  const styleOf =
    (levels: ReadonlyMap<string, RiskLevel>) =>
    (f?: GeoJSON.Feature): L.PathOptions =>
      riskStyle('commune', levels.get((f?.properties as { code: string }).code) ?? 0, {
        selected: false,
        changed: false,
      });

  const out: BenchOutput = {
    features: n,
    oursFirstPaint: [],
    plainFirstPaint: [],
    oursRecolour: [],
    plainRecolour: [],
    oursRecolourScript: [],
    plainRecolourScript: [],
    oursFirstScript: [],
    plainFirstScript: [],
  };
  let step = 0;
  const nextLevel = (): RiskLevel => ((step++ % 4) + 1) as RiskLevel;

  /** Ours once: first paint, then the recolours; returns the timings. */
  const ours = async (run: number): Promise<{ first: number; recolour: number[] }> => {
    const copy: UnitFeatureCollection = { ...fc };
    let t0 = performance.now();
    render(copy, `national-${run}`, start);
    out.oursFirstScript.push(performance.now() - t0);
    while (probe.featureCount() !== n) await nextFrame();
    await frames(2);
    const first = performance.now() - t0;
    await settle();
    const recolour: number[] = [];
    for (let k = 0; k < RECOLOURS_PER_RUN; k++) {
      const level = nextLevel();
      const levels = allAt(codes, level);
      t0 = performance.now();
      render(copy, `national-${run}`, levels);
      out.oursRecolourScript.push(performance.now() - t0);
      await frames(2);
      recolour.push(performance.now() - t0);
      // Not a timing: proof the recolour happened (a bench that measured nothing would be fake).
      if (probe.fillOf(codes[n - 1]!) !== RISK_LEVELS[level].colour) throw new Error('ours: recolour did not apply');
      await settle();
    }
    render(null, null, start);
    await frames(2);
    await settle();
    return { first, recolour };
  };

  /** Plain Leaflet once, the same steps. */
  const plain = async (): Promise<{ first: number; recolour: number[] }> => {
    let t0 = performance.now();
    // The same data object ours gets (our contract's FeatureCollection is GeoJSON-shaped).
    const layer = L.geoJSON(fc, {
      style: styleOf(start),
      ...({ renderer: plainRenderer } as object),
    });
    layer.on('click', noop);
    layer.addTo(plainMap);
    plainMap.fitBounds(layer.getBounds(), { padding: [16, 16], animate: false });
    out.plainFirstScript.push(performance.now() - t0);
    await frames(2);
    const first = performance.now() - t0;
    await settle();
    const recolour: number[] = [];
    for (let k = 0; k < RECOLOURS_PER_RUN; k++) {
      const level = nextLevel();
      const levels = allAt(codes, level);
      t0 = performance.now();
      layer.setStyle(styleOf(levels));
      out.plainRecolourScript.push(performance.now() - t0);
      await frames(2);
      recolour.push(performance.now() - t0);
      await settle();
    }
    layer.remove();
    await frames(2);
    await settle();
    return { first, recolour };
  };

  // One unmeasured round of each warms the JIT for Leaflet's code, which both share.
  await ours(-1);
  await plain();
  out.oursRecolourScript.length = 0;
  out.plainRecolourScript.length = 0;
  out.oursFirstScript.length = 0;
  out.plainFirstScript.length = 0;
  for (let run = 0; run < RUNS; run++) {
    // Alternate which goes first, so neither always inherits the other's garbage.
    const pair = run % 2 === 0 ? [await ours(run), await plain()] : [await plain(), await ours(run)].reverse();
    const [o, p] = pair as [{ first: number; recolour: number[] }, { first: number; recolour: number[] }];
    out.oursFirstPaint.push(o.first);
    out.oursRecolour.push(...o.recolour);
    out.plainFirstPaint.push(p.first);
    out.plainRecolour.push(...p.recolour);
    log(`run ${run + 1}/${RUNS}: first paint ours ${Math.round(o.first)} plain ${Math.round(p.first)} ms`);
  }
  return out;
}

main()
  .then((r) => {
    window.__bench = r;
  })
  .catch((err: unknown) => {
    window.__bench = { error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  });
