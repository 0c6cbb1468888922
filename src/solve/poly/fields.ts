/**
 * Exact fields the back-substitution works in: Q, Q(parameters), and towers of simple
 * algebraic extensions K[s]/(m(s)) on top of either (s = sqrt(d), s = c^(1/k), or a real
 * root of an irreducible polynomial with or without a closed form).
 *
 * Why a tower instead of expressions: solutions of a triangular system are polynomials
 * in earlier roots; computing them in K[s]/(m) keeps every zero test exact (a gcd of
 * specialised polynomials, a vanishing residual), and turns them into compact
 * expressions only at the end (`toExpr`), e.g. `g1*sqrt(eps)/sqrt(g1^2 + g2^2)`.
 *
 * Elements are opaque (`FieldElement`); each field knows its own representation.
 */
import { Rational, mul, add, num, pow, sqrt as sqrtExpr, type Expr, ONE } from '../../expr/index.js';
import { type RatFunc, rfAdd, rfSub, rfMul, rfDiv, rfNeg, rfIsZero, rfConst, rf, rfConstValue } from './ratfunc.js';
import { zIsConst, zMul, type ZPoly } from './mpoly.js';
import { zSqrt } from './zsqrt.js';
import { ratFuncToExpr, sqrtOfPolyExpr, squarePart, type SignOracle } from './toexpr.js';

/** An element of some field (representation private to the field). */
export type FieldElement = unknown;

/** Raised when an "extension field" turns out not to be a field (the modulus was reducible). */
export class ZeroDivisorError extends Error {
  override name = 'ZeroDivisorError';
}

/** A field in which back-substitution computes exactly. */
export interface Field {
  /** Short description for notes, e.g. `Q(sqrt(2))`. */
  readonly label: string;
  readonly zero: FieldElement;
  readonly one: FieldElement;
  /** The field below (undefined for Q and Q(params)). */
  readonly parent?: Field;
  add(a: FieldElement, b: FieldElement): FieldElement;
  sub(a: FieldElement, b: FieldElement): FieldElement;
  mul(a: FieldElement, b: FieldElement): FieldElement;
  neg(a: FieldElement): FieldElement;
  /** a / b; throws RangeError for b = 0, ZeroDivisorError when the extension is not a field. */
  div(a: FieldElement, b: FieldElement): FieldElement;
  isZero(a: FieldElement): boolean;
  /** The image of a base element: a Rational (for Q) or a RatFunc over the parameters. */
  fromBase(x: Rational | RatFunc): FieldElement;
  /** The image of an element of the parent field. */
  embed(a: FieldElement): FieldElement;
  /** Exact (or, for closed-form-free roots, carefully approximated) sign; undefined when undecidable (parameters). */
  sign(a: FieldElement): -1 | 0 | 1 | undefined;
  /** Some square root of a inside this field, when a is a square here. */
  sqrt(a: FieldElement): FieldElement | undefined;
  /** A closed form; undefined when the tower contains a root without a closed form. */
  toExpr(a: FieldElement): Expr | undefined;
  /** Double value (NaN over Q(params)). */
  approx(a: FieldElement): number;
  /** True when every generator has a closed form (so every element has one). */
  readonly expressible: boolean;
  /** True over Q(params). */
  readonly parametric: boolean;
  /** For K(sqrt(d)) built by `extension` with `sqrtOf`: d, an element of the parent. */
  readonly sqrtRadicand?: FieldElement;
}

// ---------------------------------------------------------------------------
// Q

/** The rationals. Elements are `Rational`. */
export const Q: Field = {
  label: 'Q',
  zero: Rational.ZERO,
  one: Rational.ONE,
  add: (a, b) => (a as Rational).add(b as Rational),
  sub: (a, b) => (a as Rational).sub(b as Rational),
  mul: (a, b) => (a as Rational).mul(b as Rational),
  neg: (a) => (a as Rational).neg(),
  div: (a, b) => {
    if ((b as Rational).isZero) throw new RangeError('division by zero');
    return (a as Rational).div(b as Rational);
  },
  isZero: (a) => (a as Rational).isZero,
  fromBase: (x) => (x instanceof Rational ? x : rfConstValue(x)),
  embed: (a) => a,
  sign: (a) => (a as Rational).sign,
  sqrt: (a) => (a as Rational).root(2n),
  toExpr: (a) => num(a as Rational),
  approx: (a) => (a as Rational).toNumber(),
  expressible: true,
  parametric: false,
};

// ---------------------------------------------------------------------------
// Q(params)

/**
 * The field of rational functions in the parameters. `paramExprs[i]` is the expression
 * a parameter index stands for (a symbol, or a constant atom such as pi or sqrt(2)).
 */
export function ratFuncField(paramExprs: readonly Expr[], signs: SignOracle): Field {
  const n = paramExprs.length;
  const polySign = (p: ZPoly): -1 | 0 | 1 | undefined => signs.polySign(p);
  const field: Field = {
    label: 'Q(params)',
    zero: rfConst(n, Rational.ZERO),
    one: rfConst(n, Rational.ONE),
    add: (a, b) => rfAdd(a as RatFunc, b as RatFunc),
    sub: (a, b) => rfSub(a as RatFunc, b as RatFunc),
    mul: (a, b) => rfMul(a as RatFunc, b as RatFunc),
    neg: (a) => rfNeg(a as RatFunc),
    div: (a, b) => rfDiv(a as RatFunc, b as RatFunc),
    isZero: (a) => rfIsZero(a as RatFunc),
    fromBase: (x) => (x instanceof Rational ? rfConst(n, x) : x),
    embed: (a) => a,
    sign: (a) => {
      const r = a as RatFunc;
      if (rfIsZero(r)) return 0;
      const s1 = polySign(r.num);
      const s2 = polySign(r.den);
      return s1 === undefined || s2 === undefined ? undefined : ((s1 * s2) as -1 | 1);
    },
    sqrt: (a) => {
      const r = a as RatFunc;
      if (rfIsZero(r)) return r;
      // sqrt(N/D) = sqrt(N*D)/D: a square in Q(params) iff N*D is a square polynomial.
      const s = zSqrt(zMul(r.num, r.den));
      return s === undefined ? undefined : rf(s, r.den);
    },
    toExpr: (a) => ratFuncToExpr(a as RatFunc, paramExprs),
    approx: () => NaN,
    expressible: true,
    parametric: true,
  };
  return field;
}

// ---------------------------------------------------------------------------
// Simple algebraic extensions K[s]/(m(s))

/** How the generator of an extension is known. */
export interface Generator {
  /** Monic minimal polynomial over the parent, coefficients low → high, length degree+1. */
  readonly modulus: readonly FieldElement[];
  /** A closed form of s (undefined when there is none, e.g. a root of an irreducible quintic). */
  readonly expr: Expr | undefined;
  /** Double value of s (NaN over parameters). */
  readonly approx: number;
  /**
   * For s = sqrt(d) with s known to be the non-negative root: d. Enables the exact sign
   * algorithm sign(a + b*s) and the square-root test in this field.
   */
  readonly sqrtOf?: FieldElement;
  /** Whether `expr` is known to be the non-negative root (needed for exact signs over parameters). */
  readonly exprNonnegative?: boolean;
  /** Label for notes. */
  readonly label: string;
  /**
   * For s = scale * radical with scale in the parent field: coefficients are multiplied by
   * the scale in the field (where common factors cancel) before printing.
   */
  readonly radical?: Expr;
  readonly scale?: FieldElement;
}

/** K[s]/(m(s)); elements are arrays of parent elements (coefficients of 1, s, s^2, ...). */
export function extension(parent: Field, gen: Generator): Field {
  const d = gen.modulus.length - 1;
  const P = parent;
  const zeroVec = (): FieldElement[] => new Array<FieldElement>(d).fill(P.zero);
  const norm = (v: FieldElement[]): FieldElement[] => v;
  const reduce = (prod: FieldElement[]): FieldElement[] => {
    // prod has length up to 2d-1; reduce with s^d = -(m_0 + ... + m_{d-1} s^{d-1}).
    const r = prod.slice();
    for (let k = r.length - 1; k >= d; k--) {
      const c = r[k]!;
      if (P.isZero(c)) continue;
      for (let j = 0; j < d; j++) r[k - d + j] = P.sub(r[k - d + j]!, P.mul(c, gen.modulus[j]!));
      r[k] = P.zero;
    }
    return r.slice(0, d);
  };
  const mulV = (a: FieldElement[], b: FieldElement[]): FieldElement[] => {
    const prod = new Array<FieldElement>(2 * d - 1).fill(P.zero);
    for (let i = 0; i < d; i++) {
      if (P.isZero(a[i]!)) continue;
      for (let j = 0; j < d; j++) {
        if (P.isZero(b[j]!)) continue;
        prod[i + j] = P.add(prod[i + j]!, P.mul(a[i]!, b[j]!));
      }
    }
    return reduce(prod);
  };
  const isZeroV = (a: FieldElement[]): boolean => a.every((c) => P.isZero(c));
  const inv = (a: FieldElement[]): FieldElement[] => {
    if (isZeroV(a)) throw new RangeError('division by zero');
    if (d === 2 && gen.sqrtOf !== undefined) {
      // (x + y s)^-1 = (x - y s) / (x^2 - y^2 dd)
      const [x, y] = a as [FieldElement, FieldElement];
      const nrm = P.sub(P.mul(x, x), P.mul(P.mul(y, y), gen.sqrtOf));
      if (P.isZero(nrm)) throw new ZeroDivisorError(`zero divisor in ${gen.label}`);
      return [P.div(x, nrm), P.div(P.neg(y), nrm)];
    }
    // Extended Euclid over the parent: u*a + v*m = 1.
    const [g, u] = extGcd(P, trim(P, a.slice()), trim(P, gen.modulus.slice()));
    if (g.length !== 1) throw new ZeroDivisorError(`zero divisor in ${gen.label}`);
    const scale = P.div(P.one, g[0]!);
    const out = zeroVec();
    u.forEach((c, i) => {
      out[i] = P.mul(c, scale);
    });
    return out;
  };
  const signOf = (a: FieldElement[]): -1 | 0 | 1 | undefined => {
    if (isZeroV(a)) return 0;
    if (a.slice(1).every((c) => P.isZero(c))) return P.sign(a[0]!);
    if (d === 2 && gen.sqrtOf !== undefined && (gen.exprNonnegative ?? !P.parametric)) {
      // sign(x + y s), s = +sqrt(dd) > 0: exact, from the signs of x, y and x^2 - y^2 dd.
      const sx = P.sign(a[0]!);
      const sy = P.sign(a[1]!);
      if (sx === undefined || sy === undefined) return undefined;
      if (sx === 0) return sy;
      if (sy === 0 || sx === sy) return sx;
      const t = P.sign(P.sub(P.mul(a[0]!, a[0]!), P.mul(P.mul(a[1]!, a[1]!), gen.sqrtOf)));
      if (t === undefined) return undefined;
      return t === 0 ? 0 : t > 0 ? sx : sy; // t = 0 cannot happen in a field (x = -y s would make s rational)
    }
    // Generic: a double approximation with a margin proportional to the terms' magnitudes.
    const v = approxV(a);
    const mag = magnitude(a);
    if (!Number.isFinite(v) || Math.abs(v) <= 1e-9 * (1 + mag)) return undefined;
    return v > 0 ? 1 : -1;
  };
  const approxV = (a: FieldElement[]): number => {
    let v = 0;
    for (let i = d - 1; i >= 0; i--) v = v * gen.approx + P.approx(a[i]!);
    return v;
  };
  const magnitude = (a: FieldElement[]): number => {
    let m = 0;
    let p = 1;
    for (let i = 0; i < d; i++) {
      m += Math.abs(P.approx(a[i]!)) * p;
      p *= Math.abs(gen.approx);
    }
    return m;
  };
  const field: Field = {
    label: `${P.label}(${gen.label})`,
    zero: zeroVec(),
    one: (() => {
      const v = zeroVec();
      v[0] = P.one;
      return v;
    })(),
    parent: P,
    add: (a, b) => norm((a as FieldElement[]).map((c, i) => P.add(c, (b as FieldElement[])[i]!))),
    sub: (a, b) => norm((a as FieldElement[]).map((c, i) => P.sub(c, (b as FieldElement[])[i]!))),
    neg: (a) => (a as FieldElement[]).map((c) => P.neg(c)),
    mul: (a, b) => mulV(a as FieldElement[], b as FieldElement[]),
    div: (a, b) => mulV(a as FieldElement[], inv(b as FieldElement[])),
    isZero: (a) => isZeroV(a as FieldElement[]),
    fromBase: (x) => field.embed(P.fromBase(x)),
    embed: (a) => {
      const v = zeroVec();
      v[0] = a;
      return v;
    },
    sign: (a) => signOf(a as FieldElement[]),
    sqrt: (a) => sqrtIn(a as FieldElement[]),
    toExpr: (a) => {
      if (gen.expr === undefined) {
        const v = a as FieldElement[];
        if (v.slice(1).every((c) => P.isZero(c))) return P.toExpr(v[0]!);
        return undefined;
      }
      const terms: Expr[] = [];
      const v = a as FieldElement[];
      if (d === 2 && gen.radical !== undefined && gen.scale !== undefined) {
        const c0 = P.toExpr(v[0]!);
        const c1 = P.toExpr(P.mul(v[1]!, gen.scale));
        if (c0 === undefined || c1 === undefined) return undefined;
        if (!P.isZero(v[0]!)) terms.push(c0);
        if (!P.isZero(v[1]!)) {
          if (c1.kind === 'add') for (const t of c1.terms) terms.push(mul(t, gen.radical));
          else terms.push(mul(c1, gen.radical));
        }
        return terms.length === 0 ? num(0) : add(...terms);
      }
      for (let i = 0; i < d; i++) {
        if (P.isZero(v[i]!)) continue;
        const c = P.toExpr(v[i]!);
        if (c === undefined) return undefined;
        if (i === 0) terms.push(c);
        else {
          // Distribute over a sum coefficient: a*s + b*s reads better than (a + b)*s.
          const g = pow(gen.expr, num(i));
          if (c.kind === 'add') for (const t of c.terms) terms.push(mul(t, g));
          else terms.push(mul(c, g));
        }
      }
      return terms.length === 0 ? num(0) : add(...terms);
    },
    approx: (a) => approxV(a as FieldElement[]),
    expressible: P.expressible && gen.expr !== undefined,
    parametric: P.parametric,
    ...(gen.sqrtOf !== undefined && d === 2 ? { sqrtRadicand: gen.sqrtOf } : {}),
  };
  const sqrtIn = (a: FieldElement[]): FieldElement[] | undefined => {
    if (isZeroV(a)) return a;
    if (a.slice(1).every((c) => P.isZero(c))) {
      const r = P.sqrt(a[0]!);
      if (r !== undefined) return field.embed(r) as FieldElement[];
      if (d === 2 && gen.sqrtOf !== undefined) {
        // a = u^2 * dd  =>  sqrt(a) = u * s
        const u = P.sqrt(P.div(a[0]!, gen.sqrtOf));
        if (u !== undefined) return [P.zero, u];
      }
      return undefined;
    }
    if (d === 2 && gen.sqrtOf !== undefined) {
      // (u + v s)^2 = x + y s  <=>  u^2 + v^2 dd = x, 2uv = y; u^2 = (x ± sqrt(x^2 - y^2 dd)) / 2.
      const [x, y] = a as [FieldElement, FieldElement];
      const nn = P.sqrt(P.sub(P.mul(x, x), P.mul(P.mul(y, y), gen.sqrtOf)));
      if (nn === undefined) return undefined;
      const half = P.fromBase(Rational.of(1n, 2n));
      for (const cand of [P.mul(P.add(x, nn), half), P.mul(P.sub(x, nn), half)]) {
        const u = P.sqrt(cand);
        if (u === undefined || P.isZero(u)) continue;
        const v = P.div(y, P.mul(P.fromBase(Rational.of(2n)), u));
        return [u, v];
      }
    }
    return undefined;
  };
  return field;
}

/** Drops leading zero coefficients of a dense polynomial over a field. */
export function trim(F: Field, p: FieldElement[]): FieldElement[] {
  while (p.length > 0 && F.isZero(p[p.length - 1]!)) p.pop();
  return p;
}

/** Extended Euclid for dense polynomials over a field: returns [g, u] with u*a ≡ g (mod m), g monic-free. */
function extGcd(F: Field, a: FieldElement[], m: FieldElement[]): [FieldElement[], FieldElement[]] {
  let r0 = m;
  let r1 = a;
  let s0: FieldElement[] = [];
  let s1: FieldElement[] = [F.one];
  while (r1.length > 0) {
    const [q, r] = polyDivMod(F, r0, r1);
    r0 = r1;
    r1 = r;
    const t = polySub(F, s0, polyMul(F, q, s1));
    s0 = s1;
    s1 = t;
  }
  return [r0, s0];
}

/** Dense polynomial arithmetic over a field (coefficients low → high, trimmed). */
export function polyMul(F: Field, a: readonly FieldElement[], b: readonly FieldElement[]): FieldElement[] {
  if (a.length === 0 || b.length === 0) return [];
  const out = new Array<FieldElement>(a.length + b.length - 1).fill(F.zero);
  for (let i = 0; i < a.length; i++) {
    if (F.isZero(a[i]!)) continue;
    for (let j = 0; j < b.length; j++) out[i + j] = F.add(out[i + j]!, F.mul(a[i]!, b[j]!));
  }
  return trim(F, out);
}
/** a - b */
export function polySub(F: Field, a: readonly FieldElement[], b: readonly FieldElement[]): FieldElement[] {
  const n = Math.max(a.length, b.length);
  const out: FieldElement[] = [];
  for (let i = 0; i < n; i++) out.push(F.sub(a[i] ?? F.zero, b[i] ?? F.zero));
  return trim(F, out);
}
/** Quotient and remainder of a by b (b nonzero). */
export function polyDivMod(F: Field, a: readonly FieldElement[], b: readonly FieldElement[]): [FieldElement[], FieldElement[]] {
  const r = a.slice();
  trim(F, r);
  if (b.length === 0) throw new RangeError('polynomial division by zero');
  const db = b.length - 1;
  const lcInv = F.div(F.one, b[db]!);
  const q = new Array<FieldElement>(Math.max(0, r.length - db)).fill(F.zero);
  while (r.length - 1 >= db && r.length > 0) {
    const k = r.length - 1 - db;
    const c = F.mul(r[r.length - 1]!, lcInv);
    q[k] = c;
    for (let j = 0; j <= db; j++) r[k + j] = F.sub(r[k + j]!, F.mul(c, b[j]!));
    r[r.length - 1] = F.zero; // exact cancellation of the leading term
    trim(F, r);
  }
  return [trim(F, q), r];
}
/** Monic gcd of two polynomials over a field. */
export function polyGcd(F: Field, a: readonly FieldElement[], b: readonly FieldElement[]): FieldElement[] {
  let x = trim(F, a.slice());
  let y = trim(F, b.slice());
  while (y.length > 0) {
    const [, r] = polyDivMod(F, x, y);
    x = y;
    y = r;
  }
  return polyMonic(F, x);
}
/** p divided by its leading coefficient. */
export function polyMonic(F: Field, p: readonly FieldElement[]): FieldElement[] {
  if (p.length === 0) return [];
  const inv = F.div(F.one, p[p.length - 1]!);
  return p.map((c) => F.mul(c, inv));
}
/** Derivative. */
export function polyDeriv(F: Field, p: readonly FieldElement[]): FieldElement[] {
  const out: FieldElement[] = [];
  for (let i = 1; i < p.length; i++) out.push(F.mul(F.fromBase(Rational.of(BigInt(i))), p[i]!));
  return trim(F, out);
}
/** Embeds an element of `from` into `to`, which must be `from` or an extension above it. */
export function embedInto(to: Field, from: Field, a: FieldElement): FieldElement {
  if (to === from) return a;
  if (!to.parent) throw new Error(`cannot embed ${from.label} into ${to.label}`);
  return to.embed(embedInto(to.parent, from, a));
}

/**
 * A simplified square root of an element of Q or Q(params) (the base of a tower): the
 * closed form used as the generator's expression. Over Q, sqrt(n/m) = (k/m)*sqrt(r) with r
 * free of small square factors; over Q(params), sqrt(N/D) = sqrt(N*D)/D with square
 * factors pulled out and the radical split where each factor is provably non-negative.
 * Returns the expression and whether it is known to be the non-negative root.
 */
export function baseSqrtExpr(
  F: Field,
  d: FieldElement,
  signs: SignOracle | undefined,
  paramExprs: readonly Expr[],
): { expr: Expr; nonnegative: boolean; radical?: Expr; scale?: FieldElement } {
  if (!F.parametric && F.parent === undefined) {
    const r = d as Rational;
    const [k, rest] = squarePart(r.num * r.den);
    const radical = rest === 1n ? ONE : sqrtExpr(num(rest));
    const scale = Rational.of(k, r.den);
    return { expr: mul(num(scale), radical), nonnegative: true, radical, scale };
  }
  if (F.parametric && F.parent === undefined) {
    const r = d as RatFunc;
    const nd = zMul(r.num, r.den);
    const { nonnegative, outside, radical } = sqrtOfPolyExpr(nd, paramExprs, signs!);
    const denSign = signs!.polySign(r.den);
    // sqrt(N/D) = outside * radical / D: the rational part is a field element, so it cancels
    // against coefficients before anything is printed.
    const scale = rf(outside, r.den);
    return { expr: mul(ratFuncToExpr(scale, paramExprs), radical), nonnegative: nonnegative && (zIsConst(r.den) || denSign === 1), radical, scale };
  }
  const inner = F.toExpr(d);
  return { expr: inner === undefined ? num(0) : sqrtExpr(inner), nonnegative: true };
}
