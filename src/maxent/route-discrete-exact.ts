/**
 * The exact Gibbs distribution on a finite set with one moment E[f] = m, when f takes
 * rational values on the set that are f_min + k_i*d for integers k_i: with t = exp(lambda_1*d)
 * the moment condition sum_i (f(v_i) - m)*t^(k_i) = 0 is a polynomial in t with rational
 * coefficients (three equally spaced outcomes give a quadratic). Its coefficients change
 * sign once (ordered by f), so by Descartes' rule it has exactly one positive root; the
 * solve room's exact univariate solver gives that root in closed form when it has one
 * (`(1 + sqrt(13))/2` for the values {1, 2, 3} with mean 5/2, so p_1 = (5 - sqrt(13))/12).
 * The probabilities are computed in the root's field and normalisation and the moment
 * are verified there exactly before anything is called exact; otherwise the numeric dual
 * answers as before.
 *
 * `solve` reaches the same distribution (written as variables p_i) another way,
 * lagrange/log-multipliers: it recognises a polished numeric point (rationals and
 * quadratic surds only) and proves the log rows zero. That way cannot give the roots of
 * degree 3 and more found here, and this one needs the whole problem to be one evenly
 * stepped moment, so neither replaces the other.
 */
import { add, exp, gcd, log, mul, num, pow, Rational, sub, substitute, sym, type Expr } from '../expr/index.js';
import { solveOverQ, type Field, type FieldElement } from '../solve/index.js';
import type { MaxentProblem } from './problem.js';

/** Largest polynomial degree tried (the exact solver's closed forms stop well before). */
const MAX_DEGREE = 12;

/** The exact solution, in closed forms, with the polynomial it came from. */
export interface ExactGibbs {
  /** The step d: t = exp(lambda_1*d). */
  readonly step: Rational;
  /** Coefficients of the polynomial in t, low to high. */
  readonly coefficients: readonly Rational[];
  /** The positive root. */
  readonly t: Expr;
  readonly lambda0: Expr;
  readonly lambda1: Expr;
  /** p_i per support value, in order. */
  readonly probabilities: readonly Expr[];
}

function rationalOf(e: Expr): Rational | undefined {
  return e.kind === 'num' ? e.value : undefined;
}

function rationalGcd(a: Rational, b: Rational): Rational {
  // gcd(p/q, r/s) = gcd(p*s, r*q)/(q*s), for nonnegative values
  const g = gcd(a.num * b.den, b.num * a.den);
  return Rational.of(g, a.den * b.den);
}

function power(F: Field, x: FieldElement, k: number): FieldElement {
  let out = F.one;
  for (let i = 0; i < k; i++) out = F.mul(out, x);
  return out;
}

/** The exact Gibbs distribution, or undefined when the problem is not of this kind or the root has no closed form. */
export function exactGibbs(problem: MaxentProblem): ExactGibbs | undefined {
  const support = problem.support;
  if (support.kind !== 'discrete' || problem.moments.length !== 1) return undefined;
  const moment = problem.moments[0]!;
  const m = rationalOf(moment.value);
  if (!m) return undefined;
  const fs: Rational[] = [];
  for (const v of support.values) {
    const f = rationalOf(substitute(moment.f, { [problem.variable]: v }));
    if (!f) return undefined;
    fs.push(f);
  }
  const fmin = fs.reduce((a, b) => (b.compare(a) < 0 ? b : a));
  let step: Rational | undefined;
  for (const f of fs) {
    const d = f.sub(fmin);
    if (!d.isZero) step = step ? rationalGcd(step, d) : d;
  }
  if (!step) return undefined;
  const ks = fs.map((f) => f.sub(fmin).div(step!));
  if (!ks.every((k) => k.isInteger)) return undefined;
  const degree = Math.max(...ks.map((k) => k.toNumber()));
  if (degree < 1 || degree > MAX_DEGREE) return undefined;
  const coefficients = new Array<Rational>(degree + 1).fill(Rational.ZERO);
  fs.forEach((f, i) => {
    const k = ks[i]!.toNumber();
    coefficients[k] = coefficients[k]!.add(f.sub(m));
  });
  const roots = solveOverQ(coefficients).roots.filter((r) => r.field.sign(r.value) === 1);
  if (roots.length !== 1) return undefined;
  const { field: F, value: t } = roots[0]!;
  if (!F.expressible) return undefined;
  const weights = ks.map((k) => power(F, t, k.toNumber()));
  const Z = weights.reduce((s, w) => F.add(s, w), F.zero);
  const ps = weights.map((w) => F.div(w, Z));
  // Exact verification in the root's field: normalisation, the moment, the polynomial.
  const total = ps.reduce((s, p) => F.add(s, p), F.zero);
  const mean = ps.reduce((s, p, i) => F.add(s, F.mul(p, F.fromBase(fs[i]!))), F.zero);
  const poly = coefficients.reduce((s, c, k) => F.add(s, F.mul(F.fromBase(c), power(F, t, k))), F.zero);
  if (!F.isZero(F.sub(total, F.one)) || !F.isZero(F.sub(mean, F.fromBase(m))) || !F.isZero(poly)) return undefined;
  const tExpr = F.toExpr(t);
  const zExpr = F.toExpr(Z);
  const pExprs = ps.map((p) => F.toExpr(p));
  if (!tExpr || !zExpr || pExprs.some((p) => !p)) return undefined;
  // p_i = exp(lambda_0 - 1 + lambda_1*f_i) with exp(lambda_1*d) = t: lambda_1 = log(t)/d, and
  // at f_min (weight 1) p = 1/Z, so lambda_0 = 1 - log(Z) - lambda_1*f_min.
  const lambda1 = mul(log(tExpr), num(step.inv()));
  const lambda0 = sub(add(num(1), mul(num(-1), log(zExpr))), mul(lambda1, num(fmin)));
  return { step, coefficients, t: tExpr, lambda0, lambda1, probabilities: pExprs as Expr[] };
}

/** The density exp(lambda_0 - 1 + lambda_1*f(x)) with the exact multipliers. */
export function exactGibbsDensity(problem: MaxentProblem, g: ExactGibbs): Expr {
  return exp(add(g.lambda0, num(-1), mul(g.lambda1, problem.moments[0]!.f)));
}

/** The polynomial in t as an expression (for the derivation). */
export function gibbsPolynomial(g: ExactGibbs): Expr {
  const t = sym('t');
  return add(...g.coefficients.map((c, k) => mul(num(c), pow(t, num(k)))));
}
