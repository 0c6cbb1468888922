/**
 * The Lagrangian of the maximum-entropy problem and its stationarity condition.
 *
 * Convention (stated in every derivation and in docs/guide.md):
 *     L[p] = H[p] + λ0 (∫ p dx − 1) + Σ_k λ_k (∫ f_k p dx − m_k),   H[p] = −∫ p log p dx,
 * i.e. L = ∫ F(x, p) dx − λ0 − Σ λ_k m_k with F = −p log p + λ0 p + Σ λ_k f_k p.
 * Stationarity δL/δp = ∂F/∂p − d/dx ∂F/∂p' = −log p − 1 + λ0 + Σ λ_k f_k = 0, so
 *     p(x) = exp(λ0 − 1 + Σ λ_k f_k(x)).
 * (The multipliers enter with a plus sign; with the `solve` command's convention for a
 * maximisation, L = f − Σ λ h, every λ here would change sign.)
 */
import { add, dependsOn, exp, log, mul, neg, num, pow, substitute, sym, ZERO, type Expr, type Sym } from '../expr/index.js';
import { derivative, eulerLagrange, jetSymbol, type UnknownFunction } from '../diff/index.js';
import type { MaxentProblem } from './problem.js';

/** The pieces of the Lagrangian and what stationarity gives. */
export interface MaxentLagrangian {
  /** λ0 (normalisation), λ1..λK (moments), as symbols named lambda_0, lambda_1, ... */
  readonly multipliers: readonly Sym[];
  /** F(x, p(x)) with p(x) a jet symbol. */
  readonly integrand: Expr;
  /** The part of L outside the integral: −λ0 − Σ λ_k m_k. */
  readonly outside: Expr;
  /** The Euler–Lagrange expression δL/δp. */
  readonly stationarity: Expr;
  /** log p(x) solved from stationarity: λ0 − 1 + Σ λ_k f_k(x). */
  readonly exponent: Expr;
  /** exp(exponent). */
  readonly density: Expr;
}

/** Name of the k-th multiplier. */
export const momentMultiplierName = (k: number): string => `lambda_${k}`;

/** Builds L, derives δL/δp by the Euler–Lagrange operator and solves δL/δp = 0 for p. */
export function buildLagrangian(problem: MaxentProblem): MaxentLagrangian {
  const fn = problem.fn;
  const P = jetSymbol(fn, 0);
  const multipliers = [0, ...problem.moments.map((_, i) => i + 1)].map((k) => sym(momentMultiplierName(k)));
  const entropyDensity = neg(mul(P, log(P)));
  const integrand = add(
    entropyDensity,
    mul(multipliers[0]!, P),
    ...problem.moments.map((m, i) => mul(multipliers[i + 1]!, m.f, P)),
  );
  const outside = neg(add(multipliers[0]!, ...problem.moments.map((m, i) => mul(multipliers[i + 1]!, m.value))));
  const stationarity = eulerLagrange(integrand, fn);
  const exponent = solveForLogDensity(stationarity, fn);
  if (!exponent) throw new Error('internal: the stationarity condition is not of the form a*log(p) + r');
  return { multipliers, integrand, outside, stationarity, exponent, density: exp(exponent) };
}

/**
 * Solves E(log p, ...) = 0 for log p when E is a·log p + r with a ≠ 0 constant and r free
 * of p (the shape every entropy-plus-linear-constraints Lagrangian has). Returns log p.
 */
export function solveForLogDensity(e: Expr, fn: UnknownFunction): Expr | undefined {
  const P = jetSymbol(fn, 0);
  const ell = sym(`log ${fn.name}`); // not a legal user name: cannot clash
  const replaced = substitute(e, new Map<Expr, Expr>([[log(P), ell]]));
  if (dependsOn(replaced, P)) return undefined;
  const a = derivative(replaced, ell);
  if (a === ZERO || dependsOn(a, ell)) return undefined;
  const r = substitute(replaced, { [ell.name]: ZERO });
  return mul(neg(r), pow(a, num(-1)));
}
