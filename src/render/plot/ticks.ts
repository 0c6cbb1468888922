/**
 * Axis scales with "nice" ticks (1, 2, 5 times a power of ten; Heckbert, Graphics Gems
 * 1990) for linear axes, decades for logarithmic ones, and tick labels short enough to
 * read: fixed decimals sized by the tick step, exponent form for very large or small
 * magnitudes, 10^k with a superscript on log axes.
 */
import { escapeXml } from './util.js';

/** One labelled tick. */
export interface Tick {
  readonly value: number;
  /** Plain text of the label (for width estimates and tests). */
  readonly text: string;
  /** SVG markup of the label (escaped; may contain a superscript tspan). */
  readonly markup: string;
}

/** A mapping from data values to pixels, with its ticks. */
export interface Scale {
  /** Data interval shown, [lo, hi]. */
  readonly domain: readonly [number, number];
  readonly log: boolean;
  readonly ticks: readonly Tick[];
  /** Unlabelled minor tick values (log axes: 2..9 times each decade). */
  readonly minor: readonly number[];
  /** Pixel position of a data value, given the pixel range [p0, p1] that the domain maps onto. */
  at(v: number, p0: number, p1: number): number;
}

const MINUS = '\u2212';

function niceNum(x: number, round: boolean): number {
  const e = Math.floor(Math.log10(x));
  const f = x / 10 ** e;
  const n = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return n * 10 ** e;
}

/** The next smaller 1-2-5 step: 10 -> 5 -> 2 -> 1. */
function smallerNiceStep(step: number): number {
  const e = Math.floor(Math.log10(step) + 1e-9);
  const m = Math.round(step / 10 ** e);
  return m === 1 ? 0.5 * 10 ** e : m === 2 ? 10 ** e : 2 * 10 ** e;
}

/** Finite data bounds of values, or undefined when there are none. */
export function extent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * A linear scale covering [min, max], widened to whole tick steps when `nice`. A
 * degenerate interval (one value) is widened around the value so it sits mid-axis.
 */
export function linearScale(min: number, max: number, maxTicks: number, nice = true): Scale {
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    [min, max] = [min - pad, max + pad];
  }
  let step = niceNum((max - min) / Math.max(1, maxTicks - 1), true);
  let lo = 0;
  let hi = 0;
  let values: number[] = [];
  // At least three labelled ticks: with fewer a reader cannot tell the scale (step 2 on [-1, 2] labels only 0 and 2).
  for (let tries = 0; tries < 4; tries++) {
    lo = nice ? Math.floor(min / step + 1e-9) * step : min;
    hi = nice ? Math.ceil(max / step - 1e-9) * step : max;
    values = [];
    // toPrecision(12) cleans float noise (0.6000000000000001); `+ 0` turns -0 into 0.
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) values.push(Number((k * step).toPrecision(12)) + 0);
    if (values.length >= 3) break;
    step = smallerNiceStep(step);
  }
  const mag = Math.max(Math.abs(lo), Math.abs(hi));
  const ticks = values.map((v) => {
    const text = formatLinear(v, step, mag);
    return { value: v, text, markup: escapeXml(text) };
  });
  return {
    domain: [lo, hi],
    log: false,
    ticks,
    minor: [],
    at: (v, p0, p1) => p0 + ((v - lo) / (hi - lo)) * (p1 - p0),
  };
}

/** Label of a linear tick: decimals from the step; exponent form beyond 1e5 or below 1e-3. */
export function formatLinear(v: number, step: number, magnitude: number): string {
  if (Math.abs(v) < step * 1e-6) return '0';
  let s: string;
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    const digits = Math.max(0, Math.floor(Math.log10(Math.abs(v)) + 1e-9) - Math.floor(Math.log10(step) + 1e-9));
    s = v.toExponential(Math.min(digits, 6)).replace('e+', 'e');
  } else {
    const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    s = v.toFixed(Math.min(decimals, 10));
  }
  return s.replace('-', MINUS);
}

/**
 * A base-10 logarithmic scale over positive [min, max], extended to whole decades.
 * Ticks at decades (every k-th when there are many), plus 2 and 5 when the axis spans
 * two decades or less, so a short log axis still has labels.
 */
export function logScale(min: number, max: number, maxTicks: number): Scale {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [1, 10];
  let e0 = Math.floor(Math.log10(min) + 1e-12);
  let e1 = Math.ceil(Math.log10(max) - 1e-12);
  if (e1 <= e0) e1 = e0 + 1;
  const decades = e1 - e0;
  const every = Math.max(1, Math.ceil(decades / Math.max(2, maxTicks - 1)));
  e0 = Math.floor(e0 / every) * every;
  const ticks: Tick[] = [];
  const minor: number[] = [];
  for (let e = e0; e <= e1; e++) {
    if ((e - e0) % every === 0) ticks.push(decadeTick(e));
    if (e === e1) break;
    for (let m = 2; m <= 9; m++) {
      const v = m * 10 ** e;
      if (decades <= 2 && (m === 2 || m === 5)) ticks.push(multipleTick(m, e));
      else if (decades <= 8) minor.push(v);
    }
  }
  const l0 = e0;
  const l1 = e1;
  return {
    domain: [10 ** l0, 10 ** l1],
    log: true,
    ticks: ticks.sort((a, b) => a.value - b.value),
    minor,
    at: (v, p0, p1) => p0 + ((Math.log10(v) - l0) / (l1 - l0)) * (p1 - p0),
  };
}

function decadeTick(e: number): Tick {
  const value = 10 ** e;
  if (e >= -2 && e <= 3) {
    const text = e < 0 ? value.toFixed(-e) : String(value);
    return { value, text, markup: text };
  }
  const exp = String(e).replace('-', MINUS);
  return { value, text: `10^${exp}`, markup: `10<tspan dy="-0.5em" font-size="75%">${exp}</tspan>` };
}

function multipleTick(m: number, e: number): Tick {
  const value = m * 10 ** e;
  const text = e >= -3 && e <= 3 ? (e < 0 ? value.toFixed(-e) : String(value)) : `${m}e${String(e).replace('-', MINUS)}`;
  return { value, text, markup: escapeXml(text) };
}
