/**
 * The viridis colour map (perceptually uniform, readable in greyscale and by most
 * colour-blind readers), as 17 anchors taken every 16th entry from the 256-entry table
 * of matplotlib's viridis (van der Walt, Smith and Firing; CC0), interpolated linearly.
 */

const VIRIDIS_ANCHORS = [
  '440154', '48186a', '472d7b', '424086', '3b528b', '33638d', '2c728e', '26828e', '21918c',
  '1fa088', '28ae80', '3fbc73', '5ec962', '84d44b', 'addc30', 'd8e219', 'fde725',
].map((h) => [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)] as const);

/** Names of the available colour maps. */
export type ColormapName = 'viridis';

/** RGB (0..255 integers) of viridis at t in [0, 1] (clamped). */
export function viridis(t: number): [number, number, number] {
  const c = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS_ANCHORS.length - 1);
  const i = Math.min(VIRIDIS_ANCHORS.length - 2, Math.floor(c));
  const f = c - i;
  const a = VIRIDIS_ANCHORS[i]!;
  const b = VIRIDIS_ANCHORS[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/** `#rrggbb` of an RGB triple. */
export function hex(rgb: readonly [number, number, number]): string {
  return '#' + rgb.map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** Gradient stops (offset in [0, 1], colour) that reproduce the map in an SVG linearGradient. */
export function viridisStops(): readonly { offset: number; color: string }[] {
  return VIRIDIS_ANCHORS.map((rgb, i) => ({ offset: i / (VIRIDIS_ANCHORS.length - 1), color: hex(rgb) }));
}
