/**
 * The frame every 2-D plot shares: plot box, optional grid, ticks with labels on the
 * bottom and left, axis titles and the plot title. Layout numbers live here so all plots
 * look alike.
 */
import type { Scale } from './ticks.js';
import { escapeXml, FONT_SIZE, px, textWidth } from './util.js';

/** The plot area in pixels. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Space below the plot box: tick labels, then the x-axis title. */
export const BOTTOM_MARGIN = 52;
/** Space above the plot box when there is a title. */
export const TITLE_MARGIN = 38;

/** Pixel x of a data value. */
export function xAt(s: Scale, box: Box, v: number): number {
  return s.at(v, box.left, box.left + box.width);
}
/** Pixel y of a data value (data y grows upwards). */
export function yAt(s: Scale, box: Box, v: number): number {
  return s.at(v, box.top + box.height, box.top);
}

/** Width needed left of the plot box for the y tick labels and the y-axis title. */
export function leftMargin(y: Scale, yLabel: string): number {
  const labels = Math.max(0, ...y.ticks.map((t) => textWidth(t.text)));
  return Math.ceil(labels + 14 + (yLabel ? FONT_SIZE + 16 : 6));
}

/** Grid lines under the data (drawn first). */
export function grid(x: Scale, y: Scale, box: Box): string {
  const parts: string[] = [];
  for (const t of x.ticks) {
    const X = xAt(x, box, t.value);
    parts.push(`M${px(X)} ${px(box.top)}V${px(box.top + box.height)}`);
  }
  for (const t of y.ticks) {
    const Y = yAt(y, box, t.value);
    parts.push(`M${px(box.left)} ${px(Y)}H${px(box.left + box.width)}`);
  }
  return `<path d="${parts.join('')}" fill="none" stroke="#e3e3e3" stroke-width="1"/>`;
}

/** Frame, ticks, tick labels and axis titles (drawn over the data). */
export function axes(x: Scale, y: Scale, box: Box, xLabel: string, yLabel: string): string {
  const bottom = box.top + box.height;
  const out: string[] = [];
  out.push(`<rect x="${px(box.left)}" y="${px(box.top)}" width="${px(box.width)}" height="${px(box.height)}" fill="none" stroke="#333333" stroke-width="1"/>`);
  const ticks: string[] = [];
  for (const t of x.ticks) ticks.push(`M${px(xAt(x, box, t.value))} ${px(bottom)}v5`);
  for (const t of y.ticks) ticks.push(`M${px(box.left)} ${px(yAt(y, box, t.value))}h-5`);
  for (const v of x.minor) ticks.push(`M${px(xAt(x, box, v))} ${px(bottom)}v3`);
  for (const v of y.minor) ticks.push(`M${px(box.left)} ${px(yAt(y, box, v))}h-3`);
  out.push(`<path d="${ticks.join('')}" fill="none" stroke="#333333" stroke-width="1"/>`);
  const xl = x.ticks
    .map((t) => `<text x="${px(xAt(x, box, t.value))}" y="${px(bottom + 19)}" text-anchor="middle">${t.markup}</text>`)
    .join('');
  const yl = y.ticks
    .map((t) => `<text x="${px(box.left - 8)}" y="${px(yAt(y, box, t.value))}" dy="0.35em" text-anchor="end">${t.markup}</text>`)
    .join('');
  out.push(`<g class="tick-labels" fill="#333333">${xl}${yl}</g>`);
  if (xLabel) {
    out.push(
      `<text class="x-label" x="${px(box.left + box.width / 2)}" y="${px(bottom + 42)}" text-anchor="middle" font-size="${FONT_SIZE + 1}" fill="#111111">${escapeXml(xLabel)}</text>`,
    );
  }
  if (yLabel) {
    const labels = Math.max(0, ...y.ticks.map((t) => textWidth(t.text)));
    const X = box.left - labels - 20;
    const Y = box.top + box.height / 2;
    out.push(
      `<text class="y-label" transform="translate(${px(X)} ${px(Y)}) rotate(-90)" text-anchor="middle" font-size="${FONT_SIZE + 1}" fill="#111111">${escapeXml(yLabel)}</text>`,
    );
  }
  return out.join('');
}

/** The plot title, centred over the plot box but kept inside the picture's width. */
export function titleText(title: string, box: Box, svgWidth: number): string {
  if (!title) return '';
  const half = textWidth(title, FONT_SIZE + 3) * 0.55;
  const x = Math.min(Math.max(box.left + box.width / 2, half + 6), svgWidth - half - 6);
  return `<text class="title" x="${px(x)}" y="${px(box.top - 15)}" text-anchor="middle" font-size="${FONT_SIZE + 3}" font-weight="bold" fill="#111111">${escapeXml(title)}</text>`;
}
