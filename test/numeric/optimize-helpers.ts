/** Hand-written test functions (independent of the compiler) and a central-difference gradient. */
import type { Objective } from '../../src/numeric/index.js';

/** Rosenbrock in n dimensions with its hand-derived gradient and Hessian. */
export function rosenbrockObjective(n: number): Objective {
  return {
    dimension: n,
    valueAndGradient(x, g) {
      let f = 0;
      g.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const a = x[i + 1]! - x[i]! ** 2;
        const b = 1 - x[i]!;
        f += 100 * a * a + b * b;
        g[i]! += -400 * x[i]! * a - 2 * b;
        g[i + 1]! += 200 * a;
      }
      return f;
    },
    hessian(x, H) {
      H.fill(0);
      for (let i = 0; i < n - 1; i++) {
        H[i * n + i]! += 1200 * x[i]! ** 2 - 400 * x[i + 1]! + 2;
        H[i * n + i + 1]! += -400 * x[i]!;
        H[(i + 1) * n + i]! += -400 * x[i]!;
        H[(i + 1) * n + i + 1]! += 200;
      }
      return H;
    },
    hvp(x, v, out) {
      out.fill(0);
      for (let i = 0; i < n - 1; i++) {
        out[i]! += (1200 * x[i]! ** 2 - 400 * x[i + 1]! + 2) * v[i]! - 400 * x[i]! * v[i + 1]!;
        out[i + 1]! += -400 * x[i]! * v[i]! + 200 * v[i + 1]!;
      }
      return out;
    },
  };
}

/** f(x) = ½ xᵀAx − bᵀx (A symmetric, row-major), minimiser A⁻¹b when A is positive definite. */
export function quadraticObjective(A: readonly number[], b: readonly number[]): Objective {
  const n = b.length;
  return {
    dimension: n,
    valueAndGradient(x, g) {
      let f = 0;
      for (let i = 0; i < n; i++) {
        let Ax = 0;
        for (let j = 0; j < n; j++) Ax += A[i * n + j]! * x[j]!;
        g[i] = Ax - b[i]!;
        f += 0.5 * x[i]! * Ax - b[i]! * x[i]!;
      }
      return f;
    },
    evaluateBatch(xs, count, out) {
      for (let k = 0; k < count; k++) out[k * (n + 1)] = this.valueAndGradient(xs.subarray(k * n, k * n + n), out.subarray(k * (n + 1) + 1, (k + 1) * (n + 1)));
      return out;
    },
    hessian(_x, H) {
      H.set(A);
      return H;
    },
    hvp(_x, v, out) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j]! * v[j]!;
        out[i] = s;
      }
      return out;
    },
  };
}

/** Central differences of f at x, step cbrt(eps)·max(1, |x_i|) per component. */
export function centralGradient(f: (x: Float64Array) => number, x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  const p = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const h = Math.cbrt(Number.EPSILON) * Math.max(1, Math.abs(x[i]!));
    p[i] = x[i]! + h;
    const fp = f(p);
    p[i] = x[i]! - h;
    const fm = f(p);
    p[i] = x[i]!;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

/** A 3×3 symmetric positive definite matrix with known eigenvalues 1, 4, 9 (A = Q diag Qᵀ, Q a rotation). */
export function spd3(): { A: number[]; eigenvalues: number[] } {
  const c = Math.cos(0.7);
  const s = Math.sin(0.7);
  const Q = [c, -s, 0, s, c, 0, 0, 0, 1];
  const L = [1, 4, 9];
  const A = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) A[i * 3 + j]! += Q[i * 3 + k]! * L[k]! * Q[j * 3 + k]!;
  return { A, eigenvalues: L };
}
