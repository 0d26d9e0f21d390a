/**
 * A PNG of the current map view: the units canvas, the visible labels, a title with the date and
 * time, the legend (with the dashed "changed" outline when shown) and a scale bar, drawn onto a new
 * canvas. No library: the units are already on a canvas, and DOM-to-image libraries trip over the
 * CSP and cross-origin tiles. Basemap tiles are left out
 * (a tile server without CORS headers would taint the canvas and make it unexportable).
 */
import type L from 'leaflet';

/** One legend row. */
export interface LegendRow {
  readonly colour: string;
  readonly label: string;
  readonly count: number;
}

/** What the PNG shows beside the map. */
export interface MapPngOptions {
  readonly title: string;
  /** The date line ("Ngày 24/11/2021 · cấp độ hiện hành"). */
  readonly subtitle: string;
  readonly legendTitle: string;
  readonly legend: readonly LegendRow[];
  /** The dashed outline of units changed since yesterday, when the map shows it. */
  readonly changed?: LegendRow;
}

const FONT = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";

/** The largest 1, 2 or 5 × 10^n not above `x`. */
export function niceLength(x: number): number {
  if (!(x > 0)) return 0;
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

/** "500 m", "2 km". */
export function scaleLabel(metres: number): string {
  return metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
}

function box(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number): void {
  ctx.save();
  ctx.fillStyle = 'rgba(255,255,255,0.93)';
  ctx.strokeStyle = '#90a4ae';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, 6);
  ctx.fill();
  ctx.stroke();
  ctx.restore();
}

/** Renders the view of `map` (units drawn by `renderer`) with title, legend and scale bar. */
export function renderMapPng(map: L.Map, renderer: L.Canvas, o: MapPngOptions): Promise<Blob> {
  const container = map.getContainer();
  const frame = container.getBoundingClientRect();
  const W = Math.round(frame.width);
  const H = Math.round(frame.height);
  const dpr = window.devicePixelRatio || 1;
  const out = document.createElement('canvas');
  out.width = Math.round(W * dpr);
  out.height = Math.round(H * dpr);
  const ctx = out.getContext('2d');
  if (!ctx) return Promise.reject(new Error('canvas 2d unavailable'));
  ctx.scale(dpr, dpr);
  ctx.fillStyle = '#e9eff4';
  ctx.fillRect(0, 0, W, H);

  // The units canvas is larger than the view (renderer padding) and offset inside the map pane.
  const src = (renderer as unknown as { _container?: HTMLCanvasElement })._container;
  if (src) {
    const r = src.getBoundingClientRect();
    ctx.drawImage(src, r.left - frame.left, r.top - frame.top, r.width, r.height);
  }

  // Labels as the operator sees them (only those displayed: hamlet labels hide below a zoom).
  ctx.font = `600 12px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  for (const el of container.querySelectorAll<HTMLElement>('.saban-label')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(el).display === 'none') continue;
    const x = r.left - frame.left + r.width / 2;
    const y = r.top - frame.top + r.height / 2;
    if (x < 0 || y < 0 || x > W || y > H) continue;
    const text = el.textContent ?? '';
    ctx.strokeStyle = 'rgba(255,255,255,0.95)';
    ctx.lineWidth = 3;
    ctx.strokeText(text, x, y);
    ctx.fillStyle = '#12324f';
    ctx.fillText(text, x, y);
  }

  // Title and date, top left.
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.font = `700 18px ${FONT}`;
  const titleW = ctx.measureText(o.title).width;
  ctx.font = `400 13px ${FONT}`;
  const subW = ctx.measureText(o.subtitle).width;
  box(ctx, 10, 10, Math.max(titleW, subW) + 24, 54);
  ctx.fillStyle = '#0d2a4a';
  ctx.font = `700 18px ${FONT}`;
  ctx.fillText(o.title, 22, 34);
  ctx.font = `400 13px ${FONT}`;
  ctx.fillStyle = '#37474f';
  ctx.fillText(o.subtitle, 22, 54);

  // Legend, bottom right.
  ctx.font = `400 13px ${FONT}`;
  const rows = [...o.legend, ...(o.changed ? [o.changed] : [])].map((r) => `${r.label}: ${r.count}`);
  const legendW =
    Math.max(ctx.measureText(o.legendTitle).width + 8, ...rows.map((t) => ctx.measureText(t).width + 30)) + 20;
  const legendH = 30 + rows.length * 20;
  const lx = W - legendW - 10;
  const ly = H - legendH - 10;
  box(ctx, lx, ly, legendW, legendH);
  ctx.fillStyle = '#0d2a4a';
  ctx.font = `700 13px ${FONT}`;
  ctx.fillText(o.legendTitle, lx + 10, ly + 20);
  ctx.font = `400 13px ${FONT}`;
  o.legend.forEach((r, i) => {
    const y = ly + 30 + i * 20;
    ctx.fillStyle = r.colour;
    ctx.fillRect(lx + 10, y + 3, 16, 12);
    ctx.strokeStyle = '#455a64';
    ctx.strokeRect(lx + 10, y + 3, 16, 12);
    ctx.fillStyle = '#102a43';
    ctx.fillText(rows[i] ?? '', lx + 32, y + 14);
  });
  if (o.changed) {
    // The outline swatch: dashed, as the map draws changed units.
    const y = ly + 30 + o.legend.length * 20;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(lx + 10, y + 3, 16, 12);
    ctx.strokeStyle = o.changed.colour;
    ctx.lineWidth = 2;
    ctx.setLineDash([4, 2]);
    ctx.strokeRect(lx + 10, y + 3, 16, 12);
    ctx.restore();
    ctx.fillStyle = '#102a43';
    ctx.fillText(rows[o.legend.length] ?? '', lx + 32, y + 14);
  }

  // Scale bar, bottom left: the ground length of up to 150 px at the bottom of the view.
  const y = H - 24;
  const a = map.containerPointToLatLng([20, y]);
  const b = map.containerPointToLatLng([170, y]);
  const metresPerPx = map.distance(a, b) / 150;
  const metres = niceLength(metresPerPx * 150);
  if (metres > 0 && Number.isFinite(metres)) {
    const px = metres / metresPerPx;
    box(ctx, 12, y - 20, px + 16, 30);
    ctx.strokeStyle = '#102a43';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(20, y - 2);
    ctx.lineTo(20, y + 4);
    ctx.lineTo(20 + px, y + 4);
    ctx.lineTo(20 + px, y - 2);
    ctx.stroke();
    ctx.fillStyle = '#102a43';
    ctx.font = `400 12px ${FONT}`;
    ctx.fillText(scaleLabel(metres), 22, y - 6);
  }

  return new Promise((resolve, reject) => {
    out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png');
  });
}
