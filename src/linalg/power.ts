/**
 * The spectral radius of a symmetric matrix known only through products v ↦ A v, by
 * power iteration (seed 004: "adjust the learning rate by the largest Hessian
 * eigenvalue; the power method finds it quickly"). ‖A v‖ for unit v converges to the
 * largest |λ| even when λ and −λ are both eigenvalues (where the Rayleigh quotient
 * oscillates), which is the quantity a stable step size needs: η/ρ(H).
 */
import { norm2 } from './vector.js';

/** Options of `spectralRadius`. */
export interface PowerOptions {
  /** Starting vector (default: a fixed vector with irregularly spaced entries); a warm start from the previous call converges in a few products. */
  readonly v0?: Float64Array;
  /** Relative change of the estimate at which to stop (default 1e-6). */
  readonly tol?: number;
  /** Budget of products (default 100). */
  readonly maxIter?: number;
}

/** The estimate and the unit vector it came from. */
export interface PowerResult {
  /** Estimated max |λ|. */
  readonly radius: number;
  /** The Rayleigh quotient vᵀAv at the last unit vector (the signed dominant eigenvalue when it is unique). */
  readonly rayleigh: number;
  readonly vector: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

/** max |λ(A)| by power iteration on `matvec(v, out)` (out ← A v). */
export function spectralRadius(matvec: (v: Float64Array, out: Float64Array) => void, n: number, options: PowerOptions = {}): PowerResult {
  const tol = options.tol ?? 1e-6;
  const maxIter = options.maxIter ?? 100;
  let v = new Float64Array(n);
  if (options.v0 && norm2(options.v0) > 0) v.set(options.v0);
  else for (let i = 0; i < n; i++) v[i] = 1 + ((i * 0.6180339887498949) % 1) - 0.5; // a fixed, non-degenerate start
  scale(v, 1 / norm2(v));
  let w = new Float64Array(n);
  let radius = 0;
  let rayleigh = 0;
  for (let k = 1; k <= maxIter; k++) {
    matvec(v, w);
    let vw = 0;
    for (let i = 0; i < n; i++) vw += v[i]! * w[i]!;
    rayleigh = vw;
    const next = norm2(w);
    if (!Number.isFinite(next)) return { radius: NaN, rayleigh: NaN, vector: v, iterations: k, converged: false };
    if (next === 0) return { radius: 0, rayleigh: 0, vector: v, iterations: k, converged: true };
    const done = Math.abs(next - radius) <= tol * next;
    radius = next;
    scale(w, 1 / next);
    [v, w] = [w, v];
    if (done) return { radius, rayleigh, vector: v, iterations: k, converged: true };
  }
  return { radius, rayleigh, vector: v, iterations: maxIter, converged: false };
}

function scale(v: Float64Array, a: number): void {
  for (let i = 0; i < v.length; i++) v[i]! *= a;
}
