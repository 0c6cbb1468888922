/**
 * A 2-D scalar field (an optimisation landscape) as a heat map with contour lines, a
 * colour bar, and paths drawn over it (optimiser trajectories, critical points) with a
 * legend. The heat map is one embedded PNG sampled on the grid nodes; contours and
 * paths are vectors.
 */
import { axes, BOTTOM_MARGIN, leftMargin, TITLE_MARGIN, titleText, xAt, yAt, type Box } from './axes.js';
import { viridis, viridisStops, type ColormapName } from './colormap.js';
import { contourLines } from './contour.js';
import { encodePng } from './png.js';
import { extent, linearScale, type Scale } from './ticks.js';
import { escapeXml, finalizeIds, FONT_SIZE, ID, marker, OVERLAY_PALETTE, px, svgOpen, textWidth, type MarkerShape } from './util.js';

/** A path or point set drawn over the field. */
export interface Overlay {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** CSS colour; defaults to a bright palette that reads over viridis. */
  readonly color?: string;
  /** Mark every point with this shape (default: only the start, as a ring, and the end, as a filled circle). */
  readonly marker?: MarkerShape;
  /** Mark the start and end of a path (default true; false for a curve such as a constraint, which has no direction). */
  readonly ends?: boolean;
}

/** Options of `fieldPlot`. */
export interface FieldPlotOptions {
  /** The field; a throw or a non-finite value leaves that sample grey. */
  readonly f: (x: number, y: number) => number;
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  /** Grid cells per axis (default 80; samples on the (n+1)^2 nodes). */
  readonly resolution?: number;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Title of the colour bar, e.g. "f(x, y)". */
  readonly valueLabel?: string;
  readonly colormap?: ColormapName;
  /** Number of contour levels (approximate: levels fall on nice values), or the levels themselves; 0 for none. Default 10. */
  readonly contours?: number | readonly number[];
  readonly overlays?: readonly Overlay[];
  /** Colour range; values outside are clamped (default: the sampled minimum and maximum). */
  readonly zRange?: readonly [number, number];
  /** Longer side of the plot area in px (default 440). */
  readonly plotSize?: number;
}

const BAR_GAP = 22;
const BAR_WIDTH = 16;
const LEGEND_GAP = 26;
const NAN_RGB = [190, 190, 190] as const;

/** A heat map with contours, colour bar and overlays, as a standalone SVG string. */
export function fieldPlot(options: FieldPlotOptions): string {
  const [x0, x1] = ordered(options.xRange, 'xRange');
  const [y0, y1] = ordered(options.yRange, 'yRange');
  const n = Math.max(2, Math.min(400, Math.round(options.resolution ?? 80)));
  const nx = n + 1;
  const ny = n + 1;
  const z = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const y = y0 + ((y1 - y0) * j) / n;
    for (let i = 0; i < nx; i++) z[j * nx + i] = sample(options.f, x0 + ((x1 - x0) * i) / n, y);
  }
  const [zlo, zhi] = zBounds(options.zRange ?? extent(z) ?? [0, 1]);

  // Equal units on both axes when the ranges are comparable, so wells look round.
  const S = options.plotSize ?? 440;
  const r = (y1 - y0) / (x1 - x0);
  const [bw, bh] = r >= 0.25 && r <= 4 ? (r <= 1 ? [S, S * r] : [S / r, S]) : [S, S];
  const xScale = linearScale(x0, x1, Math.max(3, Math.floor(bw / 80)), false);
  const yScale = linearScale(y0, y1, Math.max(3, Math.floor(bh / 55)), false);
  const top = options.title ? TITLE_MARGIN : 16;
  const box: Box = { left: leftMargin(yScale, options.yLabel), top, width: bw, height: bh };
  const zScale = linearScale(zlo, zhi, Math.max(3, Math.floor(bh / 45)), false);
  const levels = contourLevels(options.contours ?? 10, zlo, zhi);
  const tOf = (v: number) => (v - zlo) / (zhi - zlo);

  // Colour bar and its labels.
  const barX = box.left + box.width + BAR_GAP;
  const barLabels = Math.max(0, ...zScale.ticks.map((t) => textWidth(t.text)));
  let right = barX + BAR_WIDTH + 8 + barLabels;
  const valueLabelX = right + 14;
  if (options.valueLabel) right = valueLabelX + FONT_SIZE / 2;

  // Overlay legend.
  const overlays = options.overlays ?? [];
  const anyPath = overlays.some((o) => o.points.length >= 2 && o.ends !== false);
  const legendX = right + LEGEND_GAP;
  const legendW = overlays.length === 0 ? 0 : Math.max(...overlays.map((o) => textWidth(o.name)), anyPath ? textWidth('○ start   ● end', FONT_SIZE - 1) - 34 : 0) + 46;
  const W = Math.ceil(overlays.length === 0 ? right + 12 : legendX + legendW + 12);
  const H = Math.ceil(box.top + box.height + BOTTOM_MARGIN);

  const svg =
    svgOpen(W, H, options.title) +
    `<defs><clipPath id="${ID}-clip"><rect x="${px(box.left)}" y="${px(box.top)}" width="${px(box.width)}" height="${px(box.height)}"/></clipPath>` +
    `<linearGradient id="${ID}-bar" x1="0" y1="1" x2="0" y2="0">${viridisStops()
      .map((s) => `<stop offset="${px(s.offset)}" stop-color="${s.color}"/>`)
      .join('')}</linearGradient></defs>` +
    `<g clip-path="url(#${ID}-clip)">${heatmap(z, nx, ny, box, tOf)}${contours(z, nx, ny, box, levels, tOf)}</g>` +
    axes(xScale, yScale, box, options.xLabel, options.yLabel) +
    colourBar(zScale, levels, tOf, barX, box, options.valueLabel, valueLabelX) +
    `<g class="overlays" clip-path="url(#${ID}-clip)">${overlays.map((o, k) => overlayPath(o, k, xScale, yScale, box)).join('')}</g>` +
    legend(overlays, anyPath, legendX, box.top, legendW) +
    titleText(options.title, box, W) +
    '</svg>';
  return finalizeIds(svg);
}

function ordered(range: readonly [number, number], name: string): [number, number] {
  const [a, b] = range;
  if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) throw new RangeError(`fieldPlot: ${name} must be two finite numbers, low < high (got [${a}, ${b}])`);
  return [a, b];
}

function sample(f: (x: number, y: number) => number, x: number, y: number): number {
  try {
    const v = f(x, y);
    return typeof v === 'number' ? v : NaN;
  } catch {
    return NaN;
  }
}

function zBounds([a, b]: readonly [number, number]): [number, number] {
  if (!(Number.isFinite(a) && Number.isFinite(b))) return [0, 1];
  if (a === b) return a === 0 ? [-1, 1] : [a - Math.abs(a) * 0.1, b + Math.abs(b) * 0.1];
  return a < b ? [a, b] : [b, a];
}

function contourLevels(spec: number | readonly number[], zlo: number, zhi: number): number[] {
  if (typeof spec !== 'number') return spec.filter((v) => Number.isFinite(v) && v > zlo && v < zhi);
  if (spec <= 0) return [];
  return linearScale(zlo, zhi, Math.round(spec) + 2, false)
    .ticks.map((t) => t.value)
    .filter((v) => v > zlo + (zhi - zlo) * 1e-9 && v < zhi - (zhi - zlo) * 1e-9);
}

/** The field as an image whose pixel centres sit on the sample nodes (clipped to the box by the caller). */
function heatmap(z: Float64Array, nx: number, ny: number, box: Box, tOf: (v: number) => number): string {
  const rgb = new Uint8Array(3 * nx * ny);
  for (let row = 0; row < ny; row++) {
    const j = ny - 1 - row; // image rows run top-down, data y bottom-up
    for (let i = 0; i < nx; i++) {
      const v = z[j * nx + i]!;
      rgb.set(Number.isFinite(v) ? viridis(tOf(v)) : NAN_RGB, 3 * (row * nx + i));
    }
  }
  const cw = box.width / (nx - 1);
  const ch = box.height / (ny - 1);
  const png = encodePng(nx, ny, rgb).toString('base64');
  return (
    `<image x="${px(box.left - cw / 2)}" y="${px(box.top - ch / 2)}" width="${px(box.width + cw)}" height="${px(box.height + ch)}" ` +
    `preserveAspectRatio="none" href="data:image/png;base64,${png}"/>`
  );
}

/** Light lines over the dark half of the map, dark lines over the light half. */
function levelStroke(t: number): string {
  return t < 0.5 ? 'stroke="#ffffff" stroke-opacity="0.6"' : 'stroke="#000000" stroke-opacity="0.4"';
}

function contours(z: Float64Array, nx: number, ny: number, box: Box, levels: readonly number[], tOf: (v: number) => number): string {
  const X = (i: number) => box.left + (i * box.width) / (nx - 1);
  const Y = (j: number) => box.top + box.height - (j * box.height) / (ny - 1);
  return levels
    .map((level) => {
      const d = contourLines(z, nx, ny, level)
        .map((line) => 'M' + line.map(([i, j]) => `${px(X(i))} ${px(Y(j))}`).join('L'))
        .join('');
      return d ? `<path class="contour" d="${d}" fill="none" ${levelStroke(tOf(level))} stroke-width="0.9"/>` : '';
    })
    .join('');
}

function colourBar(zScale: Scale, levels: readonly number[], tOf: (v: number) => number, x: number, box: Box, label: string | undefined, labelX: number): string {
  const Y = (v: number) => box.top + box.height - tOf(v) * box.height;
  const out: string[] = [];
  out.push(`<rect x="${px(x)}" y="${px(box.top)}" width="${BAR_WIDTH}" height="${px(box.height)}" fill="url(#${ID}-bar)" stroke="#333333" stroke-width="1"/>`);
  const marks = levels.map((v) => `<path d="M${px(x)} ${px(Y(v))}h${BAR_WIDTH}" ${levelStroke(tOf(v))} stroke-width="1"/>`).join('');
  const ticks = zScale.ticks
    .map((t) => `<path d="M${px(x + BAR_WIDTH)} ${px(Y(t.value))}h4" stroke="#333333"/><text x="${px(x + BAR_WIDTH + 7)}" y="${px(Y(t.value))}" dy="0.35em" fill="#333333">${t.markup}</text>`)
    .join('');
  out.push(marks, ticks);
  if (label) {
    out.push(
      `<text class="value-label" transform="translate(${px(labelX)} ${px(box.top + box.height / 2)}) rotate(-90)" text-anchor="middle" font-size="${FONT_SIZE + 1}" fill="#111111">${escapeXml(label)}</text>`,
    );
  }
  return `<g class="colour-bar">${out.join('')}</g>`;
}

function overlayColor(o: Overlay, k: number): string {
  return escapeXml(o.color ?? OVERLAY_PALETTE[k % OVERLAY_PALETTE.length]!);
}

function overlayPath(o: Overlay, k: number, xs: Scale, ys: Scale, box: Box): string {
  const color = overlayColor(o, k);
  const pts = o.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])).map((p) => [xAt(xs, box, p[0]), yAt(ys, box, p[1])] as const);
  if (pts.length === 0) return '';
  const out: string[] = [];
  if (pts.length >= 2) {
    const d = 'M' + pts.map(([x, y]) => `${px(x)} ${px(y)}`).join('L');
    out.push(`<path d="${d}" fill="none" stroke="#000000" stroke-opacity="0.55" stroke-width="4.5" stroke-linejoin="round" stroke-linecap="round"/>`);
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`);
    if (o.marker && o.marker !== 'none') out.push(...pts.map(([x, y]) => marker(o.marker!, x, y, 2.5, color, '#000000', 0.6)));
    if (o.ends === false) return `<g class="overlay">${out.join('')}</g>`;
    const [sx, sy] = pts[0]!;
    out.push(`<circle cx="${px(sx)}" cy="${px(sy)}" r="4.5" fill="none" stroke="#000000" stroke-opacity="0.55" stroke-width="4"/>`);
    out.push(`<circle cx="${px(sx)}" cy="${px(sy)}" r="4.5" fill="none" stroke="${color}" stroke-width="2"/>`);
  }
  const [ex, ey] = pts[pts.length - 1]!;
  const endShape = pts.length === 1 && o.marker && o.marker !== 'none' ? o.marker : 'circle';
  out.push(marker(endShape, ex, ey, pts.length === 1 ? 5.5 : 4.5, color, '#000000', 1.2));
  return `<g class="overlay">${out.join('')}</g>`;
}

function legend(overlays: readonly Overlay[], anyPath: boolean, x: number, top: number, width: number): string {
  if (overlays.length === 0) return '';
  const rows = overlays.map((o, k) => {
    const color = overlayColor(o, k);
    const y = top + 16 + k * 22;
    const single = o.points.length === 1;
    const sample = single
      ? marker(o.marker && o.marker !== 'none' ? o.marker : 'circle', x + 16, y, 5, color, '#000000', 1.2)
      : `<path d="M${px(x + 4)} ${px(y)}h24" stroke="#000000" stroke-opacity="0.55" stroke-width="4.5"/><path d="M${px(x + 4)} ${px(y)}h24" stroke="${color}" stroke-width="2"/>` +
        (o.ends === false ? '' : marker('circle', x + 28, y, 3.5, color, '#000000', 1));
    return `${sample}<text x="${px(x + 38)}" y="${px(y)}" dy="0.35em" fill="#222222">${escapeXml(o.name)}</text>`;
  });
  const h = overlays.length * 22 + (anyPath ? 24 : 8);
  const note = anyPath
    ? `<text x="${px(x + 4)}" y="${px(top + 16 + overlays.length * 22)}" dy="0.35em" font-size="${FONT_SIZE - 1}" fill="#555555">○ start   ● end</text>`
    : '';
  return `<g class="legend"><rect x="${px(x - 4)}" y="${px(top)}" width="${px(width)}" height="${px(h)}" fill="#ffffff" stroke="#cccccc" rx="3"/>${rows.join('')}${note}</g>`;
}
