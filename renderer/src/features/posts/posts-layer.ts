/**
 * How posts and incidents look on the map: inline SVG per kind and status (no image files; the
 * CSP allows only inline and data: images), and the canvas style used instead when there are
 * many posts. Pure functions, so the rules are testable without a map.
 */
import type { PostKind, PostStatus } from '../../../../shared/posts';
import { formatTime } from '../../../../shared/time';

/** Above this many posts the layer draws canvas circles instead of DOM icons. */
export const CANVAS_THRESHOLD = 500;

/** Colour of each kind (the icon's fill). */
export const KIND_COLOURS: Readonly<Record<PostKind, string>> = {
  checkpoint: '#1864ab',
  border_post: '#2b8a3e',
  control_point: '#5c940d',
  quarantine_gate: '#862e9c',
};

/** The shape of each kind, so kinds differ by more than colour. */
const KIND_SHAPES: Readonly<Record<PostKind, string>> = {
  // A shield for the epidemic checkpoint.
  checkpoint: 'M12 2 L21 6 V12 C21 17 17 20.5 12 22 C7 20.5 3 17 3 12 V6 Z',
  // A flag-topped square for the border post.
  border_post: 'M4 4 H20 V20 H4 Z',
  // A diamond for its control points.
  control_point: 'M12 2 L22 12 L12 22 L2 12 Z',
  // A gate (arch) for quarantine-area gates.
  quarantine_gate: 'M3 22 V10 C3 5 7 2 12 2 C17 2 21 5 21 10 V22 H16 V12 C16 9.5 14.2 8 12 8 C9.8 8 8 9.5 8 12 V22 Z',
};

/** Opacity and stroke by status: suspended posts are faded and dashed, stood-down ones grey. */
export function statusLook(status: PostStatus): { fill: (kind: PostKind) => string; opacity: number; dash: string } {
  switch (status) {
    case 'active':
      return { fill: (k) => KIND_COLOURS[k], opacity: 1, dash: '' };
    case 'suspended':
      return { fill: (k) => KIND_COLOURS[k], opacity: 0.55, dash: '3 2' };
    case 'stood_down':
      return { fill: () => '#868e96', opacity: 0.5, dash: '' };
  }
}

/** The SVG markup of a post icon (no user text inside: safe to give to a divIcon's html). */
export function postIconSvg(kind: PostKind, status: PostStatus, selected: boolean): string {
  const look = statusLook(status);
  const size = selected ? 30 : 24;
  const stroke = selected ? '#d9480f' : '#ffffff';
  const width = selected ? 2.5 : 1.6;
  const cross = status === 'stood_down' ? '<path d="M6 6 L18 18 M18 6 L6 18" stroke="#fff" stroke-width="2"/>' : '';
  const flag =
    kind === 'border_post'
      ? '<path d="M9 8 V16 M9 8 H15 L13.5 10 L15 12 H9" stroke="#fff" stroke-width="1.4" fill="none"/>'
      : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 24 24" opacity="${look.opacity}">` +
    `<path d="${KIND_SHAPES[kind]}" fill="${look.fill(kind)}" stroke="${stroke}" stroke-width="${width}"` +
    `${look.dash ? ` stroke-dasharray="${look.dash}"` : ''} stroke-linejoin="round"/>${flag}${cross}</svg>`
  );
}

/** The canvas circle style of a post (used above {@link CANVAS_THRESHOLD}). */
export function postCircleStyle(
  kind: PostKind,
  status: PostStatus,
  selected: boolean,
): { radius: number; color: string; weight: number; fillColor: string; fillOpacity: number; dashArray: string } {
  const look = statusLook(status);
  return {
    radius: selected ? 9 : 6,
    color: selected ? '#d9480f' : '#ffffff',
    weight: selected ? 3 : 1.5,
    fillColor: look.fill(kind),
    fillOpacity: look.opacity,
    dashArray: look.dash,
  };
}

/** The SVG of today's-incident marker: a red warning triangle. */
export function incidentIconSvg(): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 24 24">' +
    '<path d="M12 2 L23 21 H1 Z" fill="#e03131" stroke="#fff" stroke-width="1.5" stroke-linejoin="round"/>' +
    '<path d="M12 9 V14 M12 17 V18" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/></svg>'
  );
}

/** Local (Vietnam) HH:MM of an ISO instant, as shift windows are shown. */
export function vnTime(iso: string): string {
  return formatTime(iso);
}

/** Heights of the 7-day bars, scaled to `height` pixels (the largest day fills it). */
export function barHeights(values: readonly number[], height: number): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 ? 0 : Math.max(v > 0 ? 2 : 0, Math.round((v / max) * height))));
}
