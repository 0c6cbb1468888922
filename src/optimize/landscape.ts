/**
 * Seed 004's test landscape, a sum of P Gaussian wells in D dimensions,
 *   L(x) = −Σ_p c_p exp(−a_p ‖x − μ_p‖²),   a_p = 1/(2σ_p²),
 * built as a symbolic expression (so its gradient and Hessian are derived, not typed
 * in), together with the notebook's hand-written formulas for the gradient and Hessian,
 *   ∇L = Σ_p c_p e_p (x − μ_p)/σ_p²,   H = Σ_p c_p e_p (I/σ_p² − (x − μ_p)(x − μ_p)ᵀ/σ_p⁴),
 * (e_p = exp(−‖x − μ_p‖²/(2σ_p²))), kept independent of the compiler to check it against.
 *
 * `randomWellLandscape` draws the wells as the notebook's `RandomLossLandscape` does, from
 * NumPy's legacy generator: weights `random(P)` normalised to sum 1, centres
 * `randn(P, D)`, widths w = `rand(P)` entering as exp(−‖x − μ‖²/w²), i.e. σ = w/√2. With
 * seed 0, P = 8, D = 2 it is the notebook's landscape exactly. (The notebook's own
 * `_hessian_gaussian_well` code drops two factors of 2 against its formula; the formula
 * above, with its weights, is the correct Hessian, as the gradcheck of the tests shows.)
 */
import { add, addAll, exp, mul, neg, num, pow, sub, sym, type Expr } from '../expr/index.js';
import { Mt19937 } from '../numeric/index.js';

/** A Gaussian-well landscape: its wells and its expression. */
export interface WellLandscape {
  readonly dimension: number;
  readonly wells: number;
  readonly variables: readonly string[];
  /** c_p. */
  readonly weights: Float64Array;
  /** μ_p, P rows of D. */
  readonly centers: Float64Array;
  /** a_p = 1/(2σ_p²). */
  readonly precisions: Float64Array;
  /** L(x) as an expression in `variables`. */
  readonly expression: Expr;
}

/** The variable names: x, y for D = 2, x1..xD otherwise. */
export function wellVariables(dimension: number): string[] {
  return dimension === 2 ? ['x', 'y'] : Array.from({ length: dimension }, (_, i) => `x${i + 1}`);
}

/** Builds the landscape from its wells. */
export function gaussianWells(weights: Float64Array, centers: Float64Array, precisions: Float64Array, variables?: readonly string[]): WellLandscape {
  const P = weights.length;
  if (precisions.length !== P || centers.length % P !== 0 || P === 0) throw new RangeError('need one weight, one precision and one centre per well');
  const D = centers.length / P;
  const names = variables ?? wellVariables(D);
  if (names.length !== D) throw new RangeError(`${names.length} variable names for ${D} dimensions`);
  const xs = names.map((n) => sym(n));
  const terms: Expr[] = [];
  for (let p = 0; p < P; p++) {
    const r2 = add(...xs.map((x, d) => pow(sub(x, num(centers[p * D + d]!)), num(2))));
    terms.push(mul(num(weights[p]!), exp(neg(mul(num(precisions[p]!), r2)))));
  }
  return { dimension: D, wells: P, variables: names, weights, centers, precisions, expression: neg(add(...terms)) };
}

/** The notebook's RandomLossLandscape(d, n_wells, random_state = seed), drawn from NumPy's legacy stream. */
export function randomWellLandscape(dimension: number, wells: number, seed = 0): WellLandscape {
  const rng = new Mt19937(seed);
  const weights = rng.uniforms(wells);
  const total = weights.reduce((a, b) => a + b, 0);
  for (let p = 0; p < wells; p++) weights[p]! /= total;
  const centers = rng.normals(wells * dimension);
  const widths = rng.uniforms(wells);
  return gaussianWells(weights, centers, Float64Array.from(widths, (w) => 1 / (w * w)));
}

/** Seed 004's landscape: 8 wells in 2 dimensions, random_state = 0. */
export function notebookLandscape(): WellLandscape {
  return randomWellLandscape(2, 8, 0);
}

/** The notebook's starting points: `6 * np.random.random((count, D)) - 3` right after `np.random.seed(seed)`. */
export function notebookStarts(count = 100, dimension = 2, seed = 0): Float64Array {
  const u = new Mt19937(seed).uniforms(count * dimension);
  return u.map((v) => 6 * v - 3);
}

/** L(x) by the formula (no compiler involved). */
export function wellValue(l: WellLandscape, x: Float64Array): number {
  let f = 0;
  for (let p = 0; p < l.wells; p++) f -= l.weights[p]! * Math.exp(-l.precisions[p]! * dist2(l, p, x));
  return f;
}

/** ∇L(x) by the notebook's formula. */
export function wellGradient(l: WellLandscape, x: Float64Array, out = new Float64Array(l.dimension)): Float64Array {
  const D = l.dimension;
  out.fill(0);
  for (let p = 0; p < l.wells; p++) {
    const s2 = 1 / (2 * l.precisions[p]!);
    const e = Math.exp(-dist2(l, p, x) / (2 * s2));
    for (let i = 0; i < D; i++) out[i]! += (l.weights[p]! * e * (x[i]! - l.centers[p * D + i]!)) / s2;
  }
  return out;
}

/** H(x) by the notebook's formula, row-major D×D. */
export function wellHessian(l: WellLandscape, x: Float64Array, out = new Float64Array(l.dimension * l.dimension)): Float64Array {
  const D = l.dimension;
  out.fill(0);
  for (let p = 0; p < l.wells; p++) {
    const s2 = 1 / (2 * l.precisions[p]!);
    const ce = l.weights[p]! * Math.exp(-dist2(l, p, x) / (2 * s2));
    for (let i = 0; i < D; i++) {
      const di = x[i]! - l.centers[p * D + i]!;
      for (let j = 0; j < D; j++) {
        const dj = x[j]! - l.centers[p * D + j]!;
        out[i * D + j]! += ce * ((i === j ? 1 / s2 : 0) - (di * dj) / (s2 * s2));
      }
    }
  }
  return out;
}

function dist2(l: WellLandscape, p: number, x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < l.dimension; i++) s += (x[i]! - l.centers[p * l.dimension + i]!) ** 2;
  return s;
}

/** The n-dimensional Rosenbrock function Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, ..., 1), in x1..xn. */
export function rosenbrock(n: number): { expression: Expr; variables: string[] } {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`Rosenbrock needs n >= 2, got ${n}`);
  const variables = Array.from({ length: n }, (_, i) => `x${i + 1}`);
  const xs = variables.map((v) => sym(v));
  const terms: Expr[] = [];
  for (let i = 0; i + 1 < n; i++) {
    terms.push(mul(num(100), pow(sub(xs[i + 1]!, pow(xs[i]!, num(2))), num(2))), pow(sub(num(1), xs[i]!), num(2)));
  }
  // One array call: a spread of 2·10⁵ arguments would overflow the call stack.
  return { expression: addAll(terms), variables };
}
