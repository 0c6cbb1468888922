/**
 * Deciding the sign of an expression: is an inactive constraint satisfied, is a
 * multiplier non-negative, is a pivot of a reduced Hessian positive?
 *
 * Three levels of evidence, reported with the answer:
 * - `exact`: the expression is a number, or a structural rule proves the sign for all
 *   parameter values allowed by the assumptions (exp > 0, squares ≥ 0, sums and
 *   products of known signs, an assumption's own difference);
 * - `numeric`: a constant expression (no symbols) evaluated in double precision; a
 *   value within `ZERO_TOL` (relative) of zero is called zero;
 * - `sampled`: a parametric expression with the same strict sign at every parameter
 *   sample that satisfies the assumptions (not a proof; the answer says so).
 */
import {
  ZERO,
  add,
  expand,
  mul,
  num,
  pow,
  freeSymbols,
  isNegative,
  isNonnegative as provedNonnegative,
  isNonpositive as provedNonpositive,
  isPositive,
  neg,
  type Expr,
} from '../expr/index.js';
import { evaluateAt, type ParameterContext } from './context.js';

/** What is known of a sign. */
export type Sign = 'positive' | 'negative' | 'zero' | 'nonnegative' | 'nonpositive' | 'nonzero' | 'unknown';

/** A sign with the kind of evidence behind it. */
export interface SignResult {
  readonly sign: Sign;
  readonly evidence: 'exact' | 'numeric' | 'sampled' | 'none';
}

/** Relative tolerance under which a double is taken for zero. */
export const ZERO_TOL = 1e-10;

/** The structural sign (a proof for every parameter value allowed by the assumptions). */
export function structuralSign(e: Expr, ctx?: ParameterContext): Sign {
  switch (e.kind) {
    case 'num':
      return e.value.sign > 0 ? 'positive' : e.value.sign < 0 ? 'negative' : 'zero';
    case 'const':
      return 'positive';
    case 'sym': {
      if (!ctx) return 'unknown';
      if (ctx.positive.has(e.name)) return 'positive';
      if (ctx.negative.has(e.name)) return 'negative';
      if (ctx.nonnegative.has(e.name)) return 'nonnegative';
      if (ctx.nonpositive.has(e.name)) return 'nonpositive';
      if (ctx.nonzero.has(e.name)) return 'nonzero';
      return 'unknown';
    }
    case 'call': {
      const a = structuralSign(e.arg, ctx);
      switch (e.fn) {
        case 'exp':
        case 'cosh':
          return 'positive';
        case 'abs':
          return a === 'positive' || a === 'negative' || a === 'nonzero' ? 'positive' : a === 'zero' ? 'zero' : 'nonnegative';
        case 'sinh':
        case 'tanh':
        case 'sign':
          return a;
        default:
          return known(e, ctx);
      }
    }
    case 'pow': {
      const b = structuralSign(e.base, ctx);
      if (e.exp.kind === 'num') {
        const r = e.exp.value;
        if (r.isInteger) {
          const even = r.num % 2n === 0n;
          if (even) return b === 'positive' || b === 'negative' || b === 'nonzero' ? 'positive' : b === 'zero' ? 'zero' : 'nonnegative';
          return b;
        }
        // A real root of even order (sqrt): defined only for b >= 0, and then >= 0.
        if (r.den % 2n === 0n) return b === 'positive' ? 'positive' : 'nonnegative';
        return b; // odd roots keep the sign
      }
      if (b === 'positive') return 'positive';
      return known(e, ctx);
    }
    case 'mul': {
      let acc: Sign = 'positive';
      for (const f of e.factors) {
        acc = mulSign(acc, structuralSign(f, ctx));
        if (acc === 'unknown') return known(e, ctx);
      }
      return acc;
    }
    case 'add': {
      const k = known(e, ctx);
      if (k !== 'unknown') return k;
      let pos = true;
      let neg = true;
      let strictPos = false;
      let strictNeg = false;
      for (const t of e.terms) {
        const s = structuralSign(t, ctx);
        if (s === 'positive') strictPos = true;
        if (s === 'negative') strictNeg = true;
        if (!(s === 'positive' || s === 'nonnegative' || s === 'zero')) pos = false;
        if (!(s === 'negative' || s === 'nonpositive' || s === 'zero')) neg = false;
      }
      if (pos) return strictPos ? 'positive' : 'nonnegative';
      if (neg) return strictNeg ? 'negative' : 'nonpositive';
      return 'unknown';
    }
  }
}

/** The sign an assumption states for exactly this expression (or its negation). */
function known(e: Expr, ctx?: ParameterContext): Sign {
  if (!ctx) return 'unknown';
  const direct = ctx.knownSigns.get(e);
  if (direct) return direct === '>' ? 'positive' : direct === '>=' ? 'nonnegative' : 'nonzero';
  for (const [d, op] of ctx.knownSigns) {
    // e = -d (canonical construction distributes the sign over a sum, so compare nodes).
    if (neg(d) === e) return op === '>' ? 'negative' : op === '>=' ? 'nonpositive' : 'nonzero';
  }
  return 'unknown';
}

function mulSign(a: Sign, b: Sign): Sign {
  if (a === 'zero' || b === 'zero') return 'zero';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  const flip = (s: Sign): Sign =>
    s === 'positive' ? 'negative' : s === 'negative' ? 'positive' : s === 'nonnegative' ? 'nonpositive' : s === 'nonpositive' ? 'nonnegative' : s;
  if (a === 'positive') return b;
  if (a === 'negative') return flip(b);
  if (a === 'nonzero') return b === 'positive' || b === 'negative' || b === 'nonzero' ? 'nonzero' : 'unknown';
  if (a === 'nonnegative') {
    if (b === 'positive' || b === 'nonnegative') return 'nonnegative';
    if (b === 'negative' || b === 'nonpositive') return 'nonpositive';
    return 'unknown';
  }
  // a === 'nonpositive'
  if (b === 'positive' || b === 'nonnegative') return 'nonpositive';
  if (b === 'negative' || b === 'nonpositive') return 'nonnegative';
  return 'unknown';
}

/**
 * The sign of e, with its evidence: structural first, then numeric for constants, then
 * parameter samples. `scale` sets the magnitude against which a double counts as zero.
 */
export function decideSign(e: Expr, ctx: ParameterContext, scale = 1): SignResult {
  let s = structuralSign(e, ctx);
  if (s === 'positive' || s === 'negative' || s === 'zero') return { sign: s, evidence: 'exact' };
  // The expression room's sign inference, and expansion (which cancels (a+1)^2 - a^2 - 2a - 1).
  if (isPositive(e, ctx.assumptions)) return { sign: 'positive', evidence: 'exact' };
  if (isNegative(e, ctx.assumptions)) return { sign: 'negative', evidence: 'exact' };
  if (s === 'unknown' && provedNonnegative(e, ctx.assumptions)) s = 'nonnegative';
  if (s === 'unknown' && provedNonpositive(e, ctx.assumptions)) s = 'nonpositive';
  if (isExactlyZero(e)) return { sign: 'zero', evidence: 'exact' };
  const symbols = freeSymbols(e);
  const tol = ZERO_TOL * Math.max(1, scale);
  if (symbols.size === 0) {
    const v = evaluateAt([e], new Map())[0]!;
    if (!Number.isFinite(v)) return { sign: 'unknown', evidence: 'none' };
    return { sign: Math.abs(v) <= tol ? 'zero' : v > 0 ? 'positive' : 'negative', evidence: 'numeric' };
  }
  let pos = 0;
  let neg = 0;
  let zero = 0;
  for (const m of ctx.samples) {
    const v = evaluateAt([e], m)[0]!;
    if (!Number.isFinite(v)) continue;
    if (Math.abs(v) <= tol) zero++;
    else if (v > 0) pos++;
    else neg++;
  }
  const n = pos + neg + zero;
  if (n === 0) return { sign: s === 'unknown' ? 'unknown' : s, evidence: s === 'unknown' ? 'none' : 'exact' };
  if (pos === n) return { sign: 'positive', evidence: 'sampled' };
  if (neg === n) return { sign: 'negative', evidence: 'sampled' };
  if (zero === n) return { sign: 'zero', evidence: 'sampled' };
  if (s !== 'unknown') return { sign: s, evidence: 'exact' };
  if (pos + zero === n) return { sign: 'nonnegative', evidence: 'sampled' };
  if (neg + zero === n) return { sign: 'nonpositive', evidence: 'sampled' };
  return { sign: 'unknown', evidence: 'sampled' };
}

/** Is e ≤ 0 (within tolerance)? `undefined` when it depends on the parameters. */
export function isNonPositive(e: Expr, ctx: ParameterContext, scale = 1): boolean | undefined {
  const { sign } = decideSign(e, ctx, scale);
  if (sign === 'negative' || sign === 'zero' || sign === 'nonpositive') return true;
  if (sign === 'positive') return false;
  return undefined;
}

/** Is e ≥ 0 (within tolerance)? `undefined` when it depends on the parameters. */
export function isNonNegative(e: Expr, ctx: ParameterContext, scale = 1): boolean | undefined {
  const { sign } = decideSign(e, ctx, scale);
  if (sign === 'positive' || sign === 'zero' || sign === 'nonnegative') return true;
  if (sign === 'negative') return false;
  return undefined;
}

/**
 * Zero after canonical construction, after expansion, or after clearing denominators
 * (multiplying by every base that appears with a negative exponent, then expanding: zero
 * wherever e is defined). Bounded, so it cannot blow up.
 */
export function isExactlyZero(e: Expr): boolean {
  if (e === ZERO) return true;
  if (e.kind === 'mul') return e.factors.some((f) => f.kind === 'add' && isExactlyZero(f));
  if (e.kind !== 'add') return false;
  try {
    if (expand(e, { maxTerms: 2000 }) === ZERO) return true;
    const denominators = new Map<Expr, Expr>();
    for (const t of e.terms) {
      for (const f of t.kind === 'mul' ? t.factors : [t]) {
        if (f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.isNegative) {
          const k = num(f.exp.value.neg());
          const prev = denominators.get(f.base);
          if (!prev || (prev.kind === 'num' && prev.value.compare(k.value) < 0)) denominators.set(f.base, k);
        }
      }
    }
    if (denominators.size === 0) return false;
    // Term by term, so that each denominator cancels inside its own product first.
    const D = [...denominators].map(([b, k]) => pow(b, k));
    const cleared = add(...e.terms.map((t) => mul(t, ...D)));
    return expand(cleared, { maxTerms: 2000 }) === ZERO;
  } catch {
    return false;
  }
}
