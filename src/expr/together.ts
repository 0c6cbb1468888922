/**
 * `together`: each sum of rational terms written over one common denominator, the
 * numerator multiplied out (like terms collected by the canonical sum), the factors
 * every numerator term shares taken out, so that canonical products cancel them
 * against the denominator: `e/(1+e) - e^2/(1+e)^2` → `e/(1+e)^2` (SymPy's
 * `together` followed by the cheap part of `cancel`). Bottom-up over the DAG, each
 * distinct node once; a sum is replaced only when its combined form is shorter (fewer
 * nodes counted as printed, each occurrence once).
 *
 * Every step is an identity where the input is defined: the common denominator's bases
 * are the input's own denominators, so it vanishes only where the input is undefined.
 */
import { add, children, mul, num, pow, ONE, ZERO, type Expr } from './nodes.js';
import { Rational } from './rational.js';
import { topologicalOrder, transform } from './traverse.js';

/** Options for `together`. */
export interface TogetherOptions {
  /** Bound on the terms of one multiplied-out numerator (default 64); a sum that needs more is left as it is. */
  readonly maxTerms?: number;
}

/** Combines every sum of fractions under e over a common denominator where that is smaller. */
export function together(e: Expr, options: TogetherOptions = {}): Expr {
  return togetherMemo(options)(e);
}

/**
 * `together` for many expressions, remembering each node's combined form across calls
 * (it depends on the node alone), so expressions that share a large DAG (the n
 * derivatives of a function of n variables) cost one walk of it, not one each.
 */
export function togetherMemo(options: TogetherOptions = {}): (e: Expr) => Expr {
  const maxTerms = options.maxTerms ?? 64;
  const size = treeSizes();
  const done = new Map<Expr, Expr>();
  const visit = (_node: Expr, rebuilt: Expr): Expr | undefined => {
    if (rebuilt.kind !== 'add') return undefined;
    const c = combine(rebuilt.terms, maxTerms);
    return c !== undefined && size(c) < size(rebuilt) ? c : undefined;
  };
  return (e) => transform([e], visit, done)[0]!;
}

/**
 * The printed size of expressions (nodes counted as often as they occur), memoised, so
 * that comparing each sum with its combined form costs only the nodes new to the memo:
 * linear however deep the sums nest.
 */
function treeSizes(): (e: Expr) => number {
  const memo = new Map<Expr, number>();
  return (e) => {
    for (const n of topologicalOrder([e], (k) => memo.has(k))) {
      let s = 1;
      for (const k of children(n)) s += memo.get(k)!;
      memo.set(n, Math.min(s, Number.MAX_SAFE_INTEGER));
    }
    return memo.get(e)!;
  };
}

const factorsOf = (t: Expr): readonly Expr[] => (t.kind === 'mul' ? t.factors : [t]);

/** A factor's base and numeric exponent (exponent 1 for a non-power). */
function baseAndExponent(f: Expr): [Expr, Rational] | undefined {
  if (f.kind === 'num') return undefined;
  if (f.kind === 'pow') return f.exp.kind === 'num' ? [f.base, f.exp.value] : undefined;
  return [f, Rational.ONE];
}

/** The terms over their common denominator, or undefined when no term has a denominator. */
function combine(terms: readonly Expr[], maxTerms: number): Expr | undefined {
  const den = new Map<Expr, Rational>();
  for (const t of terms) {
    for (const f of factorsOf(t)) {
      const be = baseAndExponent(f);
      if (!be || !be[1].isNegative) continue;
      const k = be[1].neg();
      const prev = den.get(be[0]);
      if (!prev || k.compare(prev) > 0) den.set(be[0], k);
    }
  }
  if (den.size === 0) return undefined;
  const D = [...den].map(([b, k]) => pow(b, num(k)));
  const monomials: Expr[] = [];
  for (const t of terms) {
    if (!distribute(mul(t, ...D), monomials, maxTerms)) return undefined;
  }
  const N = add(...monomials);
  if (N === ZERO) return ZERO;
  const [g, rest] = takeOutCommon(N);
  return mul(g, rest, ...[...den].map(([b, k]) => pow(b, num(k.neg()))));
}

/**
 * Pushes the monomials of a product multiplied out (sums and positive integer powers of
 * sums, also those a multiplied-out part brings in); false past the bound. Iterative.
 */
function distribute(t: Expr, out: Expr[], maxTerms: number): boolean {
  const work: Expr[] = [t];
  while (work.length > 0) {
    const p = work.pop()!;
    const fs = factorsOf(p);
    const i = fs.findIndex((f) => f.kind === 'add' || (f.kind === 'pow' && f.base.kind === 'add' && f.exp.kind === 'num' && f.exp.value.isInteger && !f.exp.value.isNegative));
    if (i < 0) {
      out.push(p);
      if (out.length > maxTerms) return false;
      continue;
    }
    const f = fs[i]!;
    const rest = fs.filter((_, j) => j !== i);
    // (a + b)^k as a*(a + b)^(k-1) + b*(a + b)^(k-1); a sum as its terms.
    const sum = f.kind === 'pow' ? f.base : f;
    if (sum.kind !== 'add' || work.length + sum.terms.length + out.length > maxTerms) return false;
    const other = f.kind === 'pow' ? [pow(sum, add(f.exp, num(-1))), ...rest] : rest;
    for (const term of sum.terms) work.push(mul(term, ...other));
  }
  return true;
}

/** The factors every term of a sum shares (smallest positive exponent; -1 when every coefficient is negative), and the rest. */
function takeOutCommon(n: Expr): [Expr, Expr] {
  if (n.kind !== 'add') return [ONE, n];
  const maps = n.terms.map((t) => {
    const m = new Map<Expr, Rational>();
    for (const f of factorsOf(t)) {
      const be = baseAndExponent(f);
      if (be) m.set(be[0], be[1]);
    }
    return m;
  });
  const common: Expr[] = [];
  for (const [base, k0] of maps[0]!) {
    let k = k0;
    if (k.isNegative) continue;
    for (const m of maps.slice(1)) {
      const other = m.get(base);
      if (!other || other.isNegative) {
        k = Rational.ZERO;
        break;
      }
      if (other.compare(k) < 0) k = other;
    }
    if (!k.isZero) common.push(pow(base, num(k)));
  }
  const negative = n.terms.every((t) => t.kind === 'mul' && t.factors[0]!.kind === 'num' && t.factors[0].value.isNegative);
  if (negative) common.push(num(-1));
  if (common.length === 0) return [ONE, n];
  const g = mul(...common);
  const inverse = pow(g, num(-1));
  return [g, add(...n.terms.map((t) => mul(t, inverse)))];
}
