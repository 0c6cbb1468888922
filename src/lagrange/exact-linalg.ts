/**
 * The exact linear algebra of second-order conditions, on matrices of a few rows: null-space
 * bases of constraint Jacobians and the inertia (numbers of positive, negative and zero
 * eigenvalues) of reduced Hessians, exactly over expressions. Their counterparts in doubles
 * are in src/linalg/.
 *
 * Exact inertia uses symmetric elimination (Sylvester's law of inertia: the pivots of
 * an LDLᵀ factorisation have the signs of the eigenvalues). A zero diagonal with a
 * nonzero off-diagonal entry b in its row means a 2×2 principal minor −b² < 0 in the
 * Schur complement, hence eigenvalues of both signs (Haynsworth inertia additivity).
 */
import { add, div, mul, neg, ONE, sub, ZERO, type Expr } from '../expr/index.js';
import type { Inertia } from '../numeric/index.js';
import type { Sign } from '../expr/index.js';

/** A dense matrix of expressions, row-major. */
export type ExprMatrix = Expr[][];


/** Decides whether an expression is zero / its sign; supplied by the caller (assumption-aware). */
export type SignDecider = (e: Expr) => Sign;

/**
 * A basis of the null space of J (k × n), as n-vectors, by exact Gauss–Jordan
 * elimination. `signOf` decides which entries are zero. Returns undefined when a pivot's zeroness cannot
 * be decided.
 */
export function exactNullSpace(J: readonly (readonly Expr[])[], n: number, signOf: SignDecider): Expr[][] | undefined {
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
export function exactInertia(M: readonly (readonly Expr[])[], signOf: SignDecider): Inertia {
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
