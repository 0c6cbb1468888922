/**
 * The linear algebra of second-order conditions, on matrices of a few rows: null-space
 * bases of constraint Jacobians and the inertia (numbers of positive, negative and zero
 * eigenvalues) of reduced Hessians, both exactly over expressions and in doubles.
 *
 * Exact inertia uses symmetric elimination (Sylvester's law of inertia: the pivots of
 * an LDLᵀ factorisation have the signs of the eigenvalues). A zero diagonal with a
 * nonzero off-diagonal entry b in its row means a 2×2 principal minor −b² < 0 in the
 * Schur complement, hence eigenvalues of both signs (Haynsworth inertia additivity).
 */
import { add, div, mul, neg, ONE, sub, ZERO, type Expr } from '../expr/index.js';
import type { Sign } from './sign.js';

/** A dense matrix of expressions, row-major. */
export type ExprMatrix = Expr[][];

/** Eigenvalue sign counts. `indefinite` is set when both signs were proved without counting all. */
export interface Inertia {
  readonly positive: number;
  readonly negative: number;
  readonly zero: number;
  /** Some eigenvalue's sign could not be decided. */
  readonly undecided: boolean;
}

/** Decides whether an expression is zero / its sign; supplied by the caller (assumption-aware). */
export type SignOracle = (e: Expr) => Sign;

/**
 * A basis of the null space of J (k × n), as n-vectors, by exact Gauss–Jordan
 * elimination. `signOf` decides which entries are zero. Returns undefined when a pivot's zeroness cannot
 * be decided.
 */
export function exactNullSpace(J: readonly (readonly Expr[])[], n: number, signOf: SignOracle): Expr[][] | undefined {
  const A = J.map((row) => [...row]);
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < A.length; c++) {
    let p = -1;
    for (let i = r; i < A.length; i++) {
      const s = signOf(A[i]![c]!);
      if (s === 'zero') continue;
      if (s === 'unknown' || s === 'nonnegative' || s === 'nonpositive') {
        if (A[i]![c] !== ZERO) return undefined;
        continue;
      }
      p = i;
      break;
    }
    if (p < 0) continue;
    [A[r], A[p]] = [A[p]!, A[r]!];
    const piv = A[r]![c]!;
    A[r] = A[r]!.map((v) => div(v, piv));
    for (let i = 0; i < A.length; i++) {
      if (i === r) continue;
      const f = A[i]![c]!;
      if (f === ZERO) continue;
      A[i] = A[i]!.map((v, j) => sub(v, mul(f, A[r]![j]!)));
    }
    pivots.push(c);
    r++;
  }
  const free: number[] = [];
  for (let c = 0; c < n; c++) if (!pivots.includes(c)) free.push(c);
  return free.map((f) => {
    const v: Expr[] = new Array(n).fill(ZERO);
    v[f] = ONE;
    pivots.forEach((pc, i) => {
      v[pc] = neg(A[i]![f]!);
    });
    return v;
  });
}

/** Zᵀ H Z for symmetric H (n × n) and basis vectors Z (each an n-vector). */
export function exactReduce(H: readonly (readonly Expr[])[], Z: readonly (readonly Expr[])[]): ExprMatrix {
  const n = H.length;
  const HZ = Z.map((z) => H.map((row) => add(...row.map((h, j) => mul(h, z[j]!)))));
  const out: ExprMatrix = [];
  for (let a = 0; a < Z.length; a++) {
    out.push([]);
    for (let b = 0; b < Z.length; b++) {
      const terms: Expr[] = [];
      for (let i = 0; i < n; i++) terms.push(mul(Z[a]![i]!, HZ[b]![i]!));
      out[a]!.push(add(...terms));
    }
  }
  return out;
}

/** Inertia of a symmetric matrix of expressions by symmetric elimination with sign decisions. */
export function exactInertia(M: readonly (readonly Expr[])[], signOf: SignOracle): Inertia {
  let A = M.map((row) => [...row]);
  let positive = 0;
  let negative = 0;
  let zero = 0;
  while (A.length > 0) {
    const n = A.length;
    const signs = A.map((row, i) => signOf(row[i]!));
    if (signs.some((s) => s === 'unknown' || s === 'nonzero' || s === 'nonnegative' || s === 'nonpositive')) {
      return { positive, negative, zero, undecided: true };
    }
    const k = signs.findIndex((s) => s === 'positive' || s === 'negative');
    if (k < 0) {
      // All diagonal entries are zero: the matrix is zero, or indefinite.
      let anyNonzero = false;
      for (let i = 0; i < n && !anyNonzero; i++) {
        for (let j = i + 1; j < n; j++) {
          const s = signOf(A[i]![j]!);
          if (s === 'zero') continue;
          if (s === 'positive' || s === 'negative' || s === 'nonzero') anyNonzero = true;
          else return { positive, negative, zero, undecided: true };
          break;
        }
      }
      if (!anyNonzero) return { positive, negative, zero: zero + n, undecided: false };
      // A zero diagonal beside a nonzero entry: at least one eigenvalue of each sign.
      return { positive: positive + 1, negative: negative + 1, zero, undecided: true };
    }
    if (signs[k] === 'positive') positive++;
    else negative++;
    const d = A[k]![k]!;
    const rest = [...Array(n).keys()].filter((i) => i !== k);
    A = rest.map((i) => rest.map((j) => sub(A[i]![j]!, div(mul(A[i]![k]!, A[k]![j]!), d))));
  }
  return { positive, negative, zero, undecided: false };
}

// ---------------------------------------------------------------------------
// Doubles

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
