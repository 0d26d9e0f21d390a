/**
 * The briefing's map: the units filled by level on Leaflet's SVG renderer (vector in the PDF, no
 * tiles), the units changed in the last 24 hours outlined dashed, checkpoints and the day's
 * numbered incidents, names, a metric scale bar and a north arrow. Fixed size (its CSS class), not
 * interactive; calls `onReady` once drawn.
 */
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { riskStyle, asRiskLevel } from '../risk/risk-map';
import type { BriefingData } from './briefing-data';
import type { IncidentRow } from './briefing-model';

/** More units than this: no names on the map (the whole country). */
const MAX_LABELS = 300;

export const POST_COLOUR = '#1a237e';
export const INCIDENT_COLOUR = '#b71c1c';

export interface BriefingMapProps {
  readonly data: BriefingData;
  readonly incidents: readonly IncidentRow[];
  /** Sets the size (print: mm; presentation: viewport units). */
  readonly className: string;
  readonly northLabel: string;
  readonly onReady?: () => void;
}

export function BriefingMap(props: BriefingMapProps): React.JSX.Element {
  const ref = useRef<HTMLDivElement | null>(null);
  const { data, incidents, onReady } = props;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const map = L.map(el, {
      renderer: L.svg({ padding: 0 }),
      zoomControl: false,
      attributionControl: false,
      zoomSnap: 0,
      fadeAnimation: false,
      zoomAnimation: false,
      markerZoomAnimation: false,
      dragging: false,
      scrollWheelZoom: false,
      doubleClickZoom: false,
      boxZoom: false,
      keyboard: false,
      touchZoom: false,
    });
    const changed = new Set(data.changed.map((c) => c.code));
    const layer = L.geoJSON(data.features, {
      interactive: false,
      style: (f) => {
        const code = (f?.properties as { code?: string } | undefined)?.code ?? '';
        return riskStyle('commune', asRiskLevel(data.levels.get(code)?.level ?? 0), {
          selected: false,
          changed: changed.has(code),
        });
      },
    }).addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [14, 14], animate: false });
    else map.setView([16, 106], 5, { animate: false });

    if (data.features.features.length <= MAX_LABELS) {
      const byCode = new Map(data.units.map((u) => [u.code, u]));
      for (const f of data.features.features) {
        const p = byCode.get(f.properties.code)?.labelPoint;
        if (!p) continue;
        L.tooltip({ permanent: true, direction: 'center', className: 'briefing-label', opacity: 1 })
          .setLatLng([p[1], p[0]])
          .setContent(escapeHtml(f.properties.name))
          .addTo(map);
      }
    }
    for (const p of data.posts) {
      if (p.status !== 'active') continue;
      L.circleMarker([p.lat, p.lon], {
        radius: 3.5,
        color: '#fff',
        weight: 1,
        fillColor: POST_COLOUR,
        fillOpacity: 1,
        interactive: false,
      }).addTo(map);
    }
    for (const i of incidents) {
      L.circleMarker([i.lonLat[1], i.lonLat[0]], {
        radius: 7,
        color: '#fff',
        weight: 1.2,
        fillColor: INCIDENT_COLOUR,
        fillOpacity: 1,
        interactive: false,
      }).addTo(map);
      L.tooltip({ permanent: true, direction: 'center', className: 'briefing-incident-label', opacity: 1 })
        .setLatLng([i.lonLat[1], i.lonLat[0]])
        .setContent(String(i.no))
        .addTo(map);
    }
    L.control.scale({ imperial: false, position: 'bottomleft', maxWidth: 150 }).addTo(map);
    const frame = requestAnimationFrame(() => onReady?.());
    return () => {
      cancelAnimationFrame(frame);
      map.remove();
    };
  }, [data, incidents, onReady]);

  return (
    <div className={`briefing-map-frame ${props.className}`}>
      <div ref={ref} className="briefing-map" data-testid="briefing-map" />
      <NorthArrow label={props.northLabel} />
    </div>
  );
}

/** A north arrow (the map is north-up: Web Mercator). */
function NorthArrow(props: { readonly label: string }): React.JSX.Element {
  return (
    <svg className="briefing-north" viewBox="0 0 40 56" width="30" height="42" role="img" aria-label={props.label}>
      <polygon points="20,14 30,50 20,42 10,50" fill="#102a43" />
      <polygon points="20,14 20,42 10,50" fill="#fff" stroke="#102a43" strokeWidth="1" />
      <text x="20" y="11" textAnchor="middle" fontSize="12" fontWeight="700" fill="#102a43">
        {props.label}
      </text>
    </svg>
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
