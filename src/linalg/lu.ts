/**
 * Small dense linear algebra on row-major Float64Arrays: LU factorisation with partial
 * pivoting and the solves built on it. Meant for the small systems of the project
 * (Newton steps on a cycle of a program, adjoint systems, KKT matrices of a few
 * variables); O(n^3), no blocking.
 */

/** Raised when a matrix is singular to working precision; carries the column where elimination broke down. */
export class SingularMatrixError extends Error {
  override name = 'SingularMatrixError';
  constructor(
    /** 0-based column whose pivot vanished. */
    readonly column: number,
    /** The largest candidate pivot found there (|a| ≤ tolerance). */
    readonly pivot: number,
  ) {
    super(`matrix is singular to working precision (pivot ${pivot.toExponential(2)} in column ${column + 1})`);
  }
}

/** An LU factorisation P A = L U, with L unit lower triangular, packed into one array. */
export interface LuFactors {
  /** n. */
  readonly n: number;
  /** L below the diagonal (unit diagonal implied) and U on and above it, row-major. */
  readonly lu: Float64Array;
  /** perm[i] is the row of A that became row i. */
  readonly perm: Int32Array;
}

/**
 * Factors the n×n row-major matrix A (not modified) with partial pivoting. A pivot
 * smaller than n·eps·max|a_ij| counts as zero and raises SingularMatrixError, so a
 * singular system fails loudly instead of returning huge meaningless numbers.
 */
export function luFactor(A: Float64Array | readonly number[], n: number): LuFactors {
  if (A.length !== n * n) throw new RangeError(`expected ${n * n} entries for a ${n}x${n} matrix, got ${A.length}`);
  const lu = Float64Array.from(A);
  const perm = new Int32Array(n);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(lu[i]!));
  const tol = n * Number.EPSILON * scale;
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(lu[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > tol) || scale === 0) throw new SingularMatrixError(k, best);
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j]!;
        lu[k * n + j] = lu[p * n + j]!;
        lu[p * n + j] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[p]!;
      perm[p] = t;
    }
    const pivot = lu[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k]! /= pivot);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j]! -= f * lu[k * n + j]!;
    }
  }
  return { n, lu, perm };
}

/** Solves A x = b from a factorisation. */
export function luSolveFactored(f: LuFactors, b: Float64Array | readonly number[]): Float64Array {
  const { n, lu, perm } = f;
  if (b.length !== n) throw new RangeError(`right-hand side has ${b.length} entries, expected ${n}`);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[perm[i]!]!;
    for (let j = 0; j < i; j++) s -= lu[i * n + j]! * x[j]!;
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= lu[i * n + j]! * x[j]!;
    x[i] = s / lu[i * n + i]!;
  }
  return x;
}

/** Solves Aᵀ x = b from a factorisation of A (P A = L U, so Aᵀ = Uᵀ Lᵀ P). */
export function luSolveTransposedFactored(f: LuFactors, b: Float64Array | readonly number[]): Float64Array {
  const { n, lu, perm } = f;
  if (b.length !== n) throw new RangeError(`right-hand side has ${b.length} entries, expected ${n}`);
  // Uᵀ y = b (forward), Lᵀ w = y (backward), x = Pᵀ w.
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= lu[j * n + i]! * y[j]!;
    y[i] = s / lu[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let j = i + 1; j < n; j++) s -= lu[j * n + i]! * y[j]!;
    y[i] = s;
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[perm[i]!] = y[i]!;
  return x;
}

/** Solves A x = b for the n×n row-major A (LU with partial pivoting). Throws SingularMatrixError. */
export function luSolve(A: Float64Array | readonly number[], n: number, b: Float64Array | readonly number[]): Float64Array {
  return luSolveFactored(luFactor(A, n), b);
}

/** Solves Aᵀ x = b for the n×n row-major A without forming the transpose. */
export function luSolveTransposed(A: Float64Array | readonly number[], n: number, b: Float64Array | readonly number[]): Float64Array {
  return luSolveTransposedFactored(luFactor(A, n), b);
}
