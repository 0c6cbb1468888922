/**
 * Sparse multivariate polynomials with integer (bigint) coefficients, in a fixed
 * number of variables indexed 0..n-1, terms kept in lex order (variable 0 highest).
 *
 * Integer coefficients instead of rationals: an equation `p = 0` may be scaled freely,
 * so clearing denominators costs nothing, and gcd-based normalisation (content and
 * primitive part) keeps coefficients small without rational arithmetic in inner loops.
 * These are the coefficients of parametric systems (polynomials in the parameters) and
 * the polynomials of rational functions.
 */
import { gcd as igcd } from '../../expr/index.js';

/** One term c * prod x_i^e[i]. */
export interface ZTerm {
  readonly e: readonly number[];
  readonly c: bigint;
}

/** A polynomial: terms sorted by descending lex order of exponents, no zero coefficients. */
export interface ZPoly {
  readonly n: number;
  readonly terms: readonly ZTerm[];
}

/** Lex comparison of exponent vectors (positive when a > b). */
export function lexCompare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

const keyOf = (e: readonly number[]): string => e.join(',');
const absBig = (a: bigint): bigint => (a < 0n ? -a : a);

/** Builds a polynomial from unsorted terms, merging equal monomials and dropping zeros. */
export function zFromTerms(n: number, terms: Iterable<ZTerm>): ZPoly {
  const acc = new Map<string, { e: readonly number[]; c: bigint }>();
  for (const t of terms) {
    if (t.c === 0n) continue;
    const k = keyOf(t.e);
    const prev = acc.get(k);
    if (prev) prev.c += t.c;
    else acc.set(k, { e: t.e, c: t.c });
  }
  const out: ZTerm[] = [];
  for (const t of acc.values()) if (t.c !== 0n) out.push(t);
  out.sort((a, b) => lexCompare(b.e, a.e));
  return { n, terms: out };
}

/** The zero polynomial in n variables. */
export const zZero = (n: number): ZPoly => ({ n, terms: [] });
/** The constant c in n variables. */
export function zConst(n: number, c: bigint): ZPoly {
  return c === 0n ? zZero(n) : { n, terms: [{ e: new Array<number>(n).fill(0), c }] };
}
/** The variable x_i. */
export function zVar(n: number, i: number): ZPoly {
  const e = new Array<number>(n).fill(0);
  e[i] = 1;
  return { n, terms: [{ e, c: 1n }] };
}

/** Is p zero? */
export const zIsZero = (p: ZPoly): boolean => p.terms.length === 0;
/** Is p a constant (no variable occurs)? */
export const zIsConst = (p: ZPoly): boolean => p.terms.length === 0 || (p.terms.length === 1 && p.terms[0]!.e.every((x) => x === 0));
/** The constant value of a constant polynomial (0n for zero). */
export const zConstValue = (p: ZPoly): bigint => (p.terms.length === 0 ? 0n : p.terms[0]!.c);

/** Structural equality. */
export function zEquals(a: ZPoly, b: ZPoly): boolean {
  if (a.terms.length !== b.terms.length) return false;
  for (let i = 0; i < a.terms.length; i++) {
    const s = a.terms[i]!;
    const t = b.terms[i]!;
    if (s.c !== t.c || lexCompare(s.e, t.e) !== 0) return false;
  }
  return true;
}

/** a + b (merge of two sorted term lists). */
export function zAdd(a: ZPoly, b: ZPoly): ZPoly {
  return merge(a, b, 1n);
}
/** a - b */
export function zSub(a: ZPoly, b: ZPoly): ZPoly {
  return merge(a, b, -1n);
}
function merge(a: ZPoly, b: ZPoly, sign: bigint): ZPoly {
  const out: ZTerm[] = [];
  let i = 0;
  let j = 0;
  const A = a.terms;
  const B = b.terms;
  while (i < A.length && j < B.length) {
    const d = lexCompare(A[i]!.e, B[j]!.e);
    if (d > 0) out.push(A[i++]!);
    else if (d < 0) {
      const t = B[j++]!;
      out.push({ e: t.e, c: sign * t.c });
    } else {
      const c = A[i]!.c + sign * B[j]!.c;
      if (c !== 0n) out.push({ e: A[i]!.e, c });
      i++;
      j++;
    }
  }
  while (i < A.length) out.push(A[i++]!);
  while (j < B.length) {
    const t = B[j++]!;
    out.push({ e: t.e, c: sign * t.c });
  }
  return { n: a.n, terms: out };
}

/** -a */
export function zNeg(a: ZPoly): ZPoly {
  return { n: a.n, terms: a.terms.map((t) => ({ e: t.e, c: -t.c })) };
}
/** c * a for an integer c. */
export function zScale(a: ZPoly, c: bigint): ZPoly {
  if (c === 0n) return zZero(a.n);
  if (c === 1n) return a;
  return { n: a.n, terms: a.terms.map((t) => ({ e: t.e, c: t.c * c })) };
}
/** a times the monomial c * x^e. */
export function zMulTerm(a: ZPoly, e: readonly number[], c: bigint): ZPoly {
  if (c === 0n) return zZero(a.n);
  return { n: a.n, terms: a.terms.map((t) => ({ e: t.e.map((x, i) => x + e[i]!), c: t.c * c })) };
}
/** a * b */
export function zMul(a: ZPoly, b: ZPoly): ZPoly {
  if (a.terms.length === 0 || b.terms.length === 0) return zZero(a.n);
  if (a.terms.length === 1) return zMulTerm(b, a.terms[0]!.e, a.terms[0]!.c);
  if (b.terms.length === 1) return zMulTerm(a, b.terms[0]!.e, b.terms[0]!.c);
  const prods: ZTerm[] = [];
  for (const s of a.terms) for (const t of b.terms) prods.push({ e: s.e.map((x, i) => x + t.e[i]!), c: s.c * t.c });
  return zFromTerms(a.n, prods);
}
/** a^k for k >= 0. */
export function zPow(a: ZPoly, k: number): ZPoly {
  let result = zConst(a.n, 1n);
  let base = a;
  while (k > 0) {
    if (k & 1) result = zMul(result, base);
    k >>= 1;
    if (k > 0) base = zMul(base, base);
  }
  return result;
}

/** Integer content: gcd of the coefficients, with the sign of the leading coefficient (0 for zero). */
export function zIntContent(a: ZPoly): bigint {
  if (a.terms.length === 0) return 0n;
  let g = 0n;
  for (const t of a.terms) {
    g = igcd(g, t.c);
    if (g === 1n) break;
  }
  return a.terms[0]!.c < 0n ? -g : g;
}

/** a / c for an integer c dividing every coefficient. */
export function zDivInt(a: ZPoly, c: bigint): ZPoly {
  if (c === 1n) return a;
  return { n: a.n, terms: a.terms.map((t) => ({ e: t.e, c: t.c / c })) };
}

/** Degree of a in variable v (-1 for zero). */
export function zDegreeIn(a: ZPoly, v: number): number {
  let d = a.terms.length === 0 ? -1 : 0;
  for (const t of a.terms) if (t.e[v]! > d) d = t.e[v]!;
  return d;
}
/** Total degree (-1 for zero). */
export function zTotalDegree(a: ZPoly): number {
  let d = a.terms.length === 0 ? -1 : 0;
  for (const t of a.terms) {
    const s = t.e.reduce((x, y) => x + y, 0);
    if (s > d) d = s;
  }
  return d;
}

/** Does variable v occur in a? */
export const zHasVar = (a: ZPoly, v: number): boolean => a.terms.some((t) => t.e[v]! > 0);

/** The smallest-index variable occurring in a (the lex main variable), or -1 for constants. */
export function zMainVar(a: ZPoly): number {
  const lead = a.terms[0];
  if (!lead) return -1;
  return lead.e.findIndex((x) => x > 0);
}

/** Coefficients of a as a polynomial in x_v: degree → coefficient (not containing x_v). */
export function zCoeffsIn(a: ZPoly, v: number): Map<number, ZPoly> {
  const groups = new Map<number, ZTerm[]>();
  for (const t of a.terms) {
    const d = t.e[v]!;
    const e = t.e.slice();
    e[v] = 0;
    const list = groups.get(d);
    if (list) list.push({ e, c: t.c });
    else groups.set(d, [{ e, c: t.c }]);
  }
  const out = new Map<number, ZPoly>();
  for (const [d, ts] of groups) out.set(d, zFromTerms(a.n, ts));
  return out;
}

/** Leading coefficient of a in x_v (a polynomial without x_v). */
export function zLeadCoeffIn(a: ZPoly, v: number): ZPoly {
  const d = zDegreeIn(a, v);
  return zCoeffsIn(a, v).get(d) ?? zZero(a.n);
}

/** x_v^k as a monomial exponent vector. */
function unitExp(n: number, v: number, k: number): number[] {
  const e = new Array<number>(n).fill(0);
  e[v] = k;
  return e;
}

/**
 * Exact quotient a / b, or undefined when b does not divide a. Lex division: if b | a
 * then the leading term of every remainder is divisible by the leading term of b.
 */
export function zDivExact(a: ZPoly, b: ZPoly): ZPoly | undefined {
  if (b.terms.length === 0) throw new RangeError('division by the zero polynomial');
  if (a.terms.length === 0) return a;
  if (zIsConst(b)) {
    const c = zConstValue(b);
    for (const t of a.terms) if (t.c % c !== 0n) return undefined;
    return { n: a.n, terms: a.terms.map((t) => ({ e: t.e, c: t.c / c })) };
  }
  const lb = b.terms[0]!;
  const q: ZTerm[] = [];
  let r = a;
  let guard = 0;
  while (r.terms.length > 0) {
    const lr = r.terms[0]!;
    const e: number[] = new Array(a.n);
    for (let i = 0; i < a.n; i++) {
      const d = lr.e[i]! - lb.e[i]!;
      if (d < 0) return undefined;
      e[i] = d;
    }
    if (lr.c % lb.c !== 0n) return undefined;
    const c = lr.c / lb.c;
    q.push({ e, c });
    r = zSub(r, zMulTerm(b, e, c));
    if (++guard > 1_000_000) throw new Error('zDivExact: no progress');
  }
  return zFromTerms(a.n, q);
}

/** Pseudo-remainder of a by b in x_v: lc(b)^k * a reduced until deg_v < deg_v(b). */
export function zPrem(a: ZPoly, b: ZPoly, v: number): ZPoly {
  const db = zDegreeIn(b, v);
  const lcb = zLeadCoeffIn(b, v);
  let r = a;
  let dr = zDegreeIn(r, v);
  while (r.terms.length > 0 && dr >= db) {
    const lcr = zLeadCoeffIn(r, v);
    r = zSub(zMul(lcb, r), zMul(lcr, zMulTerm(b, unitExp(a.n, v, dr - db), 1n)));
    dr = zDegreeIn(r, v);
  }
  return r;
}

/**
 * Greatest common divisor over Z[x_0..x_{n-1}], normalised to a positive leading
 * coefficient. Recursive: content and primitive part in the main variable, then the
 * primitive pseudo-remainder sequence (classic, adequate at the sizes of KKT systems).
 */
export function zGcd(a: ZPoly, b: ZPoly): ZPoly {
  if (a.terms.length === 0) return normalizeSign(b);
  if (b.terms.length === 0) return normalizeSign(a);
  if (zIsConst(a) || zIsConst(b)) {
    const g = igcd(absBig(zIntContent(a)), absBig(zIntContent(b)));
    return zConst(a.n, g);
  }
  if (zEquals(a, b)) return normalizeSign(a);
  // Main variable: the smallest index occurring in either.
  const va = zMainVar(a);
  const vb = zMainVar(b);
  const v = Math.min(va, vb);
  if (!zHasVar(a, v)) return zGcd(a, zContentIn(b, v));
  if (!zHasVar(b, v)) return zGcd(zContentIn(a, v), b);
  const ca = zContentIn(a, v);
  const cb = zContentIn(b, v);
  let p = zDivExact(a, ca)!;
  let q = zDivExact(b, cb)!;
  if (zDegreeIn(p, v) < zDegreeIn(q, v)) [p, q] = [q, p];
  while (q.terms.length > 0 && zDegreeIn(q, v) > 0) {
    const r = zPrem(p, q, v);
    p = q;
    q = r.terms.length === 0 ? r : zPrimitiveIn(r, v);
  }
  const g = q.terms.length === 0 ? zPrimitiveIn(p, v) : zConst(a.n, 1n); // q a nonzero constant in v: coprime
  return normalizeSign(zMul(zGcd(ca, cb), g));
}

/** Content of a in x_v: gcd of its coefficients as a polynomial in x_v. */
export function zContentIn(a: ZPoly, v: number): ZPoly {
  let g: ZPoly | undefined;
  for (const c of zCoeffsIn(a, v).values()) {
    g = g === undefined ? normalizeSign(c) : zGcd(g, c);
    if (zIsConst(g) && absBig(zConstValue(g)) === 1n) break;
  }
  return g ?? zZero(a.n);
}

/** Primitive part of a in x_v (content divided out, positive leading coefficient). */
export function zPrimitiveIn(a: ZPoly, v: number): ZPoly {
  const c = zContentIn(a, v);
  return normalizeSign(zDivExact(a, c)!);
}

/** a made primitive over Z (integer content removed) with a positive leading coefficient. */
export function zPrimitive(a: ZPoly): ZPoly {
  const c = zIntContent(a);
  return c === 0n ? a : zDivInt(a, c);
}

function normalizeSign(a: ZPoly): ZPoly {
  return a.terms.length > 0 && a.terms[0]!.c < 0n ? zNeg(a) : a;
}

/** d a / d x_v */
export function zDerivative(a: ZPoly, v: number): ZPoly {
  const out: ZTerm[] = [];
  for (const t of a.terms) {
    const k = t.e[v]!;
    if (k === 0) continue;
    const e = t.e.slice();
    e[v] = k - 1;
    out.push({ e, c: t.c * BigInt(k) });
  }
  return zFromTerms(a.n, out);
}

/** Re-embeds a polynomial into a ring with a different variable list (by index map old → new). */
export function zRemap(a: ZPoly, n: number, map: readonly number[]): ZPoly {
  return zFromTerms(
    n,
    a.terms.map((t) => {
      const e = new Array<number>(n).fill(0);
      t.e.forEach((x, i) => {
        if (x > 0) e[map[i]!] = x;
      });
      return { e, c: t.c };
    }),
  );
}
