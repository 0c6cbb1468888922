/**
 * Two helpers of the interior-point method (ipm.ts): the feasibility restoration phase
 * (Wächter & Biegler 2006, §3.3, here Gauss–Newton on ½‖c‖² inside the bounds) and the
 * least-squares estimate of the constraint multipliers.
 */
import { ldltFactor, ldltSolve } from '../../linalg/ldlt.js';
import { Filter, fractionToBoundary } from './filter.js';
import { dot } from '../../linalg/vector.js';
import { maxAbs, norm1 } from './vector.js';

/**
 * Restoration phase: Gauss–Newton steps on ½‖c‖² with a small log barrier on the bounds
 * and a proximal term, until the point is acceptable to the filter and ‖c‖₁ fell by 10%.
 */
export function restore(
  n: number,
  m: number,
  z0: Float64Array,
  lo: Float64Array,
  up: Float64Array,
  hasL: boolean[],
  hasU: boolean[],
  mu: number,
  evalC: (w: Float64Array, out: Float64Array) => boolean,
  evalD: (w: Float64Array, g: Float64Array, J: Float64Array) => void,
  filter: Filter,
  phiOf: (w: Float64Array) => number,
): Float64Array | undefined {
  if (m === 0) return undefined;
  const z = Float64Array.from(z0);
  const c = new Float64Array(m);
  const g = new Float64Array(n);
  const J = new Float64Array(m * n);
  const ct = new Float64Array(m);
  const trial = new Float64Array(n);
  evalC(z, c);
  const theta0 = norm1(c);
  const muR = Math.max(mu, theta0 * 1e-3) * 1e-2;
  for (let it = 0; it < 200; it++) {
    evalD(z, g, J);
    const zeta = Math.sqrt(Math.max(mu, 1e-12)) + 1e-10;
    const A = new Float64Array(n * n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let r = 0; r < m; r++) s += J[r * n + i]! * J[r * n + j]!;
        A[i * n + j] = s;
        A[j * n + i] = s;
      }
      let s = 0;
      for (let r = 0; r < m; r++) s += J[r * n + i]! * c[r]!;
      b[i] = -s;
      A[i * n + i] = A[i * n + i]! + zeta;
      if (hasL[i]) {
        const d = z[i]! - lo[i]!;
        A[i * n + i] = A[i * n + i]! + muR / (d * d);
        b[i] = b[i]! + muR / d;
      }
      if (hasU[i]) {
        const d = up[i]! - z[i]!;
        A[i * n + i] = A[i * n + i]! + muR / (d * d);
        b[i] = b[i]! - muR / d;
      }
    }
    const d = ldltSolve(ldltFactor(A, n), b);
    if (!d.every(Number.isFinite)) return undefined;
    let alpha = fractionToBoundary(z, d, lo, up, 0.99);
    const before = 0.5 * dot(c, c);
    let moved = false;
    for (let k = 0; k < 40; k++) {
      for (let i = 0; i < n; i++) trial[i] = z[i]! + alpha * d[i]!;
      if (evalC(trial, ct) && 0.5 * dot(ct, ct) <= before * (1 - 1e-4 * alpha) + 1e-300) {
        moved = true;
        break;
      }
      alpha /= 2;
    }
    if (!moved) return undefined;
    z.set(trial);
    c.set(ct);
    const theta = norm1(c);
    const phi = phiOf(z);
    if (theta <= 0.9 * theta0 && Number.isFinite(phi) && filter.acceptable(theta, phi)) return z;
    if (theta <= 1e-14) return Number.isFinite(phi) ? z : undefined;
  }
  return undefined;
}

/** Least-squares multipliers: min ‖∇f − zl + zu + Jᵀy‖ (set to 0 when large, as IPOPT does). */
export function leastSquaresMultipliers(n: number, m: number, grad: Float64Array, jac: Float64Array, zl: Float64Array, zu: Float64Array): Float64Array {
  if (m === 0) return new Float64Array(0);
  const N = n + m;
  const K = new Float64Array(N * N);
  for (let i = 0; i < n; i++) K[i * N + i] = 1;
  for (let r = 0; r < m; r++) {
    for (let i = 0; i < n; i++) {
      K[(n + r) * N + i] = jac[r * n + i]!;
      K[i * N + n + r] = jac[r * n + i]!;
    }
    K[(n + r) * N + n + r] = -1e-8;
  }
  const rhs = new Float64Array(N);
  for (let i = 0; i < n; i++) rhs[i] = -(grad[i]! - zl[i]! + zu[i]!);
  const sol = ldltSolve(ldltFactor(K, N), rhs);
  const y = Float64Array.from(sol.subarray(n));
  if (!y.every(Number.isFinite) || maxAbs(y) > 1e3) return new Float64Array(m);
  return y;
}

