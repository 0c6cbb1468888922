/**
 * Small helpers shared by the SVG plots: XML escaping, coordinate formatting, a text
 * width estimate for layout, the series palettes and deterministic element ids.
 */

/** Escapes text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}
const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A pixel coordinate with two decimals, no "-0" (keeps output short and byte-stable). */
export function px(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Base font size of plot text, in px. */
export const FONT_SIZE = 12;
/** Font stack of plot text (sans, readable at small sizes; Liberation Sans, metric-compatible with Arial, before DejaVu Sans, which is wider, so width estimates hold on Linux). */
export const FONT_FAMILY = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/**
 * Estimated rendered width of plain text, from Helvetica/Arial (Liberation Sans) advance
 * widths per character class, plus 8% for wider fallbacks such as DejaVu Sans, so
 * labels and legend boxes neither overlap nor waste much room.
 */
export function textWidth(text: string, size = FONT_SIZE): number {
  let w = 0;
  for (const ch of text) {
    if (/[ilj.,:;'|!\s]/.test(ch)) w += 0.28;
    else if (/[ftrI()[\]\-]/.test(ch)) w += 0.34;
    else if (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch)) w += 1;
    else if (/[mwMW@]/.test(ch)) w += 0.84;
    else if (/[A-Z%]/.test(ch)) w += 0.68;
    else if (/[0-9]/.test(ch)) w += 0.56;
    else w += 0.54;
  }
  return w * size * 1.08;
}

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies; yellow last (weak on white). */
export const LINE_PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

/** Bright colours for paths drawn over a viridis field (each is drawn on a dark halo, so all read on any background). */
export const OVERLAY_PALETTE = ['#ff3b30', '#ff9f0a', '#ff2dc8', '#64d2ff', '#30d158', '#ffffff'] as const;

/** Placeholder for the per-plot id prefix; escaped user text can never contain U+0001. */
export const ID = '\u0001';

/**
 * Replaces the id placeholder by a prefix hashed from the whole picture, so two plots on
 * one HTML page never share a clipPath or gradient id, and the same plot always gets
 * the same ids (deterministic output).
 */
export function finalizeIds(svg: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < svg.length; i++) h = Math.imul(h ^ svg.charCodeAt(i), 0x01000193);
  const prefix = `p${(h >>> 0).toString(16).padStart(8, '0')}`;
  return svg.split(ID).join(prefix);
}

/** Marker shapes for points. */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'none';

/** SVG for one marker centred at (x, y). */
export function marker(shape: MarkerShape, x: number, y: number, r: number, fill: string, stroke = fill, strokeWidth = 1): string {
  const paint = `fill="${fill}" stroke="${stroke}" stroke-width="${px(strokeWidth)}"`;
  switch (shape) {
    case 'none':
      return '';
    case 'circle':
      return `<circle cx="${px(x)}" cy="${px(y)}" r="${px(r)}" ${paint}/>`;
    case 'square':
      return `<rect x="${px(x - r)}" y="${px(y - r)}" width="${px(2 * r)}" height="${px(2 * r)}" ${paint}/>`;
    case 'triangle':
      return `<path d="M${px(x)} ${px(y - 1.2 * r)}L${px(x + 1.1 * r)} ${px(y + 0.75 * r)}L${px(x - 1.1 * r)} ${px(y + 0.75 * r)}Z" ${paint}/>`;
    case 'diamond':
      return `<path d="M${px(x)} ${px(y - 1.3 * r)}L${px(x + 1.1 * r)} ${px(y)}L${px(x)} ${px(y + 1.3 * r)}L${px(x - 1.1 * r)} ${px(y)}Z" ${paint}/>`;
    case 'cross': {
      // A cross has no fill, so the outline colour becomes a halo under it (a white cross must show on white).
      const d = `M${px(x - r)} ${px(y - r)}L${px(x + r)} ${px(y + r)}M${px(x - r)} ${px(y + r)}L${px(x + r)} ${px(y - r)}`;
      const w = Math.max(1.5, strokeWidth);
      const halo = stroke === fill ? '' : `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${px(w + 2)}"/>`;
      return `${halo}<path d="${d}" fill="none" stroke="${fill}" stroke-width="${px(w)}"/>`;
    }
  }
}

/** Opening tag of a plot's root element. */
export function svgOpen(width: number, height: number, title: string): string {
  const label = escapeXml(title || 'plot');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}" ` +
    `role="img" aria-label="${label}" font-family="${FONT_FAMILY}" font-size="${FONT_SIZE}">` +
    `<title>${label}</title><rect width="100%" height="100%" fill="#ffffff"/>`
  );
}
