import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { MapContainer } from 'react-leaflet';
import type { UnitFeatureCollection, UnitSummary } from '../../../../shared/contract';
import type { RiskLevel } from '../../../../shared/risk';
import { useStrings } from '../../i18n/define';
import { DrawLayer, type DrawControl, type DrawnGeometry } from './DrawLayer';
import { Basemap, Control, Extras, LabelsLayer, Lasso } from './map-layers';
import type { MapPngOptions } from './map-png';
import { Probe } from './MapProbe';
import { strings } from './strings';
import { UnitsLayer, type LayerIndex, type Look } from './UnitsLayer';
import { ViewController } from './ViewController';

export type { SabanMapProbe } from './MapProbe';

/** Where a selection came from: the map keeps its view for its own clicks, and moves for the rest. */
export type SelectionSource = 'map' | 'tree';

/** What the app may ask of the map (PNG export). */
export interface MapControl {
  exportPng(options: MapPngOptions): Promise<Blob>;
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

/** The Leaflet map of the chosen district. */
export function MapView(props: MapViewProps): React.JSX.Element {
  const t = useStrings(strings);
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
