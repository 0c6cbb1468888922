/**
 * Levenberg–Marquardt on a residual vector r(x) with an analytic Jacobian: the numeric
 * core behind the multistart search and the polishing of roots found by back-substitution.
 * Works for square and non-square systems (it minimises ||r||^2; a root is where it is 0).
 */
import { luSolve, SingularMatrixError } from '../numeric/index.js';

/** Residual and Jacobian callbacks (row-major Jacobian, m × n). */
export interface NumericSystem {
  readonly m: number;
  readonly n: number;
  residual(x: Float64Array, out: Float64Array): void;
  jacobian(x: Float64Array, out: Float64Array): void;
}

/** Result of one run. */
export interface LMResult {
  readonly x: Float64Array;
  /** max |r_i| at x. */
  readonly maxResidual: number;
  readonly iterations: number;
  readonly converged: boolean;
}

const norm2 = (v: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return s;
};
const maxAbs = (v: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s = Math.max(s, Math.abs(v[i]!));
  return Number.isNaN(s) ? NaN : s;
};


/**
 * Levenberg–Marquardt from x0. Stops when a step no longer reduces the residual and the
 * residual is at rounding level, or after maxIter iterations.
 */
export function levenbergMarquardt(sys: NumericSystem, x0: ArrayLike<number>, maxIter = 100): LMResult {
  const { m, n } = sys;
  let x = Float64Array.from(x0);
  const r = new Float64Array(m);
  const J = new Float64Array(m * n);
  const A = new Float64Array(n * n);
  const g = new Float64Array(n);
  const xt = new Float64Array(n);
  const rt = new Float64Array(m);
  sys.residual(x, r);
  let f = norm2(r);
  if (!Number.isFinite(f)) return { x, maxResidual: NaN, iterations: 0, converged: false };
  let mu = 1e-3;
  let it = 0;
  let stalls = 0;
  for (; it < maxIter; it++) {
    if (f === 0) break;
    sys.jacobian(x, J);
    // A = J^T J, g = J^T r
    A.fill(0);
    g.fill(0);
    for (let i = 0; i < m; i++) {
      const ri = r[i]!;
      for (let a = 0; a < n; a++) {
        const Ja = J[i * n + a]!;
        if (Ja === 0) continue;
        g[a]! += Ja * ri;
        for (let b = a; b < n; b++) A[a * n + b]! += Ja * J[i * n + b]!;
      }
    }
    for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) A[a * n + b] = A[b * n + a]!;
    let improved = false;
    for (let tries = 0; tries < 12; tries++) {
      const M = Float64Array.from(A);
      for (let a = 0; a < n; a++) M[a * n + a]! += mu * (1 + A[a * n + a]!);
      let step: Float64Array;
      try {
        step = luSolve(M, n, g);
      } catch (err) {
        if (!(err instanceof SingularMatrixError)) throw err;
        mu *= 10;
        continue;
      }
      for (let a = 0; a < n; a++) xt[a] = x[a]! - step[a]!;
      sys.residual(xt, rt);
      const ft = norm2(rt);
      if (Number.isFinite(ft) && ft < f) {
        x = Float64Array.from(xt);
        r.set(rt);
        const rel = (f - ft) / f;
        f = ft;
        mu = Math.max(mu / 3, 1e-15);
        improved = true;
        stalls = rel < 1e-12 ? stalls + 1 : 0;
        break;
      }
      mu *= 8;
    }
    if (!improved || stalls > 3) break;
  }
  const mr = maxAbs(r);
  return { x, maxResidual: mr, iterations: it, converged: mr <= 1e-10 };
}
