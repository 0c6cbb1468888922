/**
 * A 2-D scalar field (an optimisation landscape) as a heat map with contour lines, a
 * colour bar, and paths drawn over it (optimiser trajectories, critical points) with a
 * legend. The heat map is one embedded PNG sampled on the grid nodes; contours and
 * paths are vectors.
 */
import { axes, BOTTOM_MARGIN, leftMargin, TITLE_MARGIN, titleText, type Box } from './axes.js';
import { viridis, viridisStops, type ColormapName } from './colormap.js';
import { colorScale, type ColorScale, type ColorScaleKind } from './colorscale.js';
import { contourLines } from './contour.js';
import { layoutLegend } from './legend.js';
import { drawOverlay, overlayPaths, overlaySample, type Overlay } from './overlay.js';
import { base64, encodePng } from './png.js';
import { extent, linearScale } from './ticks.js';
import { escapeXml, finalizeIds, FONT_SIZE, ID, px, svgOpen, textWidth } from './util.js';

export type { Overlay } from './overlay.js';

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
  /** Linear or logarithmic colours; 'auto' (default) is logarithmic for a nonnegative field spanning decades whose median lies in the bottom tenth of its range. */
  readonly colorScale?: ColorScaleKind;
  /** Colour range; values outside are clamped (default: the sampled minimum and maximum). */
  readonly zRange?: readonly [number, number];
  /** The legend's closing note (default, when some overlay is a path: "○ start   ● end"). */
  readonly legendNote?: string;
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
  const cs = colorScale(options.colorScale ?? 'auto', z, zlo, zhi, Math.max(3, Math.floor(bh / 45)));
  const levels = contourLevels(options.contours ?? 10, cs);
  const barTicks = cs.axis.ticks.filter((t) => t.value >= cs.lo * (1 - 1e-9) && t.value <= cs.hi * (1 + 1e-9) + (cs.kind === 'linear' ? Math.abs(cs.hi - cs.lo) * 1e-9 : 0));

  // Colour bar and its labels.
  const barX = box.left + box.width + BAR_GAP;
  const barLabels = Math.max(0, ...barTicks.map((t) => textWidth(t.text)));
  let right = barX + BAR_WIDTH + 8 + barLabels;
  const valueLabelX = right + 14;
  if (options.valueLabel) right = valueLabelX + FONT_SIZE / 2;

  // Overlay legend: measured and wrapped, and the picture grows to hold it.
  const overlays = options.overlays ?? [];
  const anyPath = overlays.some((o) => o.ends !== false && overlayPaths(o).some((p) => p.length >= 2));
  const legendX = right + LEGEND_GAP;
  const legend = layoutLegend(
    overlays.map((o, k) => ({ label: o.name, sample: overlaySample(o, k) })),
    legendX,
    box.top,
    30,
    options.legendNote ?? (anyPath ? '○ start   ● end' : undefined),
  );
  const W = Math.ceil(overlays.length === 0 ? right + 12 : legendX - 6 + legend.width + 12);
  const H = Math.ceil(Math.max(box.top + box.height + BOTTOM_MARGIN, box.top + legend.height + 12));

  const svg =
    svgOpen(W, H, options.title) +
    `<defs><clipPath id="${ID}-clip"><rect x="${px(box.left)}" y="${px(box.top)}" width="${px(box.width)}" height="${px(box.height)}"/></clipPath>` +
    `<linearGradient id="${ID}-bar" x1="0" y1="1" x2="0" y2="0">${viridisStops()
      .map((s) => `<stop offset="${px(s.offset)}" stop-color="${s.color}"/>`)
      .join('')}</linearGradient></defs>` +
    `<g clip-path="url(#${ID}-clip)">${heatmap(z, nx, ny, box, cs.t)}${contours(z, nx, ny, box, levels, cs.t)}</g>` +
    axes(xScale, yScale, box, options.xLabel, options.yLabel) +
    colourBar(cs, barTicks, levels, barX, box, options.valueLabel, valueLabelX) +
    `<g class="overlays" clip-path="url(#${ID}-clip)">${overlays.map((o, k) => drawOverlay(o, k, xScale, yScale, box)).join('')}</g>` +
    legend.svg +
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

function contourLevels(spec: number | readonly number[], cs: ColorScale): number[] {
  const { lo, hi } = cs;
  const inside = (v: number) => Number.isFinite(v) && v > lo + (hi - lo) * 1e-9 && v < hi - (hi - lo) * 1e-9;
  if (typeof spec !== 'number') return spec.filter(inside);
  if (spec <= 0) return [];
  if (cs.kind === 'linear') return linearScale(lo, hi, Math.round(spec) + 2, false).ticks.map((t) => t.value).filter(inside);
  // Log colours: contours at 1, 2, 5 times each decade, or at decades only (every k-th) when those are too many.
  const e0 = Math.floor(Math.log10(lo));
  const e1 = Math.ceil(Math.log10(hi));
  const nice = [];
  for (let e = e0; e <= e1; e++) for (const m of [1, 2, 5]) nice.push(Number((m * 10 ** e).toPrecision(12)));
  const all = nice.filter(inside);
  if (all.length <= spec + 2) return all;
  const decades = all.filter((v) => Number.isInteger(Math.log10(v)) || Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
  const every = Math.max(1, Math.ceil(decades.length / Math.max(1, spec)));
  return decades.filter((_, i) => i % every === 0);
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
  const png = base64(encodePng(nx, ny, rgb));
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

function colourBar(cs: ColorScale, ticks: ColorScale['axis']['ticks'], levels: readonly number[], x: number, box: Box, label: string | undefined, labelX: number): string {
  const Y = (v: number) => box.top + box.height - cs.t(v) * box.height;
  const out: string[] = [];
  out.push(`<rect x="${px(x)}" y="${px(box.top)}" width="${BAR_WIDTH}" height="${px(box.height)}" fill="url(#${ID}-bar)" stroke="#333333" stroke-width="1"/>`);
  const marks = levels.map((v) => `<path d="M${px(x)} ${px(Y(v))}h${BAR_WIDTH}" ${levelStroke(cs.t(v))} stroke-width="1"/>`).join('');
  const tickMarks = ticks
    .map((t) => `<path d="M${px(x + BAR_WIDTH)} ${px(Y(t.value))}h4" stroke="#333333"/><text class="bar-tick" x="${px(x + BAR_WIDTH + 7)}" y="${px(Y(t.value))}" dy="0.35em" fill="#333333">${t.markup}</text>`)
    .join('');
  out.push(marks, tickMarks);
  if (label) {
    const text = cs.kind === 'log' ? `${label} (log scale)` : label;
    out.push(
      `<text class="value-label" transform="translate(${px(labelX)} ${px(box.top + box.height / 2)}) rotate(-90)" text-anchor="middle" font-size="${FONT_SIZE + 1}" fill="#111111">${escapeXml(text)}</text>`,
    );
  }
  return `<g class="colour-bar" data-scale="${cs.kind}">${out.join('')}</g>`;
}
