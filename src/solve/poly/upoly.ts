/**
 * Dense univariate polynomials with integer coefficients (bigint, low → high):
 * square-free part, exact real root isolation (Descartes' rule of signs with bisection,
 * the Collins–Akritas / Vincent method), refinement by exact bisection to full double
 * precision, and rational roots. Factorisation over Q is in factor.ts.
 */
import { Rational } from '../../expr/index.js';
import { zDerivative, zDivExact, zFromTerms, zGcd, zPrimitive, type ZPoly } from './mpoly.js';

/** Integer coefficients, index = degree, no trailing zeros (except for the zero polynomial, []). */
export type UPoly = bigint[];

const abs = (a: bigint): bigint => (a < 0n ? -a : a);

/** Removes trailing zero coefficients. */
export function uTrim(p: UPoly): UPoly {
  while (p.length > 0 && p[p.length - 1] === 0n) p.pop();
  return p;
}
function toZ(p: UPoly): ZPoly {
  return zFromTerms(1, p.map((c, i) => ({ e: [i], c })));
}
function fromZ(z: ZPoly): UPoly {
  const out: bigint[] = [];
  for (const t of z.terms) {
    const d = t.e[0]!;
    while (out.length <= d) out.push(0n);
    out[d] = t.c;
  }
  return uTrim(out);
}

/** Primitive part with positive leading coefficient. */
export function uPrimitive(p: UPoly): UPoly {
  return fromZ(zPrimitive(toZ(p)));
}
/** Exact quotient a / b, or undefined. */
export function uDivExact(a: UPoly, b: UPoly): UPoly | undefined {
  const q = zDivExact(toZ(a), toZ(b));
  return q === undefined ? undefined : fromZ(q);
}
/** Square-free part (primitive). */
export function uSquareFree(p: UPoly): UPoly {
  const z = toZ(p);
  const g = zGcd(z, zDerivative(z, 0));
  return fromZ(zPrimitive(zDivExact(z, g)!));
}

/** Sign at a rational, exactly. */
export function uSignAt(p: UPoly, x: Rational): -1 | 0 | 1 {
  const n = x.num;
  const d = x.den;
  let acc = 0n;
  let dp = 1n;
  for (let i = p.length - 1; i >= 0; i--) {
    acc = acc * n + p[i]! * dp;
    dp *= d;
  }
  // dp ends as d^(len) > 0; acc = d^(deg) * p(x) * ... with positive scaling.
  return acc > 0n ? 1 : acc < 0n ? -1 : 0;
}
function variations(c: readonly bigint[]): number {
  let v = 0;
  let last = 0;
  for (const x of c) {
    if (x === 0n) continue;
    const s = x > 0n ? 1 : -1;
    if (last !== 0 && s !== last) v++;
    last = s;
  }
  return v;
}
function taylorShift1(p: readonly bigint[]): bigint[] {
  const a = p.slice();
  const n = a.length - 1;
  for (let i = 0; i < n; i++) for (let j = n - 1; j >= i; j--) a[j] = a[j]! + a[j + 1]!;
  return a;
}

/** An isolating interval (lo, hi) containing exactly one real root, or an exact root (lo = hi). */
export interface RootInterval {
  readonly lo: Rational;
  readonly hi: Rational;
}

/**
 * Isolates the real roots of a square-free integer polynomial: disjoint intervals, each
 * holding exactly one root, in increasing order. Exact (no floating point).
 */
export function isolateRealRoots(p: UPoly): RootInterval[] {
  p = uTrim(p.slice());
  const out: RootInterval[] = [];
  if (p.length <= 1) return out;
  let q = p;
  if (q[0] === 0n) {
    out.push({ lo: Rational.ZERO, hi: Rational.ZERO });
    let k = 0;
    while (q[k] === 0n) k++;
    q = q.slice(k);
  }
  const pos = isolatePositive(q);
  const neg = isolatePositive(q.map((c, i) => (i % 2 === 1 ? -c : c))).map((r) => ({ lo: r.hi.neg(), hi: r.lo.neg() }));
  if (out.length === 0) return [...neg.reverse(), ...pos];
  // 0 is a root: the intervals next to it must not reach it, or refining them on p finds 0.
  const away = (iv: RootInterval): RootInterval => awayFromZero(q, iv);
  return [...neg.reverse().map(away), ...out, ...pos.map(away)];
}

/**
 * An interval (0, hi) or (lo, 0) holding one root of q (q(0) != 0) shrunk by exact
 * bisection until its end is away from 0.
 */
function awayFromZero(q: UPoly, iv: RootInterval): RootInterval {
  if (!iv.lo.isZero && !iv.hi.isZero) return iv;
  const s0 = uSignAt(q, Rational.ZERO);
  let { lo, hi } = iv;
  for (;;) {
    const end = lo.isZero ? hi : lo; // the end away from 0
    const mid = end.div(Rational.of(2n));
    const sm = uSignAt(q, mid);
    if (sm === 0) return { lo: mid, hi: mid };
    // Same sign as at 0: the one root lies between mid and the far end.
    if (sm === s0) return lo.isZero ? { lo: mid, hi } : { lo, hi: mid };
    if (lo.isZero) hi = mid;
    else lo = mid;
  }
}

/** Roots in (0, inf) of p with p(0) != 0. */
function isolatePositive(p: UPoly): RootInterval[] {
  const n = p.length - 1;
  if (n < 1) return [];
  // Bound: every positive root < 2^b with 2^b >= 1 + max |a_i / a_n| (Cauchy).
  const lc = abs(p[n]!);
  let maxRatio = 0n;
  for (let i = 0; i < n; i++) {
    const r = abs(p[i]!) / lc + 1n;
    if (r > maxRatio) maxRatio = r;
  }
  let b = 0;
  while (1n << BigInt(b) <= maxRatio) b++;
  b += 1;
  // q(y) = p(2^b y): roots in (0, 1).
  const q = p.map((c, i) => c << BigInt(b * i));
  const found: RootInterval[] = [];
  // Stack entries: polynomial whose roots in (0,1) correspond to (c/2^k, (c+1)/2^k) of y.
  const stack: { poly: bigint[]; c: bigint; k: number }[] = [{ poly: q, c: 0n, k: 0 }];
  const toX = (c: bigint, k: number): Rational => Rational.of(c << BigInt(b), 1n << BigInt(k));
  let guard = 0;
  while (stack.length > 0) {
    if (++guard > 200_000) throw new Error('root isolation did not terminate');
    const { poly, c, k } = stack.pop()!;
    let P = poly;
    if (P[0] === 0n) {
      // Exact root at the left end c/2^k (only for the right halves).
      found.push({ lo: toX(c, k), hi: toX(c, k) });
      P = P.slice(1);
    }
    const deg = P.length - 1;
    if (deg < 1) continue;
    const v = variations(taylorShift1(P.slice().reverse()));
    if (v === 0) continue;
    if (v === 1) {
      found.push({ lo: toX(c, k), hi: toX(c + 1n, k) });
      continue;
    }
    // Halves: P_L(x) = 2^deg P(x/2), P_R(x) = P_L(x + 1).
    const left = P.map((a, i) => a << BigInt(deg - i));
    const right = taylorShift1(left);
    stack.push({ poly: right, c: 2n * c + 1n, k: k + 1 });
    stack.push({ poly: left, c: 2n * c, k: k + 1 });
  }
  found.sort((x, y) => x.lo.compare(y.lo));
  return found;
}

/**
 * The double nearest the root in an isolating interval: exact bisection (at doubles when
 * possible, so the rationals stay short) until the interval's ends are adjacent doubles,
 * then the side of their exact midpoint decides. The result is the correctly rounded root.
 */
export function refineRoot(p: UPoly, iv: RootInterval): number {
  let lo = iv.lo;
  let hi = iv.hi;
  if (lo.equals(hi)) return lo.toNumber();
  const slo0 = uSignAt(p, lo);
  if (slo0 === 0) return lo.toNumber();
  if (uSignAt(p, hi) === 0) return hi.toNumber();
  let slo = slo0;
  const half = Rational.of(1n, 2n);
  for (let i = 0; i < 5000; i++) {
    const a = lo.toNumber();
    const b = hi.toNumber();
    if (a === b || nextUp(a) >= b) break;
    let mid = exactRational((a + b) / 2);
    if (mid.compare(lo) <= 0 || mid.compare(hi) >= 0) mid = lo.add(hi).mul(half);
    const s = uSignAt(p, mid);
    if (s === 0) return mid.toNumber();
    if (s === slo) {
      lo = mid;
      slo = s;
    } else hi = mid;
  }
  // Adjacent doubles u < v around the root (widened by one ulp each side against rounding of the ends).
  const cands = [nextDown(lo.toNumber()), lo.toNumber(), hi.toNumber(), nextUp(hi.toNumber())];
  for (let k = 0; k + 1 < cands.length; k++) {
    const u = cands[k]!;
    const v = cands[k + 1]!;
    if (u === v) continue;
    const su = uSignAt(p, exactRational(u));
    const sv = uSignAt(p, exactRational(v));
    if (su === 0) return u;
    if (sv === 0) return v;
    if (su === sv) continue;
    const sm = uSignAt(p, exactRational(u).add(exactRational(v)).mul(half));
    return sm === su ? v : u;
  }
  return lo.add(hi).mul(half).toNumber();
}

/** The exact value of a finite double as a rational (its binary expansion). */
export function exactRational(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`not finite: ${x}`);
  if (x === 0) return Rational.ZERO;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  return e >= 0 ? Rational.of(sign * (mant << BigInt(e))) : Rational.of(sign * mant, 1n << BigInt(-e));
}

function nextDown(x: number): number {
  return -nextUp(-x);
}

function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  buf.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return buf.getFloat64(0);
}

/** Positive divisors of |n| when n is small enough to factor by trial division (else [1]). */
export function smallDivisors(n: bigint): bigint[] {
  n = abs(n);
  if (n === 0n) return [1n];
  if (n > 10n ** 12n) return [1n];
  const primes: [bigint, number][] = [];
  let m = n;
  for (let p = 2n; p * p <= m; p += p === 2n ? 1n : 2n) {
    let e = 0;
    while (m % p === 0n) {
      m /= p;
      e++;
    }
    if (e > 0) primes.push([p, e]);
  }
  if (m > 1n) primes.push([m, 1]);
  let divs = [1n];
  for (const [p, e] of primes) {
    const next: bigint[] = [];
    for (const d of divs) {
      let pk = 1n;
      for (let i = 0; i <= e; i++) {
        next.push(d * pk);
        pk *= p;
      }
    }
    divs = next;
    if (divs.length > 5000) return divs;
  }
  return divs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Rational roots of a square-free polynomial, found exactly: each real root is isolated,
 * then the candidates p/q with q dividing the leading coefficient (rational root theorem)
 * that lie in its interval are tested by exact evaluation.
 */
export function rationalRoots(p: UPoly): Rational[] {
  const out: Rational[] = [];
  const lc = p[p.length - 1]!;
  const qs = smallDivisors(lc);
  for (const iv of isolateRealRoots(p)) {
    if (iv.lo.equals(iv.hi)) {
      out.push(iv.lo);
      continue;
    }
    const x = refineRoot(p, iv);
    for (const q of qs) {
      const cands = new Set<bigint>();
      const center = BigInt(Math.round(x * Number(q)));
      for (const d of [-1n, 0n, 1n]) cands.add(center + d);
      for (const c of cands) {
        const r = Rational.of(c, q);
        if (r.compare(iv.lo) <= 0 || r.compare(iv.hi) >= 0) continue; // open interval
        if (uSignAt(p, r) === 0) {
          out.push(r);
          break;
        }
      }
    }
  }
  return dedupe(out);
}

function dedupe(rs: Rational[]): Rational[] {
  const seen = new Set<string>();
  return rs.filter((r) => {
    const k = r.toString();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
