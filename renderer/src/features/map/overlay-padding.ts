/**
 * How far the overlays floating over the map reach into it, so that zooming to a unit keeps it in
 * the part of the map nothing covers. Pure, so it is tested without a browser.
 */

/** A box in page pixels. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Pixels to keep clear at each edge of the map. */
export interface EdgePadding {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** At most this share of the map's width or height is given up to overlays on one axis. */
const MAX_SHARE = 0.6;

/**
 * The padding each edge needs: every overlay that overlaps the map is taken as docked to the edge
 * it is nearest to, and covers the map from that edge to its far side. `margin` is added on every
 * edge. The padding of an axis is capped so a small window still leaves room for the unit.
 */
export function overlayPadding(map: Box, overlays: readonly Box[], margin = 16): EdgePadding {
  const pad = { top: 0, right: 0, bottom: 0, left: 0 };
  const width = map.right - map.left;
  const height = map.bottom - map.top;
  for (const o of overlays) {
    const left = Math.max(o.left, map.left);
    const right = Math.min(o.right, map.right);
    const top = Math.max(o.top, map.top);
    const bottom = Math.min(o.bottom, map.bottom);
    if (right <= left || bottom <= top) continue;
    const gaps = {
      top: top - map.top,
      bottom: map.bottom - bottom,
      left: left - map.left,
      right: map.right - right,
    };
    const edge = (Object.keys(gaps) as (keyof typeof gaps)[]).reduce((a, b) => (gaps[b] < gaps[a] ? b : a));
    const reach =
      edge === 'top'
        ? bottom - map.top
        : edge === 'bottom'
          ? map.bottom - top
          : edge === 'left'
            ? right - map.left
            : map.right - left;
    pad[edge] = Math.max(pad[edge], reach);
  }
  const fit = (a: number, b: number, size: number): [number, number] => {
    const max = size * MAX_SHARE;
    const sum = a + b;
    return sum <= max ? [a, b] : [(a / sum) * max, (b / sum) * max];
  };
  const [left, right] = fit(pad.left, pad.right, width);
  const [top, bottom] = fit(pad.top, pad.bottom, height);
  return {
    top: Math.round(top + margin),
    right: Math.round(right + margin),
    bottom: Math.round(bottom + margin),
    left: Math.round(left + margin),
  };
}

/** The selector of everything that floats over the map (see app.css). */
export const OVERLAY_SELECTOR = '.saban-map-overlay';

/** The padding the overlays now on screen need around `container` (the map's element). */
export function currentOverlayPadding(container: HTMLElement, margin?: number): EdgePadding {
  const r = container.getBoundingClientRect();
  const boxes: Box[] = [];
  for (const el of document.querySelectorAll<HTMLElement>(OVERLAY_SELECTOR)) {
    const b = el.getBoundingClientRect();
    if (b.width > 0 && b.height > 0) boxes.push(b);
  }
  return overlayPadding(r, boxes, margin);
}
