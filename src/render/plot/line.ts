/**
 * Line plots (objective or gradient norm against iteration, a density against x): nice
 * ticks, grid, axis titles, a legend beside the plot, optional logarithmic y axis.
 * Non-finite points (and non-positive ones on a log axis) break the line rather than
 * bend it to a wrong place.
 */
import { axes, BOTTOM_MARGIN, grid, leftMargin, TITLE_MARGIN, titleText, xAt, yAt, type Box } from './axes.js';
import { extent, linearScale, logScale } from './ticks.js';
import { layoutLegend, LEGEND_TEXT_MAX, wrapText } from './legend.js';
import { escapeXml, finalizeIds, ID, LINE_PALETTE, marker, px, svgOpen, textWidth, type MarkerShape } from './util.js';

/** One named curve. */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** CSS colour; defaults to the next colour of a colour-blind-safe palette. */
  readonly color?: string;
  /** Mark each point (default: none, except a series of one point, which is always marked). */
  readonly marker?: MarkerShape;
  /** Draw dashed (tells series apart in greyscale print). */
  readonly dashed?: boolean;
}

/** Options of `linePlot`. */
export interface LinePlotOptions {
  readonly series: readonly Series[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly title: string;
  /** Logarithmic y axis (points with y <= 0 are left out). */
  readonly logY?: boolean;
  /** Outer width and height in px (default 720 x 420). */
  readonly width?: number;
  readonly height?: number;
}

const LEGEND_GAP = 18;

/** A line plot as a standalone SVG string. */
export function linePlot(options: LinePlotOptions): string {
  const W = options.width ?? 720;
  const H = options.height ?? 420;
  const logY = options.logY ?? false;
  const usable = (p: readonly [number, number]) => Number.isFinite(p[0]) && Number.isFinite(p[1]) && (!logY || p[1] > 0);
  const pts = options.series.flatMap((s) => s.points.filter(usable));
  const xe = extent(pts.map((p) => p[0])) ?? [0, 1];
  const ye = extent(pts.map((p) => p[1])) ?? (logY ? [1, 10] : [0, 1]);

  // Labels wrap at a width that leaves the plot at least half the picture.
  const maxText = Math.max(80, Math.min(LEGEND_TEXT_MAX, W * 0.5 - 60));
  const legendWidth = options.series.length === 0 ? 0 : Math.max(...options.series.flatMap((s) => wrapText(s.name, maxText).map((l) => textWidth(l)))) + 44;
  const top = options.title ? TITLE_MARGIN : 16;
  const heightPx = H - top - BOTTOM_MARGIN;
  const yScale = logY ? logScale(ye[0], ye[1], Math.max(3, Math.floor(heightPx / 45))) : linearScale(ye[0], ye[1], Math.max(3, Math.floor(heightPx / 55)));
  const left = leftMargin(yScale, options.yLabel);
  const right = legendWidth > 0 ? legendWidth + LEGEND_GAP + 10 : 16;
  const box: Box = { left, top, width: Math.max(80, W - left - right), height: Math.max(60, heightPx) };
  // x spans exactly the data (iterations 0..25 should not leave an empty 25..30); y is widened to nice ticks.
  const xScale = linearScale(xe[0], xe[1], Math.max(3, Math.floor(box.width / 85)), false);

  const curves = options.series.map((s, i) => {
    const color = escapeXml(s.color ?? LINE_PALETTE[i % LINE_PALETTE.length]!);
    const path = s.points
      .map((p, k) => {
        if (!usable(p)) return '';
        const cmd = k > 0 && usable(s.points[k - 1]!) ? 'L' : 'M';
        return `${cmd}${px(xAt(xScale, box, p[0]))} ${px(yAt(yScale, box, p[1]))}`;
      })
      .join('');
    const dash = s.dashed ? ' stroke-dasharray="7 4"' : '';
    const line = path ? `<path d="${path}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"${dash}/>` : '';
    const shape = s.marker ?? (s.points.filter(usable).length === 1 ? 'circle' : 'none');
    const r = s.points.filter(usable).length === 1 ? 4 : 3;
    const marks = shape === 'none' ? '' : s.points.filter(usable).map((p) => marker(shape, xAt(xScale, box, p[0]), yAt(yScale, box, p[1]), r, color)).join('');
    return `<g class="series">${line}${marks}</g>`;
  });

  const legend = layoutLegend(
    options.series.map((s, i) => {
      const color = escapeXml(s.color ?? LINE_PALETTE[i % LINE_PALETTE.length]!);
      const dash = s.dashed ? ' stroke-dasharray="7 4"' : '';
      // A lone point is drawn as a marker only, so its legend entry is a marker only too.
      const single = s.points.filter(usable).length === 1;
      const shape = s.marker ?? (single ? 'circle' : 'none');
      return {
        label: s.name,
        sample: (x: number, y: number) => (single ? '' : `<path d="M${px(x + 2)} ${px(y)}h24" stroke="${color}" stroke-width="2"${dash}/>`) + marker(shape, x + 14, y, single ? 4 : 3, color),
      };
    }),
    box.left + box.width + LEGEND_GAP,
    box.top,
    26,
    undefined,
    maxText,
  );
  const Hout = Math.ceil(Math.max(H, box.top + legend.height + 12));
  const svg =
    svgOpen(W, Hout, options.title) +
    // The clip is a little larger than the box so curves along an edge are not cut in half.
    `<defs><clipPath id="${ID}-clip"><rect x="${px(box.left - 4)}" y="${px(box.top - 4)}" width="${px(box.width + 8)}" height="${px(box.height + 8)}"/></clipPath></defs>` +
    grid(xScale, yScale, box) +
    `<g clip-path="url(#${ID}-clip)">${curves.join('')}</g>` +
    axes(xScale, yScale, box, options.xLabel, options.yLabel) +
    titleText(options.title, box, W) +
    legend.svg +
    '</svg>';
  return finalizeIds(svg);
}
