/**
 * Closed-form maximum-entropy families. Each entry recognises a support and a set of
 * basis statistics, and, given the expectations E[g_j] the constraints prescribe,
 * returns the natural parameters θ_j (the coefficients of g_j in the exponent), log Z(θ)
 * and the density in its textbook form, with the integral rules that justify them and
 * the conditions (variance > 0, mean inside the support) under which they hold.
 */
import { add, div, exp, log, mul, neg, num, PI, pow, sqrt, sub, sym, ZERO, type Expr } from '../expr/index.js';
import type { Bound } from '../diff/index.js';
import { INTEGRAL_RULES, type IntegralRule } from './rules.js';
import type { BasisFunction } from './statistics.js';

/** Names of the families (INTERFACE.md `family`). */
export type FamilyName =
  | 'normal'
  | 'exponential'
  | 'uniform'
  | 'laplace'
  | 'gamma'
  | 'half-normal'
  | 'truncated-normal'
  | 'truncated-exponential'
  | 'gibbs'
  | 'numeric';

/** A condition on the parameters for a closed form to hold: `expr > 0`. */
export interface PositivityCondition {
  readonly expr: Expr;
  /** Why it is needed, e.g. "the variance must be positive". */
  readonly reason: string;
}

/** A named parameter of the family in terms of the problem's parameters (mean, variance, scale). */
export interface FamilyParameter {
  readonly name: string;
  readonly value: Expr;
}

/** The closed-form solution of one family. */
export interface ClosedForm {
  readonly family: FamilyName;
  /** θ_j, one per basis function, in the basis order given. */
  readonly theta: readonly Expr[];
  /** log Z(θ) = log ∫ exp(Σ θ_j g_j(x)) dx over the support. */
  readonly logZ: Expr;
  /** The density in its usual form. */
  readonly density: Expr;
  readonly parameters: readonly FamilyParameter[];
  readonly conditions: readonly PositivityCondition[];
  readonly rules: readonly IntegralRule[];
}

/** An interval support with its ends as given. */
export interface IntervalSupport {
  readonly lower: Bound;
  readonly upper: Bound;
}

const isPower = (b: BasisFunction, d: number): boolean => b.kind === 'power' && b.degree === d;
const half = num(1 / 2);

/**
 * Finds the closed-form family for the support and basis and solves it from the
 * expectations E[g_j] (same order as `basis`). Undefined when no closed form applies.
 */
export function closedForm(support: IntervalSupport, basis: readonly BasisFunction[], expectations: readonly Expr[], x: string): ClosedForm | undefined {
  const X = sym(x);
  const { lower, upper } = support;
  const lowerFinite = lower !== '-inf' && lower !== 'inf';
  const upperFinite = upper !== 'inf' && upper !== '-inf';
  const J = basis.length;

  // Uniform: a bounded interval and no moments.
  if (J === 0 && lowerFinite && upperFinite) {
    const width = sub(upper as Expr, lower as Expr);
    return {
      family: 'uniform',
      theta: [],
      logZ: log(width),
      density: pow(width, num(-1)),
      parameters: [
        { name: 'a', value: lower as Expr },
        { name: 'b', value: upper as Expr },
      ],
      conditions: [{ expr: width, reason: 'the support [a, b] must have b > a' }],
      rules: [INTEGRAL_RULES.exponentialInterval],
    };
  }

  // Normal: the real line with E[x] and E[x^2] (or E[x^2] alone, mean 0).
  if (lower === '-inf' && upper === 'inf') {
    if ((J === 2 && isPower(basis[0]!, 1) && isPower(basis[1]!, 2)) || (J === 1 && isPower(basis[0]!, 2))) {
      const m = J === 2 ? expectations[0]! : ZERO;
      const second = J === 2 ? expectations[1]! : expectations[0]!;
      const v = sub(second, pow(m, num(2)));
      const theta = J === 2 ? [div(m, v), neg(div(half, v))] : [neg(div(half, v))];
      return {
        family: 'normal',
        theta,
        // log( sqrt(pi/a) e^{b^2/4a} ) with a = 1/(2v), b = m/v.
        logZ: add(mul(half, log(mul(num(2), PI, v))), div(pow(m, num(2)), mul(num(2), v))),
        density: div(exp(neg(div(pow(sub(X, m), num(2)), mul(num(2), v)))), sqrt(mul(num(2), PI, v))),
        parameters: [
          { name: 'mean', value: m },
          { name: 'variance', value: v },
        ],
        conditions: [{ expr: v, reason: 'the variance E[x^2] - E[x]^2 must be positive' }],
        rules: [INTEGRAL_RULES.gaussian, INTEGRAL_RULES.gaussianMoments],
      };
    }
    // Laplace: E|x - c| (optionally with E[x] = c, which makes the coefficient of x vanish).
    const absIndex = basis.findIndex((b) => b.kind === 'abs');
    if (absIndex >= 0 && (J === 1 || (J === 2 && isPower(basis[0]!, 1) && absIndex === 1))) {
      const b = basis[absIndex]!;
      const c = b.kind === 'abs' ? b.center : ZERO;
      if (J === 2 && sub(expectations[0]!, c) !== ZERO) return undefined; // asymmetric: numeric
      const s = expectations[absIndex]!;
      const thetaAbs = neg(pow(s, num(-1)));
      return {
        family: 'laplace',
        theta: J === 2 ? [ZERO, thetaAbs] : [thetaAbs],
        logZ: log(mul(num(2), s)),
        density: div(exp(neg(div(b.expr, s))), mul(num(2), s)),
        parameters: [
          { name: 'location', value: c },
          { name: 'scale', value: s },
        ],
        conditions: [{ expr: s, reason: 'the mean absolute deviation must be positive' }],
        rules: [INTEGRAL_RULES.laplace],
      };
    }
    return undefined;
  }

  // Exponential: a half-line with E[x].
  if (J === 1 && isPower(basis[0]!, 1)) {
    if (lowerFinite && upper === 'inf') {
      const a = lower as Expr;
      const s = sub(expectations[0]!, a);
      return {
        family: 'exponential',
        theta: [neg(pow(s, num(-1)))],
        logZ: sub(log(s), div(a, s)),
        density: div(exp(neg(div(sub(X, a), s))), s),
        parameters: [
          { name: 'rate', value: pow(s, num(-1)) },
          { name: 'lower bound', value: a },
        ],
        conditions: [{ expr: s, reason: 'the mean must lie above the lower end of the support' }],
        rules: [INTEGRAL_RULES.gammaFunction],
      };
    }
    if (lower === '-inf' && upperFinite) {
      const b = upper as Expr;
      const s = sub(b, expectations[0]!);
      return {
        family: 'exponential',
        theta: [pow(s, num(-1))],
        logZ: add(log(s), div(b, s)),
        density: div(exp(div(sub(X, b), s)), s),
        parameters: [
          { name: 'rate', value: pow(s, num(-1)) },
          { name: 'upper bound', value: b },
        ],
        conditions: [{ expr: s, reason: 'the mean must lie below the upper end of the support' }],
        rules: [INTEGRAL_RULES.gammaFunction],
      };
    }
  }

  // Half-normal: [0, inf) or (-inf, 0] with E[x^2].
  if (J === 1 && isPower(basis[0]!, 2) && ((lower === ZERO && upper === 'inf') || (lower === '-inf' && upper === ZERO))) {
    const v = expectations[0]!;
    return {
      family: 'half-normal',
      theta: [neg(div(half, v))],
      logZ: log(mul(half, sqrt(mul(num(2), PI, v)))),
      density: div(mul(num(2), exp(neg(div(pow(X, num(2)), mul(num(2), v))))), sqrt(mul(num(2), PI, v))),
      parameters: [{ name: 'scale^2', value: v }],
      conditions: [{ expr: v, reason: 'E[x^2] must be positive' }],
      rules: [INTEGRAL_RULES.halfGaussian],
    };
  }
  return undefined;
}
