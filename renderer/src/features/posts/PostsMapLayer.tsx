import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import type { Incident, PostSummary } from '../../../../shared/contract-posts';
import { INCIDENT_TYPE_LABELS, POST_KIND_LABELS, POST_STATUS_LABELS } from '../../../../shared/posts';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { CANVAS_THRESHOLD, incidentIconSvg, postCircleStyle, postIconSvg, vnTime } from './posts-layer';
import { usePostsText } from './strings';
import { postsStore, usePostsState } from './posts-view';
import './posts.css';

/** What tests may call (window.__sabanPosts). */
export interface SabanPostsProbe {
  postCount(): number;
  incidentCount(): number;
  /** Page coordinates of a post's icon centre. */
  pagePointOf(id: string): { x: number; y: number } | null;
  /** Page coordinates of a geographic point. */
  pagePointOfLonLat(lon: number, lat: number): { x: number; y: number };
  /** The draft marker's position while placing a post. */
  draft(): { lon: number; lat: number } | null;
  /** True while the map view animates. */
  moving(): boolean;
}

declare global {
  interface Window {
    __sabanPosts?: SabanPostsProbe;
  }
}

export interface PostsMapLayerProps {
  /** The district shown (null: every post). */
  readonly within: string | null;
}

// Stable empties, so the layer's effects do not redraw while the first read is in flight.
const NO_POSTS: readonly PostSummary[] = [];
const NO_INCIDENTS: readonly Incident[] = [];

/**
 * The posts layer: one icon per post (kind by shape and colour, status by opacity, dashes and
 * grey), or canvas circles above {@link CANVAS_THRESHOLD} posts; today's incidents as red
 * triangles; the draft point of a post being placed (draggable), and click-to-place while picking.
 * Built imperatively in a layer group, like the units layer; React renders nothing here.
 */
export function PostsMapLayer(props: PostsMapLayerProps): null {
  const map = useMap();
  const { label, pt } = usePostsText();
  const { within } = props;
  const view = usePostsState((s) => s.view);
  const picking = usePostsState((s) => s.picking);
  const flyTo = usePostsState((s) => s.flyTo);
  const showPosts = usePostsState((s) => s.showPosts);
  const showIncidents = usePostsState((s) => s.showIncidents);
  const scope = within ? { within } : {};
  const postsQuery = useApiQuery('posts.list', scope);
  const incidentsQuery = useApiQuery('posts.incidents', scope);
  useErrorNotice(postsQuery.error);
  useErrorNotice(incidentsQuery.error);
  const posts = postsQuery.data ?? NO_POSTS;
  const incidents = incidentsQuery.data ?? NO_INCIDENTS;
  const positions = useRef(new Map<string, L.LatLng>());
  const draftRef = useRef<L.Marker | null>(null);

  const selectedId = view.kind === 'card' || view.kind === 'log' || view.kind === 'edit' ? view.id : null;
  // The post being edited is drawn as the draft marker, not at its stored place.
  const editingId = view.kind === 'edit' ? view.id : null;

  // Posts.
  useEffect(() => {
    const group = L.layerGroup();
    const markers: [string, L.Marker][] = [];
    positions.current.clear();
    if (showPosts) {
      const canvas = posts.length > CANVAS_THRESHOLD ? L.canvas({ padding: 0.5 }) : null;
      for (const p of posts) {
        if (p.id === editingId) continue;
        const at = L.latLng(p.lat, p.lon);
        positions.current.set(p.id, at);
        const selected = p.id === selectedId;
        let layer: L.Marker | L.CircleMarker;
        if (canvas) {
          layer = L.circleMarker(at, { renderer: canvas, ...postCircleStyle(p.kind, p.status, selected) });
        } else {
          const marker = L.marker(at, {
            icon: L.divIcon({
              className: 'saban-post-icon',
              html: postIconSvg(p.kind, p.status, selected),
              iconSize: selected ? [30, 30] : [24, 24],
              iconAnchor: selected ? [15, 15] : [12, 12],
            }),
            keyboard: true,
            title: p.name,
            alt: p.name,
            zIndexOffset: selected ? 1000 : 0,
            riseOnHover: true,
          });
          // Keyboard users open the card with Enter on the focused icon.
          marker.on('keypress', (e: L.LeafletKeyboardEvent) => {
            if (e.originalEvent.key === 'Enter') postsStore.openCard(p.id);
          });
          markers.push([p.id, marker]);
          layer = marker;
        }
        // textContent: post names come from operators and files.
        const tip = document.createElement('div');
        const strong = document.createElement('strong');
        strong.textContent = p.name;
        const sub = document.createElement('div');
        sub.textContent = `${label(POST_KIND_LABELS[p.kind])} · ${label(POST_STATUS_LABELS[p.status])}`;
        tip.append(strong, sub);
        layer.bindTooltip(tip, { direction: 'top', offset: [0, -10] });
        layer.on('click', (e: L.LeafletMouseEvent) => {
          L.DomEvent.stop(e);
          postsStore.openCard(p.id);
        });
        layer.addTo(group);
      }
    }
    group.addTo(map);
    // Markers have elements once on the map.
    for (const [id, m] of markers) m.getElement()?.setAttribute('data-post-id', id);
    return () => {
      group.remove();
    };
  }, [posts, map, selectedId, editingId, showPosts, label]);

  // Today's incidents, each at its own point or its post's, nudged so it does not hide the post icon.
  useEffect(() => {
    if (!showIncidents) return undefined;
    const group = L.layerGroup();
    const markers: [string, L.Marker][] = [];
    for (const i of incidents) {
      const m = L.marker([i.lat, i.lon], {
        icon: L.divIcon({
          className: 'saban-incident-icon',
          html: incidentIconSvg(),
          iconSize: [18, 18],
          iconAnchor: [-4, 22],
        }),
        keyboard: false,
        zIndexOffset: 500,
      });
      const tip = document.createElement('div');
      const strong = document.createElement('strong');
      strong.textContent = i.postName;
      const sub = document.createElement('div');
      sub.textContent = `${pt('incidentAt', { type: label(INCIDENT_TYPE_LABELS[i.type]), time: vnTime(i.at) })}${i.place ? ` · ${i.place}` : ''}`;
      tip.append(strong, sub);
      m.bindTooltip(tip, { direction: 'top' });
      m.on('click', (e: L.LeafletMouseEvent) => {
        L.DomEvent.stop(e);
        postsStore.openCard(i.postId);
      });
      m.addTo(group);
      markers.push([i.id, m]);
    }
    group.addTo(map);
    for (const [id, m] of markers) m.getElement()?.setAttribute('data-incident-id', id);
    return () => {
      group.remove();
    };
  }, [incidents, map, showIncidents, label, pt]);

  // The draft point of a post being placed: draggable, and moved when coordinates are typed.
  const draft = view.kind === 'edit' ? view.point : null;
  const editingKind =
    view.kind === 'edit' ? (posts.find((p) => p.id === view.id)?.kind ?? view.preset?.postKind) : undefined;
  useEffect(() => {
    if (!draft) {
      draftRef.current = null;
      return undefined;
    }
    const m = L.marker([draft.lat, draft.lon], {
      draggable: true,
      autoPan: true,
      icon: L.divIcon({
        className: 'saban-post-icon saban-post-draft',
        html: postIconSvg(editingKind ?? 'checkpoint', 'active', true),
        iconSize: [30, 30],
        iconAnchor: [15, 15],
      }),
      zIndexOffset: 2000,
      keyboard: true,
    });
    m.on('dragend', () => {
      const ll = m.getLatLng();
      postsStore.setPoint({ lon: round6(ll.lng), lat: round6(ll.lat) });
    });
    m.addTo(map);
    m.getElement()?.setAttribute('data-testid', 'post-draft-marker');
    draftRef.current = m;
    return () => {
      m.remove();
      draftRef.current = null;
    };
  }, [draft, map, editingKind]);

  // Picking: the next click on the map places the point. Captured before Leaflet sees it, so the
  // click does not also select the commune under it.
  useEffect(() => {
    if (!picking) return undefined;
    const container = map.getContainer();
    container.classList.add('saban-picking');
    // A drag pans the map; only a click that stayed in place places the point.
    let down: { x: number; y: number } | null = null;
    const onDown = (e: MouseEvent): void => {
      down = { x: e.clientX, y: e.clientY };
    };
    const onClick = (e: MouseEvent): void => {
      if ((e.target as HTMLElement).closest('.leaflet-control')) return;
      if (down && Math.hypot(e.clientX - down.x, e.clientY - down.y) > 4) return;
      e.stopPropagation();
      e.preventDefault();
      const ll = map.mouseEventToLatLng(e);
      postsStore.setPoint({ lon: round6(ll.lng), lat: round6(ll.lat) });
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') postsStore.setPicking(false);
    };
    container.addEventListener('mousedown', onDown, true);
    container.addEventListener('click', onClick, true);
    window.addEventListener('keydown', onKey);
    return () => {
      container.classList.remove('saban-picking');
      container.removeEventListener('mousedown', onDown, true);
      container.removeEventListener('click', onClick, true);
      window.removeEventListener('keydown', onKey);
    };
  }, [picking, map]);

  // Fly to a post opened from the list or the warnings.
  useEffect(() => {
    if (!flyTo) return;
    map.flyTo([flyTo.lat, flyTo.lon], Math.max(map.getZoom(), 13), { duration: 0.35 });
  }, [flyTo, map]);

  // Test probe.
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
    const toPage = (ll: L.LatLng): { x: number; y: number } => {
      const p = map.latLngToContainerPoint(ll);
      const rect = map.getContainer().getBoundingClientRect();
      return { x: rect.left + p.x, y: rect.top + p.y };
    };
    window.__sabanPosts = {
      postCount: () => positions.current.size,
      incidentCount: () => (showIncidents ? incidents.length : 0),
      pagePointOf: (id) => {
        const ll = positions.current.get(id);
        return ll ? toPage(ll) : null;
      },
      pagePointOfLonLat: (lon, lat) => toPage(L.latLng(lat, lon)),
      draft: () => {
        const ll = draftRef.current?.getLatLng();
        return ll ? { lon: ll.lng, lat: ll.lat } : null;
      },
      moving: () => moving,
    };
    return () => {
      map.off('movestart zoomstart', start);
      map.off('moveend zoomend', end);
      delete window.__sabanPosts;
    };
  }, [map, incidents, showIncidents]);

  return null;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
