/**
 * Small dense symmetric matrices in doubles: eigenvalues and eigenvectors (cyclic
 * Jacobi), null-space bases, reduction Zᵀ H Z and inertia (numbers of positive, negative
 * and zero eigenvalues), as the second-order conditions use them.
 */

/** Eigenvalue sign counts. `indefinite` is set when both signs were proved without counting all. */
export interface Inertia {
  readonly positive: number;
  readonly negative: number;
  readonly zero: number;
  /** Some eigenvalue's sign could not be decided. */
  readonly undecided: boolean;
}

/** Eigenvalues (ascending) and eigenvectors (columns of `vectors`, row-major n×n) of a symmetric matrix, by cyclic Jacobi. */
export function symmetricEigen(M: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = M.length;
  const A = M.map((row) => [...row]);
  const V: number[][] = [...Array(n)].map((_, i) => [...Array(n)].map((_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += A[i]![j]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (A[q]![q]! - A[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k]![p]!;
          const akq = A[k]![q]!;
          A[k]![p] = c * akp - s * akq;
          A[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p]![k]!;
          const aqk = A[q]![k]!;
          A[p]![k] = c * apk - s * aqk;
          A[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k]![p]!;
          const vkq = V[k]![q]!;
          V[k]![p] = c * vkp - s * vkq;
          V[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = [...Array(n).keys()].sort((a, b) => A[a]![a]! - A[b]![b]!);
  return { values: order.map((i) => A[i]![i]!), vectors: V.map((row) => order.map((i) => row[i]!)) };
}

/** An orthonormal basis of the null space of J (k × n) in doubles, with relative rank tolerance. */
export function numericNullSpace(J: readonly (readonly number[])[], n: number, rtol = 1e-9): number[][] {
  if (J.length === 0) return [...Array(n)].map((_, i) => [...Array(n)].map((_, j) => (i === j ? 1 : 0)));
  const G = [...Array(n)].map((_, i) => [...Array(n)].map((_, j) => J.reduce((s, row) => s + row[i]! * row[j]!, 0)));
  const { values, vectors } = symmetricEigen(G);
  const top = Math.max(...values.map(Math.abs), 0);
  const basis: number[][] = [];
  values.forEach((v, k) => {
    // Eigenvalues of JᵀJ are squared singular values.
    if (Math.abs(v) <= rtol * rtol * Math.max(top, 1e-300) * 1e2 || top === 0) basis.push(vectors.map((row) => row[k]!));
  });
  return basis;
}

/** Zᵀ H Z in doubles. */
export function numericReduce(H: readonly (readonly number[])[], Z: readonly (readonly number[])[]): number[][] {
  const n = H.length;
  const HZ = Z.map((z) => H.map((row) => row.reduce((s, h, j) => s + h * z[j]!, 0)));
  return Z.map((za) => Z.map((_, b) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += za[i]! * HZ[b]![i]!;
    return s;
  }));
}

/** Inertia of a symmetric double matrix; eigenvalues within `rtol·scale` of zero count as zero. */
export function numericInertia(M: readonly (readonly number[])[], scale: number, rtol = 1e-8): Inertia & { eigenvalues: number[] } {
  if (M.length === 0) return { positive: 0, negative: 0, zero: 0, undecided: false, eigenvalues: [] };
  const { values } = symmetricEigen(M);
  const tol = rtol * Math.max(scale, 1e-300);
  let positive = 0;
  let negative = 0;
  let zero = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) return { positive, negative, zero, undecided: true, eigenvalues: values };
    if (Math.abs(v) <= tol) zero++;
    else if (v > 0) positive++;
    else negative++;
  }
  return { positive, negative, zero, undecided: false, eigenvalues: values };
}
