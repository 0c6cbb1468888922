/**
 * The sign of an expression in the parameters, with the evidence behind it: is an
 * inactive constraint satisfied, is a multiplier non-negative, is a pivot positive, is a
 * family's condition met?
 *
 * Three levels of evidence, reported with the answer:
 * - `exact`: the expression is a number, or the expression room's sign inference proves
 *   the sign for every parameter value the assumptions allow (exp > 0, squares ≥ 0, sums
 *   and products of known signs, an assumption's own difference such as b − a for a < b);
 * - `numeric`: a constant expression (no symbols) evaluated in double precision; a value
 *   within `ZERO_TOL` (relative) of zero is called zero;
 * - `sampled`: a parametric expression with the same strict sign at every parameter
 *   sample (not a proof; the answer says so).
 */
import { ZERO, SIGN_POS, add, expand, mul, num, pow, freeSymbols, signName, type Expr, type ExpandWork, type Sign } from '../expr/index.js';
import { userValue, type ParameterContext } from './context.js';
import { valueAt } from './evaluate.js';

export type { Sign };

/** A sign with the kind of evidence behind it. */
export interface SignResult {
  readonly sign: Sign;
  readonly evidence: 'exact' | 'numeric' | 'sampled' | 'none';
}

/** Relative tolerance under which a double is taken for zero. */
export const ZERO_TOL = 1e-10;

/** The sign proved for every parameter value the assumptions allow (no sampling). */
export function provedSign(e: Expr, ctx: Pick<ParameterContext, 'assumptions'>): Sign {
  return signName(ctx.assumptions.sign(e));
}

/**
 * The sign of e, with its evidence: proved first, then numeric for constants, then the
 * parameter samples. `scale` sets the magnitude against which a double counts as zero.
 */
export function signOf(e: Expr, ctx: ParameterContext, scale = 1): SignResult {
  const s = provedSign(e, ctx);
  if (s === 'positive' || s === 'negative' || s === 'zero') return { sign: s, evidence: 'exact' };
  if (isExactlyZero(e)) return { sign: 'zero', evidence: 'exact' };
  const tol = ZERO_TOL * Math.max(1, scale);
  if (freeSymbols(e).size === 0) {
    const v = valueAt(e, new Map());
    if (!Number.isFinite(v)) return { sign: 'unknown', evidence: 'none' };
    return { sign: Math.abs(v) <= tol ? 'zero' : v > 0 ? 'positive' : 'negative', evidence: 'numeric' };
  }
  let pos = 0;
  let neg = 0;
  let zero = 0;
  for (const m of ctx.samples) {
    const v = valueAt(e, m);
    if (!Number.isFinite(v)) continue;
    if (Math.abs(v) <= tol) zero++;
    else if (v > 0) pos++;
    else neg++;
  }
  const n = pos + neg + zero;
  if (n === 0) return { sign: s, evidence: s === 'unknown' ? 'none' : 'exact' };
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
  const { sign } = signOf(e, ctx, scale);
  if (sign === 'negative' || sign === 'zero' || sign === 'nonpositive') return true;
  if (sign === 'positive') return false;
  return undefined;
}

/** Is e ≥ 0 (within tolerance)? `undefined` when it depends on the parameters. */
export function isNonNegative(e: Expr, ctx: ParameterContext, scale = 1): boolean | undefined {
  const { sign } = signOf(e, ctx, scale);
  if (sign === 'positive' || sign === 'zero' || sign === 'nonnegative') return true;
  if (sign === 'negative') return false;
  return undefined;
}

/** The outcome of asking whether e > 0 when an undecided answer becomes a stated condition. */
export type PositivityVerdict =
  /** Proved for every parameter value the assumptions allow, or true at the user's numbers. */
  | 'holds'
  /** False (at the numbers, or for every allowed value). */
  | 'fails'
  /** Not decided: it becomes a stated condition of the answer. */
  | 'condition';

/**
 * Decides e > 0 from the user's numbers when they bind every symbol of e, else from the
 * assumptions (no sampling: an undecided answer is stated as a condition).
 */
export function positivity(e: Expr, ctx: Pick<ParameterContext, 'assumptions' | 'values'>): PositivityVerdict {
  const v = userValue(e, ctx);
  if (v !== undefined) return v > 0 ? 'holds' : 'fails';
  const s = ctx.assumptions.sign(e);
  if (signName(s) === 'positive') return 'holds';
  if ((s & SIGN_POS) === 0) return 'fails'; // no positive value possible
  return 'condition';
}

/**
 * Zero after canonical construction, after expansion, or after clearing denominators
 * (multiplying by every base that appears with a negative exponent, then expanding: zero
 * wherever e is defined). Bounded, so it cannot blow up; `work`, when given, bounds the
 * whole test's expansion work (false, "not certified", once it runs out).
 */
export function isExactlyZero(e: Expr, work?: ExpandWork): boolean {
  if (e === ZERO) return true;
  if (e.kind === 'mul') return e.factors.some((f) => f.kind === 'add' && isExactlyZero(f, work));
  if (e.kind !== 'add') return false;
  try {
    if (expand(e, { maxTerms: 2000, work }) === ZERO) return true;
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
    return expand(cleared, { maxTerms: 2000, work }) === ZERO;
  } catch {
    return false;
  }
}
