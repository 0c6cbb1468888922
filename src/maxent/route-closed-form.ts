/**
 * Route 1 of the maxent solver: a closed-form family (normal, exponential, uniform,
 * Laplace, half-normal). The moment equations are solved exactly for the expectations of
 * the basis functions, the family gives θ and log Z by named integral rules, and θ = Cᵀλ
 * is solved exactly for the multipliers; the answer is checked by quadrature at
 * parameter samples.
 */
import { add, Assumptions, DomainError, mul, num, sub, substitute, sym, toText, type Expr } from '../expr/index.js';
import { compile } from '../compile/index.js';
import { integrateVector } from '../numeric/index.js';
import { solveSystem } from '../solve/index.js';
import { closedForm, type ClosedForm } from './families.js';
import { momentMultiplierName, type MaxentLagrangian } from './lagrangian.js';
import { drawSamples, positivity, userValue, valueAt, type ParameterContext } from '../parameters/index.js';
import { constraintPrinted, printed } from './notation.js';
import type { MaxentProblem } from './problem.js';
import type { FamilyParameterValue, MaxentResult, MomentCheck, MultiplierValue, StatedCondition } from './result.js';
import { type Statistics } from './statistics.js';
import { MOMENT_TOL, infeasibleResult, unsupportedDependent } from './outcomes.js';
import type { MaxentOptions } from './outcomes.js';
import { familyScale, pointIn } from './numeric-density.js';

/** A closed-form result, notes explaining why no closed form was given, or nothing. */
export type ClosedOutcome = MaxentResult | { readonly notes: string[] } | undefined;

function freshNames(prefix: string, count: number, taken: ReadonlySet<string>): string[] {
  return Array.from({ length: count }, (_, j) => {
    let name = `${prefix}${j + 1}`;
    while (taken.has(name)) name = `z${name}`;
    return name;
  });
}

/** Solves a square linear system exactly through the solve room; undefined if not uniquely solvable. */
function solveLinear(equations: Expr[], unknowns: string[], problem: MaxentProblem): Expr[] | { failure: string } {
  if (unknowns.length === 0) return [];
  let result;
  try {
    result = solveSystem(equations, unknowns, {
      parameters: [...problem.parameters],
      assumptions: problem.assumptions,
      numeric: false,
    });
  } catch (err) {
    return { failure: `the exact linear solve failed (${(err as Error).message})` };
  }
  if (result.completeness === 'inconsistent') return { failure: 'inconsistent' };
  if (result.completeness === 'underdetermined') return { failure: 'dependent' };
  const sols = result.solutions.filter((s) => s.exact);
  if (sols.length !== 1) return { failure: `the exact linear solve gave ${sols.length} solutions` };
  return unknowns.map((u) => sols[0]!.values.get(u)!);
}

/** The closed-form route: a result, notes on why it was not taken, or undefined when no family matches. */
export function tryClosedForm(problem: MaxentProblem, lag: MaxentLagrangian, stats: Statistics, ctx: ParameterContext, options: MaxentOptions): ClosedOutcome {
  const support = problem.support;
  if (support.kind !== 'interval') return undefined;
  const K = problem.moments.length;
  const J = stats.basis.length;
  if (K < J) return undefined; // fewer constraints than basis functions: the exponent is not a free family member
  const x = problem.variable;
  const taken = new Set([...problem.parameters, x]);

  // C E = m − c0: the expectations of the basis functions.
  const eNames = freshNames('Ez', J, taken);
  const eqs = problem.moments.map((m, k) =>
    sub(add(...stats.coefficients[k]!.map((c, j) => mul(c, sym(eNames[j]!)))), sub(m.value, stats.constants[k]!)),
  );
  const expectations = solveLinear(eqs, eNames, problem);
  if (K > J && Array.isArray(expectations)) return unsupportedDependent(problem, lag, stats, 'dependent');
  if (!Array.isArray(expectations)) {
    if (expectations.failure === 'inconsistent' || expectations.failure === 'dependent') {
      return {
        ...unsupportedDependent(problem, lag, stats, expectations.failure),
      };
    }
    return { notes: [`closed form not attempted: ${expectations.failure}`] };
  }
  let cf: ClosedForm | undefined;
  try {
    cf = closedForm({ lower: support.lower, upper: support.upper }, stats.basis, expectations, x);
  } catch (err) {
    // The family's formulas divide by its defining quantity (the variance, the mean's distance
    // from the support's end); exactly zero means the moments fit only a point mass, no density.
    if (err instanceof DomainError) {
      return infeasibleResult(problem, lag, stats, `the moments leave no density on the support: they fit only a point mass (a variance, or the mean's distance from the end of the support, is exactly 0: ${err.message})`);
    }
    throw err;
  }
  if (!cf) return undefined;

  // Conditions of the family: provably false → infeasible; undecided → stated.
  const conditions: StatedCondition[] = [];
  for (const c of cf.conditions) {
    const verdict = positivity(c.expr, ctx);
    if (verdict === 'fails') {
      return infeasibleResult(problem, lag, stats, `${c.reason}: ${toText(c.expr)} > 0 fails${ctx.values ? ' at the given parameter_values' : ''}`, cf);
    }
    if (verdict === 'condition') conditions.push({ expr: c.expr, reason: c.reason });
  }

  // Cᵀ λ = θ, then λ0 from the normalisation.
  const lNames = problem.moments.map((_, k) => momentMultiplierName(k + 1));
  const lEqs = stats.basis.map((_, j) => sub(add(...problem.moments.map((_m, k) => mul(stats.coefficients[k]![j]!, sym(lNames[k]!)))), cf.theta[j]!));
  const lambdas = solveLinear(lEqs, lNames, problem);
  if (!Array.isArray(lambdas)) return { notes: [`closed form for the ${cf.family} family found, but solving for the multipliers failed: ${lambdas.failure}`] };
  const lambda0 = sub(sub(num(1), add(...lambdas.map((l, k) => mul(l, stats.constants[k]!)))), cf.logZ);
  const all = [lambda0, ...lambdas];

  const multipliers: MultiplierValue[] = all.map((v, k) => {
    const n = userValue(v, ctx);
    return {
      name: momentMultiplierName(k),
      constraint: constraintPrinted(problem, k),
      exact: v,
      value: printed(v),
      ...(n !== undefined ? { numeric: n } : {}),
    };
  });
  const familyParameters: FamilyParameterValue[] = cf.parameters.map((p) => {
    const n = userValue(p.value, ctx);
    return { name: p.name, value: printed(p.value), ...(n !== undefined ? { numeric: n } : {}) };
  });

  // Checks: the density equals exp(λ0 − 1 + Σ λ_k f_k) and has the required moments, at parameter samples.
  const lagrangeForm = substitute(lag.density, new Map<Expr, Expr>(all.map((v, k) => [lag.multipliers[k]!, v])));
  const check = checkClosedForm(problem, cf, lagrangeForm, ctx, options.samples ?? 3);
  const notes = [...check.notes];
  if (!check.ok) {
    return {
      problem,
      lagrangian: lag,
      status: 'no_optimum_found',
      message: `the closed form of the ${cf.family} family failed its numeric check: ${check.failure}`,
      statistics: stats,
      family: cf.family,
      exact: false,
      multipliers,
      familyParameters,
      conditions,
      rules: cf.rules,
      checks: check.checks,
      notes,
    };
  }
  return {
    problem,
    lagrangian: lag,
    status: 'optimal',
    statistics: stats,
    family: cf.family,
    exact: true,
    method: 'closed-form',
    density: cf.density,
    densityPrinted: printed(cf.density),
    multipliers,
    familyParameters,
    expectations,
    theta: cf.theta,
    logZ: cf.logZ,
    conditions,
    rules: cf.rules,
    checks: check.checks,
    notes,
  };
}


interface ClosedCheck {
  readonly ok: boolean;
  readonly failure?: string;
  readonly checks: MomentCheck[];
  readonly notes: string[];
}

/**
 * Parameter samples for checking a closed form: the user's values when they give every
 * parameter; otherwise samples drawn under the assumptions (keeping the values given)
 * where the family's conditions hold.
 */
function checkSamples(ctx: ParameterContext, count: number, accept: (values: ReadonlyMap<string, number>) => boolean): ReadonlyMap<string, number>[] {
  const values = ctx.values;
  if (values && ctx.parameters.every((p) => values.has(p))) return accept(values) ? [values] : [];
  return drawSamples(ctx.parameters, ctx.assumptions, { seed: 11, count, accept, ...(values ? { fixed: values } : {}) });
}

/**
 * Numeric check of a closed form at parameter samples: the family density equals the
 * Lagrange form exp(λ0 − 1 + Σ λ_k f_k) at points of the support, and quadrature gives
 * ∫ p = 1 and ∫ f_k p = m_k.
 */
function checkClosedForm(problem: MaxentProblem, cf: ClosedForm, lagrangeForm: Expr, ctx: ParameterContext, count: number): ClosedCheck {
  const support = problem.support;
  if (support.kind !== 'interval') return { ok: true, checks: [], notes: [] };
  const conds = cf.conditions.map((c) => c.expr);
  const accept = (v: ReadonlyMap<string, number>): boolean => {
    for (const c of conds) if (!(valueAt(c, v) > 0)) return false;
    return true;
  };
  const params = [...problem.parameters];
  const samples = params.length === 0 ? [new Map<string, number>()] : checkSamples(ctx, count, accept);
  if (samples.length === 0) return { ok: true, checks: [], notes: ['no parameter values satisfying the conditions were found to check the closed form numerically'] };
  const x = problem.variable;
  const fns = compile([cf.density, lagrangeForm, ...problem.moments.map((m) => m.f)], [x, ...params]);
  const checks: MomentCheck[] = [];
  const input = new Float64Array(1 + params.length);
  const out = new Float64Array(2 + problem.moments.length);
  for (const [si, v] of samples.entries()) {
    params.forEach((p, i) => (input[1 + i] = v.get(p)!));
    const lo = support.lower === '-inf' ? -Infinity : valueAt(support.lower as Expr, v);
    const hi = support.upper === 'inf' ? Infinity : valueAt(support.upper as Expr, v);
    const scaleHint = familyScale(cf, v);
    // 1. Family form = Lagrange form at sample points.
    for (const u of [-1.3, -0.4, 0.1, 0.7, 1.9]) {
      const xv = pointIn(lo, hi, scaleHint.center, scaleHint.scale, u);
      input[0] = xv;
      fns.evaluate(input, out);
      const a = out[0]!;
      const b = out[1]!;
      if (!(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-300))) {
        return { ok: false, failure: `the density ${a} and exp(lambda_0 - 1 + ...) ${b} differ at ${x} = ${xv}`, checks, notes: [] };
      }
    }
    // 2. Normalisation and moments by quadrature.
    const K = problem.moments.length;
    const r = integrateVector(
      (xv, o) => {
        input[0] = xv;
        fns.evaluate(input, out);
        const p = out[0]!;
        if (p === 0) return;
        o[0] = p;
        for (let k = 0; k < K; k++) o[1 + k] = p * out[2 + k]!;
      },
      1 + K,
      lo,
      hi,
      { relTol: 1e-12, center: scaleHint.center, scale: scaleHint.scale, breakpoints: scaleHint.breakpoints },
    );
    const at = Object.fromEntries(v);
    const targets = [1, ...problem.moments.map((m) => valueAt(m.value, v))];
    const labels = ['1', ...problem.moments.map((m) => m.source.f)];
    for (let k = 0; k <= K; k++) {
      const reached = r.value[k]!;
      const error = Math.abs(reached - targets[k]!) / Math.max(1, Math.abs(targets[k]!));
      if (si === 0) checks.push({ f: labels[k]!, target: targets[k]!, reached, error, at });
      if (!(error <= MOMENT_TOL)) {
        return { ok: false, failure: `quadrature of ${labels[k]} gives ${reached}, expected ${targets[k]}`, checks, notes: [] };
      }
    }
  }
  const notes = params.length === 0 || ctx.values ? [] : [`checked numerically at ${samples.length} parameter samples that satisfy the assumptions`];
  return { ok: true, checks, notes };
}
