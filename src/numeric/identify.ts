/**
 * Recognising closed forms behind doubles, as mpmath's `identify` does: rationals by
 * continued fractions, and quadratic surds (roots of a·x² + b·x + c = 0 with small integer
 * coefficients) by an integer relation among (1, x, x²) found with LLL lattice reduction
 * on the digits. The candidates are guesses: a caller accepts one only after checking it
 * exactly (lagrange/snap.ts substitutes it into the KKT system).
 */
import { add, div, mul, num, Rational, sqrt, type Expr } from '../expr/index.js';

/** Options of the recogniser. */
export interface IdentifyOptions {
  /** Largest denominator of a rational candidate (default 10^4: beyond, agreement to 1e-11 is no evidence). */
  readonly maxDenominator?: number;
  /** Largest |coefficient| of a quadratic relation (default 1000). */
  readonly maxCoefficient?: number;
  /** Relative agreement required with the double (default 1e-11). */
  readonly tolerance?: number;
}

/** p/q from the continued fraction of v, when one with q ≤ maxDenominator agrees with v to the tolerance. */
export function rationalCandidate(v: number, options: IdentifyOptions = {}): Rational | undefined {
  if (!Number.isFinite(v)) return undefined;
  const maxDen = options.maxDenominator ?? 1e4;
  const tol = (options.tolerance ?? 1e-11) * Math.max(1, Math.abs(v));
  // Convergents h/k of the continued fraction, in exact integers.
  let h0 = 0n;
  let h1 = 1n;
  let k0 = 1n;
  let k1 = 0n;
  let x = v;
  for (let i = 0; i < 40; i++) {
    const a = Math.floor(x);
    if (!Number.isFinite(a) || Math.abs(a) > 1e15) return undefined;
    const A = BigInt(a);
    [h0, h1] = [h1, A * h1 + h0];
    [k0, k1] = [k1, A * k1 + k0];
    if (Number(k1) > maxDen) return undefined;
    if (Math.abs(Number(h1) / Number(k1) - v) <= tol) return Rational.of(h1, k1);
    const frac = x - a;
    if (frac < 1e-300) return undefined;
    x = 1 / frac;
  }
  return undefined;
}

/**
 * Small integers m (not all 0) with m·xs ≈ 0, from LLL reduction of the lattice
 * [I | N·xs] (the integer-relation step of PSLQ-style recognisers), or undefined when
 * the shortest vector found has a coefficient above maxCoefficient or the relation does
 * not hold to the tolerance.
 */
export function integerRelation(xs: readonly number[], maxCoefficient = 1000, tolerance = 1e-11): number[] | undefined {
  const k = xs.length;
  const scale = Math.max(...xs.map(Math.abs), 1);
  const N = 1e12 / scale;
  const basis: number[][] = xs.map((x, i) => [...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)), N * x]);
  lll(basis);
  for (const row of basis) {
    const m = row.slice(0, k).map(Math.round);
    if (m.every((c) => c === 0) || m.some((c) => Math.abs(c) > maxCoefficient)) continue;
    const r = m.reduce((s, c, i) => s + c * xs[i]!, 0);
    if (Math.abs(r) <= tolerance * scale * Math.max(1, ...m.map(Math.abs))) return m;
  }
  return undefined;
}

/** LLL reduction (δ = 3/4) of the rows, in place, in floating point (small dimensions only). */
function lll(b: number[][]): void {
  const n = b.length;
  const dot = (u: number[], v: number[]): number => u.reduce((s, x, i) => s + x * v[i]!, 0);
  const gramSchmidt = (): { bs: number[][]; mu: number[][] } => {
    const bs: number[][] = [];
    const mu: number[][] = b.map(() => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) {
      const v = [...b[i]!];
      for (let j = 0; j < i; j++) {
        mu[i]![j] = dot(b[i]!, bs[j]!) / dot(bs[j]!, bs[j]!);
        for (let t = 0; t < v.length; t++) v[t] = v[t]! - mu[i]![j]! * bs[j]![t]!;
      }
      bs.push(v);
    }
    return { bs, mu };
  };
  let k = 1;
  for (let guard = 0; k < n && guard < 1000; guard++) {
    let { bs, mu } = gramSchmidt();
    for (let j = k - 1; j >= 0; j--) {
      const q = Math.round(mu[k]![j]!);
      if (q !== 0) {
        for (let t = 0; t < b[k]!.length; t++) b[k]![t] = b[k]![t]! - q * b[j]![t]!;
        ({ bs, mu } = gramSchmidt());
      }
    }
    if (dot(bs[k]!, bs[k]!) >= (0.75 - mu[k]![k - 1]! ** 2) * dot(bs[k - 1]!, bs[k - 1]!)) k++;
    else {
      [b[k], b[k - 1]] = [b[k - 1]!, b[k]!];
      k = Math.max(k - 1, 1);
    }
  }
}

/**
 * Closed-form candidates for v, simplest first: a rational, then a quadratic surd
 * (−b ± √(b² − 4ac))/(2a) from a relation a·v² + b·v + c = 0.
 */
export function identify(v: number, options: IdentifyOptions = {}): Expr[] {
  const out: Expr[] = [];
  const r = rationalCandidate(v, options);
  if (r) out.push(num(r));
  const rel = integerRelation([1, v, v * v], options.maxCoefficient ?? 1000, options.tolerance ?? 1e-11);
  if (rel && rel[2] !== 0) {
    const [c, b, a] = rel as [number, number, number];
    const disc = b * b - 4 * a * c;
    if (disc > 0) {
      const root = Math.sqrt(disc);
      const sign = Math.abs((-b + root) / (2 * a) - v) <= Math.abs((-b - root) / (2 * a) - v) ? 1 : -1;
      const surd = div(add(num(-b), mul(num(sign), sqrt(num(disc)))), num(2 * a));
      if (!out.includes(surd)) out.push(surd);
    }
  }
  return out;
}
