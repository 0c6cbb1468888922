/**
 * Solving a maximum-entropy problem: the Lagrangian and its stationarity condition,
 * then the multipliers, by the first route that applies:
 *   1. a closed-form family (normal, exponential, uniform, Laplace, half-normal): the
 *      moment equations are solved exactly for the expectations of the basis functions,
 *      the family gives θ and log Z by named integral rules, and θ = Cᵀλ is solved
 *      exactly for the multipliers;
 *   2. the gamma family (E[x], E[log x] on [0, ∞)): the shape solves
 *      log k − ψ(k) = log E[x] − E[log x] (Newton with digamma and trigamma);
 *   3. the convex dual, minimised by Newton's method with quadrature (or finite sums),
 *      for everything else with numbers for every parameter.
 * Every answer is checked by quadrature of its normalisation and moments. One file per
 * route: route-closed-form.ts, route-gamma.ts, route-dual.ts, route-discrete.ts.
 */
import { dependsOn, sub, toText, type Expr } from '../expr/index.js';
import { buildLagrangian } from './lagrangian.js';
import { parameterContext, positivity, type ParameterContext } from '../parameters/index.js';
import type { MaxentProblem } from './problem.js';
import type { MaxentResult } from './result.js';
import { decompose, type Statistics } from './statistics.js';
import { noAnswer, type MaxentOptions } from './outcomes.js';
import { usedParameters } from './numeric-density.js';
import { tryClosedForm } from './route-closed-form.js';
import { isGamma, solveGamma } from './route-gamma.js';
import { solveNumeric } from './route-dual.js';
import { solveDiscrete } from './route-discrete.js';


/** Solves a maximum-entropy problem (never throws for a well-formed problem). */
export function solveMaxent(problem: MaxentProblem, options: MaxentOptions = {}): MaxentResult {
  const lag = buildLagrangian(problem);
  // No samples up front: the closed-form check draws its own, under the family's conditions.
  const ctx: ParameterContext = parameterContext(problem.parameters, problem.assumptions, {
    count: 0,
    ...(problem.parameterValues ? { values: problem.parameterValues } : {}),
  });
  const stop = (status: MaxentResult['status'], message: string, extra: Partial<MaxentResult> = {}): MaxentResult =>
    noAnswer(problem, lag, status, message, extra);

  for (const [i, m] of problem.moments.entries()) {
    if (!dependsOn(m.f, problem.variable)) {
      return stop('unsupported', `moment ${i + 1}: E[${m.source.f}] does not depend on ${problem.variable}, so it constrains nothing about p (it is either redundant or contradictory)`);
    }
  }
  if (problem.support.kind === 'discrete') return solveDiscrete(problem, lag, ctx, stop);

  const support = problem.support;
  // An empty or reversed support.
  if (support.lower !== '-inf' && support.upper !== 'inf') {
    const width = sub(support.upper as Expr, support.lower as Expr);
    if (positivity(width, ctx) === 'fails') {
      return stop('infeasible', `the support [${toText(support.lower as Expr)}, ${toText(support.upper as Expr)}] is empty: its upper end must exceed its lower end`);
    }
  }
  const stats = decompose(problem.moments.map((m) => m.f), problem.variable);
  const unbounded = unboundedReason(problem, stats);
  if (unbounded) return stop('unbounded', unbounded, { statistics: stats });

  // 1. Closed forms.
  const closed = tryClosedForm(problem, lag, stats, ctx, options);
  if (closed && 'status' in closed) return closed.status === 'optimal' ? closed : { ...closed, statistics: stats };
  const notes: string[] = closed?.notes ?? [];

  // 2-3. Numeric routes need a number for every parameter.
  const missing = problem.parameters.filter((p) => !ctx.values?.has(p) && usedParameters(problem).has(p));
  if (missing.length > 0) {
    return stop(
      'unsupported',
      `the multipliers of this problem have no closed form in the tool's table of families; give "parameter_values" for ${missing.join(', ')} to solve them numerically`,
      { statistics: stats, notes },
    );
  }
  const values = ctx.values ?? new Map<string, number>();
  if (isGamma(problem, stats)) return solveGamma(problem, lag, stats, values, stop, notes);
  return solveNumeric(problem, lag, stats, values, stop, notes);
}


/** Why no maximum exists on an infinite support without confining constraints (undefined when it may exist). */
function unboundedReason(problem: MaxentProblem, stats: Statistics): string | undefined {
  if (problem.support.kind !== 'interval') return undefined;
  const { lower, upper } = problem.support;
  if (lower !== '-inf' && upper !== 'inf') return undefined;
  if (stats.basis.length === 0) {
    return `no moment constraint confines p on the infinite support: densities spread ever wider have ever larger entropy, so H[p] has no maximum`;
  }
  if (lower === '-inf' && upper === 'inf' && stats.basis.every((b) => b.kind === 'power' && b.degree % 2 === 1)) {
    return `on (-inf, inf) only odd powers of ${problem.variable} are constrained: exp(odd polynomial) is not integrable, and densities spread ever wider keep these moments with ever larger entropy, so H[p] has no maximum`;
  }
  return undefined;
}


export { MOMENT_TOL, type MaxentOptions } from './outcomes.js';
export { gammaShape } from './route-gamma.js';
