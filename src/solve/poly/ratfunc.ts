/**
 * Rational functions over Q in a fixed variable list: num/den with integer polynomials,
 * kept in lowest terms (gcd cancelled, denominator with positive leading coefficient).
 * They are the field Q(parameters) of parametric systems, and the exact form of an
 * equation before its denominators are cleared.
 */
import { Rational, gcd } from '../../expr/index.js';
import {
  zAdd,
  zConst,
  zConstValue,
  zDivExact,
  zEquals,
  zGcd,
  zIntContent,
  zIsConst,
  zIsZero,
  zMul,
  zNeg,
  zPow,
  zVar,
  type ZPoly,
} from './mpoly.js';

/** num / den in lowest terms. */
export interface RatFunc {
  readonly num: ZPoly;
  readonly den: ZPoly;
}

/** Builds num/den and normalises it. Throws RangeError on a zero denominator. */
export function rf(num: ZPoly, den: ZPoly): RatFunc {
  if (zIsZero(den)) throw new RangeError('rational function with zero denominator');
  if (zIsZero(num)) return { num, den: zConst(num.n, 1n) };
  if (zIsConst(den)) {
    // Only an integer factor can cancel: keep the numerator's content over a positive integer denominator.
    const d = zConstValue(den);
    const g = gcd(zIntContent(num), d);
    const s = d < 0n ? -g : g;
    return { num: divInt(num, s), den: zConst(num.n, d / s) };
  }
  const g = zGcd(num, den);
  let n = zIsConst(g) && zConstValue(g) === 1n ? num : zDivExact(num, g)!;
  let d = zIsConst(g) && zConstValue(g) === 1n ? den : zDivExact(den, g)!;
  if (d.terms[0]!.c < 0n) {
    n = zNeg(n);
    d = zNeg(d);
  }
  return { num: n, den: d };
}

function divInt(p: ZPoly, c: bigint): ZPoly {
  return c === 1n ? p : { n: p.n, terms: p.terms.map((t) => ({ e: t.e, c: t.c / c })) };
}

/** The polynomial p as a rational function. */
export const rfPoly = (p: ZPoly): RatFunc => ({ num: p, den: zConst(p.n, 1n) });
/** The rational constant r in n variables. */
export const rfConst = (n: number, r: Rational): RatFunc => ({ num: zConst(n, r.num), den: zConst(n, r.den) });
/** The variable x_i. */
export const rfVar = (n: number, i: number): RatFunc => rfPoly(zVar(n, i));

/** Is a zero? */
export const rfIsZero = (a: RatFunc): boolean => zIsZero(a.num);
/** Is a a constant? */
export const rfIsConst = (a: RatFunc): boolean => zIsConst(a.num) && zIsConst(a.den);
/** The value of a constant rational function. */
export const rfConstValue = (a: RatFunc): Rational => Rational.of(zConstValue(a.num), zConstValue(a.den));

/** a + b */
export function rfAdd(a: RatFunc, b: RatFunc): RatFunc {
  if (rfIsZero(a)) return b;
  if (rfIsZero(b)) return a;
  if (zEquals(a.den, b.den)) return rf(zAdd(a.num, b.num), a.den);
  return rf(zAdd(zMul(a.num, b.den), zMul(b.num, a.den)), zMul(a.den, b.den));
}
/** a - b */
export function rfSub(a: RatFunc, b: RatFunc): RatFunc {
  return rfAdd(a, rfNeg(b));
}
/** -a */
export function rfNeg(a: RatFunc): RatFunc {
  return { num: zNeg(a.num), den: a.den };
}
/** a * b, cancelling crosswise first to keep the gcds small. */
export function rfMul(a: RatFunc, b: RatFunc): RatFunc {
  if (rfIsZero(a) || rfIsZero(b)) return { num: zConst(a.num.n, 0n), den: zConst(a.num.n, 1n) };
  return rf(zMul(a.num, b.num), zMul(a.den, b.den));
}
/** a / b (throws RangeError when b is zero). */
export function rfDiv(a: RatFunc, b: RatFunc): RatFunc {
  if (rfIsZero(b)) throw new RangeError('division by zero');
  return rf(zMul(a.num, b.den), zMul(a.den, b.num));
}
/** a^k for an integer k (negative inverts). */
export function rfPow(a: RatFunc, k: number): RatFunc {
  if (k < 0) {
    if (rfIsZero(a)) throw new RangeError('division by zero');
    return rf(zPow(a.den, -k), zPow(a.num, -k));
  }
  return { num: zPow(a.num, k), den: zPow(a.den, k) };
}
/** Equality of normalised rational functions. */
export function rfEquals(a: RatFunc, b: RatFunc): boolean {
  return zEquals(a.num, b.num) && zEquals(a.den, b.den);
}