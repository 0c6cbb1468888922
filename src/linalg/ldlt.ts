/**
 * Symmetric indefinite factorisation P A Pᵀ = L D Lᵀ with Bunch–Kaufman partial pivoting
 * (1×1 and 2×2 pivots; Golub & Van Loan, "Matrix Computations", §4.4). D reveals the
 * inertia of A (Sylvester's law), which the interior-point method needs to tell whether
 * its KKT matrix has the shape of a minimum. Dense, O(n³), for the small KKT systems of
 * the project.
 */
import type { Inertia } from './symmetric.js';

/** The factors of P A Pᵀ = L D Lᵀ. */
export interface LdltFactors {
  readonly n: number;
  /** Unit lower triangular L, row-major n×n. */
  readonly l: Float64Array;
  /** D's diagonal; for a 2×2 block at k, `offDiagonal[k]` holds D[k+1][k]. */
  readonly diagonal: Float64Array;
  readonly offDiagonal: Float64Array;
  /** Block size starting at each position (1 or 2; 0 for the second row of a 2×2 block). */
  readonly blocks: Int8Array;
  /** perm[i] is the row of A that became row i. */
  readonly perm: Int32Array;
  /** Numbers of positive, negative and zero eigenvalues (always decided here). */
  readonly inertia: Omit<Inertia, 'undecided'>;
}

/** Bunch–Kaufman's growth bound (1 + √17)/8. */
const ALPHA = (1 + Math.sqrt(17)) / 8;

/**
 * Factors the symmetric n×n row-major matrix A (only symmetric input is meaningful; A is
 * not modified). A pivot below `zeroTol` (default n·eps·max|a_ij|) counts as a zero
 * eigenvalue; the solve then treats it as zero (the caller decides what singularity means).
 */
export function ldltFactor(A: Float64Array | readonly number[], n: number, zeroTol?: number): LdltFactors {
  if (A.length !== n * n) throw new RangeError(`expected ${n * n} entries for a ${n}x${n} matrix, got ${A.length}`);
  const a = Float64Array.from(A);
  const l = new Float64Array(n * n);
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n);
  const blocks = new Int8Array(n);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  const tiny = zeroTol ?? Math.max(n, 1) * Number.EPSILON * scale;
  let positive = 0;
  let negative = 0;
  let zero = 0;

  // Symmetric interchange of rows/columns i and j (both ≥ k) of the trailing matrix,
  // and of the rows of the L columns already computed.
  const swap = (i: number, j: number, k: number): void => {
    if (i === j) return;
    for (let c = 0; c < n; c++) {
      const t = a[i * n + c]!;
      a[i * n + c] = a[j * n + c]!;
      a[j * n + c] = t;
    }
    for (let r = 0; r < n; r++) {
      const t = a[r * n + i]!;
      a[r * n + i] = a[r * n + j]!;
      a[r * n + j] = t;
    }
    for (let c = 0; c < k; c++) {
      const t = l[i * n + c]!;
      l[i * n + c] = l[j * n + c]!;
      l[j * n + c] = t;
    }
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  };

  let k = 0;
  while (k < n) {
    let lambda = 0;
    let r = k;
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > lambda) {
        lambda = v;
        r = i;
      }
    }
    const akk = Math.abs(a[k * n + k]!);
    let size = 1;
    if (Math.max(akk, lambda) <= tiny) {
      // A zero column: a zero eigenvalue; nothing to eliminate.
      l[k * n + k] = 1;
      diagonal[k] = 0;
      blocks[k] = 1;
      zero++;
      for (let i = k + 1; i < n; i++) a[i * n + k] = a[k * n + i] = 0;
      k++;
      continue;
    }
    if (akk < ALPHA * lambda) {
      let sigma = 0;
      for (let j = k; j < n; j++) if (j !== r) sigma = Math.max(sigma, Math.abs(a[r * n + j]!));
      if (akk * sigma >= ALPHA * lambda * lambda) {
        size = 1;
      } else if (Math.abs(a[r * n + r]!) >= ALPHA * sigma) {
        swap(k, r, k);
        size = 1;
      } else {
        swap(k + 1, r, k);
        size = 2;
      }
    }
    if (size === 1) {
      const d = a[k * n + k]!;
      diagonal[k] = d;
      blocks[k] = 1;
      l[k * n + k] = 1;
      if (Math.abs(d) <= tiny) zero++;
      else if (d > 0) positive++;
      else negative++;
      const inv = Math.abs(d) <= tiny ? 0 : 1 / d;
      for (let i = k + 1; i < n; i++) l[i * n + k] = a[i * n + k]! * inv;
      for (let i = k + 1; i < n; i++) {
        const li = l[i * n + k]!;
        if (li === 0) continue;
        for (let j = k + 1; j <= i; j++) {
          const v = a[i * n + j]! - li * a[j * n + k]!;
          a[i * n + j] = v;
          a[j * n + i] = v;
        }
      }
      k++;
    } else {
      const d11 = a[k * n + k]!;
      const d21 = a[(k + 1) * n + k]!;
      const d22 = a[(k + 1) * n + k + 1]!;
      const det = d11 * d22 - d21 * d21;
      diagonal[k] = d11;
      diagonal[k + 1] = d22;
      offDiagonal[k] = d21;
      blocks[k] = 2;
      blocks[k + 1] = 0;
      l[k * n + k] = 1;
      l[(k + 1) * n + k + 1] = 1;
      // Eigenvalue signs of the 2×2 block: det < 0 means one of each (always, by pivoting).
      if (det < 0) {
        positive++;
        negative++;
      } else if (d11 + d22 > 0) positive += 2;
      else negative += 2;
      for (let i = k + 2; i < n; i++) {
        const b1 = a[i * n + k]!;
        const b2 = a[i * n + k + 1]!;
        l[i * n + k] = (b1 * d22 - b2 * d21) / det;
        l[i * n + k + 1] = (b2 * d11 - b1 * d21) / det;
      }
      for (let i = k + 2; i < n; i++) {
        const l1 = l[i * n + k]!;
        const l2 = l[i * n + k + 1]!;
        for (let j = k + 2; j <= i; j++) {
          const v = a[i * n + j]! - l1 * a[j * n + k]! - l2 * a[j * n + k + 1]!;
          a[i * n + j] = v;
          a[j * n + i] = v;
        }
      }
      k += 2;
    }
  }
  return { n, l, diagonal, offDiagonal, blocks, perm, inertia: { positive, negative, zero } };
}

/** Solves A x = b with the factors (zero pivots contribute 0 to x). */
export function ldltSolve(f: LdltFactors, b: ArrayLike<number>): Float64Array {
  const { n, l, diagonal, offDiagonal, blocks, perm } = f;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = b[perm[i]!]!;
  for (let i = 0; i < n; i++) {
    let s = y[i]!;
    for (let j = 0; j < i; j++) s -= l[i * n + j]! * y[j]!;
    y[i] = s;
  }
  for (let k = 0; k < n; ) {
    if (blocks[k] === 2) {
      const d11 = diagonal[k]!;
      const d22 = diagonal[k + 1]!;
      const d21 = offDiagonal[k]!;
      const det = d11 * d22 - d21 * d21;
      const y1 = y[k]!;
      const y2 = y[k + 1]!;
      y[k] = (d22 * y1 - d21 * y2) / det;
      y[k + 1] = (d11 * y2 - d21 * y1) / det;
      k += 2;
    } else {
      const d = diagonal[k]!;
      y[k] = d === 0 ? 0 : y[k]! / d;
      k++;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let j = i + 1; j < n; j++) s -= l[j * n + i]! * y[j]!;
    y[i] = s;
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[perm[i]!] = y[i]!;
  return x;
}
