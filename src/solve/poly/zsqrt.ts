/** Exact square roots of integer polynomials (used to test squares in Q(params)). */
import { lexCompare, zAdd, zFromTerms, zIsZero, zMul, zMulTerm, zSub, zZero, type ZPoly, type ZTerm } from './mpoly.js';
import { Rational } from '../../expr/index.js';

/**
 * S with S^2 = P and a positive leading coefficient, or undefined when P is not the square
 * of an integer polynomial (by Gauss's lemma, a square of a rational polynomial with
 * integer P is a square of an integer one). Term by term from the top, as in long division:
 * each new term is lead(P - S^2) / (2 lead(S)).
 */
export function zSqrt(P: ZPoly): ZPoly | undefined {
  if (zIsZero(P)) return P;
  const lead = P.terms[0]!;
  if (lead.c < 0n || lead.e.some((x) => x % 2 !== 0)) return undefined;
  const rc = Rational.of(lead.c).root(2n);
  if (rc === undefined) return undefined;
  const s0: ZTerm = { e: lead.e.map((x) => x / 2), c: rc.num };
  let S = zFromTerms(P.n, [s0]);
  let R = zSub(P, zMul(S, S));
  let last = s0.e;
  for (let guard = 0; !zIsZero(R); guard++) {
    if (guard > 4 * P.terms.length + 8) return undefined;
    const lr = R.terms[0]!;
    const e = lr.e.map((x, i) => x - s0.e[i]!);
    if (e.some((x) => x < 0)) return undefined;
    const twoC = 2n * s0.c;
    if (lr.c % twoC !== 0n) return undefined;
    if (lexCompare(e, last) >= 0) return undefined;
    const t = zFromTerms(P.n, [{ e, c: lr.c / twoC }]);
    // R_new = P - (S + t)^2 = R - 2 S t - t^2
    R = zSub(R, zAdd(zMulTerm(S, e, 2n * (lr.c / twoC)), zMul(t, t)));
    S = zAdd(S, t);
    last = e;
  }
  return S.terms.length > 0 && S.terms[0]!.c < 0n ? zSub(zZero(P.n), S) : S;
}
