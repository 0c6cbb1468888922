/**
 * Linear conjugate gradient for A x = b with A symmetric positive definite, given only
 * the product v ↦ A v (Hestenes and Stiefel). Matrix-free: a Hessian enters as
 * Hessian-vector products and is never formed. Reports negative curvature (pᵀAp ≤ 0)
 * instead of dividing by it, so callers (Newton-CG, hypergradients) can react.
 */
import { axpy, dot, norm2 } from './vector.js';

/** Options of `conjugateGradient`. */
export interface CgOptions {
  /** Stop when ‖r‖ ≤ max(rtol·‖b‖, atol) (defaults 1e-10, 0). */
  readonly rtol?: number;
  readonly atol?: number;
  /** Iteration budget (default 10·n). */
  readonly maxIter?: number;
  /** Starting guess (default 0). */
  readonly x0?: Float64Array;
}

/** The outcome of a CG solve. */
export interface CgResult {
  readonly x: Float64Array;
  readonly iterations: number;
  /** ‖b − A x‖ as tracked by the recurrence. */
  readonly residualNorm: number;
  readonly converged: boolean;
  /** Set when a direction with pᵀAp ≤ 0 was met (A not positive definite); x is the iterate before it. */
  readonly negativeCurvature?: { readonly direction: Float64Array; readonly curvature: number };
}

/** Solves A x = b by conjugate gradients on the products `matvec(v, out)` (out ← A v). */
export function conjugateGradient(matvec: (v: Float64Array, out: Float64Array) => void, b: Float64Array, options: CgOptions = {}): CgResult {
  const n = b.length;
  const rtol = options.rtol ?? 1e-10;
  const atol = options.atol ?? 0;
  const maxIter = options.maxIter ?? 10 * n;
  const x = options.x0 ? Float64Array.from(options.x0) : new Float64Array(n);
  const r = Float64Array.from(b);
  const Ap = new Float64Array(n);
  if (options.x0) {
    matvec(x, Ap);
    axpy(-1, Ap, r);
  }
  const target = Math.max(rtol * norm2(b), atol);
  const p = Float64Array.from(r);
  let rr = dot(r, r);
  for (let k = 0; k < maxIter; k++) {
    if (Math.sqrt(rr) <= target) return { x, iterations: k, residualNorm: Math.sqrt(rr), converged: true };
    matvec(p, Ap);
    const pAp = dot(p, Ap);
    if (!(pAp > 0)) return { x, iterations: k, residualNorm: Math.sqrt(rr), converged: false, negativeCurvature: { direction: Float64Array.from(p), curvature: pAp } };
    const alpha = rr / pAp;
    axpy(alpha, p, x);
    axpy(-alpha, Ap, r);
    const rrNew = dot(r, r);
    const beta = rrNew / rr;
    rr = rrNew;
    for (let i = 0; i < n; i++) p[i] = r[i]! + beta * p[i]!;
  }
  return { x, iterations: maxIter, residualNorm: Math.sqrt(rr), converged: Math.sqrt(rr) <= target };
}
