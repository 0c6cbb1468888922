/**
 * Cholesky factorisation A = L Lᵀ of a symmetric matrix, and the "Cholesky with added
 * multiple of the identity" of Nocedal and Wright (Algorithm 3.3): the smallest τ in a
 * doubling sequence for which A + τI is positive definite. Newton's method uses it to
 * turn an indefinite Hessian into a descent direction.
 */

/** L (lower triangle, row-major n×n) with A = L Lᵀ, or undefined when A is not (numerically) positive definite. */
export function cholesky(A: Float64Array, n: number, shift = 0, out = new Float64Array(n * n)): Float64Array | undefined {
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j]! + shift;
    for (let k = 0; k < j; k++) d -= out[j * n + k]! * out[j * n + k]!;
    if (!(d > 0) || !Number.isFinite(d)) return undefined;
    const ljj = Math.sqrt(d);
    out[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= out[i * n + k]! * out[j * n + k]!;
      out[i * n + j] = s / ljj;
    }
    for (let i = 0; i < j; i++) out[i * n + j] = 0;
  }
  return out;
}

/** Solves L Lᵀ x = b; writes x into `out` (may alias b). */
export function choleskySolve(L: Float64Array, n: number, b: Float64Array, out = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * out[k]!;
    out[i] = s / L[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = out[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * out[k]!;
    out[i] = s / L[i * n + i]!;
  }
  return out;
}

/** The factor of A + τI and the τ used. */
export interface ShiftedCholesky {
  readonly L: Float64Array;
  readonly tau: number;
}

/**
 * Factors A + τI with the smallest τ of the sequence 0 (when the diagonal is positive),
 * β − min a_ii, then doubling, for which the factorisation succeeds (β = 1e-3·max(1, max|a_ii|)).
 */
export function choleskyWithShift(A: Float64Array, n: number, out = new Float64Array(n * n)): ShiftedCholesky {
  let minDiag = Infinity;
  let maxDiag = 0;
  for (let i = 0; i < n; i++) {
    minDiag = Math.min(minDiag, A[i * n + i]!);
    maxDiag = Math.max(maxDiag, Math.abs(A[i * n + i]!));
  }
  const beta = 1e-3 * Math.max(1, maxDiag);
  let tau = minDiag > 0 ? 0 : beta - minDiag;
  for (let attempt = 0; attempt < 200; attempt++) {
    const L = cholesky(A, n, tau, out);
    if (L) return { L, tau };
    tau = Math.max(2 * tau, beta);
  }
  throw new RangeError('no shift made the matrix positive definite (does it contain NaN or Inf?)');
}
