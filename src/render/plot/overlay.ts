/**
 * Paths and points drawn over a heat map: each path on a dark halo so it reads over
 * any colour, with a ring at its start and a dot at its end. An overlay may hold many
 * paths (the runs of one group: one colour, one legend row, every run marked); with
 * many paths the caller lowers `opacity`, so overlapping runs darken where they agree
 * instead of painting a solid blob.
 */
import { xAt, yAt, type Box } from './axes.js';
import type { Scale } from './ticks.js';
import { escapeXml, marker, OVERLAY_PALETTE, px, type MarkerShape } from './util.js';

/** A path, several paths of one series, or a point set drawn over the field. */
export interface Overlay {
  readonly name: string;
  /** One path (two or more points) or one point. */
  readonly points?: readonly (readonly [number, number])[];
  /** Several paths of one series (say the runs of one group), each with its own start and end markers; drawn after `points`. */
  readonly paths?: readonly (readonly (readonly [number, number])[])[];
  /** CSS colour; defaults to a bright palette that reads over viridis. */
  readonly color?: string;
  /** Mark every point with this shape (default: only the start, as a ring, and the end, as a filled circle). */
  readonly marker?: MarkerShape;
  /** Mark the start and end of a path (default true; false for a curve such as a constraint, which has no direction). */
  readonly ends?: boolean;
  /** Opacity of lines and markers in (0, 1] (default 1). */
  readonly opacity?: number;
}

/** Every path of an overlay (its `points` first, then its `paths`). */
export function overlayPaths(o: Overlay): (readonly (readonly [number, number])[])[] {
  return [...(o.points && o.points.length > 0 ? [o.points] : []), ...(o.paths ?? [])];
}

/** The colour of overlay number k. */
export function overlayColor(o: Overlay, k: number): string {
  return escapeXml(o.color ?? OVERLAY_PALETTE[k % OVERLAY_PALETTE.length]!);
}

/** Whether an overlay is a lone point (drawn and listed as a marker only). */
export function isPoint(o: Overlay): boolean {
  const paths = overlayPaths(o);
  return paths.length === 1 && paths[0]!.length === 1;
}

/** SVG of overlay number k: one `<g class="run">` per path (halo, line, start ring, end dot). */
export function drawOverlay(o: Overlay, k: number, xs: Scale, ys: Scale, box: Box): string {
  const color = overlayColor(o, k);
  const alpha = Math.min(1, Math.max(0.02, o.opacity ?? 1));
  const faint = alpha < 1;
  // Many faint paths: a thinner line and a lighter halo, so they stay lines and not a band.
  const [lineW, haloW, ringR, dotR] = faint ? [1.3, 2.6, 2.6, 2.6] : [2, 4.5, 4.5, 4.5];
  const op = faint ? ` stroke-opacity="${px(alpha)}"` : '';
  const runs = overlayPaths(o).map((path) => {
    const pts = path.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])).map((p) => [xAt(xs, box, p[0]), yAt(ys, box, p[1])] as const);
    if (pts.length === 0) return '';
    const out: string[] = [];
    if (pts.length === 1) {
      const shape = o.marker && o.marker !== 'none' ? o.marker : 'circle';
      return `<g class="point">${marker(shape, pts[0]![0], pts[0]![1], 5.5, color, '#000000', 1.2)}</g>`;
    }
    const d = 'M' + pts.map(([x, y]) => `${px(x)} ${px(y)}`).join('L');
    out.push(`<path d="${d}" fill="none" stroke="#000000" stroke-opacity="${px(0.55 * alpha)}" stroke-width="${haloW}" stroke-linejoin="round" stroke-linecap="round"/>`);
    out.push(`<path class="trajectory" d="${d}" fill="none" stroke="${color}"${op} stroke-width="${lineW}" stroke-linejoin="round" stroke-linecap="round"/>`);
    if (o.marker && o.marker !== 'none') out.push(...pts.map(([x, y]) => marker(o.marker!, x, y, 2.5, color, '#000000', 0.6)));
    if (o.ends === false) return `<g class="curve">${out.join('')}</g>`;
    const [sx, sy] = pts[0]!;
    const [ex, ey] = pts[pts.length - 1]!;
    // Opacity on the shapes, not on the group: a group opacity makes a layer, which some rasterisers cannot size when clipped away.
    const ringOp = faint ? Math.min(1, 2 * alpha) : 1;
    const fade = faint ? ` stroke-opacity="${px(ringOp)}"` : '';
    out.push(
      `<g class="start"><circle cx="${px(sx)}" cy="${px(sy)}" r="${ringR}" fill="none" stroke="#000000" stroke-opacity="${px(0.55 * ringOp)}" stroke-width="${faint ? 2.6 : 4}"/>` +
        `<circle cx="${px(sx)}" cy="${px(sy)}" r="${ringR}" fill="none" stroke="${color}"${fade} stroke-width="${faint ? 1.3 : 2}"/></g>`,
    );
    out.push(`<g class="end">${marker('circle', ex, ey, dotR, color, '#000000', faint ? 0.8 : 1.2)}</g>`);
    return `<g class="run">${out.join('')}</g>`;
  });
  return `<g class="overlay">${runs.join('')}</g>`;
}

/** The legend sample of an overlay: a marker for a lone point, else a line with an end dot. */
export function overlaySample(o: Overlay, k: number): (x: number, y: number) => string {
  const color = overlayColor(o, k);
  if (isPoint(o)) return (x, y) => marker(o.marker && o.marker !== 'none' ? o.marker : 'circle', x + 14, y, 5, color, '#000000', 1.2);
  return (x, y) =>
    `<path d="M${px(x + 2)} ${px(y)}h24" stroke="#000000" stroke-opacity="0.55" stroke-width="4.5"/><path d="M${px(x + 2)} ${px(y)}h24" stroke="${color}" stroke-width="2"/>` +
    (o.ends === false ? '' : marker('circle', x + 26, y, 3.5, color, '#000000', 1));
}
