/**
 * From polynomials and rational functions back to expressions, and the sign knowledge
 * (from the parameters' assumptions) used to simplify radicals and decide reality.
 */
import { add, mul, num, pow, sqrt, Rational, ONE, type Expr } from '../../expr/index.js';
import { zConst, zDivExact, zFromTerms, zIntContent, zIsConst, zConstValue, zMul, zNeg, type ZPoly } from './mpoly.js';
import { zSqrt } from './zsqrt.js';
import type { RatFunc } from './ratfunc.js';

/** What is known about the sign of each parameter index. */
export interface SignOracle {
  /** Per parameter index: 'positive', 'nonnegative', 'nonzero' or undefined. */
  readonly facts: readonly ('positive' | 'nonnegative' | 'nonzero' | undefined)[];
  /**
   * Sign of a polynomial in the parameters for generic values allowed by the facts:
   * +1 when every term is a positive coefficient times a monomial that is positive
   * generically (odd powers only of non-negative parameters), -1 symmetrically,
   * undefined otherwise. (Generic: g1^2 + g2^2 counts as positive.)
   */
  polySign(p: ZPoly): -1 | 0 | 1 | undefined;
}

/** A sign oracle from per-parameter facts. */
export function signOracle(facts: readonly ('positive' | 'nonnegative' | 'nonzero' | undefined)[]): SignOracle {
  const monomialPositive = (e: readonly number[]): boolean =>
    e.every((k, i) => k % 2 === 0 || facts[i] === 'positive' || facts[i] === 'nonnegative');
  return {
    facts,
    polySign(p) {
      if (p.terms.length === 0) return 0;
      let s: -1 | 1 | undefined;
      for (const t of p.terms) {
        if (!monomialPositive(t.e)) return undefined;
        const ts = t.c > 0n ? 1 : -1;
        if (s === undefined) s = ts;
        else if (s !== ts) return undefined;
      }
      return s;
    },
  };
}

/** c * prod params^e as an expression. */
export function polyToExpr(p: ZPoly, params: readonly Expr[]): Expr {
  const terms: Expr[] = [];
  for (const t of p.terms) {
    const factors: Expr[] = [num(t.c)];
    t.e.forEach((k, i) => {
      if (k > 0) factors.push(pow(params[i]!, num(k)));
    });
    terms.push(mul(...factors));
  }
  return terms.length === 0 ? num(0) : add(...terms);
}

/**
 * p as integer content × monomial content × primitive rest: the rest is then the same node
 * as a radicand built from the same polynomial, and powers of it merge (sqrt(Q)/Q = Q^(-1/2)).
 */
export function polyToExprFactored(p: ZPoly, params: readonly Expr[]): { coefficient: Rational; factors: Expr[] } {
  if (p.terms.length <= 1) return { coefficient: Rational.ONE, factors: [polyToExpr(p, params)] };
  const n = p.n;
  const minE = p.terms[0]!.e.map((_, i) => Math.min(...p.terms.map((t) => t.e[i]!)));
  let c = zIntContent(p);
  if (c < 0n) c = -c;
  const rest = zFromTerms(
    n,
    p.terms.map((t) => ({ e: t.e.map((x, i) => x - minE[i]!), c: t.c / c })),
  );
  const factors: Expr[] = [];
  minE.forEach((k, i) => {
    if (k > 0) factors.push(pow(params[i]!, num(k)));
  });
  factors.push(polyToExpr(rest, params));
  return { coefficient: Rational.of(c), factors };
}

/** num/den as an expression, both factored as in polyToExprFactored. */
export function ratFuncToExpr(r: RatFunc, params: readonly Expr[]): Expr {
  if (zIsConst(r.den)) return mul(num(Rational.of(1n, zConstValue(r.den))), polyToExpr(r.num, params));
  const nf = polyToExprFactored(r.num, params);
  const df = polyToExprFactored(r.den, params);
  return mul(num(nf.coefficient.div(df.coefficient)), ...nf.factors, ...df.factors.map((f) => pow(f, num(-1))));
}

/**
 * A square root of the polynomial P (in the parameters) with square factors pulled out:
 * integer square part, even powers of the common monomial factor, an exact polynomial
 * square; the remaining radical is split into one sqrt per factor when every factor is
 * provably non-negative (sqrt(eps*(g1^2+g2^2)) = sqrt(eps)*sqrt(g1^2+g2^2) for eps > 0).
 * Its square is P; `nonnegative` says whether it is provably the non-negative root.
 */
export function sqrtOfPolyExpr(
  P: ZPoly,
  params: readonly Expr[],
  signs: SignOracle,
): { expr: Expr; nonnegative: boolean; outside: ZPoly; radical: Expr } {
  if (P.terms.length === 0) return { expr: num(0), nonnegative: true, outside: P, radical: ONE };
  const n = P.n;
  // Common monomial factor.
  const minE = P.terms[0]!.e.map((_, i) => Math.min(...P.terms.map((t) => t.e[i]!)));
  let Qp = zDivExact(P, zFromTerms(n, [{ e: minE, c: 1n }]))!;
  let c = zIntContent(Qp);
  Qp = { n, terms: Qp.terms.map((t) => ({ e: t.e, c: t.c / c })) };
  if (c < 0n) {
    c = -c;
    Qp = zNeg(Qp);
  }
  const outside: Expr[] = [];
  // Factors under the radical: those provably >= 0 get their own sqrt (sqrt(a*b) = sqrt(a)*sqrt(b)
  // holds when a >= 0, and both sides are undefined together when b < 0); the rest share one.
  const inside: Expr[] = [];
  const insideUnknown: Expr[] = [];
  let outsidePoly = zConst(n, 1n);
  let nonnegative = true;
  // Integer part.
  const [k, rest] = squarePart(c);
  outside.push(num(k));
  outsidePoly = zConst(n, k);
  if (rest !== 1n) inside.push(num(rest));
  // Monomial part.
  minE.forEach((e, i) => {
    if (e >= 2) {
      const h = Math.floor(e / 2);
      outside.push(pow(params[i]!, num(h)));
      const e2 = new Array<number>(n).fill(0);
      e2[i] = h;
      outsidePoly = zMul(outsidePoly, zFromTerms(n, [{ e: e2, c: 1n }]));
      if (h % 2 === 1 && signs.facts[i] !== 'positive' && signs.facts[i] !== 'nonnegative') nonnegative = false;
    }
    if (e % 2 === 1) {
      if (signs.facts[i] === 'positive' || signs.facts[i] === 'nonnegative') inside.push(params[i]!);
      else insideUnknown.push(params[i]!);
    }
  });
  // Polynomial part.
  if (!(zIsConst(Qp) && zConstValue(Qp) === 1n)) {
    const s = zSqrt(Qp);
    if (s !== undefined) {
      outside.push(polyToExpr(s, params));
      outsidePoly = zMul(outsidePoly, s);
      if (signs.polySign(s) !== 1) nonnegative = false;
    } else {
      if (signs.polySign(Qp) === 1) inside.push(polyToExpr(Qp, params));
      else insideUnknown.push(polyToExpr(Qp, params));
    }
  }
  const radical: Expr = mul(...inside.map((f) => sqrt(f)), insideUnknown.length > 0 ? sqrt(mul(...insideUnknown)) : ONE);
  return { expr: mul(...outside, radical), nonnegative, outside: outsidePoly, radical };
}

/** n = k^2 * rest with rest free of square factors below 10^4 (and not itself a square). */
export function squarePart(n: bigint): [bigint, bigint] {
  let k = 1n;
  let rest = n;
  for (let p = 2n; p < 10_000n && p * p <= rest; p += p === 2n ? 1n : 2n) {
    while (rest % (p * p) === 0n) {
      rest /= p * p;
      k *= p;
    }
  }
  const r = Rational.of(rest).root(2n);
  if (r !== undefined) return [k * r.num, 1n];
  return [k, rest];
}
