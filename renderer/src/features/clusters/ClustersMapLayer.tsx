import L from 'leaflet';
import { useEffect, useMemo, useState } from 'react';
import { useMap } from 'react-leaflet';
import type { Cluster, Lockdown } from '../../../../shared/contract-clusters';
import type { PostSummary } from '../../../../shared/contract-posts';
import { CLUSTER_STATUS_LABELS, LOCKDOWN_STATE_LABELS } from '../../../../shared/clusters';
import { formatDateTime } from '../../../../shared/time';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { clusterRadius, CLUSTER_COLOURS, GUARD_COLOUR, HATCH_ID, hatchDefs, LOCKDOWN_COLOUR } from './cluster-style';
import { clustersStore, useClustersState } from './clusters-view';
import { GeomanDraw } from './GeomanDraw';
import { strings } from './strings';
import './clusters.css';

/** The pane of the clusters layer: above the units' canvas, below the posts' icons. */
const PANE = 'saban-clusters';

/** What tests may read (window.__sabanClusters). */
export interface SabanClustersProbe {
  clusterIds(): string[];
  lockdownIds(): string[];
  /** The fill of a lockdown's area (the hatch pattern). */
  lockdownFill(id: string): string | null;
  guardedPostIds(): string[];
  radiusOf(id: string): number | null;
}

declare global {
  interface Window {
    __sabanClusters?: SabanClustersProbe;
  }
}

const NO_CLUSTERS: readonly Cluster[] = [];
const NO_LOCKDOWNS: readonly Lockdown[] = [];
const NO_POSTS: readonly PostSummary[] = [];

/**
 * Clusters (a circle sized by cases in the last 28 days and coloured by status, over the cluster's
 * area) and lockdowns (hatched areas, SVG pattern fill) with the checkpoints guarding them ringed,
 * plus the legend and the drawing tool. The units are drawn on a canvas, which has no pattern
 * fills: this layer has its own SVG renderer in its own pane.
 */
export function ClustersMapLayer(props: { readonly within: string | null }): React.JSX.Element | null {
  const map = useMap();
  const t = useStrings(strings);
  const { lang } = useI18n();
  const show = useClustersState((s) => s.showLayer);
  const scope = props.within ? { within: props.within } : {};
  const clustersQuery = useApiQuery('clusters.list', scope);
  const lockdownsQuery = useApiQuery('lockdowns.list', scope);
  const postsQuery = useApiQuery('posts.list', scope);
  useErrorNotice(clustersQuery.error);
  useErrorNotice(lockdownsQuery.error);
  const clusters = clustersQuery.data ?? NO_CLUSTERS;
  const lockdowns = lockdownsQuery.data ?? NO_LOCKDOWNS;
  const posts = postsQuery.data ?? NO_POSTS;
  const [renderer] = useState(() => L.svg({ pane: PANE, padding: 0.5 }));

  useEffect(() => {
    if (!map.getPane(PANE)) {
      const pane = map.createPane(PANE);
      pane.style.zIndex = '450';
    }
  }, [map]);

  const live = useMemo(() => lockdowns.filter((l) => l.state === 'in_force' || l.state === 'upcoming'), [lockdowns]);

  useEffect(() => {
    if (!show) return undefined;
    const group = L.layerGroup().addTo(map);
    const lockdownLayers = new Map<string, L.GeoJSON>();
    const circles = new Map<string, L.CircleMarker>();
    const guarded = new Set<string>();
    for (const l of live) {
      if (!l.geometry) continue;
      const layer = L.geoJSON(l.geometry as GeoJSON.Geometry, {
        style: () => ({
          renderer,
          color: LOCKDOWN_COLOUR,
          weight: 2,
          dashArray: l.state === 'upcoming' ? '6 4' : undefined,
          fillColor: `url(#${HATCH_ID})`,
          fillOpacity: 1,
        }),
      });
      const tip = document.createElement('div');
      const strong = document.createElement('strong');
      strong.textContent = l.name;
      const sub = document.createElement('div');
      sub.textContent = `${LOCKDOWN_STATE_LABELS[l.state][lang]} · ${t('tipLockdown', { to: formatDateTime(l.endsAt) })}`;
      tip.append(strong, sub);
      layer.bindTooltip(tip, { sticky: true });
      layer.on('click', (e: L.LeafletMouseEvent) => {
        L.DomEvent.stop(e);
        clustersStore.open({ kind: 'lockdownDetail', id: l.id });
      });
      layer.addTo(group);
      lockdownLayers.set(l.id, layer);
      for (const id of l.postIds) guarded.add(id);
    }
    for (const p of posts) {
      if (!guarded.has(p.id)) continue;
      L.circleMarker([p.lat, p.lon], {
        renderer,
        pane: PANE,
        radius: 17,
        color: GUARD_COLOUR,
        weight: 3,
        dashArray: '4 3',
        fill: false,
        interactive: false,
        className: 'saban-guard-ring',
      }).addTo(group);
    }
    for (const c of clusters) {
      if (c.status === 'closed' || !c.center) continue;
      const colour = CLUSTER_COLOURS[c.status];
      if (c.geometry && c.geometry.type !== 'Point') {
        L.geoJSON(c.geometry as GeoJSON.Geometry, {
          style: () => ({ renderer, color: colour, weight: 1.5, dashArray: '2 3', fill: false, interactive: false }),
        }).addTo(group);
      }
      const circle = L.circleMarker([c.center[1], c.center[0]], {
        renderer,
        pane: PANE,
        radius: clusterRadius(c.activeCases),
        color: '#fff',
        weight: 2,
        fillColor: colour,
        fillOpacity: 0.75,
      });
      const tip = document.createElement('div');
      const strong = document.createElement('strong');
      strong.textContent = c.name;
      const sub = document.createElement('div');
      sub.textContent = `${CLUSTER_STATUS_LABELS[c.status][lang]} · ${t('tipCases', { n: c.activeCases, total: c.totalCases })}`;
      const hint = document.createElement('div');
      hint.textContent = c.suggestion[lang];
      tip.append(strong, sub, hint);
      circle.bindTooltip(tip, { direction: 'top' });
      circle.on('click', (e: L.LeafletMouseEvent) => {
        L.DomEvent.stop(e);
        clustersStore.open({ kind: 'cluster', id: c.id });
      });
      circle.addTo(group);
      circles.set(c.id, circle);
    }
    // The pattern lives in the renderer's own <svg>, which exists once a path was added.
    const svg = map.getPane(PANE)?.querySelector('svg');
    if (svg && !svg.querySelector(`#${HATCH_ID}`)) svg.insertAdjacentHTML('afterbegin', hatchDefs());
    window.__sabanClusters = {
      clusterIds: () => [...circles.keys()],
      lockdownIds: () => [...lockdownLayers.keys()],
      lockdownFill: (id) => {
        const layer = lockdownLayers.get(id)?.getLayers()[0] as L.Path | undefined;
        return layer?.getElement()?.getAttribute('fill') ?? null;
      },
      guardedPostIds: () => posts.filter((p) => guarded.has(p.id)).map((p) => p.id),
      radiusOf: (id) => circles.get(id)?.getRadius() ?? null,
    };
    return () => {
      group.remove();
      delete window.__sabanClusters;
    };
  }, [map, show, live, clusters, posts, renderer, lang, t]);

  return (
    <>
      <GeomanDraw />
      {show && (clusters.length > 0 || lockdowns.length > 0) && <ClustersLegend />}
    </>
  );
}

/** The legend: cluster colours by status, circle size, the hatch and the guard ring. */
function ClustersLegend(): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  return (
    <div className="saban-clusters-legend" data-testid="clusters-legend">
      <div className="saban-clusters-legend-title">{t('legendTitle')}</div>
      {(['active', 'watching'] as const).map((s) => (
        <div key={s} className="saban-clusters-legend-row">
          <svg width="16" height="16" aria-hidden>
            <circle cx="8" cy="8" r="6" fill={CLUSTER_COLOURS[s]} stroke="#fff" strokeWidth="2" />
          </svg>
          {CLUSTER_STATUS_LABELS[s][lang]}
        </div>
      ))}
      <div className="saban-clusters-legend-row saban-clusters-legend-small">{t('legendSize')}</div>
      <div className="saban-clusters-legend-row">
        <svg width="16" height="16" aria-hidden>
          <defs
            dangerouslySetInnerHTML={{ __html: hatchDefs('saban-hatch-legend').replace(/^<defs>|<\/defs>$/g, '') }}
          />
          <rect
            x="1"
            y="1"
            width="14"
            height="14"
            fill="url(#saban-hatch-legend)"
            stroke={LOCKDOWN_COLOUR}
            strokeWidth="2"
          />
        </svg>
        {t('legendLockdown')}
      </div>
      <div className="saban-clusters-legend-row">
        <svg width="16" height="16" aria-hidden>
          <circle cx="8" cy="8" r="6" fill="none" stroke={GUARD_COLOUR} strokeWidth="2.5" strokeDasharray="3 2" />
        </svg>
        {t('legendGuard')}
      </div>
    </div>
  );
}
