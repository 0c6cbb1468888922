/**
 * Real roots of a univariate polynomial whose coefficients lie in one of the exact fields
 * (Q, Q(params), or a tower above them). Each root is returned as an element of a field
 * (possibly a new extension), so back-substitution can continue exactly.
 *
 * Over Q: square-free part, rational roots (rational root theorem on isolated roots),
 * factorisation by recombination of numerical roots, then per irreducible factor:
 * quadratics (Q(sqrt(d))), biquadratics (a tower of two square roots), pure powers
 * x^k = c, cubics with one real root (Cardano, checked against the isolated root), and
 * otherwise the exactly isolated real roots as generators without a closed form.
 * Over other fields: linear, quadratic (with a square-root test before extending),
 * biquadratic; anything else is reported as unsolved (the caller goes numeric).
 */
import { Rational, add, gcd, lcm, mul, neg, num, pow, sub, type Expr } from '../expr/index.js';
import { zDivInt, zIntContent, zMul } from './poly/mpoly.js';
import { zSqrt } from './poly/zsqrt.js';
import { polyToExpr, squarePart } from './poly/toexpr.js';
import type { RatFunc } from './poly/ratfunc.js';
import {
  Q,
  embedInto,
  baseSqrtExpr,
  extension,
  polyDeriv,
  polyDivMod,
  polyGcd,
  polyMonic,
  trim,
  type FieldElement,
  type Field,
} from './poly/fields.js';
import { factorSquareFree } from './poly/factor.js';
import {
  isolateRealRoots,
  rationalRoots,
  refineRoot,
  uDivExact,
  uPrimitive,
  uSquareFree,
  type UPoly,
} from './poly/upoly.js';
import type { SignOracle } from './poly/toexpr.js';
import { evaluate } from '../compile/index.js';

/** A root: an element of `field` (an extension of the field the polynomial was over). */
export interface FieldRoot {
  readonly field: Field;
  readonly value: FieldElement;
}

/** A condition produced while solving (a radicand that must be non-negative). */
export interface RootCondition {
  readonly expr: Expr;
  readonly relation: 'nonnegative' | 'nonzero' | 'positive';
}

/** The outcome of solving one univariate polynomial. */
export interface UnivariateOutcome {
  readonly roots: FieldRoot[];
  /** Conditions per root (same index as roots), for parametric radicands. */
  readonly conditions: RootCondition[][];
  /** True when these are all the real roots. */
  readonly solved: boolean;
  readonly notes: string[];
}

/** Context: sign knowledge and parameter expressions for closed forms over Q(params). */
export interface UnivariateContext {
  readonly signs?: SignOracle;
  readonly paramExprs: readonly Expr[];
}

/** Solves p(x) = 0 over F (coefficients low → high). */
export function solveUnivariate(F: Field, coeffs: readonly FieldElement[], ctx: UnivariateContext): UnivariateOutcome {
  let p = trim(F, coeffs.slice());
  if (p.length <= 1) return { roots: [], conditions: [], solved: true, notes: [] };
  if (F === Q) return solveOverQ(p.map((c) => c as Rational));
  // Square-free part.
  const g = polyGcd(F, p, polyDeriv(F, p));
  if (g.length > 1) p = polyDivMod(F, p, g)[0];
  p = polyMonic(F, p);
  const roots: FieldRoot[] = [];
  const conditions: RootCondition[][] = [];
  if (F.isZero(p[0]!)) {
    roots.push({ field: F, value: F.zero });
    conditions.push([]);
    p = p.slice(1);
  }
  const deg = p.length - 1;
  const push = (out: UnivariateOutcome): UnivariateOutcome => ({
    roots: [...roots, ...out.roots],
    conditions: [...conditions, ...out.conditions],
    solved: out.solved,
    notes: out.notes,
  });
  if (deg <= 0) return { roots, conditions, solved: true, notes: [] };
  if (deg === 1) return push({ roots: [{ field: F, value: F.neg(p[0]!) }], conditions: [[]], solved: true, notes: [] });
  if (deg === 2) return push(quadraticRoots(F, p[0]!, p[1]!, p[2]!, ctx));
  if (deg === 4 && F.isZero(p[1]!) && F.isZero(p[3]!)) return push(biquadraticRoots(F, p[0]!, p[2]!, p[4]!, ctx));
  return push({ roots: [], conditions: [], solved: false, notes: [`no exact method for a degree-${deg} polynomial over ${F.label}`] });
}

/** Roots of c0 + c1 x + c2 x^2 over F: in F when the discriminant is a square there, else in F(sqrt(disc)). */
export function quadraticRoots(F: Field, c0: FieldElement, c1: FieldElement, c2: FieldElement, ctx: UnivariateContext): UnivariateOutcome {
  const two = F.fromBase(Rational.of(2n));
  const four = F.fromBase(Rational.of(4n));
  const disc = F.sub(F.mul(c1, c1), F.mul(four, F.mul(c0, c2)));
  const s = F.sign(disc);
  const twoA = F.mul(two, c2);
  const center = F.div(F.neg(c1), twoA);
  if (s === -1) return { roots: [], conditions: [], solved: true, notes: [] };
  if (s === 0 || F.isZero(disc)) return { roots: [{ field: F, value: center }], conditions: [[]], solved: true, notes: [] };
  const conds: RootCondition[] = [];
  if (s === undefined) {
    const de = signExpr(F, disc, ctx);
    if (de !== undefined) conds.push({ expr: de, relation: 'nonnegative' });
  }
  const r = F.sqrt(disc);
  if (r !== undefined) {
    const half = F.div(r, twoA);
    return {
      roots: [
        { field: F, value: F.add(center, half) },
        { field: F, value: F.sub(center, half) },
      ],
      conditions: [conds, conds],
      solved: true,
      notes: [],
    };
  }
  const K = sqrtExtension(F, disc, ctx);
  const sK = K.sqrtOfD;
  const halfK = K.field.div(sK, K.field.embed(twoA));
  const cK = K.field.embed(center);
  return {
    roots: [
      { field: K.field, value: K.field.add(cK, halfK) },
      { field: K.field, value: K.field.sub(cK, halfK) },
    ],
    conditions: [conds, conds],
    solved: true,
    notes: [],
  };
}

/**
 * An expression with the sign of d, for conditions: over Q(params), N/D has the sign of
 * N*D, and of N alone when D is a square; integer content is dropped (4*a >= 0 is a >= 0).
 */
function signExpr(F: Field, d: FieldElement, ctx: UnivariateContext): Expr | undefined {
  if (!(F.parametric && F.parent === undefined)) return F.toExpr(d);
  const r = d as RatFunc;
  const p = zSqrt(r.den) !== undefined ? r.num : zMul(r.num, r.den);
  const c = zIntContent(p);
  return polyToExpr(zDivInt(p, c < 0n ? -c : c), ctx.paramExprs);
}

/** F(sqrt(d)) for d not a square in F, with the simplified closed form of sqrt(d). */
function sqrtExtension(F: Field, d: FieldElement, ctx: UnivariateContext): { field: Field; sqrtOfD: FieldElement } {
  if (F === Q) {
    // Q(sqrt(n/m)) = Q(sqrt(r)) with n*m = k^2 r, r free of small squares: one canonical
    // generator per field, so contents and denestings are seen (sqrt(8) is 2 sqrt(2)).
    const dq = d as Rational;
    const [k, r] = squarePart(dq.num * dq.den);
    const rr = Rational.of(r);
    const field = extension(Q, {
      modulus: [rr.neg(), Q.zero, Q.one],
      expr: r === 1n ? num(1) : pow(num(rr), num(Rational.of(1n, 2n))),
      approx: Math.sqrt(Number(r)),
      sqrtOf: rr,
      exprNonnegative: true,
      label: `sqrt(${r})`,
    });
    return { field, sqrtOfD: [Q.zero, Rational.of(k, dq.den)] };
  }
  const isBase = F.parent === undefined;
  let expr: Expr | undefined;
  let nonnegative = true;
  let parts: { radical?: Expr; scale?: FieldElement } = {};
  if (isBase) {
    const r = baseSqrtExpr(F, d, ctx.signs, ctx.paramExprs);
    expr = r.expr;
    nonnegative = r.nonnegative;
    if (r.radical !== undefined && r.scale !== undefined) parts = { radical: r.radical, scale: r.scale };
  } else {
    expr = denest(F, d, ctx) ?? contentSqrt(F, d);
    if (expr === undefined) {
      const inner = F.toExpr(d);
      expr = inner === undefined ? undefined : pow(inner, num(Rational.of(1n, 2n)));
    }
  }
  const approx = Math.sqrt(F.approx(d));
  const label = expr !== undefined && !F.parametric ? `sqrt(${F.approx(d).toPrecision(6)})` : 'sqrt';
  const field = extension(F, { modulus: [F.neg(d), F.zero, F.one], expr, approx, sqrtOf: d, exprNonnegative: nonnegative, label, ...parts });
  return { field, sqrtOfD: [F.zero, F.one] };
}

/**
 * sqrt(a + b sqrt(D)) = sqrt((a + c)/2) + sign(b) sqrt((a - c)/2) when a^2 - b^2 D = c^2 is a
 * square in the base field (a > 0 whenever a + b sqrt(D) > 0 and the identity applies).
 * Over Q only (signs are exact there): x^4 - 10x^2 + 1 then has the roots ±sqrt(2) ± sqrt(3).
 */
function denest(F: Field, d: FieldElement, ctx: UnivariateContext): Expr | undefined {
  const P = F.parent;
  if (P !== Q || F.sqrtRadicand === undefined) return undefined;
  const [a, b] = d as [Rational, Rational];
  if (b.isZero || a.sign <= 0) return undefined;
  const D = F.sqrtRadicand as Rational;
  const c = a.mul(a).sub(b.mul(b).mul(D)).root(2n);
  if (c === undefined) return undefined;
  const half = Rational.of(1n, 2n);
  const p = a.add(c).mul(half);
  const q = a.sub(c).mul(half);
  if (p.sign < 0 || q.sign < 0) return undefined;
  const sp = baseSqrtExpr(Q, p, ctx.signs, []).expr;
  const sq = baseSqrtExpr(Q, q, ctx.signs, []).expr;
  return b.sign > 0 ? add(sp, sq) : sub(sp, sq);
}

/**
 * sqrt(c * d') with c the positive rational content of d in Q(sqrt(D)): the square part of c
 * comes out of the radical (sqrt(4 sqrt(2) - 4) = 2 sqrt(sqrt(2) - 1)).
 */
function contentSqrt(F: Field, d: FieldElement): Expr | undefined {
  if (F.parent !== Q || F.sqrtRadicand === undefined) return undefined;
  const [a, b] = d as [Rational, Rational];
  const nums = [a, b].filter((x) => !x.isZero);
  let g = 0n;
  let l = 1n;
  for (const x of nums) {
    g = gcd(g, x.num);
    l = lcm(l, x.den);
  }
  if (g === 0n) return undefined;
  const c = Rational.of(g, l);
  const [k, r] = squarePart(c.num * c.den);
  if (k === 1n && c.den === 1n) return undefined;
  const scaled = F.mul(d, F.fromBase(Rational.of(r).div(c))); // r * d / c
  const inner = F.toExpr(scaled);
  if (inner === undefined) return undefined;
  return mul(num(Rational.of(k, c.den)), pow(inner, num(Rational.of(1n, 2n))));
}

/** Roots of c0 + c2 x^2 + c4 x^4: y = x^2 from the quadratic, then x = ±sqrt(y) for y > 0. */
function biquadraticRoots(F: Field, c0: FieldElement, c2: FieldElement, c4: FieldElement, ctx: UnivariateContext): UnivariateOutcome {
  const ys = quadraticRoots(F, c0, c2, c4, ctx);
  const roots: FieldRoot[] = [];
  const conditions: RootCondition[][] = [];
  ys.roots.forEach((y, i) => {
    const K = y.field;
    const sy = K.sign(y.value);
    if (sy === -1) return;
    const extra: RootCondition[] = [...ys.conditions[i]!];
    if (sy === undefined) {
      const ye = K.toExpr(y.value);
      if (ye !== undefined) extra.push({ expr: ye, relation: 'nonnegative' });
    }
    const xs = quadraticRoots(K, K.neg(y.value), K.zero, K.one, ctx);
    xs.roots.forEach((x, j) => {
      roots.push(x);
      conditions.push([...extra, ...xs.conditions[j]!]);
    });
  });
  return { roots, conditions, solved: ys.solved, notes: ys.notes };
}

// ---------------------------------------------------------------------------
// Over Q

function toIntegerPoly(coeffs: readonly Rational[]): UPoly {
  let l = 1n;
  for (const c of coeffs) l = lcm(l, c.den);
  return coeffs.map((c) => (c.num * l) / c.den);
}

/** All real roots of a polynomial over Q, exactly (closed forms where available). */
export function solveOverQ(coeffs: readonly Rational[]): UnivariateOutcome {
  const p = uSquareFree(uPrimitive(toIntegerPoly(coeffs)));
  const roots: FieldRoot[] = [];
  const notes: string[] = [];
  if (p.length <= 1) return { roots, conditions: [], solved: true, notes };
  let rest = p;
  for (const r of rationalRoots(p)) {
    roots.push({ field: Q, value: r });
    rest = uDivExact(rest, [-r.num, r.den])!;
  }
  rest = uPrimitive(rest);
  if (rest.length > 1) {
    for (const h of factorSquareFree(rest)) roots.push(...irreducibleRoots(h, notes));
  }
  return { roots, conditions: roots.map(() => []), solved: true, notes };
}

/** Real roots of a primitive polynomial with no rational roots (irreducible as far as we can tell). */
function irreducibleRoots(h: UPoly, notes: string[]): FieldRoot[] {
  const deg = h.length - 1;
  const lc = Rational.of(h[deg]!);
  const monic: Rational[] = h.map((c) => Rational.of(c).div(lc));
  if (deg === 1) return [{ field: Q, value: monic[0]!.neg() }];
  if (deg === 2) return quadraticRoots(Q, monic[0]!, monic[1]!, monic[2]!, { paramExprs: [] }).roots;
  if (deg === 4 && h[1] === 0n && h[3] === 0n) {
    return biquadraticRoots(Q, monic[0]!, monic[2]!, monic[4]!, { paramExprs: [] }).roots;
  }
  const intervals = isolateRealRoots(h);
  const approxRoots = intervals.map((iv) => refineRoot(h, iv));
  if (approxRoots.length === 0) return [];
  if (deg === 4) {
    const viaFerrari = ferrariRoots(monic);
    if (viaFerrari && viaFerrari.length === approxRoots.length) return viaFerrari;
  }
  const generator = (): FieldElement[] => {
    const v = new Array<FieldElement>(deg).fill(Q.zero);
    v[1] = Q.one;
    return v;
  };
  // Pure power x^k = c.
  if (h.slice(1, deg).every((c) => c === 0n)) {
    const c = monic[0]!.neg();
    const mag = pow(num(c.abs()), num(Rational.of(1n, BigInt(deg))));
    const modulus = monic as FieldElement[];
    const out: FieldRoot[] = [];
    // One generator s = the real root with the sign of c (odd k) or the positive root (even k); -s is the other.
    const positive = c.sign > 0;
    const sExpr = positive ? mag : neg(mag);
    const sApprox = (positive ? 1 : -1) * Math.abs(c.toNumber()) ** (1 / deg);
    const K = extension(Q, { modulus, expr: sExpr, approx: sApprox, label: `${c}^(1/${deg})` });
    out.push({ field: K, value: generator() });
    if (deg % 2 === 0) out.push({ field: K, value: K.neg(generator()) });
    return out;
  }
  const out: FieldRoot[] = [];
  let cardano: Expr | undefined;
  if (deg === 3 && approxRoots.length === 1) {
    cardano = cardanoRoot(monic);
    if (cardano !== undefined) {
      const v = evaluate(cardano, {});
      if (!(Math.abs(v - approxRoots[0]!) <= 1e-9 * (1 + Math.abs(v)))) {
        notes.push('Cardano closed form disagreed with the isolated root; kept the root numerically');
        cardano = undefined;
      }
    }
  }
  for (const a of approxRoots) {
    const K = extension(Q, { modulus: monic as FieldElement[], expr: cardano, approx: a, label: cardano ? 'cardano' : `root≈${a.toPrecision(8)}` });
    out.push({ field: K, value: generator() });
  }
  return out;
}

/**
 * Ferrari's method for an irreducible monic quartic whose resolvent cubic has a positive
 * rational root m: with x = y - a3/4 and y^4 + p y^2 + q y + r,
 *   y^4 + p y^2 + q y + r = (y^2 + p/2 + m)^2 - 2m (y - q/(4m))^2,
 * a product of two quadratics over Q(sqrt(2m)), each solved exactly (a tower of square
 * roots). Undefined when the resolvent has no such root (the roots then need cube roots
 * of complex numbers, which the expressions cannot hold).
 */
function ferrariRoots(m4: readonly Rational[]): FieldRoot[] | undefined {
  const [a0, a1, a2, a3] = [m4[0]!, m4[1]!, m4[2]!, m4[3]!];
  const R = (n: bigint, d: bigint = 1n): Rational => Rational.of(n, d);
  const p = a2.sub(R(3n, 8n).mul(a3).mul(a3));
  const q = a1.sub(a3.mul(a2).mul(R(1n, 2n))).add(a3.mul(a3).mul(a3).mul(R(1n, 8n)));
  const r = a0
    .sub(a3.mul(a1).mul(R(1n, 4n)))
    .add(a3.mul(a3).mul(a2).mul(R(1n, 16n)))
    .sub(a3.mul(a3).mul(a3).mul(a3).mul(R(3n, 256n)));
  if (q.isZero) return undefined; // biquadratic in y: handled by the caller's other paths
  // Resolvent 8m^3 + 8p m^2 + (2p^2 - 8r) m - q^2 = 0.
  const res = toIntegerPoly([q.mul(q).neg(), p.mul(p).mul(R(2n)).sub(r.mul(R(8n))), p.mul(R(8n)), R(8n)]);
  const m = rationalRoots(uSquareFree(uPrimitive(res))).find((x) => x.sign > 0);
  if (m === undefined) return undefined;
  const ctx: UnivariateContext = { paramExprs: [] };
  const K = sqrtExtension(Q, m.mul(R(2n)), ctx);
  const F = K.field;
  const s = K.sqrtOfD; // sqrt(2m) in F
  const base = F.fromBase(p.mul(R(1n, 2n)).add(m));
  const shiftTerm = F.mul(s, F.fromBase(q.div(m.mul(R(4n)))));
  const shift = F.fromBase(a3.mul(R(1n, 4n)));
  const out: FieldRoot[] = [];
  for (const sign of [1, -1]) {
    const c1 = sign > 0 ? F.neg(s) : s;
    const c0 = sign > 0 ? F.add(base, shiftTerm) : F.sub(base, shiftTerm);
    for (const y of quadraticRoots(F, c0, c1, F.one, ctx).roots) {
      out.push({ field: y.field, value: y.field.sub(y.value, embedInto(y.field, F, shift)) });
    }
  }
  return out;
}

/**
 * The real root of a monic cubic with one real root (negative discriminant), by Cardano's
 * formula with real cube roots written as ±(positive)^(1/3) so every radicand is positive.
 */
function cardanoRoot(m: readonly Rational[]): Expr | undefined {
  const [c, b, a] = [m[0]!, m[1]!, m[2]!];
  const third = Rational.of(1n, 3n);
  const p = b.sub(a.mul(a).mul(third));
  const q = a.mul(a).mul(a).mul(Rational.of(2n, 27n)).sub(a.mul(b).mul(third)).add(c);
  const D = q.mul(q).mul(Rational.of(1n, 4n)).add(p.mul(p).mul(p).mul(Rational.of(1n, 27n)));
  if (D.sign <= 0) return undefined;
  const shift = num(a.mul(third).neg());
  const halfQ = q.mul(Rational.of(-1n, 2n));
  const sqrtD = baseSqrtExpr(Q, D, undefined, []).expr;
  const cbrt = (e: Expr, approxValue: number): Expr => {
    const oneThird = num(third);
    return approxValue >= 0 ? pow(e, oneThird) : neg(pow(neg(e), oneThird));
  };
  const sD = Math.sqrt(D.toNumber());
  const u = add(num(halfQ), sqrtD);
  const v = sub(num(halfQ), sqrtD);
  if (p.isZero) {
    // t^3 = -q: t = cbrt(-q)
    return add(cbrt(num(q.neg()), -q.toNumber()), shift);
  }
  return add(cbrt(u, halfQ.toNumber() + sD), cbrt(v, halfQ.toNumber() - sD), shift);
}

