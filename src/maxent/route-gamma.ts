/**
 * Route 2 of the maxent solver: the gamma family (E[x], E[log x] on [0, ∞)). The shape
 * solves log k − ψ(k) = log E[x] − E[log x] (Newton with digamma and trigamma).
 */
import { exp, mul, pow, sym, ZERO } from '../expr/index.js';
import { digamma, logGamma, luSolveTransposed, trigamma } from '../numeric/index.js';
import { type MaxentLagrangian } from './lagrangian.js';
import { valueAt } from '../parameters/index.js';
import { exactNumbers, latexWithNumbers, NumberSlots, numberText, textWithNumbers } from './format.js';
import type { MaxentProblem } from './problem.js';
import type { MaxentResult } from './result.js';
import { INTEGRAL_RULES } from './rules.js';
import { type Statistics } from './statistics.js';
import { MOMENT_TOL, type Stop } from './outcomes.js';
import { compiledStatistics, numericExpectations, numericMultipliers, numericStatistics, printedNumber, reachedMoments } from './numeric-density.js';

/** Is this the gamma family: E[x] and E[log x] on [0, ∞)? */
export function isGamma(problem: MaxentProblem, stats: Statistics): boolean {
  const s = problem.support;
  return (
    s.kind === 'interval' &&
    s.lower === ZERO &&
    s.upper === 'inf' &&
    stats.basis.length === 2 &&
    problem.moments.length === 2 &&
    stats.basis[0]!.kind === 'power' &&
    stats.basis[0]!.degree === 1 &&
    stats.basis[1]!.kind === 'log'
  );
}

/** Solves log k − ψ(k) = s for k > 0 (s > 0), by Newton in log k from Minka's approximation. */
export function gammaShape(s: number): number {
  let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let i = 0; i < 100; i++) {
    const f = Math.log(k) - digamma(k) - s;
    const df = 1 / k - trigamma(k); // < 0
    // Newton on u = log k: d f/du = k·df.
    const step = f / (k * df);
    const next = k * Math.exp(-step);
    if (!(next > 0)) break;
    if (Math.abs(next - k) <= 1e-15 * k) {
      k = next;
      break;
    }
    k = next;
  }
  return k;
}

/** The gamma route: the shape from log k − ψ(k) = log E[x] − E[log x], then the multipliers. */
export function solveGamma(problem: MaxentProblem, lag: MaxentLagrangian, stats: Statistics, values: ReadonlyMap<string, number>, stop: Stop, notes: string[]): MaxentResult {
  const targets = problem.moments.map((m) => valueAt(m.value, values));
  const { C, c0 } = numericStatistics(stats, values);
  const E = numericExpectations(C, c0, targets);
  if (!E) return stop('unsupported', 'the constraints on E[x] and E[log(x)] are linearly dependent', { statistics: stats });
  const [mean, meanLog] = E as [number, number];
  if (!(mean > 0)) return stop('infeasible', `E[${problem.variable}] = ${mean} must be positive on [0, inf)`, { statistics: stats, family: 'gamma' });
  const s = Math.log(mean) - meanLog;
  if (!(s > 0)) {
    return stop('infeasible', `by Jensen's inequality E[log(x)] < log(E[x]) for every non-degenerate density; here E[log(x)] = ${meanLog} and log(E[x]) = ${Math.log(mean)}`, { statistics: stats, family: 'gamma' });
  }
  const shape = gammaShape(s);
  const rate = shape / mean;
  const theta = [-rate, shape - 1];
  const lambda = luSolveTransposed(C.flat(), 2, theta);
  const logZ = logGamma(shape) - shape * Math.log(rate);
  const lambda0 = 1 - (lambda[0]! * c0[0]! + lambda[1]! * c0[1]!) - logZ;
  const statsFn = compiledStatistics(problem, values);
  const at = Object.fromEntries(values);
  // p = exp(λ0 − 1 + Σ λ_k f_k) = exp(Σ λ_k f_k − L) with L = 1 − λ0.
  const checks = reachedMoments(problem, statsFn, 0, Infinity, 1 - lambda0, lambda, { center: mean, scale: Math.sqrt(shape) / rate, breakpoints: [] }, targets, at);
  // Density in the gamma family's usual shape: C x^(k-1) exp(-r x).
  const slots = new NumberSlots(new Set([problem.variable]));
  const X = sym(problem.variable);
  const logC = shape * Math.log(rate) - logGamma(shape);
  const expr = mul(slots.of(Math.exp(logC)), pow(X, slots.of(shape - 1)), exp(mul(slots.of(-rate), X)));
  const densityPrinted = { text: textWithNumbers(expr, slots.values()), latex: latexWithNumbers(expr, slots.values()) };
  const ok = checks.every((c) => c.error <= MOMENT_TOL);
  return {
    problem,
    lagrangian: lag,
    status: ok ? 'optimal' : 'no_optimum_found',
    ...(ok ? {} : { message: 'the gamma solution failed its quadrature check of the moments' }),
    statistics: stats,
    family: 'gamma',
    exact: false,
    method: 'gamma-shape-newton',
    density: exactNumbers(expr, slots.values()),
    densityPrinted,
    multipliers: numericMultipliers(problem, lambda0, lambda),
    familyParameters: [
      { name: 'shape', value: printedNumber(shape), numeric: shape },
      { name: 'rate', value: printedNumber(rate), numeric: rate },
    ],
    conditions: [],
    rules: [INTEGRAL_RULES.gamma],
    checks,
    numeric: { iterations: 0, residual: Math.max(...checks.map((c) => c.error)), parameterValues: at, theta, logZ },
    notes: [...notes, `the shape k solves log(k) - psi(k) = log(E[x]) - E[log(x)] = ${numberText(s)} (Newton with digamma and trigamma); the rate is k/E[x]`],
  };
}
