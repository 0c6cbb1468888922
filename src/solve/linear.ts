/**
 * Exact linear systems over Q and over Q(parameters) by fraction-free Gaussian
 * elimination (Bareiss): the entries stay polynomials in the parameters, every division
 * is exact, and the final back-substitution in rational functions cancels common factors,
 * so a symbolic 3x3 system comes out as Cramer's quotients in lowest terms.
 */
import { zConst, zDivExact, zIsConst, zIsZero, zMul, zSub, zVar, zZero, zTotalDegree, type ZPoly, type ZTerm, zFromTerms } from './poly/mpoly.js';
import { rfPoly, rfSub, rfMul, rfDiv, type RatFunc } from './poly/ratfunc.js';

/** A linear system A x = b read off linear polynomials. */
export interface LinearForm {
  /** rows × nu coefficient polynomials (in the parameter variables of the full ring). */
  readonly A: ZPoly[][];
  /** right-hand sides. */
  readonly b: ZPoly[];
}

/** Is every polynomial of total degree <= 1 in the unknowns 0..nu-1? */
export function isLinearIn(polys: readonly ZPoly[], nu: number): boolean {
  return polys.every((p) => p.terms.every((t) => t.e.slice(0, nu).reduce((s, x) => s + x, 0) <= 1));
}

/** Splits linear polynomials into A x = b (A, b polynomials in the remaining ring variables). */
export function linearForm(polys: readonly ZPoly[], nu: number): LinearForm {
  const n = polys[0]?.n ?? nu;
  const A: ZPoly[][] = [];
  const b: ZPoly[] = [];
  for (const p of polys) {
    const row: ZTerm[][] = Array.from({ length: nu }, () => []);
    const rhs: ZTerm[] = [];
    for (const t of p.terms) {
      const j = t.e.slice(0, nu).findIndex((x) => x > 0);
      const e = t.e.slice();
      if (j >= 0) {
        e[j] = 0;
        row[j]!.push({ e, c: t.c });
      } else rhs.push({ e, c: -t.c });
    }
    A.push(row.map((ts) => zFromTerms(n, ts)));
    b.push(zFromTerms(n, rhs));
  }
  return { A, b };
}

/** Outcome of a linear solve. */
export interface LinearOutcome {
  readonly status: 'unique' | 'underdetermined' | 'inconsistent';
  /** Value of every unknown (free unknowns map to their own variable), as rational functions in the ring. */
  readonly values?: RatFunc[];
  /** Indices of free unknowns. */
  readonly free: number[];
  /** Pivots that must be nonzero (non-constant polynomials in the parameters): generic caveats. */
  readonly pivots: ZPoly[];
  /** For 'inconsistent' with parameters: the nonzero residual equations (0 = r) that make it so generically. */
  readonly obstructions: ZPoly[];
}

/** Size of an entry, to choose simple pivots (constants first, then few terms, low degree). */
function weight(p: ZPoly): number {
  if (zIsConst(p)) return 0;
  return p.terms.length * 8 + zTotalDegree(p);
}

/** Solves A x = b exactly. `n` is the ring size; unknowns are ring variables 0..nu-1. */
export function solveLinear(form: LinearForm, nu: number, n: number): LinearOutcome {
  const m = form.A.length;
  const M: ZPoly[][] = form.A.map((row, i) => [...row, form.b[i]!]);
  const pivCols: number[] = [];
  const pivots: ZPoly[] = [];
  let prev: ZPoly = zConst(n, 1n);
  let r = 0;
  for (let c = 0; c < nu && r < m; c++) {
    let best = -1;
    for (let i = r; i < m; i++) {
      if (zIsZero(M[i]![c]!)) continue;
      if (best < 0 || weight(M[i]![c]!) < weight(M[best]![c]!)) best = i;
    }
    if (best < 0) continue;
    [M[r], M[best]] = [M[best]!, M[r]!];
    const pr = M[r]!;
    const pv = pr[c]!;
    for (let i = r + 1; i < m; i++) {
      const row = M[i]!;
      const f = row[c]!;
      for (let j = c + 1; j <= nu; j++) {
        const v = zSub(zMul(pv, row[j]!), zMul(f, pr[j]!));
        // Bareiss: the division by the previous pivot is exact (entries are minors).
        row[j] = zIsConst(prev) && prev.terms[0]!.c === 1n ? v : (zDivExact(v, prev) ?? v);
      }
      row[c] = zZero(n);
    }
    if (!zIsConst(pv)) pivots.push(pv);
    prev = pv;
    pivCols.push(c);
    r++;
  }
  // Rows r..m-1 read 0 = rhs.
  const obstructions = M.slice(r).map((row) => row[nu]!).filter((x) => !zIsZero(x));
  if (obstructions.length > 0) return { status: 'inconsistent', free: [], pivots, obstructions };
  const free: number[] = [];
  for (let c = 0; c < nu; c++) if (!pivCols.includes(c)) free.push(c);
  const values: (RatFunc | undefined)[] = new Array(nu).fill(undefined);
  for (const c of free) values[c] = rfPoly(zVar(n, c));
  for (let k = r - 1; k >= 0; k--) {
    const row = M[k]!;
    const c = pivCols[k]!;
    let acc: RatFunc = rfPoly(row[nu]!);
    for (let j = c + 1; j < nu; j++) {
      if (zIsZero(row[j]!)) continue;
      acc = rfSub(acc, rfMul(rfPoly(row[j]!), values[j]!));
    }
    values[c] = rfDiv(acc, rfPoly(row[c]!));
  }
  return { status: free.length > 0 ? 'underdetermined' : 'unique', values: values as RatFunc[], free, pivots, obstructions: [] };
}

