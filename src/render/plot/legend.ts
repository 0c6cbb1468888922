/**
 * Legends that never clip: each label is measured (util's `textWidth`), wrapped at word
 * boundaries onto lines no wider than a maximum, and the box is sized to its longest
 * line; the caller sizes the picture to hold the box (`width`, `height`).
 */
import { escapeXml, FONT_SIZE, px, textWidth } from './util.js';

/** One legend row: a sample (drawn by the caller at the row's first line) and a label. */
export interface LegendEntry {
  /** SVG of the sample, centred vertically at y, in the 0..sampleWidth band right of x. */
  readonly sample: (x: number, y: number) => string;
  readonly label: string;
}

/** A laid-out legend. */
export interface LegendLayout {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** Height of one line of legend text. */
export const LEGEND_LINE = 16;
/** Space between rows. */
const ROW_GAP = 6;
/** Widest label line before wrapping, in px. */
export const LEGEND_TEXT_MAX = 230;

/**
 * Splits text into lines of at most `maxWidth` px (estimated), breaking at spaces; a
 * word longer than a line is cut between characters, so no line is ever wider.
 */
export function wrapText(text: string, maxWidth: number, size = FONT_SIZE): string[] {
  if (textWidth(text, size) <= maxWidth) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, size) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    while (textWidth(rest, size) > maxWidth) {
      let k = 1;
      while (k < rest.length && textWidth(rest.slice(0, k + 1), size) <= maxWidth) k++;
      lines.push(rest.slice(0, k));
      rest = rest.slice(k);
    }
    line = rest;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * A legend box at (x, top): rows of sample and wrapped label, then an optional note in
 * smaller grey text (wrapped too). `sampleWidth` is the band the samples take.
 */
export function layoutLegend(entries: readonly LegendEntry[], x: number, top: number, sampleWidth: number, note?: string, maxText = LEGEND_TEXT_MAX): LegendLayout {
  if (entries.length === 0) return { svg: '', width: 0, height: 0 };
  const pad = 6;
  const textX = x + sampleWidth + 8;
  const parts: string[] = [];
  let y = top + pad + LEGEND_LINE / 2;
  let widest = 0;
  for (const e of entries) {
    const lines = wrapText(e.label, maxText);
    parts.push(e.sample(x + 2, y));
    const tspans = lines.map((l, i) => `<tspan x="${px(textX)}" ${i === 0 ? `y="${px(y)}"` : `dy="${LEGEND_LINE}"`}>${escapeXml(l)}</tspan>`).join('');
    parts.push(`<text class="legend-label" dy="0.35em" fill="#222222">${tspans}</text>`);
    widest = Math.max(widest, ...lines.map((l) => textWidth(l)));
    y += lines.length * LEGEND_LINE + ROW_GAP;
  }
  if (note) {
    const small = FONT_SIZE - 1;
    const lines = wrapText(note, sampleWidth + 8 + maxText, small);
    const tspans = lines.map((l, i) => `<tspan x="${px(x + 2)}" ${i === 0 ? `y="${px(y)}"` : `dy="${LEGEND_LINE}"`}>${escapeXml(l)}</tspan>`).join('');
    parts.push(`<text class="legend-note" dy="0.35em" font-size="${small}" fill="#555555">${tspans}</text>`);
    widest = Math.max(widest, ...lines.map((l) => textWidth(l, small) - sampleWidth - 8));
    y += lines.length * LEGEND_LINE + ROW_GAP;
  }
  const width = sampleWidth + 8 + widest + 2 * pad;
  // y is where a next row would be centred: the last line ends ROW_GAP + LEGEND_LINE / 2 above it.
  const height = y - ROW_GAP - LEGEND_LINE / 2 + pad - top;
  const box = `<rect class="legend-box" x="${px(x - pad)}" y="${px(top)}" width="${px(width)}" height="${px(height)}" fill="#ffffff" stroke="#cccccc" rx="3"/>`;
  return { svg: `<g class="legend">${box}${parts.join('')}</g>`, width, height };
}
