/**
 * The value-to-colour scale of a heat map: linear, or logarithmic when the values are
 * nonnegative and most of them crowd the bottom of a range that spans decades (the
 * Rosenbrock function: its valley is below 1, its walls reach thousands; on a linear
 * scale the valley and everything near it share one colour).
 */
import { linearScale, logScale, type Scale } from './ticks.js';

/** How values map to colours: 'auto' picks 'log' for skewed nonnegative fields that span decades. */
export type ColorScaleKind = 'linear' | 'log' | 'auto';

/** A resolved colour scale. */
export interface ColorScale {
  readonly kind: 'linear' | 'log';
  /** Lowest and highest value shown (for a log scale, lo is the positive floor; lower values get the floor's colour). */
  readonly lo: number;
  readonly hi: number;
  /** Position in [0, 1] on the colour map of a value (clamped). */
  t(v: number): number;
  /** Ticks of the colour bar (decades on a log scale). */
  readonly axis: Scale;
}

/** How far the median may sit above the minimum, as a fraction of the range, before 'auto' goes logarithmic. */
export const LOG_SKEW = 0.1;
/** Decades the range must span for 'auto' to go logarithmic. */
export const LOG_DECADES = 2;
/** The lowest floor of a log scale, relative to its top (six decades of colour at most). */
const FLOOR_RATIO = 1e-6;

/**
 * The colour scale for sampled values `z` over [zlo, zhi]. A log scale's floor is the
 * smallest positive sample (at least zhi * 1e-6), so a minimum of exactly 0 does not
 * stretch the bar over endless decades.
 */
export function colorScale(kind: ColorScaleKind, z: ArrayLike<number>, zlo: number, zhi: number, maxTicks: number): ColorScale {
  const floor = positiveFloor(z, zhi);
  const useLog = zhi > 0 && (kind === 'log' || (kind === 'auto' && zlo >= 0 && skewed(z, zlo, zhi) && zhi / floor >= 10 ** LOG_DECADES));
  if (!useLog) {
    return { kind: 'linear', lo: zlo, hi: zhi, t: (v) => clamp01((v - zlo) / (zhi - zlo)), axis: linearScale(zlo, zhi, maxTicks, false) };
  }
  const l0 = Math.log10(floor);
  const l1 = Math.log10(zhi);
  const span = l1 > l0 ? l1 - l0 : 1;
  const axis = logScale(floor, zhi, maxTicks);
  // The bar shows [floor, zhi], not the whole decades of the axis: ticks outside are dropped by the caller.
  return { kind: 'log', lo: floor, hi: zhi, t: (v) => clamp01((Math.log10(Math.max(v, floor)) - l0) / span), axis };
}

function positiveFloor(z: ArrayLike<number>, zhi: number): number {
  let m = Infinity;
  for (let i = 0; i < z.length; i++) {
    const v = z[i]!;
    if (v > 0 && v < m) m = v;
  }
  const least = zhi > 0 ? zhi * FLOOR_RATIO : 1e-12;
  return Number.isFinite(m) ? Math.max(m, least) : least;
}

/** Whether the median lies in the bottom LOG_SKEW of [zlo, zhi]. */
function skewed(z: ArrayLike<number>, zlo: number, zhi: number): boolean {
  const finite: number[] = [];
  for (let i = 0; i < z.length; i++) if (Number.isFinite(z[i]!)) finite.push(z[i]!);
  if (finite.length === 0 || !(zhi > zlo)) return false;
  finite.sort((a, b) => a - b);
  const median = finite[finite.length >> 1]!;
  return median - zlo <= LOG_SKEW * (zhi - zlo);
}

function clamp01(t: number): number {
  return Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
}
