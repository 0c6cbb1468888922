/**
 * The maxent solver on a finite support: the dual with finite sums in place of
 * quadrature.
 */
import { freeSymbols, log, mul, num, pow, sub, toText, type Expr } from '../expr/index.js';
import { momentMultiplierName, type MaxentLagrangian } from './lagrangian.js';
import { valueAt, type ParameterContext } from '../parameters/index.js';
import { solveDual, type DualProblem } from './dual.js';
import { numberText } from './format.js';
import { constraintPrinted, printed } from './notation.js';
import type { MaxentProblem } from './problem.js';
import type { MaxentResult, MomentCheck } from './result.js';
import { INTEGRAL_RULES } from './rules.js';
import { MOMENT_TOL, type Stop } from './outcomes.js';
import { usedParameters, compiledStatistics, numericDensity, numericMultipliers } from './numeric-density.js';
import { exactGibbs, exactGibbsDensity, gibbsPolynomial, type ExactGibbs } from './route-discrete-exact.js';

/** The dual route on a finite support (sums in place of integrals). */
export function solveDiscrete(problem: MaxentProblem, lag: MaxentLagrangian, ctx: ParameterContext, stop: Stop): MaxentResult {
  const support = problem.support;
  if (support.kind !== 'discrete') throw new Error('internal: discrete support expected');
  const values = ctx.values ?? new Map<string, number>();
  const missing = [...usedParameters(problem)].filter((p) => !values.has(p));
  const n = support.values.length;
  const K = problem.moments.length;
  if (K === 0) {
    // Uniform over the values, exactly: p_i = 1/n, λ0 = 1 − log n.
    const lambda0 = sub(num(1), log(num(n)));
    const density = pow(num(n), num(-1));
    return {
      problem,
      lagrangian: lag,
      status: 'optimal',
      family: 'gibbs',
      exact: true,
      method: 'uniform-finite',
      density,
      densityPrinted: printed(density),
      multipliers: [{ name: momentMultiplierName(0), constraint: constraintPrinted(problem, 0), exact: lambda0, value: printed(lambda0), numeric: 1 - Math.log(n) }],
      familyParameters: [],
      conditions: [],
      rules: [INTEGRAL_RULES.finiteSum],
      checks: [{ f: '1', target: 1, reached: n * (1 / n), error: Math.abs(n * (1 / n) - 1), at: {} }],
      probabilities: freeSymbols(mul(...support.values)).size === 0 ? support.values.map((v) => ({ value: valueAt(v, new Map()), p: 1 / n })) : [],
      notes: ['without moment constraints the maximum-entropy distribution on a finite set is uniform'],
    };
  }
  if (missing.length > 0) {
    return stop('unsupported', `a discrete problem is solved numerically; give "parameter_values" for ${missing.join(', ')}`);
  }
  const xs = support.values.map((v) => valueAt(v, values));
  const targets = problem.moments.map((m) => valueAt(m.value, values));
  const statsFn = compiledStatistics(problem, values);
  const table = xs.map((x) => {
    const out = new Float64Array(K);
    statsFn(x, out);
    return out;
  });
  for (let k = 0; k < K; k++) {
    const col = table.map((r) => r[k]!);
    const lo = Math.min(...col);
    const hi = Math.max(...col);
    const m = problem.moments[k]!;
    if (!(targets[k]! > lo && targets[k]! < hi)) {
      const edge = targets[k] === lo || targets[k] === hi;
      return stop(
        'infeasible',
        edge
          ? `E[${m.source.f}] = ${numberText(targets[k]!)} is at the end of the range [${numberText(lo)}, ${numberText(hi)}] of ${m.source.f} on the values: only a degenerate distribution has it, and the Gibbs form would need an infinite multiplier`
          : `E[${m.source.f}] = ${numberText(targets[k]!)} lies outside the range [${numberText(lo)}, ${numberText(hi)}] of ${m.source.f} on the values, so no distribution has it`,
      );
    }
  }
  // One moment whose values on the set are evenly stepped: a polynomial in exp(lambda_1*step), solved exactly where it can be.
  const exact = exactGibbs(problem);
  if (exact) return exactResult(problem, lag, exact, xs, table, targets, values);
  const dual: DualProblem = { stats: statsFn, count: K, targets, domain: { kind: 'discrete', values: xs } };
  const sol = solveDual(dual, new Array(K).fill(0), { center: 0, scale: 1 });
  const at = Object.fromEntries(values);
  if (!sol.converged) {
    return stop('no_optimum_found', `Newton's method on the dual did not converge: ${sol.message}`, { rules: [INTEGRAL_RULES.finiteSum] });
  }
  // Probabilities and the check, by direct summation.
  const probabilities = xs.map((x, i) => {
    let eta = -sol.logZ;
    for (let k = 0; k < K; k++) eta += sol.lambda[k]! * table[i]![k]!;
    return { value: x, p: Math.exp(eta) };
  });
  const sums = [probabilities.reduce((s, q) => s + q.p, 0), ...targets.map((_, k) => probabilities.reduce((s, q, i) => s + q.p * table[i]![k]!, 0))];
  const labels = ['1', ...problem.moments.map((m) => m.source.f)];
  const checks: MomentCheck[] = [1, ...targets].map((t, k) => ({ f: labels[k]!, target: t, reached: sums[k]!, error: Math.abs(sums[k]! - t) / Math.max(1, Math.abs(t)), at }));
  const ok = checks.every((c) => c.error <= MOMENT_TOL);
  const density = numericDensity(problem, values, sol.lambda0, sol.lambda);
  return {
    problem,
    lagrangian: lag,
    status: ok ? 'optimal' : 'no_optimum_found',
    ...(ok ? {} : { message: 'the probabilities found miss the moment targets' }),
    family: 'gibbs',
    exact: false,
    method: 'dual-newton',
    density: density.expr,
    densityPrinted: density.printed,
    multipliers: numericMultipliers(problem, sol.lambda0, sol.lambda),
    familyParameters: [],
    conditions: [],
    rules: [INTEGRAL_RULES.finiteSum],
    checks,
    probabilities,
    numeric: { iterations: sol.iterations, residual: sol.residual, parameterValues: at, logZ: sol.logZ },
    notes: ['on a finite set the integrals are sums, and the maximum-entropy distribution is the Gibbs distribution: the density above, taken at each point of the support'],
  };
}

/** The result of the exact route: closed forms verified exactly in the root's field, and the numeric sums as a check. */
function exactResult(problem: MaxentProblem, lag: MaxentLagrangian, g: ExactGibbs, xs: number[], table: Float64Array[], targets: number[], values: ReadonlyMap<string, number>): MaxentResult {
  const density = exactGibbsDensity(problem, g);
  const probabilities = g.probabilities.map((p, i) => ({ value: xs[i]!, p: valueAt(p, new Map()), exact: p }));
  const sums = [probabilities.reduce((s, q) => s + q.p, 0), ...targets.map((_, k) => probabilities.reduce((s, q, i) => s + q.p * table[i]![k]!, 0))];
  const labels = ['1', ...problem.moments.map((m) => m.source.f)];
  const at = Object.fromEntries(values);
  const checks: MomentCheck[] = [1, ...targets].map((t, k) => ({ f: labels[k]!, target: t, reached: sums[k]!, error: Math.abs(sums[k]! - t) / Math.max(1, Math.abs(t)), at }));
  const multiplier = (k: number, e: Expr) => ({ name: momentMultiplierName(k), constraint: constraintPrinted(problem, k), exact: e, value: printed(e), numeric: valueAt(e, new Map()) });
  return {
    problem,
    lagrangian: lag,
    status: 'optimal',
    family: 'gibbs',
    exact: true,
    method: 'exact-polynomial',
    density,
    densityPrinted: printed(density),
    multipliers: [multiplier(0, g.lambda0), multiplier(1, g.lambda1)],
    familyParameters: [],
    conditions: [],
    rules: [INTEGRAL_RULES.finiteSum],
    checks,
    probabilities,
    exactRoot: { polynomial: gibbsPolynomial(g), step: num(g.step), t: g.t },
    notes: [
      `with t = exp(lambda_1*${toText(num(g.step))}) the moment condition is the polynomial ${toText(gibbsPolynomial(g))} = 0 in t; its coefficients change sign once, so it has exactly one positive root, t = ${toText(g.t)}; the probabilities were verified exactly (normalisation and the moment hold in exact arithmetic)`,
    ],
  };
}
